#!/usr/bin/env bash
# The benchmark: the gateway (Release build) and a private Postfix relaying to smtp-sink, on loopback, in one run;
# smtp-source drives the same messages into each and .p1 files are dropped for X.400 -> SMTP. Prints the table.
#   integration/bench/run.sh                    # 2000 messages per case
#   BENCH_MESSAGES=10000 integration/bench/run.sh
# It asserts no speed: the figures are for reading (and for the README, with this command).
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet test Gateway.Tests -c Release --filter "Category=Bench" --logger "console;verbosity=detailed" 2>&1 \
  | grep -E '^ *\||^ *\(BENCH|^ *Durable|^ *Load-generator|^ *SMTP -> |Passed |Failed |Error Message|Assert' | sed 's/^ *//'
