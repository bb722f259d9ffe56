#!/bin/sh
# Hardening of input and output, for every driver: empty list items and
# mistyped long options are usage errors naming the value; --version says the
# commit; -o that is stdout, a directory or a device is refused up front with
# nothing left behind; two runs on one CSV cannot interleave (the second
# refuses and the first's file stays whole); the sidecar's keys are unique.
. "$FB_SRC/tests/lib.sh"
S=$FB_BIN/forkbench-spawn C=$FB_BIN/forkbench-cow F=$FB_BIN/forkbench-footprint

# Empty list items: exit 2, the message quotes the whole value.
expect_usage "$S" "'1M,,2M'" --sizes 1M,,2M
expect_usage "$S" "'fork,'" --methods fork,
expect_usage "$S" "'cycles,,'" --events cycles,,
expect_usage "$C" "'seq,,rand'" --patterns seq,,rand
expect_usage "$F" "',1M'" --alloc ,1M
expect_usage "$F" "'touched,,thp'" --heap touched,,thp

# Long options by exact name only (getopt_long would take --method as --methods).
expect_usage "$S" "did you mean --methods?" --method fork
expect_usage "$S" "did you mean --sizes?" --size 0
expect_usage "$C" "did you mean --patterns?" --pattern seq
expect_usage "$F" "did you mean --calls?" --cals fork
expect_usage "$S" "unknown option '--zzzzzzzz'" --zzzzzzzz
expect_usage "$FB_BIN/forkbench-stall" "did you mean --sizes?" --size 0
expect_usage "$FB_BIN/forkbench-compare" "did you mean --min-change?" --min 5 a b

# --version on every driver: version, commit (from the build, not configure time).
for b in "$S" "$C" "$F" "$FB_BIN/forkbench-stall" "$FB_BIN/forkbench-compare"; do
	v=$("$b" --version) || fail "$b --version failed"
	echo "$v" | grep -Eq '^forkbench-[a-z]+ [0-9]+\.[0-9]+\.[0-9]+ \(commit [0-9a-f]{12}(-dirty)?|unknown' ||
		fail "$b --version: '$v'"
done
ok "--version: $v"

# -o refused up front, nothing created next to it.
d=$FB_TMP/outdir
mkdir -p "$d"
for o in - "$d" /dev/null; do
	set +e
	"$S" --sizes 0 --heap touched --methods fork --reps 1 --events none -o "$o" >/dev/null 2>"$FB_TMP/err"
	rc=$?
	set -e
	[ "$rc" -eq 2 ] || fail "-o $o exited $rc, expected 2"
	grep -qF -- "bad -o value '$o'" "$FB_TMP/err" || fail "-o $o: $(cat "$FB_TMP/err")"
done
[ ! -e "$d.meta" ] && [ ! -e "$d.summary.csv" ] && [ ! -e /dev/null.meta ] ||
	fail "a refused -o left a file behind"
ok "-o -, a directory and a device are refused, nothing left behind"

# Two runs on one CSV: the second refuses (exit 1) while the first goes on and
# writes a whole file. The first run is long enough to be still running.
out=$FB_TMP/locked.csv
"$S" --sizes 0 --heap touched --methods fork --child exit --reps 400000 --warmup 0 --events none \
	-o "$out" 2>"$FB_TMP/err1" &
pid=$!
i=0
while [ ! -s "$out" ]; do
	i=$((i + 1)); [ $i -lt 300 ] || fail "first run wrote no header"
	sleep 0.1
done
set +e
"$S" --sizes 0 --heap touched --methods fork --child exit --reps 2 --events none -o "$out" \
	2>"$FB_TMP/err2"
rc=$?
set -e
kill -INT $pid
wait $pid || true
[ "$rc" -eq 1 ] || fail "second run on a locked CSV exited $rc, expected 1"
grep -q "being written by another forkbench run" "$FB_TMP/err2" || fail "no lock message: $(cat "$FB_TMP/err2")"
same_width "$out" || fail "the first run's CSV is torn"
n=$(awk -F, -v c="$(col "$out" rep)" 'NR > 1 && $c == 0' "$out" | wc -l)
[ "$n" -le 1 ] || fail "rep 0 appears $n times: the runs interleaved"
ok "a second run on a locked CSV refuses; the first's $(awk 'END{print NR-1}' "$out") rows are whole"

# Sidecar keys are unique, and no sentinel -1 for "not pinned".
meta=${out%.csv}.meta
dups=$(cut -d= -f1 "$meta" | sort | uniq -d)
[ -z "$dups" ] || fail "repeated sidecar keys: $dups"
grep -qx 'pinned_cpu=' "$meta" || fail "unpinned run: pinned_cpu should be empty, not $(grep pinned_cpu "$meta")"
ok "sidecar keys unique, pinned_cpu empty when not pinned"
done_tests
