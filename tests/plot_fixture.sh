#!/bin/sh
# plot_fixture: scripts/plot turns a fixture results directory into PNG + SVG
# figures (checked by signature and by the series gnuplot drew), skips a
# driver whose files are missing with a note, and exits 2 on a bad directory.
. "$FB_SRC/tests/lib.sh"
command -v gnuplot >/dev/null || skip "gnuplot not installed"
run=$FB_TMP/run
sh "$FB_SRC/tests/fixtures/make_run.sh" "$run"
"$FB_SRC/scripts/plot" "$run" > "$FB_TMP/list" 2> "$FB_TMP/err" || fail "plot exited $? ($(cat "$FB_TMP/err"))"

# png FILE: the 8-byte PNG signature 89 50 4E 47 0D 0A 1A 0A.
png() { [ "$(od -An -tx1 -N8 "$1" | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "$1 is not a PNG"; }
# svg FILE: an <svg> element that is closed.
svg() { grep -q '<svg' "$1" && grep -q '</svg>' "$1" || fail "$1 is not a complete SVG"; }
# series SVG PANEL: plots gnuplot drew in that panel (ids gnuplot_plot_<n><panel>).
series() { grep -o "<g id=\"gnuplot_plot_[0-9]*$2\"" "$1" | wc -l | tr -d ' '; }

for name in spawn_create_ns spawn_ready_ns spawn_total_ns spawn_exec_paths spawn_counters \
	cow_cow_ns_per_page cow_rewrite_ns_per_page cow_per_written_page cow_counters footprint_cost; do
	grep -qx "$run/plots/$name.png" "$FB_TMP/list" || fail "$name.png not listed"
	grep -qx "$run/plots/$name.svg" "$FB_TMP/list" || fail "$name.svg not listed"
	png "$run/plots/$name.png"
	svg "$run/plots/$name.svg"
done
ok "every figure written as PNG and SVG, listed on stdout"

# create_ns: 3 series (fork/exit, vfork/exec, posix_spawn/exec) in each of 2
# heap panels (touched, thp); panel c is the legend strip.
f=$run/plots/spawn_create_ns.svg
[ "$(series "$f" a)" = 3 ] && [ "$(series "$f" b)" = 3 ] || fail "create_ns: want 3 series per panel, got $(series "$f" a)/$(series "$f" b)"
[ "$(grep -c '^# ' "$run/plots/data/spawn_create_ns.dat")" = 3 ] || fail "create_ns data: want 3 blocks"
grep -q ">fork/exit<" "$f" && grep -q ">posix_spawn/exec<" "$f" || fail "create_ns legend lacks fork/exit or posix_spawn/exec"
grep -q "Fixture CPU" "$f" && grep -q "6.1.0-fixture" "$f" || fail "title lacks machine or kernel"
ok "spawn_create_ns: 2 panels x 3 series, titled with the machine and kernel"

# exec paths: 3 exec-capable methods as bars, 3 metric panels, 4 categories.
f=$run/plots/spawn_exec_paths.svg
[ "$(series "$f" a)" -ge 3 ] || fail "exec paths: want 3 bar series"
awk '/^# panel/ { p++ } END { exit p != 3 }' "$run/plots/data/spawn_exec_paths.dat" || fail "exec paths: want 3 panels"
ok "spawn_exec_paths: grouped bars per method"

# cow: writer child/parent per heap panel, plus the three floor lines.
. "$run/plots/data/cow_cow_ns_per_page.vars"
[ "$NS" = 2 ] && [ "$NP" = 2 ] && [ "$NX" = 3 ] || fail "cow: want 2 series x 2 panels x 3 patterns, got $NS/$NP/$NX"
[ "$(series "$run/plots/cow_cow_ns_per_page.svg" a)" = 5 ] || fail "cow: want 2 bar series + 3 floors"
ok "cow_ns_per_page: writers by pattern with the floors"

# footprint: 3 modes, 3 metric panels.
. "$run/plots/data/footprint_cost.vars"
[ "$NS" = 3 ] && [ "$NP" = 3 ] || fail "footprint: want 3 series x 3 panels, got $NS/$NP"
ok "footprint_cost: modes vs heap size"

# A driver missing: its figures are skipped with a note, the rest drawn.
rm "$run"/cow.* && rm -r "$run/plots"
"$FB_SRC/scripts/plot" "$run" > "$FB_TMP/list" 2> "$FB_TMP/err" || fail "plot without cow exited $?"
grep -q "cow figures skipped" "$FB_TMP/err" || fail "no note for the missing cow files"
grep -q spawn_create_ns.png "$FB_TMP/list" || fail "spawn figures missing once cow is gone"
ok "missing driver: one-line note, exit 0"

# A column missing (ready_ns): that figure is skipped with a note.
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "metric") m = i } $m != "ready_ns"' \
	"$run/spawn.summary.csv" > "$FB_TMP/s" && mv "$FB_TMP/s" "$run/spawn.summary.csv"
"$FB_SRC/scripts/plot" "$run" > "$FB_TMP/list" 2> "$FB_TMP/err" || fail "plot without ready_ns exited $?"
grep -q "spawn_ready_ns skipped" "$FB_TMP/err" || fail "no note for the missing ready_ns"
ok "missing column: one-line note, exit 0"

rc=0; "$FB_SRC/scripts/plot" "$FB_TMP/nonexistent" 2>/dev/null || rc=$?
[ $rc = 2 ] || fail "nonexistent directory: exit $rc, want 2"
mkdir -p "$FB_TMP/empty"
rc=0; "$FB_SRC/scripts/plot" "$FB_TMP/empty" 2>/dev/null || rc=$?
[ $rc = 2 ] || fail "directory without summary: exit $rc, want 2"
ok "bad directories exit 2"
done_tests
