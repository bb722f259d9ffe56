#!/bin/sh
# compare_inputs: broken input is said, never silently used (issue 7, item 8).
# Each case copies a good fixture directory and breaks one file: a CSV cut
# mid-line, a CSV whose newline is missing, garbage raw CSV beside a valid
# summary, two header columns swapped, a column name that is not one,
# corrupt or empty summaries, a missing summary. Each must give a warning
# naming the file and line, keep what is still usable (exit 0), and exit 1
# when nothing usable remains. Empty files are said to be empty; empty sides
# (A -- -- B, A B --) are refused with exit 2; scripts/compare --help only
# prints the usage.
. "$FB_SRC/tests/lib.sh"
export FORKBENCH_COMPARE="$FB_BIN/forkbench-compare"
[ -x "$FORKBENCH_COMPARE" ] || fail "forkbench-compare not built"
sh "$FB_SRC/tests/fixtures/make_run.sh" "$FB_TMP/a"
copy() { rm -rf "$FB_TMP/$1"; cp -r "$FB_TMP/a" "$FB_TMP/$1"; }
# run WANT_RC NAME: compares a with NAME; stderr in $FB_TMP/err.
run() {
	rc=0
	"$FB_SRC/scripts/compare" --resamples 300 -o "$FB_TMP/o_$2" "$FB_TMP/a" "$FB_TMP/$2" > "$FB_TMP/out" 2> "$FB_TMP/err" || rc=$?
	[ "$rc" = "$1" ] || fail "$2: exit $rc, want $1 ($(cat "$FB_TMP/err"))"
}
warned() { grep -qF -- "$1" "$FB_TMP/err" || fail "no warning '$1': $(cat "$FB_TMP/err")"; }
# reheader NAME SED: a copy of a whose spawn.csv header is edited by SED, compared (exit 0).
reheader() {
	copy "$1"; f="$FB_TMP/$1/spawn.csv"
	{ head -n 1 "$FB_TMP/a/spawn.csv" | sed "$2"; tail -n +2 "$FB_TMP/a/spawn.csv"; } > "$f"
	run 0 "$1"
}
# n_b NAME DRIVER CONFIG METRIC: the B-side count of a row.
n_b() { awk -F, -v d="$2" -v k="$3" -v m="$4" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["driver"] == d && $c["config"] == k && $c["metric"] == m { print $c["n_b"]; exit }' "$FB_TMP/o_$1/compare.csv"; }

# 1. Cut mid-line: the last row loses its tail (fewer cells than the header).
copy cut; f="$FB_TMP/cut/spawn.csv"; lines=$(wc -l < "$f")
head -c $(($(wc -c < "$f") - 40)) "$FB_TMP/a/spawn.csv" > "$f"
run 0 cut
warned "$f:$lines: row has"; warned "(cut or torn row): 1 such row ignored"
warned "1 warning about the input"
ok "CSV cut mid-line: warned with file and line $lines, the rest compared"

# 2. Newline missing at the end (cut inside the last cell): the row is not trusted.
copy nonl; f="$FB_TMP/nonl/spawn.csv"
head -c $(($(wc -c < "$f") - 1)) "$FB_TMP/a/spawn.csv" > "$f"
run 0 nonl
warned "$f:$lines: last row has no newline (file cut mid-line?): ignored"
ok "last row without newline: warned at line $lines"

# 3. Garbage raw CSV beside a valid summary: spawn left out, said; cow and footprint still compared.
copy garbage; f="$FB_TMP/garbage/spawn.csv"
printf 'x\x01y;;\nnot,a,csv,at,all\n\n"unterminated\n' > "$f"
run 0 garbage
warned "$f:1: the header lacks key column(s) method, child, exec_target, heap, heap_bytes, fds, threads"
grep -q "^a,garbage,cow," "$FB_TMP/o_garbage/compare.csv" || fail "garbage spawn.csv stopped cow from being compared"
grep -q "^a,garbage,spawn," "$FB_TMP/o_garbage/compare.csv" && fail "garbage spawn.csv compared"
grep -q "spawn: only a has usable results" "$FB_TMP/out" || fail "spawn only in A not said"
ok "garbage raw CSV: warned at line 1, not compared, other drivers still are"

# 4. Two header columns swapped: their values do not give the summary's medians.
reheader swapped 's/create_ns,ready_ns/ready_ns,create_ns/'
warned "$f:1: column create_ns does not match the summary"
warned "$f:1: column ready_ns does not match the summary"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["driver"] == "spawn" && $c["metric"] == "create_ns" { exit 1 }' \
	"$FB_TMP/o_swapped/compare.csv" || fail "swapped create_ns still compared"
grep -q "create_ns: no data in swapped" "$FB_TMP/out" || fail "left-out create_ns not noted in the report"
ok "swapped header columns: both warned, neither compared (no false +/- change)"

# 5. A column name that is not one, and a repeated one.
reheader names 's/,total_ns,/,Total NS,/; s/,rss_bytes,/,vmas,/'
warned "$f:1: unknown column name 'Total NS' in the header"
warned "$f:1: column vmas appears twice in the header"
warned "$f:1: metric total_ns is in the summary but not a column here"
ok "unknown and repeated column names: warned at line 1"

# 6. Corrupt summaries: a bad median cell; only a header; absent.
copy badsum; f="$FB_TMP/badsum/cow.summary.csv"
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "median") m = i } NR == 3 { $m = "abc" } { print }' \
	"$FB_TMP/a/cow.summary.csv" > "$f"
