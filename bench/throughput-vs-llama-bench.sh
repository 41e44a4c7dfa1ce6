#!/usr/bin/env bash
# `patchbench throughput` (LLamaSharp in process) against llama.cpp's own llama-bench (bench/build-llama-bench.sh) on the
# same GGUF, in alternating rounds (ours, llama-bench, ours, ...) so both see the same machine load; each round records
# the load average before it. Prints one row per round and run, then per test the median of each side and the paired
# per-round ratios (ours / llama-bench: median, geometric mean, min-max). Needs jq.
#   bench/throughput-vs-llama-bench.sh MODEL.gguf [ROUNDS=4] [THREADS=2] [REPS=3] [PP=512] [TG=128]
# PATCHBENCH (default: the Release build of src/PatchBench.Cli) and LLAMA_BENCH (default: bench/build-llama-bench.sh's
# output) choose the two programs; PATCHBENCH_NATIVE=DIR runs ours with `--native DIR` (bench/build-llamasharp-native.sh). Raw JSON of every run is kept in $PATCHBENCH_BENCH_DIR/throughput-runs/ (.bench/);
# `bench/throughput-vs-llama-bench.sh --summary DIR` prints the table again from a (possibly interrupted) run's folder.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

# summary ROWS: the table, from the rows file (round side load test t/s sd [engine t/s]).
summary() {
  echo "| test | ours t/s: median (min-max) | llama-bench t/s: median (min-max) | ours/llama-bench per round: median, geo-mean (min-max) | ours: share of wall time inside llama.cpp's decode, median | load avg (min-max) |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  jq -rRn --slurp '
    [inputs | split("\n")[] | select(length > 0) | split("\t") | {r: .[0], side: .[1], load: (.[2] | tonumber), test: .[3], ts: (.[4] | tonumber), engine: (.[6] // "0" | tonumber)}]
    | def med: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
      def f: . * 1000 | round / 1000;
      group_by(.test)[] | . as $t
    | ([$t[] | select(.side == "ours") | .ts]) as $o | ([$t[] | select(.side == "llama-bench") | .ts]) as $b
    | ([$t[] | select(.side == "ours")] | map({key: .r, value: .ts}) | from_entries) as $om
    | ([$t[] | select(.side == "llama-bench") | select($om[.r] != null) | $om[.r] / .ts]) as $q
    | "| \($t[0].test) | \($o | med | f) (\($o | min | f)-\($o | max | f)) | \($b | med | f) (\($b | min | f)-\($b | max | f)) | "
      + "\($q | med | f), \(($q | map(log) | add / length | exp) | f) (\($q | min | f)-\($q | max | f)) | "
      + "\([$t[] | select(.side == "ours") | .ts / .engine] | med | f) | "
      + "\([$t[].load] | min)-\([$t[].load] | max) |"' "$1"
}
if [ "${1:-}" = "--summary" ]; then
  summary "${2:?usage: --summary DIR}/rows.tsv"
  exit 0
fi
model="${1:?usage: bench/throughput-vs-llama-bench.sh MODEL.gguf [ROUNDS] [THREADS] [REPS] [PP] [TG]}"
rounds="${2:-4}" threads="${3:-2}" reps="${4:-3}" pp="${5:-512}" tg="${6:-128}"
[ -f "$model" ] || { echo "throughput-vs-llama-bench: $model: no such file" >&2; exit 2; }
command -v jq >/dev/null 2>&1 || { echo "throughput-vs-llama-bench: jq is required (scripts/packages.txt lists it)" >&2; exit 2; }
ours="${PATCHBENCH:-$root/src/PatchBench.Cli/bin/Release/net10.0/patchbench}"
[ -x "$ours" ] || { echo "throughput-vs-llama-bench: $ours missing (dotnet build src/PatchBench.Cli -c Release)" >&2; exit 2; }
theirs="${LLAMA_BENCH:-$(bash "$root/bench/build-llama-bench.sh")}"
out="${PATCHBENCH_BENCH_DIR:-$root/.bench}/throughput-runs/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
load() { cut -d' ' -f1 /proc/loadavg; }
# Both sides' OpenMP threads wait the same way: unless OMP_WAIT_POLICY is given, patchbench chooses ACTIVE on a quiet
# machine and PASSIVE on a shared one as it starts (omp_wait_policy in its rows), and llama-bench gets that value.
echo "OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-(patchbench chooses per round; llama-bench gets its choice)}"

rows="$out/rows.tsv"   # round side load test t/s sd [t/s inside llama.cpp's decode, ours only]
for ((r = 1; r <= rounds; r++)); do
  l="$(load)"
  "$ours" throughput -m "$model" -t "$threads" -p "$pp" -n "$tg" -r "$reps" --format json ${PATCHBENCH_NATIVE:+--native "$PATCHBENCH_NATIVE"} > "$out/ours-$r.json"
  jq -r --arg r "$r" --arg l "$l" '.[] | [$r, "ours", $l, (if .n_prompt > 0 then "pp\(.n_prompt)" else "tg\(.n_gen)" end), .avg_ts, .stddev_ts, .engine_avg_ts] | @tsv' \
    "$out/ours-$r.json" | tee -a "$rows"
  policy="$(jq -r '.[0].omp_wait_policy' "$out/ours-$r.json")"
  echo "round $r: OMP_WAIT_POLICY=$policy ($(jq -r '.[0].omp_wait_reason' "$out/ours-$r.json"))"
  l="$(load)"
  OMP_WAIT_POLICY="$policy" "$theirs" -m "$model" -t "$threads" -p "$pp" -n "$tg" -r "$reps" -o json > "$out/llama-bench-$r.json" 2>/dev/null
  jq -r --arg r "$r" --arg l "$l" '.[] | [$r, "llama-bench", $l, (if .n_prompt > 0 then "pp\(.n_prompt)" else "tg\(.n_gen)" end), .avg_ts, .stddev_ts] | @tsv' \
    "$out/llama-bench-$r.json" | tee -a "$rows"
done

echo
echo "model $model, $threads threads, $rounds alternating rounds x $reps repetitions, ours with ${PATCHBENCH_NATIVE:-the bundled llama.cpp}, llama-bench $theirs (raw runs: $out)"
summary "$rows"
