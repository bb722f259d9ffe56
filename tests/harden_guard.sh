#!/bin/sh
# The memory guard counts what a run allocates — and only that — against what
# may be allocated (MemAvailable and RLIMIT_AS): refused up front (exit 2, a
# message naming the size, no file written), never a failure mid-run.
. "$FB_SRC/tests/lib.sh"
command -v prlimit >/dev/null 2>&1 || skip "prlimit not installed"
# spawn: a child copies page tables, not the heap, so a heap of 2/3 of RAM is accepted.
avail=$(awk '/^MemAvailable:/ { print $2 * 1024 }' /proc/meminfo)
big=$(awk -v a="$avail" 'BEGIN { printf "%d", a * 2 / 3 / 1073741824 }')
if [ "$big" -ge 1 ]; then
	# Past the guard, a missing worker stops the run before anything is allocated.
	try env FORKBENCH_WORKER=/nonexistent/worker "$FB_BIN/forkbench-spawn" --sizes "${big}G" --heap touched \
		-o "$FB_TMP/big.csv"
	[ "$rc" -eq 1 ] && grep -q "/nonexistent/worker not usable" "$FB_TMP/err" ||
		{ cat "$FB_TMP/err"; fail "--sizes ${big}G (2/3 of MemAvailable) refused by the guard (exit $rc)"; }
	[ ! -e "$FB_TMP/big.csv" ] || fail "a CSV was written"
	ok "spawn's guard accepts --sizes ${big}G with ${avail} bytes available"
fi
expect_usage "$FB_BIN/forkbench-spawn" "does not fit" --sizes "$((big * 2 + 2))G" --heap touched
# Under an address-space limit the same rule: refused up front, naming it.
try prlimit --as=200000000 "$FB_BIN/forkbench-cow" --quick -o "$FB_TMP/as.csv"
[ "$rc" -eq 2 ] || { cat "$FB_TMP/err"; fail "cow under RLIMIT_AS=200000000: exit $rc, expected 2"; }
grep -q "does not fit" "$FB_TMP/err" && grep -q "RLIMIT_AS" "$FB_TMP/err" ||
	fail "cow under RLIMIT_AS: message lacks the reason: $(cat "$FB_TMP/err")"
[ ! -e "$FB_TMP/as.csv" ] && [ ! -e "$FB_TMP/as.meta" ] || fail "cow under RLIMIT_AS left files behind"
ok "cow under RLIMIT_AS=200000000: refused up front ($(head -1 "$FB_TMP/err" | cut -c1-90)...)"
try prlimit --as=300000000 "$FB_BIN/forkbench-spawn" --sizes 256M --heap touched -o "$FB_TMP/as2.csv"
[ "$rc" -eq 2 ] && grep -q "'*256M*'*does not fit\|256M does not fit" "$FB_TMP/err" ||
	{ cat "$FB_TMP/err"; fail "spawn 256M under RLIMIT_AS=300000000: exit $rc"; }
[ ! -e "$FB_TMP/as2.csv" ] || fail "spawn under RLIMIT_AS left a CSV"
ok "spawn 256M under RLIMIT_AS=300000000: refused up front"
done_tests
