#!/usr/bin/env bash
# Fetches the pinned llama.cpp prebuilt libraries (npm: @node-llama-cpp/linux-x64, tag v0.5.0 of
# node-llama-cpp's llama.cpp release) into native/, checks each tarball's SHA-256 against
# scripts/native.sha256, and clones llama.cpp's source (for llama.h and llama-bench) from the
# bundle in node-llama-cpp. Idempotent: whatever is already there is skipped.
#
#   scripts/fetch-native.sh            CPU libraries  -> native/linux-x64/
#   scripts/fetch-native.sh --cuda     + CUDA build   -> native/linux-x64-cuda/ (+ -cuda-ext)
#
# ONNX Runtime is not fetched here: the onnx: backend runs through the Microsoft.ML.OnnxRuntimeGenAI NuGet package,
# whose own libonnxruntime.so is the only ONNX Runtime build a PatchBench process loads.
#
# The native folder can be moved with PATCHBENCH_NATIVE_DIR.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
native="${PATCHBENCH_NATIVE_DIR:-$root/native}"
sums="$root/scripts/native.sha256"
version=3.22.1
cuda=0
for arg in "$@"; do
  case "$arg" in
    --cuda) cuda=1 ;;
    *) echo "fetch-native: unknown argument '$arg' (expected --cuda)" >&2; exit 2 ;;
  esac
done
command -v npm >/dev/null 2>&1 || { echo "fetch-native: npm is required (apt-get install npm)" >&2; exit 2; }
mkdir -p "$native/tarballs"

# fetch PACKAGE [VERSION]: npm pack into native/tarballs unless present, then verify its SHA-256.
fetch() {
  local pkg="$1" ver="${2:-$version}" file
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

# unpack PACKAGE DEST: the package's bins/<platform>/ files into native/DEST (atomic via rename).
unpack() {
  local pkg="$1" dest="$2" tgz tmp marker
  marker="$native/$dest/.complete-$(echo "${pkg#@}" | tr '/' '-')"
  [ -f "$marker" ] && return 0
  tgz="$(fetch "$pkg" | tail -1)"
  tmp="$(mktemp -d "$native/.unpack.XXXXXX")"
  tar xzf "$tgz" -C "$tmp"
  mkdir -p "$native/$dest"
  cp -a "$tmp"/package/bins/*/. "$native/$dest/"
  rm -rf "$tmp"
  touch "$marker"
  echo "fetch-native: $pkg -> native/$dest"
}

unpack @node-llama-cpp/linux-x64 linux-x64
if [ "$cuda" = 1 ]; then
  unpack @node-llama-cpp/linux-x64-cuda linux-x64-cuda
  unpack @node-llama-cpp/linux-x64-cuda-ext linux-x64-cuda
fi

# llama.cpp source of exactly these binaries: headers for the struct-layout check, llama-bench.
if [ ! -f "$native/llama.cpp-src/include/llama.h" ]; then
  tgz="$(fetch node-llama-cpp | tail -1)"
  tmp="$(mktemp -d "$native/.unpack.XXXXXX")"
  tar xzf "$tgz" -C "$tmp" package/llama/gitRelease.bundle package/llama/llama.cpp.info.json
  rm -rf "$native/llama.cpp-src"
  git clone --quiet "$tmp/package/llama/gitRelease.bundle" "$native/llama.cpp-src" 2>/dev/null
  cp "$tmp/package/llama/llama.cpp.info.json" "$native/llama.cpp-src/node-llama-cpp.info.json"
  rm -rf "$tmp"
  echo "fetch-native: llama.cpp source -> native/llama.cpp-src"
fi
