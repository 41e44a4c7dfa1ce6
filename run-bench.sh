#!/usr/bin/env bash
# The main job on a fresh machine: set-up (Pd, pinned native libraries), build, the default
# benchmark and the site. Options are passed through to `patchbench run`.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
dotnet build PatchBench.sln -c Release --nologo --verbosity quiet
pb() { dotnet "src/PatchBench.Cli/bin/Release/net10.0/patchbench.dll" "$@"; }

# Until the harness lands, the main job checks the Debian Pd corpus with the linter.
echo "== lint of Debian's Pd corpus"
pb lint /usr/share/puredata/doc /usr/lib/puredata/extra --format text | tail -5 || true
