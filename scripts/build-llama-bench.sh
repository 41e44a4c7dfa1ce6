#!/usr/bin/env bash
# Builds llama.cpp's own llama-bench from the source bundled in node-llama-cpp (native/llama.cpp-src),
# linked against the SAME prebuilt libraries our binding loads (native/linux-x64: libllama,
# libggml, the CPU kernel modules, and libllama-common, which the package also ships). Only
# llama-bench's two source files are compiled, so the comparison measures identical kernels.
# Output: native/llama-bench/llama-bench (git-ignored). Idempotent. Run it from native/linux-x64
# (its CPU modules are found in the working directory), e.g.:
#   (cd native/linux-x64 && ../llama-bench/llama-bench -m ../../models/bench-134m-f16.gguf -t 2)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
native="${PATCHBENCH_NATIVE_DIR:-$root/native}"
out="$native/llama-bench/llama-bench"
[ -x "$out" ] && { echo "$out"; exit 0; }
bash "$root/scripts/fetch-native.sh" >&2
src="$native/llama.cpp-src"
mkdir -p "$native/llama-bench"
echo "build-llama-bench: compiling llama-bench against $native/linux-x64" >&2
g++ -O2 -std=c++17 -DNDEBUG \
  -I "$src/include" -I "$src/ggml/include" -I "$src/common" -I "$src/vendor" -I "$src/tools/llama-bench" \
  "$src/tools/llama-bench/llama-bench.cpp" "$src/tools/llama-bench/main.cpp" \
  -o "$out.tmp" -L "$native/linux-x64" \
  -l:libllama-common.so -l:libllama.v0.5.0.so -l:libggml.v0.5.0.so -l:libggml-base.so -pthread \
  -Wl,-rpath,'$ORIGIN/../linux-x64'
mv "$out.tmp" "$out"
echo "$out"
