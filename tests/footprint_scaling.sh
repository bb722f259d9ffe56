#!/bin/sh
# The cost of isolation grows with the parent: fork at a 256M touched heap
# copies 64Ki PTEs and costs clearly more than at 0, while the direct call,
# which never creates a process, does not care how big the parent is.
# Timings are compared through their minimum (additive noise disturbs it
# least) and with wide margins: the direct call's own first-touch cost moves
# with the host's memory state by tens of percent (a 1.5x bound on it failed
# half the time), so "does not care" is asserted as "fork's growth is at
# least 3x whatever the direct call's cost moved", plus a count that cannot
# drift: the direct call takes the same page faults at 0 and at 256M.
. "$FB_SRC/tests/lib.sh"
out=$FB_TMP/scale.csv
"$FB_BIN/forkbench-footprint" --sizes 0,256M --heap touched --calls direct,fork,clone3 \
	--workloads free --alloc 1M --reps 9 --warmup 2 --events none -o "$out" 2>"$FB_TMP/err" ||
	fail "run failed: $(cat "$FB_TMP/err")"
same_width "$out" || fail "CSV not rectangular"
sum=${out%.csv}.summary.csv
k="workload=free alloc_bytes=1048576 heap=touched"
d0=$(fastest "$sum" call_ns $k call=direct heap_bytes=0)
d1=$(fastest "$sum" call_ns $k call=direct heap_bytes=268435456)
[ -n "$d0" ] && [ -n "$d1" ] || fail "no direct minima in $sum"
# Physics (label physics): skipped when a configuration's run medians lie more
# than 50% apart now (the 1.5x margin could not be told).
for m in direct fork clone3; do
	for b in 0 268435456; do
		noise_gate "$(run_spread_pct "$sum" call_ns $k call=$m heap_bytes=$b)" 50 "$m @$b call_ns, %,"
	done
done
dmove=$(absdiff "$d1" "$d0")
for m in fork clone3; do
	small=$(fastest "$sum" call_ns $k call=$m heap_bytes=0)
	big=$(fastest "$sum" call_ns $k call=$m heap_bytes=268435456)
	[ -n "$small" ] && [ -n "$big" ] || fail "no $m minima in $sum"
	r=$(ratio "$big" "$small")
	less 1.5 "$r" || fail "$m at 256M costs only ${r}x its cost at 0 ($big vs $small ns)"
	grow=$(awk -v a="$big" -v b="$small" 'BEGIN{print a - b}')
	less "$(awk -v d="$dmove" 'BEGIN{print 3 * d}')" "$grow" ||
		fail "$m grew by $grow ns from heap 0 to 256M, not 3x more than direct moved ($dmove ns)"
	ok "$m: 256M heap costs ${r}x heap 0 (+$grow ns; direct moved $dmove ns)"
done
f0=$(median "$sum" parent_minflt $k call=direct heap_bytes=0)
f1=$(median "$sum" parent_minflt $k call=direct heap_bytes=268435456)
[ -n "$f0" ] && [ -n "$f1" ] || fail "no direct fault counts"
less "$(absdiff "$f1" "$f0")" 16 ||
	fail "direct call's faults depend on the parent's size: $f0 at 0, $f1 at 256M"
ok "direct: same faults at heap 0 and 256M ($f0, $f1): independent of the parent's size"
done_tests
