#!/usr/bin/env bash
# Packs the zip to upload as a Gradescope programming assignment's autograder: setup.sh and run_autograder at its
# root, the instructor's notebooks (with solutions and hidden checks: the zip stays with the staff), and this
# checkout of Drillbook as drillbook.tar.gz (its committed files, as `git archive` gives them).
# Use, from the repository's root: examples/gradescope/make-autograder.sh autograder.zip notebooks/welcome.md ...
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 <out.zip> <notebook.md>..." >&2
  exit 2
fi
out="$(realpath -m "$1")"
shift
here="$(cd "$(dirname "$0")" && pwd)"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/notebooks"
cp "$here/setup.sh" "$here/run_autograder" "$stage/"
chmod +x "$stage/setup.sh" "$stage/run_autograder"
cp "$@" "$stage/notebooks/"
root="$(cd "$here/../.." && pwd)"
git -C "$root" archive --format=tar.gz -o "$stage/drillbook.tar.gz" HEAD
rm -f "$out"
(cd "$stage" && python3 -m zipfile -c "$out" setup.sh run_autograder notebooks drillbook.tar.gz)
echo "wrote $out"
