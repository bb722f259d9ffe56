#!/bin/sh
# As a user without privileges (how most users run it): the run works, counters
# fall back to user-only where perf_event_paranoid forbids kernel counting, the
# sidecar says so, and the cells are filled — not zeroed, not dropped.
. "$FB_SRC/tests/lib.sh"
[ "$(id -u)" = 0 ] || skip "needs root to switch to an unprivileged user"
command -v setpriv >/dev/null 2>&1 || skip "setpriv not installed"
# A user-writable output directory, reachable by the unprivileged user.
out=$(mktemp -d /tmp/fb-nonroot.XXXXXX)
chmod 777 "$out"
trap 'rm -rf "$out"' EXIT
setpriv --reuid=65534 --regid=65534 --clear-groups "$FB_BIN/forkbench-spawn" --sizes 0,4M \
	--heap touched --methods fork,vfork --reps 3 --warmup 1 -o "$out/s.csv" 2>"$FB_TMP/err" ||
	{ cat "$FB_TMP/err"; skip "the unprivileged user cannot run the build here (directory permissions)"; }
paranoid=$(cat /proc/sys/kernel/perf_event_paranoid)
scope=$(sed -n 's/^perf_scope=//p' "$out/s.meta")
if [ "$paranoid" -ge 2 ]; then
	[ "$scope" = user ] || fail "perf_event_paranoid=$paranoid but perf_scope=$scope"
	grep -q "counts user space only" "$FB_TMP/err" || fail "no user-only warning"
else
	[ "$scope" = "kernel+user" ] || fail "perf_event_paranoid=$paranoid but perf_scope=$scope"
fi
ok "perf_scope=$scope with perf_event_paranoid=$paranoid"
# User-only counts carry the scope in their name (_u); context switches happen
# only in the kernel, so as a user their cells are empty, never 0.
sfx=; [ "$scope" = user ] && sfx=_u
st=$(col "$out/s.csv" status); pf=$(col "$out/s.csv" child_page_faults$sfx); cs=$(col "$out/s.csv" child_context_switches)
awk -F, -v st="$st" -v pf="$pf" -v cs="$cs" -v user="$sfx" 'NR > 1 && ($st != "ok" || $pf == "" || (user != "" && $cs != "")) { print; bad = 1 } END { exit bad }' \
	"$out/s.csv" || fail "rows not ok, child page faults missing, or context switches counted user-only"
ok "every row ok, child_page_faults$sfx filled, child_context_switches ${sfx:+empty}${sfx:-filled}"
done_tests
