#!/usr/bin/env bash
# Installs what PatchBench needs on a fresh Debian 12 machine of this kind, skipping what is there.
# Idempotent: safe to run before every job.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v pd >/dev/null 2>&1 || need+=(puredata-core)
[ -f /usr/share/puredata/doc/5.reference/help-intro.pd ] || need+=(puredata-doc)
command -v bwrap >/dev/null 2>&1 || need+=(bubblewrap)
[ -f /usr/lib/pd/extra/Gem/Gem.pd_linux ] || need+=(gem)   # Gem items of the suites are load-checked with -lib Gem
command -v npm >/dev/null 2>&1 || need+=(npm)   # fetches the pinned llama.cpp prebuilt (scripts/fetch-native.sh)
command -v gcc >/dev/null 2>&1 || need+=(gcc)   # compiles the llama.h struct-layout probe in the tests
[ -x /usr/bin/chromium ] || need+=(chromium)   # the site's browser tests (Playwright drives Debian's Chromium; no browser download)
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
command -v dotnet >/dev/null 2>&1 || { echo "setup: the .NET 10 SDK is required (dotnet on PATH)" >&2; exit 2; }
dotnet restore PatchBench.sln --verbosity quiet
# llama.cpp prebuilt libraries (pinned npm packages, checksummed) and its source headers, into native/.
# Add --cuda for the CUDA build (PATCHBENCH_CUDA=1).
bash scripts/fetch-native.sh $([ "${PATCHBENCH_CUDA:-0}" = 1 ] && echo --cuda)
