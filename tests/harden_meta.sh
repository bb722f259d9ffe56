#!/bin/sh
# The sidecar says whether its run is whole: complete=1 is its last key after a
# run that ran to its end; complete=0 with stopped_because after a stop signal; and a
# driver killed outright (SIGKILL: nothing can be written) leaves a .meta with
# no complete line, which is how a reader knows it was cut. (SIGTERM stands
# for Ctrl-C: a background job of a non-interactive sh ignores SIGINT.)
. "$FB_SRC/tests/lib.sh"
# RUN: the options of a ~10 s run (the driver is started with & by the
# caller itself, so that $! is the driver, not a subshell).
RUN="--methods fork --child exit --sizes 0,1G --heap touched --reps 300 --events none"
"$FB_BIN/forkbench-spawn" --methods fork --child exit --sizes 0 --heap untouched --reps 3 --events none \
	-o "$FB_TMP/whole.csv" 2>"$FB_TMP/whole.err" || fail "a short run failed: $(cat "$FB_TMP/whole.err")"
[ "$(tail -n 1 "$FB_TMP/whole.meta")" = complete=1 ] || fail "a whole run's .meta does not end with complete=1"
ok "whole run: complete=1, written last"
# wait_rows META: until the sweep has started (its .meta renamed into place),
# then a second more, so the signal lands mid-sweep (the run takes ~10 s).
wait_rows() { i=0; while [ ! -s "$1" ]; do
	i=$((i + 1)); [ $i -lt 300 ] || fail "no $1 after 30 s"; sleep 0.1; done; sleep 1; }
"$FB_BIN/forkbench-spawn" $RUN -o "$FB_TMP/int.csv" 2>"$FB_TMP/int.err" & pid=$!
wait_rows "$FB_TMP/int.meta"
kill -TERM $pid; set +e; wait $pid; rc=$?; set -e
[ $rc -eq 143 ] || fail "SIGTERM: exit $rc, expected 143"
grep -qx complete=0 "$FB_TMP/int.meta" && grep -qx 'stopped_because=a stop signal' "$FB_TMP/int.meta" ||
	fail "stopped run: .meta lacks complete=0 / stopped_because: $(tail -n 3 "$FB_TMP/int.meta")"
ok "stopped run: complete=0, stopped_because=a stop signal"
setsid "$FB_BIN/forkbench-spawn" $RUN -o "$FB_TMP/kill.csv" 2>"$FB_TMP/kill.err" & pid=$!
wait_rows "$FB_TMP/kill.meta"
kill -KILL $pid; set +e; wait $pid; set -e
[ -s "$FB_TMP/kill.meta" ] || fail "killed run: no .meta at all"
! grep -q '^complete=' "$FB_TMP/kill.meta" || fail "killed run: .meta claims complete"
grep -q '^kernel_release=' "$FB_TMP/kill.meta" || fail "killed run: .meta lost the machine state"
ok "killed run: .meta kept (machine state) with no complete line"
sleep 0.5
left=$(leftovers "$pid" none-marked | sort -u)
[ -z "$left" ] || fail "workers left after the driver was killed: $left"
done_tests
