#!/usr/bin/env bash
# Runs a sharded PatchBench job on the current kubectl context: the volumes, the Indexed Job of shards, then (once
# every index has finished, succeeded or not) the merge+site Job. The merge, not Kubernetes, judges completeness: a
# shard whose samples are all on disk but include an error exits 1 and still merges; a missing one is named.
#   deploy/kubernetes/submit.sh [NAMESPACE]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
ns=(--namespace "${1:-default}")
kubectl "${ns[@]}" apply -f "$here/volumes.yaml"
kubectl "${ns[@]}" delete job patchbench-shards patchbench-merge --ignore-not-found
kubectl "${ns[@]}" apply -f "$here/shards-job.yaml"
# kubectl wait cannot wait for "Complete or Failed", so poll the Job's conditions.
until state="$(kubectl "${ns[@]}" get job patchbench-shards -o jsonpath='{.status.conditions[?(@.status=="True")].type}')" \
      && [[ " $state " == *" Complete "* || " $state " == *" Failed "* ]]; do
  sleep 20
done
echo "submit: shards job: $state"
kubectl "${ns[@]}" apply -f "$here/merge-job.yaml"
kubectl "${ns[@]}" wait --for=condition=complete --timeout=2h job/patchbench-merge
kubectl "${ns[@]}" logs job/patchbench-merge
