#!/bin/sh
# forkbench-stall measures a lock, not noise: while fork copies the page
# tables of a 1 GiB touched heap the sibling's mmap waits for about the whole
# call (its longest operation overlapping the call is at least half of
# create_ns and far above the typical operation of the quiet window), while
# during vfork of the same heap it does not (its stall stays within a
# generous bound of the quiet window's own p99, and far below fork's).
# Medians over the repetitions: a busy machine (a CPU hog on one core) moves
# single rows, not the medians this asserts on.
. "$FB_SRC/tests/lib.sh"
[ "$(nproc)" -ge 2 ] || skip "needs 2 CPUs: the sibling and the main thread on their own"
out=$FB_TMP/stall.csv
"$FB_BIN/forkbench-stall" --sizes 1G --heap touched --methods fork,vfork --reps 9 --warmup 1 --runs 3 \
	-o "$out" 2>"$FB_TMP/err" || { cat "$FB_TMP/err"; fail "driver failed"; }
same_width "$out" || fail "rows differ in width"
st=$(col "$out" status)
awk -F, -v st="$st" 'NR > 1 && $st != "ok" { print; bad = 1 } END { exit bad }' "$out" || fail "a row is not ok"
ok "every row ok"
s="$out"; s=${s%.csv}.summary.csv
get() { median "$s" "$2" method="$1" heap=touched heap_bytes=1073741824; }
# Physics (label physics): "the sibling waited for most of the call" is judged
# per row (stall_ns / create_ns of the same creation, so a slow run moves both)
# and then over the 3 independent runs: each run's median share; passes when
# every run's is over a half, fails when none is, skips (77) when they split.
share=$(awk -F, -v st="$(col "$out" status)" -v me="$(col "$out" method)" -v c="$(col "$out" create_ns)" \
	-v sn="$(col "$out" stall_ns)" -v r="$(col "$out" run)" '
	NR > 1 && $st == "ok" && $me == "fork" && $c > 0 { n[$r]++; v[$r, n[$r]] = $sn / $c }
	END {
		for (k in n) {
			m = n[k]; for (i = 1; i <= m; i++) a[i] = v[k, i]
			for (i = 2; i <= m; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
			med = m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
			if (!runs++ || med < lo) lo = med; if (runs == 1 || med > hi) hi = med
		}
		if (runs >= 2) printf "%.3f %.3f %d\n", lo, hi, runs
	}' "$out")
set -- $share
[ $# -eq 3 ] || fail "no per-run share of the call for fork in $out"
if awk -v hi="$2" 'BEGIN { exit !(hi <= 0.5) }'; then
	fail "fork: the sibling waited for at most half the call in every run (median share per run $1-$2)"
elif awk -v lo="$1" 'BEGIN { exit !(lo <= 0.5) }'; then
	skip "too noisy to tell now: fork: the sibling's wait, per run a median share of the call of $1-$2, holds a half"
fi
ok "fork: the sibling waited for most of the call in each of $3 runs (median share of the call per run $1-$2)"
fc=$(get fork create_ns); fs=$(get fork stall_ns); fb=$(get fork base_p50_ns); fb99=$(get fork base_p99_ns)
vs=$(get vfork stall_ns); vb=$(get vfork base_p99_ns); vo=$(get vfork during_ops)
echo "fork: create $fc stall $fs base p50 $fb p99 $fb99; vfork: stall $vs base p99 $vb ops $vo (medians, ns)"
less $(awk -v b="$fb" 'BEGIN{print b * 20}') "$fs" || fail "fork stall $fs not 20x the quiet window's median operation $fb"
ok "fork: stall $fs ns >= 20x the quiet median operation $fb ns"
bound=$(awk -v b="$vb" 'BEGIN{ x = b * 10; if (x < 1000000) x = 1000000; print x }')
less "$vs" "$bound" || fail "vfork stall $vs above 10x its quiet p99 (bound $bound)"
ok "vfork: stall $vs ns within 10x the quiet p99 $vb ns (or 1 ms)"
less $(awk -v v="$vs" 'BEGIN{print v * 10}') "$fs" || fail "vfork stall $vs not 10x below fork's $fs"
ok "vfork stall $vs ns at most a tenth of fork's $fs ns"
done_tests
