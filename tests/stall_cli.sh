#!/bin/sh
# forkbench-stall: bad input refused (exit 2, a message naming the value, no
# CSV), --list and --columns answer, --quick writes a rectangular CSV whose
# rows are all ok with a summary and a sidecar naming the sibling's setup.
. "$FB_SRC/tests/lib.sh"
B=$FB_BIN/forkbench-stall
expect_usage "$B" "unknown --methods value 'nope'" --methods nope
expect_usage "$B" "bad --child value" --child exit,exec
expect_usage "$B" "bad --sibling-cpu value '9999'" --sibling-cpu 9999
expect_usage "$B" "bad --events value 'cycles'" --events cycles
"$B" --list | grep -q "mmap_touch" || fail "--list lacks the sibling operation"
# single quotes: in double quotes the backticks would run a command and match anything
"$B" --columns | grep -qF '| `stall_ns` |' || fail "--columns lacks stall_ns"
ok "--list and --columns"
out=$FB_TMP/q.csv
"$B" --quick -o "$out" 2>"$FB_TMP/err" || { cat "$FB_TMP/err"; fail "--quick failed"; }
same_width "$out" || fail "rows differ in width"
rows=$(awk 'END{print NR-1}' "$out")
[ "$rows" -eq 18 ] || fail "--quick: expected 3 methods x 2 sizes x 3 reps = 18 rows, got $rows"
st=$(col "$out" status); d=$(col "$out" during_ops); b=$(col "$out" base_ops); me=$(col "$out" method)
# Every row a measurement; every method has rows whose windows held sibling
# operations. A single row may hold none: a short creation on a busy machine
# can fall between two of the sibling's operations (its cells then stay
# empty, honestly), so requiring one in every row failed on a loaded host.
awk -F, -v st="$st" -v d="$d" -v b="$b" -v me="$me" 'NR > 1 { m[$me] = 1; if ($st != "ok") { print; bad = 1 }
		if ($d >= 1) dm[$me] = 1; if ($b >= 1) bm[$me] = 1 }
	END { for (k in m) if (!(k in dm) || !(k in bm)) { print "no sibling operation in any window of " k; bad = 1 }; exit bad }' "$out" ||
	fail "a --quick row is not ok, or a method has no sibling operation in any window"
ok "--quick: $rows rows, all ok, every window saw the sibling"
[ -s "${out%.csv}.summary.csv" ] || fail "no summary"
grep -q '^sibling_op=' "${out%.csv}.meta" && grep -q '^sibling_cpu=' "${out%.csv}.meta" || fail "sidecar lacks sibling keys"
ok "summary and sidecar"
# --runs: each run a fresh worker process, numbered, its pid on its rows, said in the sidecar
"$B" --sizes 0 --heap touched --methods fork --reps 4 --runs 2 --warmup 0 -o "$FB_TMP/r.csv" 2>"$FB_TMP/err" ||
	{ cat "$FB_TMP/err"; fail "--runs 2 failed"; }
r=$(col "$FB_TMP/r.csv" run); w=$(col "$FB_TMP/r.csv" worker_pid)
[ -n "$r" ] && [ -n "$w" ] || fail "--runs: no run or worker_pid column"
pairs=$(awk -F, -v r="$r" -v w="$w" 'NR > 1 { n[$r] = n[$r] + 1; p[$r] = $w; if ($w == self) bad = 1 }
	END { if (bad) exit 1; for (k in n) printf "%s:%s:%s ", k, n[k], p[k] }' self="$$" "$FB_TMP/r.csv")
echo "runs (run:rows:worker_pid): $pairs"
[ "$(awk -F, -v r="$r" 'NR > 1 { print $r }' "$FB_TMP/r.csv" | sort -u | tr '\n' ' ')" = "0 1 " ] ||
	fail "--runs 2: rows not from runs 0 and 1"
[ "$(awk -F, -v w="$w" 'NR > 1 { print $w }' "$FB_TMP/r.csv" | sort -u | wc -l)" -eq 2 ] ||
	fail "--runs 2: not two distinct worker processes"
grep -q '^runs=2$' "${FB_TMP}/r.meta" && grep -q '^runs_done=2$' "${FB_TMP}/r.meta" || fail "sidecar lacks runs=2 / runs_done=2"
ok "--runs 2: two worker processes, 2 rows each, runs= and runs_done= in the sidecar"
# posix_spawn asked for with --child exit is measured as exec, and says so
"$B" --sizes 0 --heap touched --methods posix_spawn --child exit --reps 1 --warmup 0 -o "$FB_TMP/n.csv" 2>"$FB_TMP/err" ||
	fail "posix_spawn --child exit failed"
grep -q "posix_spawn is exec only; measuring posix_spawn+exec" "$FB_TMP/err" || fail "no note for posix_spawn+exit"
ok "posix_spawn --child exit: measured as exec, with a note"
done_tests
