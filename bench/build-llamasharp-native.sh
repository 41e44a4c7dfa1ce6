#!/usr/bin/env bash
# Builds llama.cpp's shared libraries for LLamaSharp 0.30.0, tuned for this CPU (-march=native, OpenMP), once, cached
# under $PATCHBENCH_BENCH_DIR (default .bench/, git-ignored), and prints the folder to pass as `native=DIR`:
#   patchbench throughput -m MODEL.gguf --native "$(bench/build-llamasharp-native.sh)"
#   llamacpp:MODEL.gguf,native=$(bench/build-llamasharp-native.sh)
#
# Why this source: LLamaSharp 0.30.0 binds llama.cpp b10221 (commit 815a2a591) and ships it only as portable builds
# (no AVX-512 VNNI). No registry reachable here carries b10221's source (docs/llamacpp.md lists what was checked); the
# nearest is llama.cpp b10256 (commit 6c8dcaa), vendored by npm's llama.rn@0.12.9 in cpp/ with ggml's symbols renamed
# lm_ggml_/LM_GGML_ (and lm_gguf_, lm_iq*). Its llama.h structs equal the ones LLamaSharp 0.30.0 marshals
# (llama_model_params with load_mode and load_mtp, llama_context_params without n_outputs_max_per_seq), which b10156
# (llama.rn 0.12.8) and b10361 (node-llama-cpp 3.20.0) do not. The prefixes are taken off again; llama.rn leaves out
# ggml-cpu/llamafile (the tinyBLAS matrix kernels llama.cpp builds by default), which is taken from node-llama-cpp
# 3.20.0 (b10361: its x86 code is identical in b10068 and b10361, so it is b10221's too). llama.rn also leaves out
# llama-quant.cpp: llama_model_quantize is not in this build (quantize with LLamaSharp's own).
# LlamaNativeLibrary accepts this folder by its ggml_commit() (6c8dcaa) as well as LLamaSharp's own 815a2a591.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${PATCHBENCH_BENCH_DIR:-$root/.bench}/llamasharp-native"
rn_version=0.12.9 rn_sha256=7069fbf1db95f07cfd9bfbbd0d160be5c0d329c5985868e00c3248338598bca5
nlc_version=3.20.0 nlc_sha256=69e17d87f4d4fedde99cc03599b995a032fb67680e7da2d4f082dfdac4f904c9
build_number=10256 commit=6c8dcaa
lib="$work/build/lib"
[ -f "$lib/libllama.so" ] && [ -f "$lib/.complete" ] && { echo "$lib"; exit 0; }
for tool in npm git cmake g++ nm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "build-llamasharp-native: $tool is required (scripts/packages.txt lists it)" >&2; exit 2; }
done
mkdir -p "$work"

fetch() { # name version sha256 -> path of the checked tarball
  local tgz="$work/$(echo "$1" | tr -d @ | tr / -)-$2.tgz"
  [ -f "$tgz" ] || (cd "$work" && npm pack --silent "$1@$2" >/dev/null)
  local got; got="$(sha256sum "$tgz" | cut -d' ' -f1)"
  [ "$got" = "$3" ] || { echo "build-llamasharp-native: $tgz has SHA-256 $got, expected $3" >&2; rm -f "$tgz"; exit 1; }
  echo "$tgz"
}

src="$work/src"
if [ ! -f "$src/.complete" ]; then
  rn="$(fetch llama.rn $rn_version $rn_sha256)"
  nlc="$(fetch node-llama-cpp $nlc_version $nlc_sha256)"
  tmp="$(mktemp -d "$work/.unpack.XXXXXX")"
  tar xzf "$rn" -C "$tmp" package/cpp
  got="$(grep -o 'LLAMA_BUILD_NUMBER = [0-9]*\|LLAMA_COMMIT = "[0-9a-f]*"' "$tmp/package/cpp/common/build-info.cpp" | tr -d '"' | tr '\n' ' ')"
  [ "$got" = "LLAMA_BUILD_NUMBER = $build_number LLAMA_COMMIT = $commit " ] || {
    echo "build-llamasharp-native: llama.rn@$rn_version carries '$got', expected b$build_number $commit" >&2; exit 1; }
  rm -rf "$src" && mv "$tmp/package/cpp" "$src"
  # llama.rn's renames, undone: the libraries must export llama.cpp's own names, which LLamaSharp imports.
  find "$src" -type f \( -name '*.c' -o -name '*.cpp' -o -name '*.h' -o -name '*.hpp' \) -print0 |
    xargs -0 sed -i -E 's/lm_ggml/ggml/g; s/LM_GGML/GGML/g; s/lm_gguf/gguf/g; s/LM_GGUF/GGUF/g; s/\blm_(iq[23]xs_)/\1/g'
  tar xzf "$nlc" -C "$tmp" package/llama/gitRelease.bundle
  git clone --quiet --no-checkout "$tmp/package/llama/gitRelease.bundle" "$tmp/nlc"
  mkdir -p "$src/ggml-cpu/llamafile"
  for f in sgemm.cpp sgemm.h; do git -C "$tmp/nlc" show "HEAD:ggml/src/ggml-cpu/llamafile/$f" > "$src/ggml-cpu/llamafile/$f"; done
  rm -rf "$tmp"
  touch "$src/.complete"
fi

build="$work/build"
echo "build-llamasharp-native: building llama.cpp b$build_number ($commit) with -march=native in $build" >&2
nice -n 10 cmake -S "$root/bench/llamasharp-native" -B "$build" -DCMAKE_BUILD_TYPE=Release -DLLAMA_SOURCE="$src" \
  -DLLAMA_COMMIT="$commit" -DLLAMA_BUILD_NUMBER="$build_number" -DCMAKE_LIBRARY_OUTPUT_DIRECTORY="$lib" >&2
nice -n 10 cmake --build "$build" -j "$(nproc)" >&2

# Every function LLamaSharp 0.30.0 imports that its own build exports must be exported here too (a missing one fails
# only when first called): the names come from LLamaSharp.dll's strings, checked against its bundled avx2 libraries.
nuget="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
dll="$nuget/llamasharp/0.30.0/lib/net10.0/LLamaSharp.dll" bundled="$nuget/llamasharp.backend.cpu/0.30.0/LLamaSharpRuntimes/linux-x64/native/avx2"
if [ -f "$dll" ] && [ -d "$bundled" ]; then
  exports() { for so in "$1"/libllama.so "$1"/libggml*.so; do nm -D --defined-only "$so" | awk '{print $3}'; done | sort -u; }
  missing="$(strings "$dll" | grep -E '^(llama|ggml|gguf)_[a-z0-9_]+$' | sort -u | comm -12 - <(exports "$bundled") | comm -23 - <(exports "$lib") | tr '\n' ' ')"
  echo "build-llamasharp-native: functions LLamaSharp imports that this build lacks: ${missing:-none}" >&2
fi
touch "$lib/.complete"
echo "$lib"
