#!/bin/sh
# Ctrl-C mid-run: no child left behind, exit 128+SIGINT, the rows measured so
# far written as a valid CSV with its summary, and no interrupted call recorded.
. "$FB_SRC/tests/lib.sh"
interrupt_check 20 "$FB_BIN/forkbench-footprint" --sizes 0,64M --heap touched --alloc 64M \
	--reps 100000 --warmup 0 --events none
st=$(col "$int_csv" status)
bad=$(awk -F, -v s="$st" 'NR>1 && $s!="ok"{print NR": "$0; exit}' "$int_csv")
[ -z "$bad" ] || fail "an interrupted call was recorded: $bad"
ok "every kept row is ok"
grep -q "run 0 of 3 stopped by signal 2 ([0-9]* rows of it kept)" "$FB_TMP/err" ||
	{ cat "$FB_TMP/err"; fail "the interrupted run is not reported"; }
ok "the interrupted run is reported: $(grep 'stopped by signal 2 (' "$FB_TMP/err")"
done_tests
