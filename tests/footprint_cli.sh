#!/bin/sh
# Bad input: one clear message naming the value, exit 2, no CSV written.
# Good input: --help, --list, --columns exit 0 and say what they should.
. "$FB_SRC/tests/lib.sh"
B=$FB_BIN/forkbench-footprint
expect_usage "$B" "'12Q'" --alloc 12Q
expect_usage "$B" "'-1'" --alloc 16M,-1
expect_usage "$B" "'vfork' does not apply" --calls fork,vfork
expect_usage "$B" "'clone_vm' does not apply" --calls clone_vm
expect_usage "$B" "allowed: direct, fork, fork_pipe" --calls bogus
# the old name, for one release: same effect, a note, the column named call
"$B" --modes direct --workloads free --alloc 4K --sizes 0 --heap touched --reps 2 --runs 1 --events none \
	-o "$FB_TMP/old.csv" 2>"$FB_TMP/old.err" || fail "--modes (the old name) failed: $(cat "$FB_TMP/old.err")"
grep -q "note: --modes is now --calls" "$FB_TMP/old.err" || fail "--modes without the note"
head -n 1 "$FB_TMP/old.csv" | tr , '\n' | grep -qx call || fail "no call column"
! head -n 1 "$FB_TMP/old.csv" | tr , '\n' | grep -qx mode || fail "a mode column still"
expect_usage "$B" "'hoard'" --workloads hoard
expect_usage "$B" "allowed: free, leak" --workloads x
expect_usage "$B" "'nope'" --heap nope
expect_usage "$B" "'7X'" --sizes 7X
expect_usage "$B" "'0'" --reps 0
expect_usage "$B" "does not fit" --sizes 64T --heap touched
expect_usage "$B" "does not fit" --sizes 0 --alloc 64T
expect_usage "$B" "unexpected argument" stray

"$B" --help >"$FB_TMP/help" || fail "--help failed"
for o in --calls --workloads --alloc --quick; do
	grep -q -- "$o" "$FB_TMP/help" || fail "--help lacks $o"
done
"$B" --list >"$FB_TMP/list" || fail "--list failed"
grep -q '^  fork_pipe ' "$FB_TMP/list" || fail "--list lacks fork_pipe"
grep -q '^  clone3 ' "$FB_TMP/list" || fail "--list lacks clone3"
awk '/do not apply/{n=1} n && /^  vfork /{f=1} END{exit !f}' "$FB_TMP/list" ||
	fail "--list does not say vfork does not apply"
"$B" --columns >"$FB_TMP/cols" || fail "--columns failed"
for c in call_ns rss_growth_bytes child_minflt parent_minor_faults status; do
	grep -q "\`$c\`" "$FB_TMP/cols" || fail "--columns lacks $c"
done
ok "--help, --list (vfork listed as not applicable), --columns"
done_tests
