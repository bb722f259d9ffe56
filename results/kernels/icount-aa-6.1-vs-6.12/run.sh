#!/bin/sh
# 6.1 vs 6.12 under icount, with the A/A: 2 boots per kernel, 3 runs a boot,
# so each side pools 6 runs and scripts/compare can split the baseline's in
# two (3 + 3) for the noise floor. The two kernels' boots run side by side
# (the instruction clock does not see host load).
set -eu
cd "$(dirname "$0")"
. ../side_by_side.sh
side_by_side 2 \
  --run 'spawn --methods fork,vfork --child exit --sizes 0,16M,256M --heap touched,fragmented --fragments 1024 --reps 6 --runs 3' \
  --run 'cow --sizes 16M --heap touched --patterns seq --writer child --reps 6 --runs 3'
"$FB_ROOT/scripts/compare" -o compare boots-6.1/*/ -- boots-6.12/*/ > compare.log 2>&1
