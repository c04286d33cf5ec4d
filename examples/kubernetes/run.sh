#!/usr/bin/env bash
# Grades the course on the cluster: the Indexed Job's shards, then the merge. Assumes the image is pushed and the
# volume (course-volume.yaml) holds submissions/ and notebooks/. Re-running first deletes the previous Jobs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
kubectl apply -f "$here/course-volume.yaml"
kubectl delete job drillbook-grade drillbook-merge --ignore-not-found
kubectl apply -f "$here/grade-job.yaml"
kubectl wait --for=condition=complete --timeout=2h job/drillbook-grade
kubectl apply -f "$here/merge-job.yaml"
kubectl wait --for=condition=complete --timeout=15m job/drillbook-merge
kubectl logs job/drillbook-merge
