#!/bin/sh
# 6.1 vs 6.12 under icount: 3 boots per kernel; the two kernels' boots run side by side
# (the instruction clock does not see host load).
set -eu
cd "$(dirname "$0")"
. ../side_by_side.sh
side_by_side 3 \
  --run 'spawn --methods fork,vfork,clone_vm --child exit --sizes 0,16M,256M,1G --heap touched --reps 8 --runs 4' \
  --run 'cow --sizes 16M,256M --heap touched --patterns seq,rand --reps 8 --runs 4' \
  --run 'footprint --workloads leak --sizes 0,64M,1G --reps 8 --runs 4'
# then, pooled per kernel (3 boots x 4 runs a side):
#   scripts/compare -o compare boots-6.1/*/ -- boots-6.12/*/
