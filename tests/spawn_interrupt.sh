#!/bin/sh
# Ctrl-C mid-run: no child left behind, exit 128+SIGINT, the rows measured so
# far written as a valid CSV with its summary — including the part of the block
# of repetitions the signal interrupted (rows are written per block).
. "$FB_SRC/tests/lib.sh"
interrupt_check after:1.5 "$FB_BIN/forkbench-spawn" --sizes 0,64M,128M --heap touched,fragmented \
	--reps 100000 --warmup 0
grep -q "run 0 of 3 stopped by signal 2 ([0-9]* rows of it kept)" "$FB_TMP/err" ||
	{ cat "$FB_TMP/err"; fail "the interrupted run is not reported"; }
ok "the interrupted run is reported: $(grep 'stopped by signal 2 (' "$FB_TMP/err")"
done_tests
