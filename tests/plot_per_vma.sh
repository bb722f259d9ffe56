#!/bin/sh
# plot_per_vma: what each VMA adds to fork, from a real run. forkbench-spawn
# measures fork/exit on a touched and a fragmented heap of the same size (one
# rep in each of 3 runs), and scripts/plot's spawn_per_vma must hold, per run,
# (fragmented create_ns - touched create_ns) / (fragmented VMAs - touched
# VMAs), their mean, as recomputed here from the raw rows; the fragmented
# heap really had --fragments VMAs (counted before timing), the touched one
# 1; the figure is drawn, the report has the row. Counts and arithmetic, no
# timing compared.
. "$FB_SRC/tests/lib.sh"
command -v gnuplot >/dev/null || skip "gnuplot not installed"
d=$FB_TMP/run; mkdir -p "$d"
"$FB_BIN/forkbench-spawn" --methods fork --child exit --heap touched,fragmented --fragments 512 --sizes 16M \
	--reps 3 --warmup 1 --runs 3 --events none -o "$d/spawn.csv" 2>"$FB_TMP/err" || fail "spawn: $(cat "$FB_TMP/err")"
vm=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["status"] == "ok" { print $c["heap"], $c["heap_vmas"] }' "$d/spawn.csv" | sort -u | tr '\n' ' ')
[ "$vm" = "fragmented 512 touched 1 " ] || fail "VMAs observed before timing: '$vm', want fragmented 512, touched 1"
FB_PLOTDIR=$FB_SRC/plots sh "$FB_SRC/scripts/plot" "$d" >/dev/null 2>"$FB_TMP/plot.err" || fail "plot: $(cat "$FB_TMP/plot.err")"
[ -s "$d/plots/spawn_per_vma.png" ] && [ -s "$d/plots/spawn_per_vma.svg" ] || fail "no spawn_per_vma figure: $(cat "$FB_TMP/plot.err")"
got=$(awk '$1 == "fork" { print $4 }' "$d/plots/data/spawn_per_vma.txt")
want=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["status"] == "ok" { t[$c["run"], $c["heap"]] = $c["create_ns"]; v[$c["run"], $c["heap"]] = $c["heap_vmas"]; r[$c["run"]] = 1 }
	END { for (k in r) { s += (t[k, "fragmented"] - t[k, "touched"]) / (v[k, "fragmented"] - v[k, "touched"]); n++ } printf "%.1f", s / n }' "$d/spawn.csv")
[ -n "$got" ] && [ "$got" = "$want" ] || fail "spawn_per_vma has fork at '$got' ns a VMA, the raw rows give $want"
grep -q "^| What does each VMA of the parent add to fork()? | " "$d/report.md" || fail "report.md lacks the per-VMA row"
ok "fork on 512 VMAs against 1 (counted): $got ns a VMA in spawn_per_vma, as the raw rows give; figure and report row there"
done_tests
