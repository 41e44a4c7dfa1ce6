#!/usr/bin/env bash
# Set-up, build and every test. Prints a closing 'N passed, N failed' line summed over all test projects.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit $?
dotnet build PatchBench.sln -c Release --nologo --verbosity quiet || exit $?
log=$(mktemp)
dotnet test PatchBench.sln -c Release --no-build --nologo 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "$passed passed, $failed failed, $skipped skipped"
exit $rc
