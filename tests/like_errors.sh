#!/bin/sh
# --like / --like-file / capture refuse, before anything runs and with exit
# 2 naming the value, what cannot be replicated: a PID that does not exist, a
# process not readable as this user, a shape over the memory guard or over
# vm.max_map_count, a file that is not a shape, and --like beside --sizes.
. "$FB_SRC/tests/lib.sh"
sp="$FB_BIN/forkbench-spawn"
expect2() {   # expect2 WHAT PATTERN CMD...: exit 2, stderr matching PATTERN, no CSV
	what=$1; pat=$2; shift 2
	rc=0; "$@" -o "$FB_TMP/x/spawn.csv" 2>"$FB_TMP/err" >/dev/null || rc=$?
	[ "$rc" -eq 2 ] || { cat "$FB_TMP/err"; fail "$what: exit $rc, not 2"; }
	grep -q -- "$pat" "$FB_TMP/err" || { cat "$FB_TMP/err"; fail "$what: message does not say '$pat'"; }
	[ ! -e "$FB_TMP/x/spawn.csv" ] || fail "$what: a CSV was created"
	ok "$what: exit 2, $(head -c 150 "$FB_TMP/err")"
}
pid_max=$(cat /proc/sys/kernel/pid_max)
gone=$((pid_max + 1))
expect2 "no such PID" "'$gone': no process with that PID" "$sp" --like "$gone"
rc=0; sh "$FB_SRC/scripts/forkbench" capture "$gone" >/dev/null 2>"$FB_TMP/err" || rc=$?
[ "$rc" -eq 2 ] && grep -q "PID $gone: no process" "$FB_TMP/err" || fail "capture $gone: exit $rc"
ok "capture of a missing PID: exit 2"
expect2 "not a PID" "a process ID" "$sp" --like abc
sleep 60 &
sl=$!
trap 'kill $sl 2>/dev/null || true' EXIT
expect2 "--like with --sizes" "do not go with them" "$sp" --like "$sl" --sizes 1M
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	rc=0; setpriv --reuid=65534 --regid=65534 --clear-groups "$sp" --like "$sl" -o /tmp/fb-like-never.csv \
		2>"$FB_TMP/err" >/dev/null || rc=$?
	[ "$rc" -eq 2 ] && grep -q "'$sl'.*not readable as this user" "$FB_TMP/err" ||
		{ cat "$FB_TMP/err"; fail "as nobody, --like $sl (root's): exit $rc"; }
	ok "not readable (as nobody): exit 2, $(cat "$FB_TMP/err")"
else
	echo "note: not root or no setpriv: the unreadable case is not tried"
fi
# Over the memory guard: one VMA of 64 TiB resident.
printf 'forkbench-shape 1\ncomm huge\nthreads 1\nfds 3\nvma rw-p anon 68719476736 68719476736 68719476736 0 0 -\n' \
	>"$FB_TMP/huge.txt"
expect2 "over the memory guard" "huge.txt cannot be replicated here: .*MemAvailable" "$sp" --like-file "$FB_TMP/huge.txt"
# Over vm.max_map_count.
mm=$(cat /proc/sys/vm/max_map_count)
awk -v n="$mm" 'BEGIN { print "forkbench-shape 1\ncomm many\nthreads 1\nfds 3"; for (i = 0; i < n; i++) print "vma rw-p anon 4 0 0 0 0 -" }' \
	>"$FB_TMP/many.txt"
expect2 "over vm.max_map_count" "vm.max_map_count is $mm" "$sp" --like-file "$FB_TMP/many.txt"
expect2 "missing file" "'$FB_TMP/none.txt': No such file" "$sp" --like-file "$FB_TMP/none.txt"
printf 'hello\nworld\n' >"$FB_TMP/junk.txt"
expect2 "not a shape" "line 1 is not a shape line" "$sp" --like-file "$FB_TMP/junk.txt"
done_tests
