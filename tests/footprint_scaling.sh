#!/bin/sh
# The cost of isolation grows with the parent: fork at a 256M touched heap
# copies 64Ki PTEs and costs clearly more than at 0, while the direct call,
# which never creates a process, does not care how big the parent is.
# With wide margins: the direct call's own first-touch cost moves with the
# host's memory state by tens of percent (a 1.5x bound on it failed half the
# time), so "does not care" is asserted as "fork's growth is at least 3x
# whatever the direct call's cost moved", plus a count that cannot drift: the
# direct call takes the same page faults at 0 and at 256M.
. "$FB_SRC/tests/lib.sh"
out=$FB_TMP/scale.csv
"$FB_BIN/forkbench-footprint" --sizes 0,256M --heap touched --calls direct,fork,clone3 \
	--workloads free --alloc 1M --reps 9 --warmup 2 --events none --cpu "$(first_cpu)" -o "$out" 2>"$FB_TMP/err" ||
	fail "run failed: $(cat "$FB_TMP/err")"
same_width "$out" || fail "CSV not rectangular"
sum=${out%.csv}.summary.csv
k="workload=free alloc_bytes=1048576 heap=touched"
# Physics (label physics): judged over the 3 independent runs, each side's
# per-run minima a span [lo, hi] (claim and run_min_span, tests/lib.sh): the
# growth passes when every pairing of runs shows more than 1.5x. "Does not
# care" passes when fork's smallest growth over any pairing of runs is over 3x
# the direct call's largest move, fails when its largest is under 3x the
# direct call's smallest, and skips (77) when the runs leave it open.
for m in fork clone3; do
	claim "$out" call_ns "$k call=$m heap_bytes=268435456" gt 1.5 "$k call=$m heap_bytes=0" \
		"$m at a 256M heap costs more than 1.5x its cost at 0"
done
span() { run_min_span "$out" call_ns $k "$@"; }
for m in fork clone3; do
	v=$(echo "$(span call=$m heap_bytes=268435456) $(span call=$m heap_bytes=0)" \
		"$(span call=direct heap_bytes=268435456) $(span call=direct heap_bytes=0)" | awk '
		function abs(x) { return x < 0 ? -x : x }
		NF == 8 {
			glo = $1 - $4; ghi = $2 - $3                    # fork: big - small
			mhi = abs($6 - $7) > abs($8 - $5) ? abs($6 - $7) : abs($8 - $5)
			mlo = $5 > $8 ? $5 - $8 : ($7 > $6 ? $7 - $6 : 0)  # direct: spans apart, else 0
			v = glo > 3 * mhi ? "yes" : (ghi < 3 * mlo ? "no" : "unsure")
			printf "%s %.0f %.0f %.0f %.0f\n", v, glo, ghi, mlo, mhi
		}')
	set -- $v
	[ $# -eq 5 ] || fail "no per-run minima of call_ns for $m or direct in $out"
	what="$m grew by $2-$3 ns from heap 0 to 256M, the direct call moved by $4-$5 ns (over the runs)"
	case $1 in
	yes) ok "$what: over 3x" ;;
	no) fail "$what: not 3x in any pairing of runs" ;;
	*) skip "too noisy to tell now: $what" ;;
	esac
done
f0=$(median "$sum" parent_minflt $k call=direct heap_bytes=0)
f1=$(median "$sum" parent_minflt $k call=direct heap_bytes=268435456)
[ -n "$f0" ] && [ -n "$f1" ] || fail "no direct fault counts"
less "$(absdiff "$f1" "$f0")" 16 ||
	fail "direct call's faults depend on the parent's size: $f0 at 0, $f1 at 256M"
ok "direct: same faults at heap 0 and 256M ($f0, $f1): independent of the parent's size"
done_tests
