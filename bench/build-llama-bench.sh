#!/usr/bin/env bash
# Builds llama.cpp's own llama-bench natively (-O3, -march=native, OpenMP, as llama.cpp's CMake defaults) from the
# llama.cpp source that npm's node-llama-cpp@3.22.1 ships (package/llama/gitRelease.bundle), the newest llama.cpp
# available from a registry here. It is the yardstick `patchbench throughput` is held against (README, "Throughput vs
# llama-bench"). Nothing of it is committed: the source and the build live under $PATCHBENCH_BENCH_DIR (default
# .bench/, git-ignored) and are reused on the next call. Prints the path of llama-bench.
#   bench/build-llama-bench.sh && .bench/llama-bench/build/bin/llama-bench -m MODEL.gguf -t 2 -p 512 -n 128 -r 5 -o json
# `--source` only unpacks the source and prints its folder (scripts/build-llama-server.sh builds from the same tree).
# `--isa llamasharp-avx512` builds instead with the instruction sets LLamaSharp.Backend.Cpu's avx512 libraries use
# (GGML_NATIVE off; AVX, AVX2, FMA, F16C, AVX-512F; no VNNI/VBMI), into build-llamasharp-avx512/: the like-for-like
# yardstick for the kernels LLamaSharp loads on an AVX-512 CPU (the native build may use AVX-512 VNNI, which they lack).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${PATCHBENCH_BENCH_DIR:-$root/.bench}/llama-bench"
version=3.22.1
sha256=a0d9dd80eacd2ab1cfe71aee57ac8a806487fd70b3d2a38fbec637752d9e5c5f   # node-llama-cpp-3.22.1.tgz
source_only=0 isa=native
case "${1:-}" in
  --source) source_only=1 ;;
  --isa) isa="${2:?--isa needs native or llamasharp-avx512}" ;;
  "") ;;
  *) echo "build-llama-bench: unknown argument '$1' (expected --source or --isa native|llamasharp-avx512)" >&2; exit 2 ;;
esac
case "$isa" in
  native) build="$work/build"; flags=(-DGGML_NATIVE=ON) ;;
  llamasharp-avx512) build="$work/build-llamasharp-avx512"
    flags=(-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=ON) ;;
  *) echo "build-llama-bench: unknown --isa '$isa' (expected native or llamasharp-avx512)" >&2; exit 2 ;;
esac
bin="$build/bin/llama-bench"
[ $source_only -eq 0 ] && [ -x "$bin" ] && { echo "$bin"; exit 0; }
for tool in npm git cmake g++; do
  command -v "$tool" >/dev/null 2>&1 || { echo "build-llama-bench: $tool is required (scripts/packages.txt lists it)" >&2; exit 2; }
done
mkdir -p "$work"
tgz="$work/node-llama-cpp-$version.tgz"
if [ ! -f "$tgz" ]; then
  (cd "$work" && npm pack --silent "node-llama-cpp@$version" >/dev/null)
fi
got="$(sha256sum "$tgz" | cut -d' ' -f1)"
[ "$got" = "$sha256" ] || { echo "build-llama-bench: $tgz has SHA-256 $got, expected $sha256" >&2; rm -f "$tgz"; exit 1; }
if [ ! -f "$work/src/CMakeLists.txt" ]; then
  tmp="$(mktemp -d "$work/.unpack.XXXXXX")"
  tar xzf "$tgz" -C "$tmp" package/llama/gitRelease.bundle package/llama/llama.cpp.info.json
  rm -rf "$work/src"
  git clone --quiet "$tmp/package/llama/gitRelease.bundle" "$work/src"
  cp "$tmp/package/llama/llama.cpp.info.json" "$work/src/node-llama-cpp.info.json"
  rm -rf "$tmp"
fi
[ $source_only -eq 1 ] && { echo "$work/src"; exit 0; }
echo "build-llama-bench: building llama-bench ($isa) of $(cat "$work/src/node-llama-cpp.info.json" | tr -d '\n ') in $build" >&2
cmake -S "$work/src" -B "$build" -DCMAKE_BUILD_TYPE=Release "${flags[@]}" -DGGML_OPENMP=ON \
  -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF -DBUILD_SHARED_LIBS=OFF >&2
cmake --build "$build" --target llama-bench -j "$(nproc)" >&2
echo "$bin"
