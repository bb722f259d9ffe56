#!/bin/sh
# A signal in the first moments of a run (before the 0.2 s quietness check
# ends) stops it with the usual message and exit 128+N — the handlers are
# installed first — and leaves no process behind.
. "$FB_SRC/tests/lib.sh"
for sig in INT TERM; do
	case $sig in INT) num=2 ;; TERM) num=15 ;; esac
	mark="fb_early_$$_$sig"
	csv=$FB_TMP/early-$sig.csv
	env FB_TEST_MARK=$mark setsid "$FB_BIN/forkbench-spawn" --sizes 0 --heap touched --reps 3 \
		-o "$csv" 2>"$FB_TMP/err" &
	pid=$!
	sleep 0.05
	kill -$sig $pid
	set +e
	wait $pid
	rc=$?
	set -e
	want=$((128 + num))
	[ "$rc" -eq "$want" ] || { cat "$FB_TMP/err"; fail "SIG$sig at 0.05 s: exit $rc, expected $want"; }
	grep -q "stopped by signal $num" "$FB_TMP/err" || { cat "$FB_TMP/err"; fail "SIG$sig: no message"; }
	sleep 0.2
	left=$(leftovers "$pid" "$mark" | sort -u)
	[ -z "$left" ] || fail "SIG$sig: processes left: $left"
	[ ! -s "$csv" ] || same_width "$csv" || fail "SIG$sig: CSV not rectangular"
	ok "SIG$sig 0.05 s after start: exit $rc, 'stopped by signal' said, nothing left"
done
done_tests
