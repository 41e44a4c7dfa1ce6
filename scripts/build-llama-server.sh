#!/usr/bin/env bash
# Builds llama.cpp's own llama-server (the OpenAI-compatible HTTP server) from the llama.cpp source bundled in npm
# node-llama-cpp@3.22.1, in the same CMake tree bench/build-llama-bench.sh builds llama-bench in (.bench/llama-bench,
# git-ignored; PATCHBENCH_BENCH_DIR moves it): static, -march=native, OpenMP, so the ggml objects are shared with
# llama-bench. The web UI is left out and nothing is downloaded (no prebuilt UI, no HTTPS). A built binary returns at
# once; a second build only recompiles what changed. Needs npm, git, cmake, g++ (scripts/packages.txt). Prints the
# path of llama-server, e.g.:
#   "$(scripts/build-llama-server.sh)" -m models/x.gguf --host 127.0.0.1 --port 8080 -np 4
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
src="$(bash "$root/bench/build-llama-bench.sh" --source)"
build="$(dirname "$src")/build"
bin="$build/bin/llama-server"
[ -x "$bin" ] && { echo "$bin"; exit 0; }
echo "build-llama-server: building llama-server in $build" >&2
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON -DGGML_OPENMP=ON -DBUILD_SHARED_LIBS=OFF \
  -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=ON \
  -DLLAMA_BUILD_UI=OFF -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_OPENSSL=OFF >&2
cmake --build "$build" --target llama-server -j "$(nproc)" >&2
echo "$bin"
