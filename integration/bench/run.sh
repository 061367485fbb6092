#!/usr/bin/env bash
# The benchmark: the gateway (Release build) and a private Postfix relaying to smtp-sink, on loopback, in one run;
# smtp-source drives the same messages into each and .p1 files are dropped for X.400 -> SMTP. Prints the table.
#   integration/bench/run.sh                    # 2000 messages per case
#   BENCH_MESSAGES=10000 integration/bench/run.sh
# It asserts no speed: the figures are for reading (and for the README, with this command).
set -euo pipefail
cd "$(dirname "$0")/../.."
# Every directory of the run is made under one marked as the top of directory hierarchies (ext4's chattr +T), so that
# the gateway's, Postfix's and the bench's own each land in an allocation group of their own instead of beside each other
# in /tmp's: on ext4 without a journal a create steps over every inode freed nearby in the last minutes, and Postfix's
# queue-file deletions and the run before's cleanup made the gateway's creates pay for them (see integration/bench/README.md). tmpfs and
# XFS refuse the mark (ignored here); on a journalled ext4 it only spreads the directories, which costs nothing.
bench_tmp="${TMPDIR:-/tmp}/cms-x400-bench"
mkdir -p "$bench_tmp"
chmod 755 "$bench_tmp"
chattr +T "$bench_tmp" 2>/dev/null || true
export TMPDIR="$bench_tmp"
dotnet test Gateway.Tests -c Release --filter "Category=Bench" --logger "console;verbosity=detailed" 2>&1 \
  | grep -E '^ *\||^ *\(BENCH|^ *Durable|^ *Load-generator|^ *SMTP -> |^ *Stolen |Passed |Failed |Error Message|Assert' | sed 's/^ *//'
