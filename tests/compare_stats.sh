#!/bin/sh
# compare_stats: forkbench-compare's verdicts on synthetic run sets with
# known noise (tests/fixtures/gen_runs.awk: 200 configurations, 10 runs x
# 10 repetitions a side; within-run noise 5% with 3% of reps delayed by 50%,
# between-run noise 2%, and a fifth of the runs of each configuration
# shifted by +-10% as a whole). Never timing. Asserts, over two seeds:
#   A vs A flags <= 5% of the configurations;
#   a true +10% with the same noise is flagged in >= 90% of them with
#   --min-change 0, and with the default 5% margin both method families
#   (geometric mean over 100 configurations) are higher;
#   the 95% interval covers the true ratio (1 or 1.1) in >= 93% of rows;
# then: identical inputs give byte-identical reports; pooling directories
# (A1 A2 A3 -- B1 B2 B3, files without a run column) makes 3 runs a side;
# a machine mismatch gives the "differ in" line; a configuration on one side
# only is listed; under emulation (vm_accel=tcg) timings are not judged and
# a count that doubled is.
. "$FB_SRC/tests/lib.sh"
C="$FB_BIN/forkbench-compare"
[ -x "$C" ] && [ -x "$FB_BIN/forkbench-spawn" ] || fail "forkbench-compare or forkbench-spawn not built"
mk() { sh "$FB_SRC/tests/fixtures/make_runs.sh" "$@" || fail "make_runs.sh $*"; }
cmpr() { "$C" --resamples 1000 --metrics create_ns "$@" > "$FB_TMP/out" 2> "$FB_TMP/err" || fail "compare $* exited $? ($(cat "$FB_TMP/err"))"; }
# rates FILE TRUE: "rows flagged_fraction coverage" of create_ns rows.
rates() { awk -F, -v t="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["metric"] == "create_ns" { n++; f += $c["verdict"] == "higher" || $c["verdict"] == "lower"; cov += $c["ratio_lo"] <= t && t <= $c["ratio_hi"] }
	END { printf "%d %.3f %.3f\n", n, f / n, cov / n }' "$1"; }

covered=0; rows=0
for s in 1 2; do
	mk "$FB_TMP/a$s" seed=$s reps=10
	mk "$FB_TMP/b$s" seed=$((s + 50)) reps=10
	mk "$FB_TMP/c$s" seed=$((s + 90)) reps=10 ratio=1.1
	cmpr -o "$FB_TMP/ab$s" "$FB_TMP/a$s" "$FB_TMP/b$s"
	set -- $(rates "$FB_TMP/ab$s/compare.csv" 1)
	[ "$1" -ge 200 ] || fail "A/A seed $s: $1 rows, want >= 200"
	less "$2" 0.0501 || fail "A/A seed $s: $2 of the configurations flagged (want <= 5%)"
	covered=$(awk -v a="$covered" -v n="$1" -v c="$3" 'BEGIN { print a + n * c }'); rows=$((rows + $1))
	ok "A vs A, seed $s: $1 configurations, $2 flagged, interval covers 1 in $3"
	cmpr --min-change 0 -o "$FB_TMP/ac$s" "$FB_TMP/a$s" "$FB_TMP/c$s"
	set -- $(rates "$FB_TMP/ac$s/compare.csv" 1.1)
	less 0.8999 "$2" || fail "+10% seed $s, --min-change 0: only $2 of the configurations flagged (want >= 90%)"
	cmpr -o "$FB_TMP/acm$s" "$FB_TMP/a$s" "$FB_TMP/c$s"
	n=$(grep -c "^  spawn [a-z_]* create_ns .* higher$" "$FB_TMP/out" || true)
	[ "$n" = 2 ] || fail "+10% seed $s: $n of the 2 method families of create_ns found higher (margin 5%)"
	covered=$(awk -v a="$covered" -v n="$1" -v c="$3" 'BEGIN { print a + n * c }'); rows=$((rows + $1))
	ok "+10% shift, seed $s: $2 flagged, interval covers 1.1 in $3"
done
cov=$(awk -v a="$covered" -v n="$rows" 'BEGIN { printf "%.3f", a / n }')
less 0.9299 "$cov" || fail "coverage of the true ratio $cov over $rows rows (want >= 93%)"
ok "coverage of the true ratio over $rows rows and 4 comparisons: $cov"
grep -q "changes may be chance" "$FB_TMP/out" || fail "no line on the flags expected by chance"
grep -q "10 runs from 1 directory" "$FB_TMP/out" || fail "runs not counted from the run column"

"$C" --resamples 1000 -o "$FB_TMP/again" "$FB_TMP/a1" "$FB_TMP/c1" > /dev/null 2>&1
"$C" --resamples 1000 -o "$FB_TMP/again2" "$FB_TMP/a1" "$FB_TMP/c1" > /dev/null 2>&1
for f in compare.txt compare.md compare.csv summary.csv; do
	cmp -s "$FB_TMP/again/$f" "$FB_TMP/again2/$f" || fail "identical inputs: $f differs"
done
ok "identical inputs give byte-identical reports"

# Pooling: three one-run directories a side are three runs (judged, no "too few runs").
for i in 1 2 3; do
	mk "$FB_TMP/p$i" seed=$((100 + i)) ncfg=16 runs=1 reps=10 norun=1
	mk "$FB_TMP/q$i" seed=$((200 + i)) ncfg=16 runs=1 reps=10 norun=1
done
cmpr -o "$FB_TMP/pool" "$FB_TMP/p1" "$FB_TMP/p2" "$FB_TMP/p3" -- "$FB_TMP/q1" "$FB_TMP/q2" "$FB_TMP/q3"
grep -q "A p1+2: 3 runs from 3 directories" "$FB_TMP/out" || fail "pooled A not 3 runs from 3 directories: $(head -3 "$FB_TMP/out")"
grep -q "too few runs" "$FB_TMP/out" && fail "3 pooled runs still said to be too few"
awk -F, 'NR > 1 && $c != 3 { exit 1 } NR == 1 { for (i = 1; i <= NF; i++) if ($i == "runs_b") c = i }' \
	"$FB_TMP/pool/compare.csv" || fail "runs_b is not 3 in every row"
cmpr -o "$FB_TMP/one" "$FB_TMP/p1" "$FB_TMP/q1"
grep -q "1 run: too few runs to judge" "$FB_TMP/out" || fail "a one-run side not said to be one run"
ok "A1 A2 A3 -- B1 B2 B3 pools 3 runs a side; one directory without run column is 1 run, said so"

CPU="Other CPU @ 3.0GHz" KERNEL=6.12.0-other mk "$FB_TMP/m" seed=9 ncfg=16 dropcfg=3
cmpr -o "$FB_TMP/mm" "$FB_TMP/p1" "$FB_TMP/m"
grep -q "these runs differ in: CPU model, kernel — a change mixes both" "$FB_TMP/out" ||
	fail "no 'differ in: CPU model, kernel' line: $(grep differ "$FB_TMP/out")"
grep -q "spawn vfork/exec/static/touched/0/0/0: only in p1" "$FB_TMP/out" || fail "the configuration missing in B not listed"
ok "another CPU and kernel: the 'differ in' line; a configuration on one side only is listed"

ACCEL=tcg mk "$FB_TMP/e" seed=300 ncfg=16 runs=4 reps=5 ratio=3 countmul=2
mk "$FB_TMP/n" seed=301 ncfg=16 runs=4 reps=5
"$C" --resamples 1000 -o "$FB_TMP/emu" "$FB_TMP/n" "$FB_TMP/e" > "$FB_TMP/out" 2>&1 || fail "emulated compare failed"
grep -q "timings under emulation (vm_accel=tcg in e) are not the kernel's" "$FB_TMP/out" ||
	fail "no emulation line"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["metric"] == "create_ns" && $c["verdict"] != "" { bad = 1 }
	$c["metric"] == "create_ns" && $c["note"] !~ /emulation/ { bad = 1 }
	$c["metric"] == "child_minflt" && $c["verdict"] == "higher" { n++ }
	END { exit bad || n != 16 }' "$FB_TMP/emu/compare.csv" || fail "under emulation: timings judged, or the doubled count not flagged"
grep -q " emu$" "$FB_TMP/out" || fail "emulated timings not marked in the text"
ok "emulation: 3x timings shown, marked and not judged; the doubled child_minflt flagged in all 16"
done_tests
