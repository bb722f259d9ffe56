#!/bin/sh
# The cost of isolation grows with the parent: fork at a 256M touched heap
# copies 64Ki PTEs and costs clearly more than at 0, while the direct call,
# which never creates a process, does not care how big the parent is.
. "$FB_SRC/tests/lib.sh"
out=$FB_TMP/scale.csv
"$FB_BIN/forkbench-footprint" --sizes 0,256M --heap touched --modes direct,fork,clone3 \
	--workloads free --alloc 1M --reps 9 --warmup 2 --events none -o "$out" 2>"$FB_TMP/err" ||
	fail "run failed: $(cat "$FB_TMP/err")"
same_width "$out" || fail "CSV not rectangular"
sum=${out%.csv}.summary.csv
k="workload=free alloc_bytes=1048576 heap=touched"
for m in fork clone3; do
	small=$(median "$sum" call_ns $k mode=$m heap_bytes=0)
	big=$(median "$sum" call_ns $k mode=$m heap_bytes=268435456)
	[ -n "$small" ] && [ -n "$big" ] || fail "no $m medians in $sum"
	r=$(ratio "$big" "$small")
	less 1.5 "$r" || fail "$m at 256M costs only ${r}x its cost at 0 ($big vs $small ns)"
	ok "$m: 256M heap costs ${r}x heap 0 ($big vs $small ns)"
done
small=$(median "$sum" call_ns $k mode=direct heap_bytes=0)
big=$(median "$sum" call_ns $k mode=direct heap_bytes=268435456)
r=$(ratio "$big" "$small")
less "$r" 1.5 || fail "direct at 256M costs ${r}x its cost at 0 ($big vs $small ns)"
ok "direct: 256M heap costs ${r}x heap 0 (independent of the parent's size)"
done_tests
