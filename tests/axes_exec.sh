#!/bin/sh
# --exec-target: each image (static, dynamic, shell, large:4M) runs under
# posix_spawn and vfork and stamps its first-instruction timestamp (status
# ok, 0 < ready_ns <= total_ns); large:4M's rows also carry its second stamp
# after reading 4 MiB of its own text (touched_ns > ready_ns) and its own
# fault count over that read (> 0: demand paging happened; fault-around maps
# several pages per fault, so it is not 1024); other rows leave both empty.
# Bad targets are refused with exit 2.
. "$FB_SRC/tests/lib.sh"
out=$FB_TMP/exec.csv
"$FB_BIN/forkbench-spawn" --methods posix_spawn,vfork --child exec --exec-target static,dynamic,shell,large:4M \
	--sizes 0 --heap untouched --reps 3 --warmup 1 --runs 1 --events none -o "$out" 2>"$FB_TMP/err" ||
	fail "driver failed: $(cat "$FB_TMP/err")"
same_width "$out" || fail "rows differ in width"
awk -F, -v x="$(col "$out" exec_target)" -v m="$(col "$out" method)" -v st="$(col "$out" status)" \
	-v r="$(col "$out" ready_ns)" -v t="$(col "$out" total_ns)" -v tn="$(col "$out" touched_ns)" \
	-v tf="$(col "$out" touch_minflt)" '
	NR == 1 { next }
	{ seen[$m "+" $x]++
	  if ($st != "ok") { print "not ok: " $0; bad = 1 }
	  if ($r == "" || $r <= 0 || $r + 0 > $t + 0) { print "ready_ns out of range: " $0; bad = 1 }
	  if ($x ~ /^large:/) {
		if ($tn == "" || $tn + 0 <= $r + 0 || $tn + 0 > $t + 0) { print "touched_ns out of range: " $0; bad = 1 }
		if ($tf == "" || $tf <= 0) { print "no faults over the touch: " $0; bad = 1 }
		if ($tf > fmax) fmax = $tf
	  } else if ($tn != "" || $tf != "") { print "touch cells on a target that does not touch: " $0; bad = 1 } }
	END { k = 0; for (s in seen) { k++; if (seen[s] != 3) { print s ": " seen[s] " rows"; bad = 1 } }
	      printf "%d method+target pairs; large:4M faults over its touch: up to %d\n", k, fmax
	      if (k != 8) { print "expected 8 method+target pairs"; bad = 1 }
	      exit bad }' "$out" || fail "an exec target did not run or stamp"
ok "every exec target ran under posix_spawn and vfork and stamped ready_ns; large:4M touched_ns > ready_ns"
expect_usage "$FB_BIN/forkbench-spawn" "'bogus'" --exec-target static,bogus --sizes 0
expect_usage "$FB_BIN/forkbench-spawn" "'large:64G'" --exec-target large:64G --sizes 0
expect_usage "$FB_BIN/forkbench-spawn" "'static:4M'" --exec-target static:4M --sizes 0
done_tests
