#!/bin/sh
# --fds and --threads: every row says what was asked (fds, threads) and what
# the worker counted back from /proc before timing (fds_observed,
# threads_observed), and they match; the observed process VMAs carry the
# threads' stacks while they run and not after (no cached stack outlives its
# state); exit rows carry exec_target "-"; the
# summary groups by the new keys; a value above RLIMIT_NOFILE (or above the
# thread maximum) is refused up front with exit 2 naming it.
. "$FB_SRC/tests/lib.sh"
out=$FB_TMP/state.csv
"$FB_BIN/forkbench-spawn" --methods fork,vfork --child exit,exec --sizes 0 --heap untouched \
	--fds 0,1000 --threads 0,8 --reps 2 --warmup 1 --runs 1 --events none -o "$out" 2>"$FB_TMP/err" ||
	fail "driver failed: $(cat "$FB_TMP/err")"
same_width "$out" || fail "rows differ in width"
awk -F, -v f="$(col "$out" fds)" -v t="$(col "$out" threads)" -v fo="$(col "$out" fds_observed)" \
	-v to="$(col "$out" threads_observed)" -v st="$(col "$out" status)" -v c="$(col "$out" child)" \
	-v x="$(col "$out" exec_target)" -v v="$(col "$out" vmas)" '
	NR == 1 { next }
	{ n++; seen[$f "/" $t]++
	  if ($st != "ok") { print "not ok: " $0; bad = 1 }
	  if ($fo == "" || $fo != $f || $to == "" || $to != $t) { print "observed differs: " $0; bad = 1 }
	  if ($c == "exit" && $x != "-") { print "exit row with an exec target: " $0; bad = 1 }
	  if ($c == "exec" && $x != "static") { print "exec row not static: " $0; bad = 1 }
	  if ($t == 0) { if (v0 != "" && $v != v0) { print "threads 0 rows differ in vmas: " $0; bad = 1 }; v0 = $v }
	  else v8 = $v }
	END { k = 0; for (s in seen) k++
	      printf "%d rows in %d states; process vmas %s with 0 threads, %s with 8\n", n, k, v0, v8
	      if (n != 4 * 4 * 2 || k != 4) { print "expected 32 rows in 4 states"; bad = 1 }
	      if (!(v8 >= v0 + 8)) { print "thread stacks not in the observed vmas"; bad = 1 }
	      exit bad }' "$out" || fail "asked and observed parent state differ"
ok "fds/threads asked = observed in every row (0,1000 x 0,8)"
groups=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) ix[$i] = i; next }
	$ix["metric"] == "create_ns" { print $ix["fds"] "/" $ix["threads"] }' "${out%.csv}.summary.csv" | sort -u | wc -l)
[ "$groups" -eq 4 ] || fail "summary has $groups fds/threads groups, expected 4"
ok "summary groups by fds and threads"

limit=$(ulimit -Hn)
if [ "$limit" = unlimited ]; then limit=$(cat /proc/sys/fs/nr_open); fi
nr_open=$(cat /proc/sys/fs/nr_open)
[ "$nr_open" -gt "$limit" ] && limit=$nr_open   # privileged: the hard limit may rise to fs.nr_open
over=$((limit + 1))
expect_usage "$FB_BIN/forkbench-spawn" "'$over'" --fds 0,$over --sizes 0
grep -q "RLIMIT_NOFILE" "$FB_TMP/err" || fail "refusal does not name the limit: $(cat "$FB_TMP/err")"
expect_usage "$FB_BIN/forkbench-spawn" "'5000'" --threads 5000 --sizes 0
expect_usage "$FB_BIN/forkbench-spawn" "'x'" --fds 0,x --sizes 0
# Ctrl-C while the parent holds descriptors and idle threads: exit 130, the
# rows so far kept, no process left (the threads die with their worker).
interrupt_check after:1 "$FB_BIN/forkbench-spawn" --methods fork,vfork --sizes 0,64M --heap touched \
	--fds 0,1000 --threads 0,16 --reps 400 --warmup 0 --runs 1 --events none
done_tests
