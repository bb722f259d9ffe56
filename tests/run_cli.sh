#!/bin/sh
# scripts/run checks its options before it builds: a bad value is refused by
# the drivers (exit 2, the value named) with the build directory untouched (no
# reconfigure, no relink, no results); and it never rebuilds binaries another
# run is executing: while a run holds the build directory's lock, a build of
# it waits and says so (battery of issue 23, item 4).
. "$FB_SRC/tests/lib.sh"
B=$(cd "$FB_BIN/.." && pwd)
before=$(stat -c %Y "$B/CMakeCache.txt")
bt=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$B/CMakeCache.txt")
set +e
FB_BUILD_DIR=$B FB_RESULTS=$FB_TMP/res sh "$FB_SRC/scripts/run" --sizes -1 >"$FB_TMP/out" 2>"$FB_TMP/err"
rc=$?
set -e
[ $rc -eq 2 ] || { cat "$FB_TMP/err" >&2; fail "scripts/run --sizes -1: exit $rc, expected 2"; }
grep -q "bad --sizes value '-1'" "$FB_TMP/err" || fail "the refusal does not name the value: $(cat "$FB_TMP/err")"
[ "$(stat -c %Y "$B/CMakeCache.txt")" = "$before" ] || fail "the build directory was reconfigured before the refusal"
[ "$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$B/CMakeCache.txt")" = "$bt" ] || fail "the build type changed"
[ ! -e "$FB_TMP/res" ] || fail "results written before the refusal"
ok "scripts/run --sizes -1: exit 2 naming '-1', build directory and results untouched"

# --budget: a bad value or one given with --runs is refused before anything is built or run.
for bad in "--budget 0" "--budget 5x" "--budget 2m --runs 4"; do
	set +e
	# shellcheck disable=SC2086
	FB_BUILD_DIR=$B FB_RESULTS=$FB_TMP/res sh "$FB_SRC/scripts/run" $bad >"$FB_TMP/out" 2>"$FB_TMP/err"
	rc=$?
	set -e
	[ $rc -eq 2 ] || { cat "$FB_TMP/err" >&2; fail "scripts/run $bad: exit $rc, expected 2"; }
	grep -q "run: bad --budget value\|give one" "$FB_TMP/err" || fail "scripts/run $bad: $(cat "$FB_TMP/err")"
	[ ! -e "$FB_TMP/res" ] || fail "scripts/run $bad wrote results"
done
ok "scripts/run --budget: bad values and --budget with --runs refused up front (exit 2)"
# The lock: a run holds it shared; a build waits (and says so) until it is released.
L=$FB_TMP/lockedbuild
mkdir -p "$L"
( exec 7>"$L/.forkbench.lock"; flock -s 7; sleep 3 ) &
holder=$!
sleep 0.3
( FB_ROOT=$FB_SRC; . "$FB_SRC/scripts/deps.sh"; fb_build "$L" ) >"$FB_TMP/b.out" 2>"$FB_TMP/b.err" &
builder=$!
sleep 1
grep -q "waiting: another run is executing the binaries in $L" "$FB_TMP/b.err" ||
	{ kill $builder $holder 2>/dev/null; fail "a build under a running run did not wait: $(cat "$FB_TMP/b.err")"; }
[ ! -e "$L/build.log" ] || { kill $builder $holder; fail "the build started while the run held the lock"; }
kill $builder 2>/dev/null; wait $builder 2>/dev/null || true
pkill -P $builder 2>/dev/null || true
wait $holder 2>/dev/null || true
ok "a build waits for the run that holds its build directory, and says so"
# The start message: the first time an even split; then, from the first runs
# this sweep took on this machine (each driver's budget_first_run_s, kept in
# the cache), an estimate per driver.
for k in 1 2; do
	FB_BUILD_DIR=$B FB_RESULTS=$FB_TMP/plan$k XDG_CACHE_HOME=$FB_TMP/cache sh "$FB_SRC/scripts/run" \
		--budget 2s --sizes 0 --heap touched >/dev/null 2>"$FB_TMP/plan$k.err" ||
		{ cat "$FB_TMP/plan$k.err" >&2; fail "scripts/run --budget 2s (run $k) failed"; }
done
grep -q "^forkbench: budget 0m02s; about .*even split" "$FB_TMP/plan1.err" ||
	fail "first run: no even-split start message: $(head -n 1 "$FB_TMP/plan1.err")"
grep -q "^forkbench: budget 0m02s; about .*spawn .*cow .*footprint .*from the first runs of the last run" "$FB_TMP/plan2.err" ||
	fail "second run: no estimate from the first run: $(head -n 1 "$FB_TMP/plan2.err")"
for d in spawn cow footprint; do
	m=$(sed -n 's/^budget_first_run_s=//p' "$FB_TMP/plan1/$d.meta")
	c=$(awk -v d=$d '$2 == d { print $3 }' "$FB_TMP/cache/forkbench/run-probes" | tail -n 1)
	# the cache holds the latest run's first run
	[ "$c" = "$(sed -n 's/^budget_first_run_s=//p' "$FB_TMP/plan2/$d.meta")" ] ||
		fail "$d: the cache has $c, run 2's sidecar $(sed -n 's/^budget_first_run_s=//p' "$FB_TMP/plan2/$d.meta") (run 1: $m)"
done
ok "scripts/run's start message: an even split first, then an estimate per driver from this machine's first runs ($(head -n 1 "$FB_TMP/plan2.err" | cut -c 1-120)...)"
# The progress line (on a terminal) of a driver scripts/run starts under a
# budget: its ETA is the whole run's, the later drivers' seconds added.
if command -v script >/dev/null 2>&1; then
	script -qc "FORKBENCH_ETA_AFTER=100 '$FB_BIN/forkbench-spawn' --quick -o '$FB_TMP/eta.csv'" /dev/null </dev/null 2>&1 |
		tr '\r' '\n' >"$FB_TMP/eta.out" || true
	awk '/ETA [0-9]+ s \(whole run\)/ { for (i = 1; i <= NF; i++) if ($i == "ETA") e = $(i + 1); n++ }
		END { exit !(n > 0 && e + 0 >= 100) }' "$FB_TMP/eta.out" ||
		fail "no whole-run ETA of at least 100 s on the progress line: $(grep -a ETA "$FB_TMP/eta.out" | tail -n 1)"
	ok "progress line: $(grep -a 'whole run' "$FB_TMP/eta.out" | tail -n 1 | sed 's/^.*\[K//')"
fi
done_tests
