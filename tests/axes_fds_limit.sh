#!/bin/sh
# --fds above the hard RLIMIT_NOFILE: a process that may raise the limit (root
# with CAP_SYS_RESOURCE) raises it towards fs.nr_open and runs, every row with
# the descriptors counted back; one that may not is refused up front (exit 2)
# with the reason: no CAP_SYS_RESOURCE as root (a container), or not root.
. "$FB_SRC/tests/lib.sh"
hard=$(ulimit -Hn)
[ "$hard" != unlimited ] || skip "no hard descriptor limit here"
nr_open=$(cat /proc/sys/fs/nr_open)
n=$((hard + 100))
[ "$n" -lt "$nr_open" ] || skip "the hard limit is already fs.nr_open ($nr_open)"
capeff=$(awk '/^CapEff:/ { print $2 }' /proc/self/status)
# CAP_SYS_RESOURCE is capability 24.
can=$(awk -v h="$capeff" 'BEGIN { v = 0; for (i = 1; i <= length(h); i++) v = v * 16 + index("0123456789abcdef", substr(tolower(h), i, 1)) - 1
	print (int(v / 2^24) % 2) }')
set +e
"$FB_BIN/forkbench-spawn" --methods fork --child exit --sizes 0 --heap untouched --fds "$n" --reps 3 \
	--events none -o "$FB_TMP/fds.csv" >"$FB_TMP/out" 2>"$FB_TMP/err"
rc=$?
set -e
if [ "$(id -u)" = 0 ] && [ "$can" = 1 ]; then
	[ $rc -eq 0 ] || fail "root with CAP_SYS_RESOURCE: --fds $n (hard limit $hard) exited $rc: $(cat "$FB_TMP/err")"
	bad=$(awk -F, -v fo="$(col "$FB_TMP/fds.csv" fds_observed)" -v n="$n" 'NR > 1 && $fo != n' "$FB_TMP/fds.csv" | wc -l)
	[ "$bad" -eq 0 ] || fail "$bad rows without $n descriptors counted back"
	ok "root raised the limit: --fds $n above the hard limit $hard ran, counted back"
else
	[ $rc -eq 2 ] || fail "--fds $n above the hard limit $hard without the privilege: exit $rc, expected 2"
	grep -q "bad --fds value '$n'" "$FB_TMP/err" || fail "the refusal does not name the value: $(cat "$FB_TMP/err")"
	grep -q "CAP_SYS_RESOURCE" "$FB_TMP/err" || fail "the refusal does not say what raising the limit needs: $(cat "$FB_TMP/err")"
	[ ! -e "$FB_TMP/fds.csv" ] || fail "a CSV was written before the refusal"
	ok "refused with the reason ($( [ "$(id -u)" = 0 ] && echo "root without CAP_SYS_RESOURCE" || echo "not root")): $(head -n 1 "$FB_TMP/err" | cut -c1-80)..."
fi
done_tests
