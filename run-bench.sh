#!/usr/bin/env bash
# The main job on a fresh machine: set-up (Pd, bubblewrap, pinned llama.cpp libraries), build, and
# the default benchmark over suites/core: the reference (ceiling), the retrieval few-shot baseline
# and empty (floor), plus every models/*.gguf dropped in (llama.cpp, its own chat template or Alpaca)
# and every ONNX Runtime GenAI folder models/*/genai_config.json (the onnx backend).
# Finished samples are reused: a second run only does what is missing.
# Extra arguments are passed to `patchbench run` (e.g. --limit 20 --seed 1, --samples 5).
# Then profiles each GGUF model's throughput (pp512/tg128, once) and builds the static leaderboard from every run in results/ into site/ and prints where to open it.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
dotnet build PatchBench.sln -c Release --nologo --verbosity quiet
pb() { dotnet "src/PatchBench.Cli/bin/Release/net10.0/patchbench.dll" "$@"; }

systems=(--system reference --system retrieval --system empty)
shopt -s nullglob
for model in models/*.gguf; do systems+=(--system "llamacpp:$model"); done
# ONNX Runtime GenAI folders (genai_config.json + decoder .onnx + tokenizer.json), docs/onnx.md.
for config in models/*/genai_config.json; do systems+=(--system "onnx:$(dirname "$config")"); done

rc=0
pb run --suite suites/core "${systems[@]}" --out results/ "$@" || rc=$?
echo
# A llama-bench-style throughput profile of each GGUF model for the site's throughput page (once per model).
for model in models/*.gguf; do
  name=$(basename "$model" .gguf)
  existing=(results/throughput/throughput-"$name"-cpu-*.json)
  [ ${#existing[@]} -gt 0 ] || pb throughput --model "$model" --repetitions 3 --out results/throughput || rc=$?
done
# The site is built even when a run failed (it shows what finished); its own warnings go to stderr.
site_rc=0
pb site --results results/ --out site/ || site_rc=$?
echo
echo "Results: $(pwd)/results/ (one folder per run: run.json with aggregates, samples.jsonl per sample)."
echo "Compare two runs:  dotnet src/PatchBench.Cli/bin/Release/net10.0/patchbench.dll compare results/A results/B"
if [ $site_rc -eq 0 ]; then
  echo "Leaderboard: file://$(pwd)/site/index.html"
fi
[ $rc -ne 0 ] && exit $rc
exit $site_rc
