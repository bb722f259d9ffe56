#!/bin/sh
# forkbench-summarize (which the fixtures use) is the drivers' own summary
# code: for every registered driver, the summary it writes from a copy of a
# real raw CSV is byte for byte the one the driver wrote at the end of its run.
. "$FB_SRC/tests/lib.sh"
for d in $("$FB_BIN/forkbench-worker" --drivers | awk '{ print $1 }'); do
	"$FB_BIN/forkbench-$d" --quick --sizes 1M --heap touched --reps 2 --runs 2 --warmup 0 \
		-o "$FB_TMP/$d/run.csv" >/dev/null 2>"$FB_TMP/err" || { cat "$FB_TMP/err"; fail "$d failed"; }
	cp "$FB_TMP/$d/run.csv" "$FB_TMP/$d/copy.csv"
	"$FB_BIN/forkbench-summarize" "$d" "$FB_TMP/$d/copy.csv" || fail "forkbench-summarize $d failed"
	cmp "$FB_TMP/$d/run.summary.csv" "$FB_TMP/$d/copy.summary.csv" ||
		fail "$d: forkbench-summarize differs from the driver's own summary"
	[ "$(awk 'END { print NR }' "$FB_TMP/$d/copy.summary.csv")" -gt 1 ] || fail "$d: empty summary"
done
head -n 1 "$FB_TMP/spawn/run.csv" > "$FB_TMP/bad.csv"; sed -i 's/^method,/meth,/' "$FB_TMP/bad.csv"
set +e; "$FB_BIN/forkbench-summarize" spawn "$FB_TMP/bad.csv" 2>"$FB_TMP/err"; rc=$?; set -e
[ "$rc" -eq 1 ] && grep -q "header is not this driver's" "$FB_TMP/err" || fail "a wrong header: exit $rc, $(cat "$FB_TMP/err")"
ok "forkbench-summarize == each driver's own summary; a wrong header refused"
done_tests
