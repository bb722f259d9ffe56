#!/bin/sh
# runs_budget: --budget sizes the runs from what the first one cost here (a
# probe of 1 rep, kept as run 0): at least 3 runs, as many as fit, the others
# of the unbudgeted run's reps (2 here: 6 over 3), rep numbers following on
# without a gap or a repeat, the plan in the sidecar; a budget
# too small for 3 runs says what 3 would take and runs 3; bad values and
# --budget with --runs are refused (exit 2, nothing written).
. "$FB_SRC/tests/lib.sh"
spawn=$FB_BIN/forkbench-spawn
csv=$FB_TMP/b.csv
"$spawn" --budget 3s --sizes 0 --heap untouched --methods fork --child exit --reps 6 --warmup 0 \
	--events none -o "$csv" 2>"$FB_TMP/err" || { cat "$FB_TMP/err"; fail "budget run failed"; }
meta=${csv%.csv}.meta
kv() { sed -n "s/^$1=//p" "$meta"; }
planned=$(kv runs_planned); done_=$(kv runs_done); reps=$(kv reps_planned); first=$(kv budget_first_run_s)
[ -n "$planned" ] && [ "$planned" -ge 3 ] || fail "runs_planned '$planned'"
[ "$done_" = "$planned" ] || fail "runs_done $done_ of $planned planned"
[ "$reps" -eq $((1 + (planned - 1) * 2)) ] || fail "reps_planned $reps: not 1 + $((planned - 1)) runs of 2 reps"
grep -q "the first run (1 rep) took .* more runs of 2 reps fit in the budget of 3 s" "$FB_TMP/err" ||
	fail "no plan message: $(cat "$FB_TMP/err")"
ok "3 s: a probe of 1 rep ($first s), then $((planned - 1)) runs of 2 reps planned and done, said after the probe"
awk -F, -v n="$planned" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ runs[$(c["run"])] = 1; k = $(c["method"]) SUBSEP $(c["rep"]); if (k in seen) dup = 1; seen[k] = 1; reps[$(c["method"])]++ }
	END { nr = 0; for (r in runs) nr++; if (nr != n || dup) exit 1; for (m in reps) if (reps[m] != 1 + 2 * (n - 1)) exit 1 }' "$csv" ||
	fail "the CSV does not hold the probe and $((planned - 1)) runs of 2 reps with distinct rep numbers"
ok "the CSV holds every run, rep numbers distinct"
# Too small: building a 1 GiB heap alone takes longer than a third of a second.
"$spawn" --budget 1s --sizes 1G --heap touched --methods fork --child exit --reps 3 --warmup 0 \
	--events none -o "$FB_TMP/small.csv" 2>"$FB_TMP/err" || { cat "$FB_TMP/err"; fail "small budget run failed"; }
grep -q "the minimum of 3 runs needs about .* more than the budget of 1 s; running the minimum" "$FB_TMP/err" ||
	fail "no 'too small' message: $(cat "$FB_TMP/err")"
[ "$(sed -n 's/^runs_done=//p' "$FB_TMP/small.meta")" = 3 ] || fail "not the minimum of 3 runs"
ok "1 s for a 1 GiB heap: says what 3 runs need, runs 3"
expect_usage "$spawn" "bad --budget value '0'" --budget 0
expect_usage "$spawn" "bad --budget value '5x'" --budget 5x
expect_usage "$spawn" "bad --budget value '25h'" --budget 25h
expect_usage "$spawn" "--runs 4 and --budget: give one" --budget 1m --runs 4
done_tests
