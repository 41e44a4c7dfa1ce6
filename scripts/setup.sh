#!/usr/bin/env bash
# Installs what PatchBench needs on a fresh Debian 12 machine with the .NET 10 SDK, skipping what is there.
# Debian packages are decided by NAME from scripts/packages.txt (dpkg's own record, not a probe of one file or
# command per package), so a package that happens to be pulled in by something else cannot hide a missing line.
# Idempotent: safe to run before every job.
#   scripts/setup.sh           install what is missing, restore NuGet packages and local tools
#   scripts/setup.sh --check   only list the missing Debian packages (exit 1 if any), install nothing
set -euo pipefail
cd "$(dirname "$0")/.."

check_only=0
for arg in "$@"; do
  case "$arg" in
    --check) check_only=1 ;;
    *) echo "setup: unknown argument '$arg' (expected --check)" >&2; exit 2 ;;
  esac
done

# Every package name in packages.txt: the first word of each line that is not blank or a comment.
wanted=$(sed -e 's/#.*//' scripts/packages.txt | awk 'NF { print $1 }')

# What dpkg says is installed, plus what installed packages provide (nodesource's nodejs provides npm, as apt would accept).
present=$(dpkg-query -W -f='${db:Status-Status} ${Package} ${Provides}\n' 2>/dev/null \
  | awk '$1 == "installed" { $1 = ""; print }' | sed -e 's/([^)]*)//g' -e 's/[:,]/ /g' | tr ' ' '\n' | awk 'NF' | sort -u)

missing=()
for pkg in $wanted; do
  grep -qxF "$pkg" <<<"$present" || missing+=("$pkg")
done

if [ $check_only -eq 1 ]; then
  [ ${#missing[@]} -eq 0 ] && { echo "setup: every package in scripts/packages.txt is installed"; exit 0; }
  echo "setup: missing Debian packages: ${missing[*]} (run scripts/setup.sh)" >&2
  exit 1
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v dotnet >/dev/null 2>&1 || { echo "setup: the .NET 10 SDK is required (dotnet on PATH)" >&2; exit 2; }
dotnet tool restore >/dev/null
dotnet restore PatchBench.sln --verbosity quiet
# No native libraries are fetched: llama.cpp comes with LLamaSharp.Backend.Cpu and ONNX Runtime with
# Microsoft.ML.OnnxRuntimeGenAI, both restored above.
