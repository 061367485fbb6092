#!/usr/bin/env bash
# The soak test on its own, long: SOAK_MINUTES (default here 30; 3 in ./test.sh and CI), SOAK_SEED (printed by every
# run) to repeat one's flapping and traffic mix. It prints two tables: the gateway's resources each minute (RSS,
# descriptors, sockets, threads, mappings) and the traffic (250s, drops, refusals, what arrived, duplicates, leftovers).
#   integration/soak/run.sh                       # 30 minutes
#   SOAK_MINUTES=120 integration/soak/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
export SOAK_MINUTES="${SOAK_MINUTES:-30}"
dotnet test Gateway.Tests --filter "Category=Soak" --logger "console;verbosity=detailed" 2>&1 \
  | grep -E '^ *\||^ *soak:|Passed |Failed |not arrived|Error Message|Assert|Expected|Actual|Range' | sed 's/^ *//'
