#!/bin/sh
# A run where every row failed says so and fails: as an unprivileged user
# limited to 2 processes (the driver and its worker), every creation fails with
# EAGAIN; the driver ends with "N of M rows failed: <first error>" and exit 1.
# A run where only some rows failed says how many, and exits 0.
. "$FB_SRC/tests/lib.sh"
[ "$(id -u)" = 0 ] || skip "needs root to switch to an unprivileged user (root ignores RLIMIT_NPROC)"
command -v setpriv >/dev/null 2>&1 || skip "setpriv not installed"
command -v prlimit >/dev/null 2>&1 || skip "prlimit not installed"
[ -z "$(ps -u 65534 -o pid= 2>/dev/null)" ] || skip "user 65534 already runs processes: the limit would count them"
out=$(mktemp -d /tmp/fb-failed.XXXXXX)
chmod 777 "$out"
trap 'rm -rf "$out"' EXIT
set +e
prlimit --nproc=2 setpriv --reuid=65534 --regid=65534 --clear-groups "$FB_BIN/forkbench-spawn" \
	--sizes 0 --heap touched --methods fork,vfork --child exit --reps 2 --runs 1 --warmup 0 \
	--events none -o "$out/s.csv" 2>"$FB_TMP/err"
rc=$?
set -e
[ -s "$out/s.csv" ] || { cat "$FB_TMP/err"; skip "the unprivileged user cannot run the build here"; }
[ "$rc" -eq 1 ] || { cat "$FB_TMP/err"; fail "every row failed but exit $rc, expected 1"; }
grep -Eq "^forkbench-spawn: 4 of 4 rows failed: (fork|vfork) failed: Resource temporarily unavailable$" "$FB_TMP/err" ||
	{ cat "$FB_TMP/err"; fail "no 'N of M rows failed: <first error>' line"; }
ok "every row failed: '$(grep 'rows failed' "$FB_TMP/err")', exit 1"
left=$(ps -u 65534 -o pid= 2>/dev/null || true)
[ -z "$left" ] || fail "processes left: $left"
ok "nothing left behind"
done_tests
