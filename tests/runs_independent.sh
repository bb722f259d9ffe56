#!/bin/sh
# Every driver with --runs 3: three distinct run values, each run's rows from
# its own worker process (three distinct worker_pid, one per run, none the
# driver), reps numbered across runs once each, rows rectangular, and the
# summary's between-run spread filled.
. "$FB_SRC/tests/lib.sh"
check() {
	name=$1; csv=$FB_TMP/$name.csv; shift
	"$FB_BIN/forkbench-$name" "$@" --runs 3 --warmup 0 --events none -o "$csv" 2>"$FB_TMP/err" ||
		{ cat "$FB_TMP/err"; fail "$name --runs 3 failed"; }
	same_width "$csv" || fail "$name: rows differ in width"
	awk -F, -v r="$(col "$csv" run)" -v p="$(col "$csv" worker_pid)" -v st="$(col "$csv" status)" '
		NR > 1 { if ($st != "ok") bad = "row " NR " not ok"
			 runs[$r] = 1; if (pid[$r] != "" && pid[$r] != $p) bad = "run " $r " has two pids"
			 pid[$r] = $p; owner[$p] = owner[$p] == "" || owner[$p] == $r ? $r : "x" }
		END { n = 0; for (k in runs) n++; m = 0; for (k in owner) { m++; if (owner[k] == "x") bad = "pid " k " in two runs" }
		      if (n != 3) bad = n " distinct runs"; if (m != 3) bad = m " distinct worker pids"
		      if (bad) { print bad; exit 1 } }' "$csv" || fail "$name: runs or worker pids wrong"
	s=${csv%.csv}.summary.csv
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$(c["n"]) > 0 && ($(c["runs"]) != 3 || $(c["run_median_min"]) == "" || $(c["run_median_max"]) + 0 < $(c["run_median_min"]) + 0) { print; bad = 1 }
		END { exit bad }' "$s" || fail "$name: summary lacks the between-run spread"
	ok "$name: 3 runs, 3 worker pids, rectangular, spread in the summary"
}
check spawn --sizes 0,1M --heap touched --methods fork,vfork --child exit --reps 3
# Reps spread over the runs, numbered across them: 0..4 once per configuration.
awk -F, -v m="$(col "$FB_TMP/spawn.csv" method)" -v h="$(col "$FB_TMP/spawn.csv" heap_bytes)" \
	-v r="$(col "$FB_TMP/spawn.csv" rep)" 'NR > 1 { seen[$m "/" $h "/" $r]++ }
	END { n = 0; for (k in seen) { n++; if (seen[k] != 1) exit 1 } exit n != 12 }' "$FB_TMP/spawn.csv" ||
	fail "spawn: reps not numbered once each across runs"
ok "spawn: reps 0-2 once per configuration across the runs"
check cow --sizes 4M --heap touched --patterns seq,read --writer child --reps 3
check footprint --sizes 0 --heap touched --calls direct,fork --workloads free --alloc 1M --reps 3
done_tests
