#!/usr/bin/env bash
# The test command: provisions the real peers the integration tests run against (Debian packages, installed
# only when missing), then runs every test and a short fuzzing run. Usage: ./test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")"

packages=(postfix swaks systemd e2fsprogs libnet-ssleay-perl libio-socket-ssl-perl openssl bsdutils slapd ldap-utils dnsmasq-base spf-tools-perl opendkim-tools publicsuffix iproute2 chromium afl++)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "test.sh: installing ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  # Postfix asks how to configure the system MTA; the tests run their own private instances instead.
  echo "postfix postfix/main_mailer_type select No configuration" | $sudo debconf-set-selections
  # slapd would otherwise build a system directory and start a system service; the tests run private instances.
  echo "slapd slapd/no_configuration boolean true" | $sudo debconf-set-selections
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
status=0
# The benchmark (Category=Bench) is not a test: integration/bench/run.sh runs it. A caller's own --filter replaces this one.
filter=(--filter "Category!=Bench")
for argument in "$@"; do [ "$argument" = "--filter" ] && filter=(); done
# A test still running after 10 minutes is taken as hung (the longest, the soak, takes about 3): the test host is stopped
# and the test named in the output, instead of the run waiting silently until CI's own limit.
dotnet test CmsX400Gateway.sln --logger "trx;LogFileName=results.trx" --results-directory "$results" \
  --blame-hang-timeout 10m --blame-hang-dump-type none "${filter[@]}" "$@" || status=$?

# A bounded fuzzing run of every parser (integration/fuzz/README.md); a crash or hang it finds fails the run.
# FUZZ_SECONDS=0 skips it.
if [ "${FUZZ_SECONDS:-30}" != 0 ]; then
  integration/fuzz/run.sh || status=$?
fi

# One plain closing line that any reader of the log (CI included) understands.
trx=$(find "$results" -name '*.trx' | head -n 1)
if [ -n "$trx" ]; then
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$(get passed); failed=$(get failed); total=$(get total)
  skipped=$((total - passed - failed))
  echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
fi
exit $status
