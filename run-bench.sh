#!/usr/bin/env bash
# The main job is run-bench.ps1 (PowerShell as a local dotnet tool, .config/dotnet-tools.json); this only forwards to it.
cd "$(dirname "$0")" && dotnet tool restore >/dev/null && exec dotnet pwsh -NoProfile -File ./run-bench.ps1 "$@"