run 0 badsum
warned "$f:3: summary row with a bad metric name, n or median: 1 such row ignored"
copy emptysum; head -n 1 "$FB_TMP/a/cow.summary.csv" > "$FB_TMP/emptysum/cow.summary.csv"
run 0 emptysum
warned "$FB_TMP/emptysum/cow.summary.csv: no usable summary row"
warned "cow skipped: its summary is unusable"
copy nosum; rm "$FB_TMP/nosum/footprint.summary.csv"
run 0 nosum
warned "$FB_TMP/nosum/footprint.summary.csv: cannot read the summary"
copy notsum; printf 'a,b\n1,2\n' > "$FB_TMP/notsum/spawn.summary.csv"
run 0 notsum
warned "$FB_TMP/notsum/spawn.summary.csv:1: not a summary"
ok "corrupt, empty, absent and foreign summaries: warned with file (and line), driver skipped"

# 7. Nothing usable left: every driver of B broken.
copy dead
for d in spawn cow footprint; do printf 'garbage\n' > "$FB_TMP/dead/$d.csv"; done
run 1 dead
warned "nothing usable to compare"
warned "$FB_TMP/dead/cow.csv:1: the header lacks key column(s)"
ok "nothing usable: every file named, exit 1"

# 8. Empty files (issue 23, battery item 7): said to be empty, not "Invalid argument".
copy emptyraw; : > "$FB_TMP/emptyraw/cow.csv"; : > "$FB_TMP/emptyraw/spawn.summary.csv"
run 0 emptyraw
warned "$FB_TMP/emptyraw/cow.csv: cannot read it (the file is empty): cow skipped"
warned "$FB_TMP/emptyraw/spawn.summary.csv: cannot read the summary: the file is empty"
grep -q "Invalid argument" "$FB_TMP/err" && fail "an empty file still reported as 'Invalid argument'"
ok "an empty CSV and an empty summary: said to be empty, the driver skipped"

# 9. Empty sides (battery items 2 and 6): refused with exit 2, naming the empty side; nothing written.
C="$FB_BIN/forkbench-compare"
usage2() {
	rc=0; "$C" -o "$FB_TMP/o_empty" "$@" > "$FB_TMP/out" 2> "$FB_TMP/err" || rc=$?
	[ $rc = 2 ] || fail "compare $*: exit $rc, want 2"
	[ ! -e "$FB_TMP/o_empty" ] || fail "compare $*: wrote $FB_TMP/o_empty though the usage was bad"
}
usage2 "$FB_TMP/a" -- -- "$FB_TMP/a"
warned "side 2 is empty: no directory between this and the previous '--'"
usage2 "$FB_TMP/a" "$FB_TMP/a" --
warned "the side after the last '--' is empty"
usage2 -- -- "$FB_TMP/a" "$FB_TMP/a"
warned "side 1 is empty: no directory before the first '--'"
usage2 "$FB_TMP/a"
warned "only one side"
ok "A -- -- B, A B --, -- -- A B and one side: exit 2, the empty side named"

# 11. A column renamed is read under its new name (footprint's mode is call):
# a run written before the rename compares with one written after, every
# footprint configuration on both sides, none "only in" one, the calls not
# pooled (without the rename the key column is on one side only: pooled).
copy old
for f in "$FB_TMP/old/footprint.csv" "$FB_TMP/old/footprint.summary.csv"; do
	sed '1s/\(^\|,\)call,/\1mode,/' "$f" > "$f.tmp" && mv "$f.tmp" "$f"
done
head -n 1 "$FB_TMP/old/footprint.csv" | tr , '\n' | grep -qx mode || fail "the old-style fixture has no mode column"
run 0 old
! grep -q "footprint.*only in" "$FB_TMP/o_old/compare.txt" || fail "old mode vs new call: configurations on one side only"
! grep -q "key column .* pooled" "$FB_TMP/o_old/compare.txt" || fail "old mode vs new call: $(grep pooled "$FB_TMP/o_old/compare.txt")"
# each call its own configuration: direct and fork never pooled
nf=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["driver"] == "footprint" && $c["config"] ~ /(^|\/)direct\// && $c["n_a"] > 0 && $c["n_b"] > 0' "$FB_TMP/o_old/compare.csv" | wc -l)
[ "$nf" -gt 0 ] || fail "no footprint row compared between the old mode and the new call"
ok "a CSV with the old column mode compares with one with call ($nf footprint rows of the direct call on both sides, calls not pooled)"

# 10. scripts/compare --help: the usage and nothing else (no figures drawn from a stale output directory).
(cd "$FB_TMP" && "$FB_SRC/scripts/compare" --help > "$FB_TMP/out" 2> "$FB_TMP/err") || fail "scripts/compare --help failed"
[ ! -s "$FB_TMP/err" ] || fail "scripts/compare --help wrote to stderr: $(cat "$FB_TMP/err")"
grep -q "^usage: forkbench-compare" "$FB_TMP/out" || fail "scripts/compare --help: no usage"
ok "scripts/compare --help: usage on stdout, nothing on stderr"
done_tests
