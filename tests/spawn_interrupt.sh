#!/bin/sh
# Ctrl-C mid-run: no child left behind, exit 128+SIGINT, the rows measured so
# far written as a valid CSV with its summary — including the part of the block
# of repetitions the signal interrupted (rows are written per block).
. "$FB_SRC/tests/lib.sh"
interrupt_check after:1.5 "$FB_BIN/forkbench-spawn" --sizes 0,64M,128M --heap touched,fragmented \
	--reps 100000 --warmup 0
done_tests
