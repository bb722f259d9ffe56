#!/bin/sh
# mTHP under icount, 6.1 (no per-size knobs: mthp rows skipped, saying so;
# thp-pte runs) vs 6.12 (every size): 2 boots per kernel, side by side (the
# instruction clock does not see host load). FB_ROOT: the source tree.
set -eu
cd "$(dirname "$0")"
one() {
  "$FB_ROOT/scripts/kernels" --icount --no-compare --build "$FB_ROOT/build-static" -o "$PWD/boots-$1" \
  --run 'spawn --methods fork --child exit --sizes 256M --heap touched,mthp:all,thp-pte,thp --reps 8 --runs 4 --set-mthp' \
  --run 'cow --sizes 64M --heap touched,mthp:16K,mthp:64K,mthp:1M,thp-pte --patterns seq,stride:16,reuse --reps 6 --runs 3 --set-mthp' \
  "$2" "$2"
}
t0=$(date +%s)
one 6.1 linux-image-cloud-amd64 > log-6.1 2>&1 &
one 6.12 linux-image-6.12-cloud-amd64 > log-6.12 2>&1 &
wait
echo "wall: $(( $(date +%s) - t0 )) s"
# then: scripts/folio -o folio-6.12 --spawn boots-6.12/*/spawn.csv --cow boots-6.12/*/cow.csv
