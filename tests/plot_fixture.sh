#!/bin/sh
# plot_fixture: scripts/plot turns a fixture results directory into every
# listed figure as PNG and SVG and report.md, with nothing on stderr; each
# method keeps one colour in every figure (read back from the SVG legends);
# zero-valued controls (isolated RSS growth 0) are drawn; report.md holds the
# fixture summary's numbers; a missing driver or column is one line; corrupt
# or cut summaries are named FILE:LINE (a last line cut inside its last
# field too, by its missing newline), and nothing usable exits 1.
. "$FB_SRC/tests/lib.sh"
command -v gnuplot >/dev/null || skip "gnuplot not installed"
run=$FB_TMP/run
sh "$FB_SRC/tests/fixtures/make_run.sh" "$run" spawn spawn_sizes=0/16777216/67108864
# zero-valued controls: the isolated call leaves the parent's RSS as it was
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
	$c["metric"] == "rss_growth_bytes" && $c["call"] != "direct" { for (i = c["median"]; i <= NF; i++) $i = "0.0" } { print }' \
	"$run/footprint.summary.csv" > "$FB_TMP/f" && mv "$FB_TMP/f" "$run/footprint.summary.csv"
"$FB_SRC/scripts/plot" "$run" > "$FB_TMP/list" 2> "$FB_TMP/err" || fail "plot exited $? ($(cat "$FB_TMP/err"))"
[ ! -s "$FB_TMP/err" ] || fail "plot wrote on stderr on a complete run: $(head -n 3 "$FB_TMP/err")"
ok "complete run: nothing on stderr"

