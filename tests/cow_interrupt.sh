#!/bin/sh
# cow_interrupt: SIGINT mid-sweep (a child may be parked on its pipe) exits 130,
# leaves no child behind and a CSV whose rows all have the header's width.
. "$FB_SRC/tests/lib.sh"
interrupt_check 3 "$FB_BIN/forkbench-cow" --sizes 64M --heap touched --writer child,parent \
	--patterns seq,full --reps 1000 --warmup 0
grep -q "run 0 of 3 stopped by signal 2 ([0-9]* rows of it kept)" "$FB_TMP/err" ||
	{ cat "$FB_TMP/err"; fail "the interrupted run is not reported"; }
ok "the interrupted run is reported: $(grep 'stopped by signal 2 (' "$FB_TMP/err")"
done_tests
