#!/bin/sh
# A write that fails mid-run (a full disk) stops the run at once, names the
# file, keeps every complete row (no torn last row), leaves no half-written
# summary, and exits 1 with the error said first (after any warning about the
# machine given before the run). Needs root to mount a tiny
# tmpfs; skipped otherwise.
. "$FB_SRC/tests/lib.sh"
S=$FB_BIN/forkbench-spawn
[ "$(id -u)" -eq 0 ] || skip "needs root to mount a small tmpfs"
mnt=$FB_TMP/full
mkdir -p "$mnt"
mount -t tmpfs -o size=48k tmpfs "$mnt" 2>/dev/null || skip "cannot mount tmpfs here"
trap 'umount "$mnt" 2>/dev/null || true' EXIT
set +e
"$S" --sizes 0 --heap touched --methods fork --child exit --reps 100000 --warmup 0 --events none \
	-o "$mnt/x.csv" >/dev/null 2>"$FB_TMP/err"
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "full disk: exit $rc, expected 1"
grep -v ": warning: " "$FB_TMP/err" | head -1 | grep -q "cannot write $mnt/x.csv: No space left on device" ||
	fail "the first message should name the CSV and the error: $(cat "$FB_TMP/err")"
! grep -q " rows in .* s -> " "$FB_TMP/err" || fail "a failed run printed the success line"
same_width "$mnt/x.csv" || fail "CSV torn after a full disk"
[ "$(tail -c 1 "$mnt/x.csv" | od -An -c | tr -d ' ')" = '\n' ] || fail "last row cut short"
rows=$(awk 'END{print NR-1}' "$mnt/x.csv")
[ "$rows" -ge 1 ] || fail "no complete row kept"
grep -q "the $rows complete rows before it are kept" "$FB_TMP/err" ||
	fail "message does not say how many rows were kept ($rows): $(cat "$FB_TMP/err")"
[ ! -e "$mnt/x.summary.csv" ] || [ -s "$mnt/x.summary.csv" ] || fail "a 0-byte summary was left"
[ ! -e "$mnt/x.summary.csv.tmp" ] || fail "a temporary summary was left"
ok "full disk: exit 1, CSV names the error first, $rows whole rows kept, no torn summary"
done_tests
