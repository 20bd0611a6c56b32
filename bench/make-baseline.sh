#!/bin/sh
# Builds this repository at an earlier revision in a worktree beside it and
# prints the line that makes `npm run bench` measure it as one more peer:
#   eval "$(sh bench/make-baseline.sh <revision>)"; npm run bench -- captp
set -eu
revision=${1:?usage: bench/make-baseline.sh <revision> [directory]}
directory=${2:-${TMPDIR:-/tmp}/endo-baseline-$(git rev-parse --short "$revision")}
root=$(git rev-parse --show-toplevel)
if [ ! -d "$directory" ]; then
  git worktree add --detach "$directory" "$revision" >&2
fi
# The baseline shares this checkout's installed packages.
[ -e "$directory/node_modules" ] || ln -s "$root/node_modules" "$directory/node_modules"
(cd "$directory" && npx tsc -p tsconfig.json >&2 || true)
echo "export ENDO_BENCH_BASELINE='$directory'"
