#!/usr/bin/env bash
# Coverage-guided fuzzing of the gateway's parsers: SharpFuzz instruments a copy of Gateway.dll, afl-fuzz drives the
# targets of Gateway.Fuzz (ber cms p1 oraddress mime smtp) from the seeds in Gateway.Fuzz/Seeds. Prints a line per
# target and exits non-zero when a target found a crash or a hang, with the input's path, a hexdump and the replay.
#   integration/fuzz/run.sh                                   # every target for 30 s, two at a time
#   FUZZ_SECONDS=3600 FUZZ_TARGETS="p1 cms" FUZZ_WORK=/var/tmp/fuzz integration/fuzz/run.sh
# FUZZ_JOBS: targets run at once (default: the number of CPUs); FUZZ_TIMEOUT_MS: what counts as a hang (default 5000);
# FUZZ_SHOW: findings shown per target (default 3); FUZZ_WORK: where the instrumented build and the findings go.
# Needs afl-fuzz (Debian afl++; ./test.sh installs it) and the local dotnet tool sharpfuzz (.config/dotnet-tools.json).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)

seconds=${FUZZ_SECONDS:-30}
targets=(${FUZZ_TARGETS:-ber cms p1 oraddress mime smtp})
jobs=${FUZZ_JOBS:-$(nproc)}
timeout_ms=${FUZZ_TIMEOUT_MS:-5000}
show=${FUZZ_SHOW:-3}
work=${FUZZ_WORK:-${TMPDIR:-/tmp}/gateway-fuzz}

command -v afl-fuzz >/dev/null || { echo "fuzz: afl-fuzz is missing (apt-get install afl++)" >&2; exit 2; }

rm -rf "$work/bin" "$work/findings"
mkdir -p "$work/findings"
quietly() { "$@" >"$work/step.log" 2>&1 || { cat "$work/step.log"; echo "fuzz: failed: $*" >&2; exit 2; }; }
quietly dotnet tool restore
quietly dotnet build Gateway.Fuzz -c Release -nologo
plain="$repo/Gateway.Fuzz/bin/Release/net10.0"

# Instrument a copy, so that neither this build's output nor the test build's Gateway.dll is ever rewritten.
cp -r "$plain" "$work/bin"
quietly dotnet tool run sharpfuzz "$work/bin/Gateway.dll"

# A seed that already fails is a finding too; afl-fuzz would only stop at it, so replay the seeds first, uninstrumented.
for target in "${targets[@]}"; do
  [ -d "$repo/Gateway.Fuzz/Seeds/$target" ] || { echo "fuzz: no target '$target' (Gateway.Fuzz/Seeds/$target is missing)" >&2; exit 2; }
  if ! out=$(dotnet "$plain/Gateway.Fuzz.dll" "$target" "$repo/Gateway.Fuzz/Seeds/$target"/* 2>&1); then
    echo "fuzz $target: a seed crashes"; echo "$out" | grep CRASH -A 20; exit 1
  fi
done

# No core_pattern, CPU governor or CPU binding changes on the host: afl-fuzz is told to go on without them.
export AFL_NO_UI=1 AFL_SKIP_BIN_CHECK=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1
export AFL_FORKSRV_INIT_TMOUT=60000 AFL_NO_CRASH_README=1

fuzz() {
  local target=$1 dict=()
  [ -f "$repo/Gateway.Fuzz/Dictionaries/$target.dict" ] && dict=(-x "$repo/Gateway.Fuzz/Dictionaries/$target.dict")
  afl-fuzz -i "$repo/Gateway.Fuzz/Seeds/$target" -o "$work/findings/$target" -V "$seconds" -t "$timeout_ms" -m none "${dict[@]}" \
    -- dotnet "$work/bin/Gateway.Fuzz.dll" "$target" >"$work/findings/$target.log" 2>&1
}

started=$SECONDS
pending=("${targets[@]}")
while ((${#pending[@]})); do
  batch=("${pending[@]:0:$jobs}")
  pending=("${pending[@]:$jobs}")
  pids=()
  for target in "${batch[@]}"; do fuzz "$target" & pids+=($!); done
  for i in "${!pids[@]}"; do wait "${pids[$i]}" || echo "fuzz ${batch[$i]}: afl-fuzz exited with $? (log: $work/findings/${batch[$i]}.log)"; done
done

status=0
stat() { grep -E "^$1 *:" "$2" | head -n 1 | sed 's/.*: *//'; }
for target in "${targets[@]}"; do
  out="$work/findings/$target/default"
  if [ ! -f "$out/fuzzer_stats" ]; then
    echo "fuzz $target: afl-fuzz did not run"; tail -n 20 "$work/findings/$target.log"; status=1; continue
  fi
  execs=$(stat execs_done "$out/fuzzer_stats"); corpus=$(stat corpus_count "$out/fuzzer_stats")
  crashes=$(find "$out/crashes" -name 'id:*' 2>/dev/null | wc -l); hangs=$(find "$out/hangs" -name 'id:*' 2>/dev/null | wc -l)
  echo "fuzz $target: ${execs} execs, corpus ${corpus}, ${crashes} crashes, ${hangs} hangs"
  [ "${execs:-0}" -gt 0 ] || { echo "fuzz $target: no input was run"; tail -n 20 "$work/findings/$target.log"; status=1; }
  shown=0
  for input in $(find "$out/crashes" "$out/hangs" -name 'id:*' 2>/dev/null | sort); do
    status=1
    if ((shown++ == show)); then echo "(more in $out/crashes and $out/hangs)"; break; fi
    echo "--- $input"
    head -c 256 "$input" | od -A x -t x1z -v
    # The replay, uninstrumented and in-process, says which exception (or which invariant) it was.
    rc=0; timeout 60 dotnet "$plain/Gateway.Fuzz.dll" "$target" "$input" >"$work/replay.log" 2>&1 || rc=$?
    head -n 12 "$work/replay.log"
    [ "$rc" -ne 124 ] || echo "(replay still running after 60 s: a hang)"
  done
done
echo "fuzz: ${#targets[@]} targets, ${seconds} s each, $((SECONDS - started)) s in all; findings in $work/findings"
exit $status
