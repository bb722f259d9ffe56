#!/bin/sh
# compare_aa: scripts/compare draws the A/A beside every B/A — the baseline's
# runs split in two (alternate runs) and compared the same way, the noise a
# reader must see before believing a ratio. Real runs of forkbench-spawn:
# with 6 runs on A, the halves hold 3 runs each, disjoint, together all of
# A's (counted from the CSVs); the A/A compares the same configurations as
# the B/A; its ratios are a block of the ratio figure's data (drawn in grey);
# compare.md says how far they stray. With 2 runs on A: no A/A, one note
# saying why. Arithmetic and counts, no timing compared.
. "$FB_SRC/tests/lib.sh"
command -v gnuplot >/dev/null || skip "gnuplot not installed"
export FORKBENCH_COMPARE="$FB_BIN/forkbench-compare"
run() { "$FB_BIN/forkbench-spawn" --methods fork --child exit --sizes 0,1M --heap touched --reps "$2" --runs "$3" \
	--events none -o "$FB_TMP/$1/spawn.csv" 2>"$FB_TMP/err" || fail "spawn $1: $(cat "$FB_TMP/err")"; }
run a 12 6; run b 12 6; run few 4 2
o=$FB_TMP/out
sh "$FB_SRC/scripts/compare" --resamples 300 -o "$o" "$FB_TMP/a" "$FB_TMP/b" >/dev/null 2>"$FB_TMP/cmp.err" ||
	fail "compare: $(cat "$FB_TMP/cmp.err")"
runs_of() { awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "run") c = i; next } { print $c }' "$1" | sort -u | tr '\n' ' '; }
h1=$(runs_of "$o/aa/half1/1/spawn.csv"); h2=$(runs_of "$o/aa/half2/1/spawn.csv")
[ "$h1" = "0 2 4 " ] && [ "$h2" = "1 3 5 " ] || fail "the halves hold runs '$h1' and '$h2', want 0 2 4 and 1 3 5"
[ "$(($(wc -l < "$o/aa/half1/1/spawn.csv") + $(wc -l < "$o/aa/half2/1/spawn.csv") - 2))" -eq "$(($(wc -l < "$FB_TMP/a/spawn.csv") - 1))" ] ||
	fail "the halves do not hold every row of A"
[ -s "$o/aa/half1/1/spawn.summary.csv" ] || fail "no summary for a half (forkbench-summarize)"
cfgs() { awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["driver"] == "spawn" { print $c["config"] }' "$1" | sort -u; }
[ "$(cfgs "$o/aa/out/compare.csv")" = "$(cfgs "$o/compare.csv")" ] || fail "the A/A compares other configurations than the B/A"
grep -q "^# create_ns A/A" "$o/data/compare_ratios_spawn.dat" || fail "no A/A block in the ratio figure's data"
[ -s "$o/compare_ratios_spawn.png" ] || fail "no ratio figure"
grep -q "^- A/A (the noise floor.*spawn: [0-9]* ratios stray by up to" "$o/compare.md" || fail "compare.md lacks the A/A line"
ok "A/A: A's 6 runs split 0 2 4 / 1 3 5, the same configurations, a grey block in compare_ratios_spawn, and in compare.md: $(grep '^- A/A' "$o/compare.md" | sed 's/.*: spawn/spawn/')"
sh "$FB_SRC/scripts/compare" --resamples 300 -o "$FB_TMP/o2" "$FB_TMP/few" "$FB_TMP/b" >/dev/null 2>"$FB_TMP/cmp2.err" ||
	fail "compare with 2 runs on A: $(cat "$FB_TMP/cmp2.err")"
grep -q "A/A: not drawn: spawn: 2 runs on A" "$FB_TMP/cmp2.err" || fail "no note why the A/A is missing: $(grep A/A "$FB_TMP/cmp2.err")"
[ ! -e "$FB_TMP/o2/aa/out" ] || fail "an A/A from 2 runs"
ok "2 runs on A: no A/A, and the note says why"
done_tests
