#!/usr/bin/env bash
# The crash test on its own, larger if asked: CRASH_MESSAGES (default 1000), CRASH_KILLS (default 10), CRASH_SEED
# (printed by every run) to repeat one. It prints a table: transactions that got 250, files dropped, what arrived,
# duplicates, what was left in work/. The same test runs, at its defaults, in ./test.sh.
#   integration/crash/run.sh                      # 1000 messages, 10 kills
#   CRASH_MESSAGES=5000 CRASH_KILLS=30 integration/crash/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet test Gateway.Tests --filter "Category=Crash" --logger "console;verbosity=detailed" 2>&1 \
  | grep -E '^ *\||Passed |Failed |not arrived|Error Message|Assert' | sed 's/^ *//'
