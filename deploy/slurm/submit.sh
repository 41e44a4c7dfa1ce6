#!/usr/bin/env bash
# Submits the shard array and the merge step that waits for all of it.
#   deploy/slurm/submit.sh [SHARDS]        e.g. PATCHBENCH_SYSTEM="llamacpp:models/x.gguf" deploy/slurm/submit.sh 8
# PATCHBENCH, PATCHBENCH_SUITE, PATCHBENCH_SYSTEM, PATCHBENCH_SAMPLES and PATCHBENCH_RESULTS pass through to both jobs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
shards="${1:-4}"
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || { echo "submit: SHARDS must be a whole number ≥ 1, got '$shards'" >&2; exit 2; }
array=$(sbatch --parsable --export=ALL --array="1-$shards" "$here/patchbench-array.sbatch")
array="${array%%;*}"   # --parsable prints "jobid[;cluster]"
merge=$(sbatch --parsable --export=ALL --dependency="afterany:$array" --kill-on-invalid-dep=yes "$here/patchbench-merge.sbatch")
echo "submit: shards job $array (array 1-$shards), merge job ${merge%%;*} after it"
