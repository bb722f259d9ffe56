#!/bin/sh
# An installed suite works with no build tree: `cmake --install` into a
# scratch prefix, then the front end PREFIX/bin/forkbench (found on PATH, run
# from another directory) runs a driver, compares two result directories and
# draws figures, finding its own prefix.
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
