#!/usr/bin/env bash
# Set-up, build and every test: all .NET test projects, then the Pester tests of run-bench.ps1 (tests/ps).
# Prints a closing 'N passed, N failed, N skipped' line summed over all of them.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit $?
dotnet build PatchBench.sln -c Release --nologo --verbosity quiet || exit $?
log=$(mktemp)
pester_log=$(mktemp)
dotnet test PatchBench.sln -c Release --no-build --nologo 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
# Pester prints its own "Tests Passed: N" line: its output goes to a separate log so nothing is counted twice.
dotnet pwsh -NoProfile -NonInteractive tests/ps/Invoke-Tests.ps1 2>&1 | tee "$pester_log"
pester_rc=${PIPESTATUS[0]}
[ $rc -eq 0 ] && rc=$pester_rc
sum() { grep -oE "$1" "$2" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}'; }
pester_line=$(grep -E '^Pester: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped' "$pester_log" | tail -1)
[ -n "$pester_line" ] || { echo "test.sh: the Pester run printed no summary line" >&2; [ $rc -eq 0 ] && rc=1; }
passed=$(( $(sum 'Passed: +[0-9]+' "$log") + $(echo "$pester_line" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+' || echo 0) ))
failed=$(( $(sum 'Failed: +[0-9]+' "$log") + $(echo "$pester_line" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+' || echo 0) ))
skipped=$(( $(sum 'Skipped: +[0-9]+' "$log") + $(echo "$pester_line" | grep -oE '[0-9]+ skipped' | grep -oE '[0-9]+' || echo 0) ))
rm -f "$log" "$pester_log"
echo "$passed passed, $failed failed, $skipped skipped"
exit $rc
