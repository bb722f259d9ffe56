#!/bin/sh
# 6.1 vs 6.12 under icount, with the A/A: 2 boots per kernel, 3 runs a boot,
# so each side pools 6 runs and scripts/compare can split the baseline's in
# two (3 + 3) for the noise floor. The two kernels' boots run side by side
# (the instruction clock does not see host load).
set -eu
cd "$(dirname "$0")"
FB_ROOT=${FB_ROOT:-$(cd ../../.. && pwd)}
one() {
  "$FB_ROOT/scripts/kernels" --icount --no-compare --build build-static -o "$PWD/boots-$1" \
  --run 'spawn --methods fork,vfork --child exit --sizes 0,16M,256M --heap touched,fragmented --fragments 1024 --reps 6 --runs 3' \
  --run 'cow --sizes 16M --heap touched --patterns seq --writer child --reps 6 --runs 3' \
  "$2" "$2"
}
t0=$(date +%s)
one 6.1 linux-image-cloud-amd64 > log-6.1 2>&1 &
one 6.12 linux-image-6.12-cloud-amd64 > log-6.12 2>&1 &
wait
echo "wall: $(( $(date +%s) - t0 )) s"
"$FB_ROOT/scripts/compare" -o compare boots-6.1/*/ -- boots-6.12/*/ > compare.log 2>&1
