#!/bin/sh
# compare_calibrate: scripts/calibrate end to end on a tiny sweep (two sets of
# one forkbench-spawn invocation): the report and calibrate.csv are written
# with one row per configuration and timing metric, detectable changes are at
# least --min-change (never a number from nothing), every configuration is in
# the A/A comparison; bad options exit 2 naming the value. Asserts no timing.
. "$FB_SRC/tests/lib.sh"
export FORKBENCH_BIN="$FB_BIN"
cal="$FB_SRC/scripts/calibrate"
"$cal" --invocations 1 -o "$FB_TMP/cal" --quick --sizes 0 --methods fork,vfork --child exit --reps 3 \
	> "$FB_TMP/out" 2> "$FB_TMP/err" || fail "calibrate exited $? ($(tail -3 "$FB_TMP/err"))"
grep -q "A/A (nothing changed): every flag is a false positive" "$FB_TMP/out" || fail "no A/A line"
grep -q "^  create_ns .* flagged" "$FB_TMP/out" || fail "no create_ns line"
[ -s "$FB_TMP/cal/calibrate.txt" ] && [ -s "$FB_TMP/cal/aa0/compare.csv" ] || fail "calibrate.txt or aa0/compare.csv missing"
head -n 1 "$FB_TMP/cal/calibrate.csv" | grep -qx "driver,config,metric,runs,aa_change_pct,detectable_pct,detectable_pct_2x_runs,detectable_pct_4x_runs" ||
	fail "calibrate.csv header"
# --quick heaps (untouched, touched, thp) x fork, vfork at size 0, child exit: 6 configurations x 3 timing metrics.
n=$(awk 'END { print NR - 1 }' "$FB_TMP/cal/calibrate.csv")
[ "$n" = 18 ] || fail "calibrate.csv has $n rows, want 18"
awk -F, 'NR > 1 && !($6 + 0 >= 5 && $7 + 0 > 0 && $7 + 0 <= $6 + 0 && $8 + 0 <= $7 + 0) { exit 1 }' "$FB_TMP/cal/calibrate.csv" ||
	fail "a detectable change below --min-change (5), or more runs detecting more"
ok "calibrate: report, 18 rows of detectable changes (>= 5%, shrinking with more runs)"
rc=0; "$cal" --invocations 0 --quick > /dev/null 2> "$FB_TMP/err" || rc=$?
[ $rc = 2 ] && grep -q "'0'" "$FB_TMP/err" || fail "--invocations 0: exit $rc"
rc=0; "$cal" --driver nope > /dev/null 2> "$FB_TMP/err" || rc=$?
[ $rc = 2 ] && grep -q "'nope'" "$FB_TMP/err" || fail "--driver nope: exit $rc"
ok "bad options exit 2 naming the value"
done_tests
