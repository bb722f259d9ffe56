# cow_interrupt: SIGINT mid-sweep exits 130, leaves no child behind and a
# CSV whose rows all have the header's width.
. "$FB_SRC/tests/lib.sh"
csv=$FB_TMP/int.csv
mark="fb_cow_interrupt_$$"
# A marker in the environment: the children inherit it, so we can find them.
env FB_TEST_MARK=$mark "$FB_BIN/forkbench-cow" --sizes 64M --heap touched --writer child,parent \
	--patterns seq,full --reps 1000 --warmup 0 -o "$csv" 2>"$FB_TMP/err" &
pid=$!

marked() {
	for e in /proc/[0-9]*/environ; do
		p=${e#/proc/}; p=${p%/environ}
		[ "$p" != "$$" ] && tr '\0' '\n' 2>/dev/null <"$e" | grep -qx "FB_TEST_MARK=$mark" && echo "$p"
	done
	return 0
}

i=0
while [ "$(wc -l <"$csv" 2>/dev/null || echo 0)" -lt 4 ]; do
	i=$((i + 1))
	[ $i -lt 300 ] || { kill -KILL $pid; fail "no rows after 30 s"; }
	kill -0 $pid 2>/dev/null || { cat "$FB_TMP/err"; fail "driver exited early"; }
	sleep 0.1
done
kill -INT $pid
set +e
wait $pid
rc=$?
set -e
[ "$rc" -eq 130 ] || { cat "$FB_TMP/err"; fail "exit $rc after SIGINT, want 130"; }
ok "SIGINT: exit 130"
grep -q "stopped by signal 2" "$FB_TMP/err" || fail "no stop message"
sleep 0.2
left=$(marked)
[ -z "$left" ] || { ps -o pid,ppid,stat,cmd -p $left; fail "children left behind: $left"; }
ok "no child left behind"
same_width "$csv" || fail "rows of different widths"
[ "$(tail -c 1 "$csv" | od -An -c | tr -d ' ')" = '\n' ] || fail "last row cut short"
n=$(awk 'END { print NR - 1 }' "$csv")
[ "$n" -ge 3 ] || fail "only $n rows kept"
ok "$n rows kept, all the header's width"
done_tests