png() { [ "$(od -An -tx1 -N8 "$1" | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "$1 is not a PNG"; }
svg() { grep -q '<svg' "$1" && grep -q '</svg>' "$1" || fail "$1 is not a complete SVG"; }
figs="spawn_answer spawn_slope spawn_phases spawn_create_ns spawn_ready_ns spawn_total_ns spawn_counters cow_vs_floor cow_per_written_page cow_counters footprint_cost footprint_counters"
for name in $figs; do
	grep -qx "$run/plots/$name.png" "$FB_TMP/list" || fail "$name.png not listed"
	grep -qx "$run/plots/$name.svg" "$FB_TMP/list" || fail "$name.svg not listed"
	png "$run/plots/$name.png"
	svg "$run/plots/$name.svg"
done
ok "every figure written as PNG and SVG, listed on stdout"

# Colours read back from the SVGs: a legend entry "method/..." and the first
# colour drawn after it in the same plot group.
for name in $figs; do
	awk -v fig="$name" '
		/<g id="gnuplot_plot_/ { pend = ""; inplot = 1 }
		/^\t<\/g>/ { inplot = 0 }
		inplot && /<text>[^<]*<\/text>/ { t = $0; sub(/.*<text>/, "", t); sub(/<\/text>.*/, "", t); m = t; sub(/[\/ ].*/, "", m)
			if (m ~ /^(fork|vfork|clone|clone_vm|clone3|posix_spawn|direct|fork_pipe)$/) pend = m }
		pend != "" && /rgb\(/ { c = $0; sub(/.*rgb\(/, "", c); sub(/\).*/, "", c); gsub(/ /, "", c); print fig, pend, c; pend = "" }' \
		"$run/plots/$name.svg"
done > "$FB_TMP/colours"
[ "$(awk '{ print $2 }' "$FB_TMP/colours" | sort -u | wc -l)" -ge 3 ] || fail "fewer than 3 methods found in the SVG legends"
awk '{ if (($2 in c) && c[$2] != $3) { print "method " $2 ": " c[$2] " in " f[$2] ", " $3 " in " $1; bad = 1 } c[$2] = $3; f[$2] = $1 }
	END { exit bad }' "$FB_TMP/colours" > "$FB_TMP/clash" || fail "$(head -n 1 "$FB_TMP/clash")"
grep -q '^spawn_create_ns fork 0,114,178$' "$FB_TMP/colours" || fail "fork is not #0072B2 in spawn_create_ns"
grep -q '^footprint_cost fork 0,114,178$' "$FB_TMP/colours" || fail "fork is not #0072B2 in footprint_cost"
ok "each method one colour in all figures ($(awk '{ print $1 }' "$FB_TMP/colours" | sort -u | wc -l | tr -d ' ') figures with legends)"

# Zeros drawn: the isolated modes' RSS growth rows are in the data at 0, and
# the SVG has at least as many point glyphs as the data has points.
zeros=$(awk '$3 == 0' "$run/plots/data/footprint_cost.dat" | wc -l)
[ "$zeros" -ge 6 ] || fail "footprint_cost: want the zero RSS-growth points in the data, got $zeros"
pts=$(grep -c "xlink:href='#gpPt" "$run/plots/footprint_cost.svg")
rows=$(wc -l < "$run/plots/data/footprint_cost.dat")
[ "$pts" -ge "$rows" ] || fail "footprint_cost.svg: $pts point glyphs for $rows data points"
ok "zero-valued controls drawn ($zeros zero points, $pts glyphs for $rows points)"

# report.md: the headline numbers are the fixture summary's.
r=$run/report.md
v=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["method"] == "fork" && $c["child"] == "exit" && $c["heap"] == "touched" && $c["heap_bytes"] == 0 && $c["metric"] == "create_ns" { printf "%.3g µs", $c["median"] / 1000 }' "$run/spawn.summary.csv")
grep -q "^| What does fork() cost with no heap? | $v " "$r" || fail "report.md lacks fork at heap 0 = $v: $(grep 'heap 0' "$r")"
s=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["method"] == "fork" && $c["child"] == "exit" && $c["heap"] == "touched" && $c["metric"] == "create_ns" && $c["heap_bytes"] >= 16777216 { x[++n] = $c["heap_bytes"] / 1073741824; y[n] = $c["median"] }
	END { printf "%.2f ms/GiB", (y[2] - y[1]) / (x[2] - x[1]) / 1e6 }' "$run/spawn.summary.csv")
grep -q "^| What does each GiB of 4 KiB-page heap add to fork()? | $s " "$r" || fail "report.md lacks the slope $s: $(grep '4 KiB-page heap' "$r")"
c=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["heap"] == "touched" && $c["writer"] == "child" && $c["pattern"] == "seq" && $c["metric"] == "cow_ns_per_page" { printf "%.3g µs", $c["median"] / 1000 }' "$run/cow.summary.csv")
grep -q "^| What does a copy-on-write fault cost (touched heap, child writes every page)? | $c .*a 4 KiB copy" "$r" ||
	fail "report.md lacks COW $c and its breakdown: $(grep 'copy-on-write.*touched' "$r")"
grep -q 'what it leaves in the parent: 0.0 MiB vs 1.0 MiB' "$r" || fail "report.md lacks the footprint RSS growth: $(grep 'fork child' "$r")"
! grep -q '^| harness baseline' "$r" || fail "harness baselines are back in the headline table"
grep -q '^## Setup and noise' "$r" || fail "report.md lacks the setup-and-noise section"
[ -s "$run/report.txt" ] || fail "no report.txt"
long=$(sed 's/µ/u/g; s/≈/~/g; s/—/-/g' "$run/report.txt" | awk 'length > 80' | head -n 1)
[ -z "$long" ] || fail "report.txt has a line over 80 columns: $long"
grep -q '^# forkbench report: Fixture CPU.*Linux 6.1.0-fixture' "$r" || fail "report.md lacks the machine line"
grep -q '](plots/spawn_answer.png)' "$r" || fail "report.md does not embed spawn_answer"
! grep -q '^## Warnings' "$r" || fail "report.md warns on a quiet fixture"
ok "report.md: machine, headline questions answered with the summary's numbers ($v, $s, $c), baselines in setup and noise, answer figures; report.txt within 80 columns"

# Warnings in the report: a busy machine, emulation.
sed -i 's/^busy_pct_before=.*//' "$run/cow.meta"; printf 'busy_pct_before=40\nvm_accel=tcg\nbaseline_loop_ns=25\n' >> "$run/cow.meta"
"$FB_SRC/scripts/plot" "$run" > /dev/null 2>&1 || fail "plot with a busy sidecar exited $?"
grep -q '40% busy' "$r" && grep -q 'vm_accel=tcg' "$r" || fail "report.md lacks the busy/emulation warnings"
grep -q '^- harness: baseline_loop_ns = 25 ns (cow.meta)' "$r" || fail "report.md lacks the baseline_* key in setup and noise"
ok "report.md warns on busy_pct_before and vm_accel=tcg, shows baseline_* keys"

# Extra columns (a run column, spread columns) change nothing.
awk -F, -v OFS=, 'NR == 1 { print $0, "run_spread_pct"; next } { print $0, "3.5" }' "$run/spawn.summary.csv" > "$FB_TMP/s" && mv "$FB_TMP/s" "$run/spawn.summary.csv"
"$FB_SRC/scripts/plot" "$run" > "$FB_TMP/list" 2> "$FB_TMP/err" || fail "plot with an extra summary column exited $?"
[ ! -s "$FB_TMP/err" ] || fail "extra column: stderr $(head -n 1 "$FB_TMP/err")"
ok "an extra summary column changes nothing"

# Corrupt and cut summaries: named FILE:LINE, the rest drawn.
f=$run/cow.summary.csv
awk 'NR == 5 { print "garbage,line"; next } { print }' "$f" > "$FB_TMP/c" && mv "$FB_TMP/c" "$f"
head -c -3 "$run/footprint.summary.csv" > "$FB_TMP/c" && mv "$FB_TMP/c" "$run/footprint.summary.csv"
"$FB_SRC/scripts/plot" "$run" > "$FB_TMP/list" 2> "$FB_TMP/err" || fail "plot with one bad line exited $?"
grep -q "cow.summary.csv:5: " "$FB_TMP/err" || fail "no warning naming cow.summary.csv:5 ($(cat "$FB_TMP/err"))"
n=$(( $(wc -l < "$run/footprint.summary.csv") + 1 ))
grep -q "footprint.summary.csv:$n: " "$FB_TMP/err" || fail "no warning naming the cut last line footprint.summary.csv:$n ($(cat "$FB_TMP/err"))"
grep -q cow_vs_floor.png "$FB_TMP/list" || fail "cow figures not drawn around one bad line"
ok "corrupt line and cut last line named FILE:LINE, the rest drawn"
# Two columns swapped in a header (median <-> max): the lines where they differ are named.
f=$run/spawn.summary.csv
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "median") $i = "max"; else if ($i == "max") $i = "median" } { print }' "$f" > "$FB_TMP/s" && mv "$FB_TMP/s" "$f"
"$FB_SRC/scripts/plot" "$run" > "$FB_TMP/list" 2> "$FB_TMP/err" || true
grep -q "spawn.summary.csv:2: min <= p5 <= median <= p95 <= max does not hold" "$FB_TMP/err" || fail "swapped median/max header not named ($(head -n 2 "$FB_TMP/err"))"
ok "a header with median and max swapped: its lines named, not drawn"
for d in spawn cow footprint; do printf 'method,metric,median\nx\n' > "$run/$d.summary.csv"; done
rc=0; "$FB_SRC/scripts/plot" "$run" > /dev/null 2> "$FB_TMP/err" || rc=$?
[ $rc = 1 ] || fail "nothing usable: exit $rc, want 1"
grep -q "spawn.summary.csv:2: " "$FB_TMP/err" && grep -q "no usable summary" "$FB_TMP/err" || fail "nothing usable: messages $(cat "$FB_TMP/err")"
ok "no usable summary: named, exit 1"

# A driver missing: its figures are skipped, the rest drawn.
rm -r "$run"; sh "$FB_SRC/tests/fixtures/make_run.sh" "$run"
rm "$run"/cow.*
"$FB_SRC/scripts/plot" "$run" > "$FB_TMP/list" 2> "$FB_TMP/err" || fail "plot without cow exited $?"
grep -q spawn_create_ns.png "$FB_TMP/list" || fail "spawn figures missing once cow is gone"
[ "$(wc -l < "$FB_TMP/err")" -le 1 ] || fail "more than one line for a two-size fixture: $(cat "$FB_TMP/err")"
ok "missing driver: no cow figures, at most one line per skipped figure"

awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "metric") m = i } $m != "ready_ns"' \
	"$run/spawn.summary.csv" > "$FB_TMP/s" && mv "$FB_TMP/s" "$run/spawn.summary.csv"
"$FB_SRC/scripts/plot" "$run" > "$FB_TMP/list" 2> "$FB_TMP/err" || fail "plot without ready_ns exited $?"
grep -q "spawn_ready_ns skipped" "$FB_TMP/err" || fail "no line for the missing ready_ns"
ok "missing column: one line, exit 0"

rc=0; "$FB_SRC/scripts/plot" "$FB_TMP/nonexistent" 2>/dev/null || rc=$?
[ $rc = 2 ] || fail "nonexistent directory: exit $rc, want 2"
mkdir -p "$FB_TMP/empty"
rc=0; "$FB_SRC/scripts/plot" "$FB_TMP/empty" 2>/dev/null || rc=$?
[ $rc = 2 ] || fail "directory without summary: exit $rc, want 2"
ok "bad directories exit 2"
done_tests
