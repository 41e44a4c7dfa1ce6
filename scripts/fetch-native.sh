#!/usr/bin/env bash
# Fetches ONNX Runtime's CPU library (npm: onnxruntime-node@1.30.0, its bin/napi-v6/linux/x64/libonnxruntime.so.1)
# into native/onnxruntime/ for the ONNX backend, checking the tarball's SHA-256 against scripts/native.sha256.
# Idempotent. llama.cpp is no longer fetched here: it comes with LLamaSharp.Backend.Cpu (NuGet).
#
# The native folder can be moved with PATCHBENCH_NATIVE_DIR.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
native="${PATCHBENCH_NATIVE_DIR:-$root/native}"
sums="$root/scripts/native.sha256"
for arg in "$@"; do
  case "$arg" in
    --cuda) ;; # accepted for old callers: the CUDA llama.cpp build is LLamaSharp.Backend.Cuda12 now (-p:PatchBenchGpu=cuda12)
    *) echo "fetch-native: unknown argument '$arg'" >&2; exit 2 ;;
  esac
done
command -v npm >/dev/null 2>&1 || { echo "fetch-native: npm is required (apt-get install npm)" >&2; exit 2; }
mkdir -p "$native/tarballs"

# fetch PACKAGE VERSION: npm pack into native/tarballs unless present, then verify its SHA-256.
fetch() {
  local pkg="$1" ver="$2" file
  file="$(echo "${pkg#@}" | tr '/' '-')-$ver.tgz"
  if [ ! -f "$native/tarballs/$file" ]; then
    echo "fetch-native: npm pack $pkg@$ver" >&2
    (cd "$native/tarballs" && npm pack --silent "$pkg@$ver" >/dev/null)
  fi
  local want got
  want="$(awk -v f="$file" '$2 == f { print $1 }' "$sums")"
  [ -n "$want" ] || { echo "fetch-native: no checksum for $file in $sums" >&2; exit 1; }
  got="$(sha256sum "$native/tarballs/$file" | cut -d' ' -f1)"
  if [ "$want" != "$got" ]; then
    echo "fetch-native: checksum mismatch for $file: expected $want, got $got" >&2
    rm -f "$native/tarballs/$file"
    exit 1
  fi
  echo "$native/tarballs/$file"
}

# ONNX Runtime (CPU) for the ONNX backend: only the linux-x64 shared library of the npm package.
onnxruntime_version=1.30.0
if [ ! -f "$native/onnxruntime/.complete-onnxruntime-node-$onnxruntime_version" ]; then
  tgz="$(fetch onnxruntime-node "$onnxruntime_version" | tail -1)"
  tmp="$(mktemp -d "$native/.unpack.XXXXXX")"
  tar xzf "$tgz" -C "$tmp" package/bin/napi-v6/linux/x64/libonnxruntime.so.1
  mkdir -p "$native/onnxruntime"
  cp "$tmp/package/bin/napi-v6/linux/x64/libonnxruntime.so.1" "$native/onnxruntime/libonnxruntime.so.1"
  rm -rf "$tmp"
  touch "$native/onnxruntime/.complete-onnxruntime-node-$onnxruntime_version"
  echo "fetch-native: onnxruntime-node@$onnxruntime_version -> native/onnxruntime"
fi
