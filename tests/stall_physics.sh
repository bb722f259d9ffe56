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
# Physics (label physics): skipped when fork's create_ns run medians lie more
# than 50% apart (3 runs): the half-the-call margin could not be told then.
noise_gate "$(run_spread_pct "$s" create_ns method=fork heap=touched heap_bytes=1073741824)" 50 "fork 1G create_ns, %,"
fc=$(get fork create_ns); fs=$(get fork stall_ns); fb=$(get fork base_p50_ns); fb99=$(get fork base_p99_ns)
vs=$(get vfork stall_ns); vb=$(get vfork base_p99_ns); vo=$(get vfork during_ops)
echo "fork: create $fc stall $fs base p50 $fb p99 $fb99; vfork: stall $vs base p99 $vb ops $vo (medians, ns)"
less $(awk -v c="$fc" 'BEGIN{print c / 2}') "$fs" || fail "fork stall $fs < half its call $fc: the sibling was not held for the copy"
ok "fork: the sibling waited for most of the call (stall $fs ns of $fc ns)"
less $(awk -v b="$fb" 'BEGIN{print b * 20}') "$fs" || fail "fork stall $fs not 20x the quiet window's median operation $fb"
ok "fork: stall $fs ns >= 20x the quiet median operation $fb ns"
bound=$(awk -v b="$vb" 'BEGIN{ x = b * 10; if (x < 1000000) x = 1000000; print x }')
less "$vs" "$bound" || fail "vfork stall $vs above 10x its quiet p99 (bound $bound)"
ok "vfork: stall $vs ns within 10x the quiet p99 $vb ns (or 1 ms)"
less $(awk -v v="$vs" 'BEGIN{print v * 10}') "$fs" || fail "vfork stall $vs not 10x below fork's $fs"
ok "vfork stall $vs ns at most a tenth of fork's $fs ns"
done_tests
