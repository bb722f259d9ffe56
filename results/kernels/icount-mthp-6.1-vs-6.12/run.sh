#!/bin/sh
# mTHP under icount, 6.1 (no per-size knobs: mthp rows skipped, saying so;
# thp-pte runs) vs 6.12 (every size): 2 boots per kernel, side by side (the
# instruction clock does not see host load). FB_ROOT: the source tree.
set -eu
cd "$(dirname "$0")"
. ../side_by_side.sh
FB_STATIC=${FB_STATIC:-$FB_ROOT/build-static}
side_by_side 2 \
  --run 'spawn --methods fork --child exit --sizes 256M --heap touched,mthp:all,thp-pte,thp --reps 8 --runs 4 --set-mthp' \
  --run 'cow --sizes 64M --heap touched,mthp:16K,mthp:64K,mthp:1M,thp-pte --patterns seq,stride:16,reuse --reps 6 --runs 3 --set-mthp'
# then: scripts/folio -o folio-6.12 --spawn boots-6.12/*/spawn.csv --cow boots-6.12/*/cow.csv
