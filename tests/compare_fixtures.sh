#!/bin/sh
# compare_fixtures: forkbench-compare (through scripts/compare) on the small
# fixture directories (one run each, all three drivers): A vs A judges
# nothing (one run a side: "too few runs to judge"); three directories a side
# pooled, one configuration 2x slower is flagged higher and nothing else is,
# unchanged ones are `same` or `undecided`, its family (spawn fork create_ns)
# is higher; --min-change above the change makes it undecided; configurations, metrics, events and drivers on one side only
# are listed; three directories compare each with the first; bad usage exits 2.
. "$FB_SRC/tests/lib.sh"
export FORKBENCH_COMPARE="$FB_BIN/forkbench-compare"
[ -x "$FORKBENCH_COMPARE" ] || fail "forkbench-compare not built"
mk() { sh "$FB_SRC/tests/fixtures/make_run.sh" "$@"; }
mk "$FB_TMP/a"
cmp_() { "$FB_SRC/scripts/compare" --resamples 1000 "$@" > "$FB_TMP/out" 2> "$FB_TMP/err" || fail "compare $* exited $? ($(cat "$FB_TMP/err"))"; }
# sig FILE: the flagged rows of a compare.csv ("driver config metric").
sig() { awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["verdict"] == "higher" || $c["verdict"] == "lower" { print $c["driver"], $c["config"], $c["metric"] }' "$1"; }
# field FILE DRIVER CONFIG METRIC COLUMN: one cell of compare.csv.
field() { awk -F, -v d="$2" -v k="$3" -v m="$4" -v f="$5" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["driver"] == d && $c["config"] == k && $c["metric"] == m { print $c[f]; exit }' "$1"; }

cmp_ -o "$FB_TMP/aa" "$FB_TMP/a" "$FB_TMP/a"
[ -z "$(sig "$FB_TMP/aa/compare.csv")" ] || fail "A vs A flagged: $(sig "$FB_TMP/aa/compare.csv")"
grep -q "sidecar" "$FB_TMP/aa/compare.txt" && fail "A vs A: sidecars reported as different"
[ "$(field "$FB_TMP/aa/compare.csv" spawn fork/exit/-/touched/16M/0/0 create_ns ratio)" = 1.000000 ] || fail "A vs A: ratio not 1"
for f in compare.txt compare.md compare.csv summary.csv runs.csv compare_spawn_create_ns_exit.png \
	compare_spawn_create_ns_exit.svg compare_ratios_spawn.png compare_ratios_spawn.svg; do
	[ -s "$FB_TMP/aa/$f" ] || fail "A vs A: $f not written"
done
# Display columns (µ and ± are one column, two bytes).
sed 's/µ/u/g; s/±/+/g' "$FB_TMP/aa/compare.txt" | awk 'length($0) > 80 { n++ } END { exit n > 0 }' ||
	fail "text report wider than 80 columns"
ok "A vs A: nothing flagged, ratio 1; text (80 columns), Markdown, CSV and figures written"

grep -q "1 run: too few runs to judge" "$FB_TMP/aa/compare.txt" || fail "one-run sides not said to be one run"
[ "$(field "$FB_TMP/aa/compare.csv" spawn fork/exit/-/touched/16M/0/0 create_ns note)" = "1 run: too few runs to judge" ] ||
	fail "one-run row not marked in the CSV"
[ "$(field "$FB_TMP/aa/compare.csv" spawn fork/exit/-/touched/16M/0/0 create_ns verdict)" = "too few runs" ] ||
	fail "one-run row has a verdict"
[ "$(field "$FB_TMP/aa/compare.csv" spawn fork/exit/-/touched/16M/0/0 create_ns runs_a)" = 1 ] || fail "runs_a is not 1"
grep -q " too few runs$" "$FB_TMP/aa/compare.txt" || fail "one-run rows not shown as too few runs"
ok "one-run sides: nothing judged; said in the summary and in each row"

# Three one-run directories a side are three runs.
for s in 2 3; do SEED=$s mk "$FB_TMP/a$s"; done
for s in 1 2 3; do SEED=$((s + 10)) mk "$FB_TMP/b$s" spawn slow=fork/exit/touched/16777216; done
A="$FB_TMP/a $FB_TMP/a2 $FB_TMP/a3"; B="$FB_TMP/b1 $FB_TMP/b2 $FB_TMP/b3"
cmp_ -o "$FB_TMP/ab" $A -- $B
sig "$FB_TMP/ab/compare.csv" > "$FB_TMP/sig"
grep -qx "spawn fork/exit/-/touched/16M/0/0 create_ns" "$FB_TMP/sig" || fail "the 2x slower create_ns is not flagged"
others=$(grep -v "^spawn fork/exit/-/touched/16M/0/0 " "$FB_TMP/sig" || true)
[ -z "$others" ] || fail "other configurations flagged: $others"
r=$(field "$FB_TMP/ab/compare.csv" spawn fork/exit/-/touched/16M/0/0 create_ns ratio)
lo=$(field "$FB_TMP/ab/compare.csv" spawn fork/exit/-/touched/16M/0/0 create_ns ratio_lo)
hi=$(field "$FB_TMP/ab/compare.csv" spawn fork/exit/-/touched/16M/0/0 create_ns ratio_hi)
less 1.9 "$r" && less "$r" 2.1 && less 1 "$lo" && less "$lo" "$r" && less "$r" "$hi" || fail "slow row: ratio $r [$lo, $hi]"
# Key columns split out; the verdict column holds verdicts only.
[ "$(field "$FB_TMP/ab/compare.csv" spawn fork/exit/-/touched/16M/0/0 create_ns heap_bytes)" = 16777216 ] || fail "heap_bytes column"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["verdict"] !~ /^(higher|lower|same|undecided|too few runs|)$/ { exit 1 }' \
	"$FB_TMP/ab/compare.csv" || fail "verdict column holds something else than verdicts"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["metric"] == "create_ns" && $c["verdict"] == "same" { n++ }
	END { exit n < 6 }' "$FB_TMP/ab/compare.csv" || fail "unchanged create_ns rows (3 runs a side, ~3% noise) not said to be the same"
grep -q "^a+2,b1+2,spawn,,create_ns,time,12,,,1,1,0," "$FB_TMP/ab/summary.csv" || fail "summary.csv: spawn create_ns not 1 of 12"
grep -q "^a+2,b1+2,spawn,fork,create_ns,time,4,3,3,1,1,0,0,0,.*,higher,0$" "$FB_TMP/ab/summary.csv" ||
	fail "summary.csv: the fork family of create_ns not higher: $(grep ',fork,create_ns' "$FB_TMP/ab/summary.csv")"
grep -q "spawn fork create_ns .* higher$" "$FB_TMP/out" || fail "the fork create_ns family not shown higher"
ok "one configuration 2x slower: flagged with its interval ($r [$lo, $hi]), and only that one; its family higher"

cmp_ --min-change 150 -o "$FB_TMP/ab150" $A -- $B
[ -z "$(sig "$FB_TMP/ab150/compare.csv")" ] || fail "--min-change 150 still flags a +100% change"
[ "$(field "$FB_TMP/ab150/compare.csv" spawn fork/exit/-/touched/16M/0/0 create_ns verdict)" = same ] ||
	fail "--min-change 150: a +100% change with a tight interval is not 'same' (within the margin)"
ok "--min-change 150: a +100% change is within the margin: same"

# Mismatches: a column only in A (event), an event empty in B, a configuration
# only in A, another kernel, and footprint only in A.
KERNEL=6.9.0-other DRIVERS="spawn cow" mk "$FB_TMP/d" spawn dropcfg=vfork/exec/thp/0 spawn emptycol=parent_task_clock_ns \
	cow dropcol=cow_task_clock_ns
cmp_ -o "$FB_TMP/ad" "$FB_TMP/a" "$FB_TMP/d"
t="$FB_TMP/ad/compare.txt"
grep -q "spawn vfork/exec/static/thp/0/0/0: only in a" "$t" || fail "configuration only in A not listed"
grep -q "parent_task_clock_ns: no data in d" "$t" || fail "event empty in B not reported"
grep -q "metric cow_task_clock_ns only in a" "$t" || fail "column only in A not reported"
grep -q "kernel_release: a 6.1.0-fixture, d 6.9.0-other" "$t" || fail "kernel difference not shown"
grep -q "these runs differ in: kernel" "$t" || fail "no 'differ in: kernel' line"
grep -q "footprint: only a has usable results" "$t" || fail "driver only in A not reported"
grep -q "only in a" "$FB_TMP/ad/compare.csv" && grep -q "only in a" "$FB_TMP/ad/compare.md" ||
	fail "configuration only in A missing from the CSV or Markdown"
ok "one-side-only configurations, metrics, events, drivers and the kernel difference reported; exit 0"

cmp_ -o "$FB_TMP/abc" "$FB_TMP/a" "$FB_TMP/b1" "$FB_TMP/d"
grep -q "^a,b1,spawn," "$FB_TMP/abc/compare.csv" && grep -q "^a,d,spawn," "$FB_TMP/abc/compare.csv" ||
	fail "3 directories: not each against the first"
ok "three directories: each against the first"

expect2() { rc=0; "$FB_SRC/scripts/compare" "$@" >/dev/null 2>"$FB_TMP/err" || rc=$?; [ $rc = 2 ] || fail "compare $*: exit $rc, want 2"; }
expect2 -o "$FB_TMP/x" "$FB_TMP/a"
expect2 -o "$FB_TMP/x" "$FB_TMP/a" "$FB_TMP/nope"
grep -q "nope is not a results directory" "$FB_TMP/err" || fail "missing directory not named"
expect2 --alpha 7 "$FB_TMP/a" "$FB_TMP/a"
expect2 --resamples 5 "$FB_TMP/a" "$FB_TMP/a"
grep -q "'5'" "$FB_TMP/err" || fail "--resamples 5 not named"
ok "bad usage exits 2 and names the value"
done_tests
