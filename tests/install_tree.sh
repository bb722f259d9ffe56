#!/bin/sh
# An installed suite works with no build tree: `cmake --install` into a
# scratch prefix, then the front end PREFIX/bin/forkbench (found on PATH, run
# from another directory) runs a driver, compares two result directories and
# draws figures, finding its own prefix. Every driver the registry lists
# (forkbench --drivers) measures from the prefix: its installed worker and
# exec target really run (two runs, two worker processes, every row ok).
. "$FB_SRC/tests/lib.sh"
build=$(cd "$FB_BIN/.." && pwd)
prefix=$FB_TMP/prefix
cmake --install "$build" --prefix "$prefix" >"$FB_TMP/install.log" 2>&1 ||
	fail "cmake --install failed: $(tail -5 "$FB_TMP/install.log")"
for f in bin/forkbench bin/forkbench-spawn bin/forkbench-compare bin/forkbench-exec-target \
	share/forkbench/scripts/plot share/forkbench/scripts/compare; do
	[ -x "$prefix/$f" ] || fail "not installed: $f"
done
ok "installed: front end, drivers, exec target, plot and compare"
cd "$FB_TMP"
export PATH="$prefix/bin:/usr/bin:/bin"
v=$(forkbench --version) || fail "forkbench --version failed"
echo "$v" | grep -q "^forkbench-spawn [0-9]" || fail "forkbench --version: $v"
forkbench spawn --list | grep -q '^  fork ' || fail "forkbench spawn --list"
ok "forkbench --version ($v), forkbench spawn --list"
drivers=$(forkbench --drivers | awk '{ print $1 }' | tr '\n' ' ') || fail "forkbench --drivers failed"
case " $drivers" in *" spawn "*" stall "*) ;; *) fail "forkbench --drivers lists '$drivers' (spawn ... stall expected)" ;; esac
for d in $drivers; do
	forkbench "$d" --quick --sizes 1M --heap touched --reps 2 --runs 2 --warmup 0 -o "$FB_TMP/m/$d.csv" \
		>/dev/null 2>"$FB_TMP/err" || fail "installed forkbench $d failed: $(cat "$FB_TMP/err")"
	f=$FB_TMP/m/$d.csv
	st=$(col "$f" status); w=$(col "$f" worker_pid)
	awk -F, -v st="$st" -v w="$w" 'NR > 1 { n++; if ($st != "ok") bad = 1; p[$w] = 1 }
		END { for (k in p) np++; exit bad || n == 0 || np != 2 }' "$f" ||
		fail "installed forkbench $d: a row not ok, no rows, or not two worker processes"
done
ok "every registered driver measured from the prefix: $drivers"
sh "$FB_SRC/tests/fixtures/make_run.sh" "$FB_TMP/a" >/dev/null
forkbench compare -o "$FB_TMP/cmp" "$FB_TMP/a" "$FB_TMP/a" >"$FB_TMP/out" 2>"$FB_TMP/err" ||
	fail "installed compare failed: $(cat "$FB_TMP/err")"
[ -s "$FB_TMP/cmp/compare.csv" ] || fail "installed compare wrote no compare.csv"
ok "forkbench compare from the installed prefix"
if command -v gnuplot >/dev/null; then
	forkbench plot "$FB_TMP/a" >"$FB_TMP/out" 2>"$FB_TMP/err" ||
		fail "installed plot failed: $(cat "$FB_TMP/err")"
	ls "$FB_TMP/a/plots/"*.png >/dev/null 2>&1 || fail "installed plot drew nothing"
	ok "forkbench plot from the installed prefix"
fi
set +e
forkbench nosuchdriver >/dev/null 2>"$FB_TMP/err"
rc=$?
set -e
[ "$rc" -eq 2 ] && grep -q "unknown command 'nosuchdriver'" "$FB_TMP/err" || fail "unknown command: exit $rc"
ok "unknown command: exit 2"
done_tests
