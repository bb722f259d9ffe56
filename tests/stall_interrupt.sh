#!/bin/sh
# Ctrl-C mid-run: exit 130, no child left behind (the sibling is a thread of
# the driver, so none can outlive it), the rows so far written with a summary.
. "$FB_SRC/tests/lib.sh"
interrupt_check 2 "$FB_BIN/forkbench-stall" --sizes 0,64M --heap touched --methods fork,vfork,posix_spawn \
	--reps 100000 --warmup 0
done_tests
