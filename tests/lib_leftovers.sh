#!/bin/sh
# The leftover-process check can fail: a child that exec'd with an empty
# environment (as every exec pair's child and posix_spawn child does) is
# invisible to the environment mark, and leftovers must still find it by its
# session. A stand-in driver started the way the tests start drivers leaks
# one such child on purpose; then the same check on a driver that leaves
# nothing must come back empty.
. "$FB_SRC/tests/lib.sh"
command -v setsid >/dev/null || skip "setsid (util-linux) not installed"
mark=fb_leak_$$
env FB_TEST_MARK=$mark setsid sh -c 'env -i /bin/sleep 60 & echo $! > "$1"; exit 0' sh "$FB_TMP/pid" &
drv=$!
wait $drv || true
i=0
while [ ! -s "$FB_TMP/pid" ]; do i=$((i + 1)); [ $i -lt 100 ] || fail "the stand-in never started its child"; sleep 0.05; done
leak=$(cat "$FB_TMP/pid")
trap 'kill $leak 2>/dev/null || true' EXIT
kill -0 "$leak" 2>/dev/null || fail "the leaked child is not running"
marked "$mark" | grep -qx "$leak" && fail "the mark sees an empty-environment child: this test no longer proves anything"
ok "the environment mark misses the leaked exec'd child $leak (as expected)"
leftovers "$drv" "$mark" | grep -qx "$leak" || fail "leftovers misses the leaked exec'd child $leak"
ok "leftovers finds it by its session"
kill "$leak"; sleep 0.2
# a real driver run that cleans up: nothing in its session afterwards
env FB_TEST_MARK=$mark setsid "$FB_BIN/forkbench-spawn" --sizes 0 --heap touched --methods fork,posix_spawn \
	--child exec --reps 2 --warmup 0 --events none -o "$FB_TMP/s.csv" 2>"$FB_TMP/err" &
drv=$!
wait $drv || { cat "$FB_TMP/err"; fail "spawn run failed"; }
sleep 0.2
left=$(leftovers "$drv" "$mark")
[ -z "$left" ] || { ps -o pid,ppid,stat,cmd -p $left; fail "a clean run left: $left"; }
ok "a clean spawn run (exec children) leaves nothing in its session"
done_tests
