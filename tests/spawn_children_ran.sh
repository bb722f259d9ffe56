#!/bin/sh
# Every method x child action runs, and the child really ran: its timestamp
# arrived (ready_ns between 0 and total_ns), exit status 0 (status ok), and
# the CSV is rectangular.
. "$FB_SRC/tests/lib.sh"
out=$FB_TMP/spawn.csv
"$FB_BIN/forkbench-spawn" --methods all --sizes 0,4M --heap touched --reps 3 --warmup 1 -o "$out" 2>"$FB_TMP/err" ||
	fail "driver failed: $(cat "$FB_TMP/err")"
same_width "$out" || fail "rows differ in width"
ok "every row has the header's width"

pairs=$("$FB_BIN/forkbench-spawn" --list | awk '/^methods:/{m=1;next} /^child actions:/{m=0} m' | wc -l)
rows=$(awk 'END{print NR-1}' "$out")
# every method runs exit and exec, except the exec-only (posix_spawn) and
# exit-only (threads) ones
one_only=$("$FB_BIN/forkbench-spawn" --list | grep -c 'ex[ei][ct] only')
want=$(( (pairs * 2 - one_only) * 3 * 2 ))
[ "$rows" -eq "$want" ] || fail "expected $want rows, got $rows"
ok "$rows rows: every method x child x size x rep"

m=$(col "$out" method); c=$(col "$out" child); st=$(col "$out" status)
r=$(col "$out" ready_ns); t=$(col "$out" total_ns); cr=$(col "$out" create_ns)
awk -F, -v st="$st" -v r="$r" -v t="$t" -v cr="$cr" -v m="$m" -v c="$c" 'NR > 1 {
	if ($st != "ok") { print "not ok: " $0; bad = 1 }
	if ($r == "" || $r <= 0 || $r + 0 > $t + 0) { print "ready_ns out of range: " $0; bad = 1 }
	if ($cr <= 0 || $cr + 0 > $t + 0) { print "create_ns out of range: " $0; bad = 1 }
	seen[$m "+" $c] = 1
} END { n = 0; for (k in seen) n++; print n " method+child pairs seen"; exit bad }' "$out" ||
	fail "a child did not run cleanly"
ok "every child stored its timestamp and exited 0"

# the exec target's timestamp proves the exec happened: exec rows' ready comes after
# the exit rows' ready for the same method (the exec target starts later)
cc=$(col "$out" child_minflt)
awk -F, -v c="$c" -v cc="$cc" 'NR > 1 && $cc == "" { bad = 1 } END { exit bad }' "$out" ||
	fail "child_minflt missing"
ok "child fault counts present"
# --runs: the reps are shared out over runs and numbered across them, once each.
"$FB_BIN/forkbench-spawn" --sizes 0 --heap touched --methods fork,vfork --child exit --reps 5 \
	--runs 2 --events none -o "$FB_TMP/rounds.csv" 2>"$FB_TMP/err" || fail "--runs run failed"
awk -F, -v m="$(col "$FB_TMP/rounds.csv" method)" -v r="$(col "$FB_TMP/rounds.csv" rep)" '
	NR > 1 { seen[$m "/" $r]++ }
	END { for (mm in seen) if (seen[mm] != 1) bad = 1
	      n = 0; for (mm in seen) n++; exit bad || n != 10 }' "$FB_TMP/rounds.csv" ||
	fail "with --runs 2 --reps 5, each pair should have reps 0-4 once"
ok "--runs 2: reps 0-4 once per pair"
done_tests
