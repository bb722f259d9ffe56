#!/bin/sh
# compare_fixtures: forkbench-compare (through scripts/compare) on fixture runs:
# A vs A flags nothing; one configuration 2x slower over 10 repetitions is
# flagged and nothing else is; missing events, configurations and columns are
# reported, not fatal; cow's 3 repetitions say n<9 and are never flagged.
. "$FB_SRC/tests/lib.sh"
export FORKBENCH_COMPARE="$FB_BIN/forkbench-compare"
[ -x "$FORKBENCH_COMPARE" ] || fail "forkbench-compare not built"
mk() { sh "$FB_SRC/tests/fixtures/make_run.sh" "$@"; }
mk "$FB_TMP/a"
cmp_() { "$FB_SRC/scripts/compare" "$@" > "$FB_TMP/out" 2> "$FB_TMP/err" || fail "compare $* exited $? ($(cat "$FB_TMP/err"))"; }
# sig FILE: the significant rows of a compare.csv ("driver config metric").
sig() { awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["verdict"] == "higher" || $c["verdict"] == "lower" { print $c["driver"], $c["config"], $c["metric"] }' "$1"; }

cmp_ -o "$FB_TMP/aa" "$FB_TMP/a" "$FB_TMP/a"
[ -z "$(sig "$FB_TMP/aa/compare.csv")" ] || fail "A vs A flagged: $(sig "$FB_TMP/aa/compare.csv")"
grep -q "sidecars: no differences" "$FB_TMP/out" || fail "A vs A: sidecars reported as different"
grep -q ",spawn,fork/exit/touched/16M,create_ns," "$FB_TMP/aa/compare.csv" || fail "A vs A: no create_ns rows"
for f in compare.csv compare.md runs.csv compare_spawn_create_ns_exit.png compare_spawn_create_ns_exit.svg \
	compare_ratios_spawn.png compare_ratios_spawn.svg; do
	[ -s "$FB_TMP/aa/$f" ] || fail "A vs A: $f not written"
done
ok "A vs A: nothing significant; CSV, Markdown and figures written"

mk "$FB_TMP/b" spawn slow=fork/exit/touched/16777216
cmp_ -o "$FB_TMP/ab" "$FB_TMP/a" "$FB_TMP/b"
sig "$FB_TMP/ab/compare.csv" > "$FB_TMP/sig"
grep -qx "spawn fork/exit/touched/16M create_ns" "$FB_TMP/sig" || fail "the 2x slower create_ns is not flagged"
others=$(grep -v "^spawn fork/exit/touched/16M " "$FB_TMP/sig" || true)
[ -z "$others" ] || fail "other configurations flagged: $others"
awk -F, '$3 == "spawn" && $4 == "fork/exit/touched/16M" && $5 == "create_ns" { exit !($15 == "higher" && $10 + 0 > 1.9) }' \
	"$FB_TMP/ab/compare.csv" || fail "slow row: verdict or ratio wrong"
grep -q "^a,b,spawn,geomean,create_ns," "$FB_TMP/ab/compare.csv" || fail "no geomean row"
ok "one configuration 2x slower: flagged, and only that configuration"

# --min-change: a significant +100% is still flagged at 50%, shown as ~ at 150%.
cmp_ --min-change 50 -o "$FB_TMP/ab50" "$FB_TMP/a" "$FB_TMP/b"
grep -qx "spawn fork/exit/touched/16M create_ns" "$(sig "$FB_TMP/ab50/compare.csv" > "$FB_TMP/s50"; echo "$FB_TMP/s50")" ||
	fail "--min-change 50 hid a +100% change"
cmp_ --min-change 150 -o "$FB_TMP/ab150" "$FB_TMP/a" "$FB_TMP/b"
[ -z "$(sig "$FB_TMP/ab150/compare.csv")" ] || fail "--min-change 150 still flags a +100% change"
ok "--min-change: +100% flagged at 50%, shown as ~ at 150%"

# cow has 3 repetitions: said per row, never significant even when 2x slower.
mk "$FB_TMP/c" cow slow=fork/touched/16777216/child/seq
cmp_ -o "$FB_TMP/ac" "$FB_TMP/a" "$FB_TMP/c"
awk -F, '$3 == "cow" && $4 == "fork/touched/16M/child/seq" && $5 == "cow_ns_per_page" { found = 1; exit $15 != "n<9" } END { exit !found }' \
	"$FB_TMP/ac/compare.csv" || fail "cow 2x with n=3 not reported as n<9"
[ -z "$(sig "$FB_TMP/ac/compare.csv")" ] || fail "rows with n<9 flagged"
ok "n<9 said per row and never flagged"

# Mismatches: a column only in B's raw CSV (event), an event empty in B, a
# configuration only in A, another kernel, and footprint only in A.
KERNEL=6.9.0-other DRIVERS="spawn cow" mk "$FB_TMP/d" spawn dropcfg=vfork/exec/thp/0 spawn emptycol=parent_task_clock_ns \
	cow dropcol=cow_task_clock_ns
cmp_ -o "$FB_TMP/ad" "$FB_TMP/a" "$FB_TMP/d"
grep -q "configuration vfork/exec/thp/0 only in a" "$FB_TMP/out" || fail "configuration only in A not reported"
grep -q "metric parent_task_clock_ns: no data in d" "$FB_TMP/out" || fail "event empty in B not reported"
grep -q "metric cow_task_clock_ns only in a" "$FB_TMP/out" || fail "column only in A not reported"
grep -q "kernel_release" "$FB_TMP/out" && grep -q "6.9.0-other" "$FB_TMP/out" || fail "kernel difference not shown"
grep -q "footprint: only a has it" "$FB_TMP/out" || fail "driver only in A not reported"
grep -q "only in a" "$FB_TMP/ad/compare.csv" || fail "configuration only in A missing from the CSV"
grep -q "only in a" "$FB_TMP/ad/compare.md" || fail "configuration only in A missing from the Markdown"
ok "mismatched columns, configurations, events and sidecars reported; exit 0"

# Three runs: each compared with the first.
cmp_ -o "$FB_TMP/abc" "$FB_TMP/a" "$FB_TMP/b" "$FB_TMP/c"
grep -q "^a,b,spawn," "$FB_TMP/abc/compare.csv" && grep -q "^a,c,spawn," "$FB_TMP/abc/compare.csv" || fail "3 runs: not each against the first"
ok "three runs: each against the first"

rc=0; "$FB_SRC/scripts/compare" -o "$FB_TMP/x" "$FB_TMP/a" 2>/dev/null >/dev/null || rc=$?
[ $rc = 2 ] || fail "one run: exit $rc, want 2"
rc=0; "$FB_SRC/scripts/compare" -o "$FB_TMP/x" "$FB_TMP/a" "$FB_TMP/nope" 2>/dev/null >/dev/null || rc=$?
[ $rc = 2 ] || fail "missing directory: exit $rc, want 2"
rc=0; "$FB_SRC/scripts/compare" --alpha 7 "$FB_TMP/a" "$FB_TMP/a" 2>/dev/null >/dev/null || rc=$?
[ $rc = 2 ] || fail "--alpha 7: exit $rc, want 2"
ok "bad usage exits 2"
done_tests
