#!/bin/sh
# Bad input: one clear message naming the value, exit 2, no CSV written.
# Good input: --help, --list, --columns exit 0 and say what they should.
. "$FB_SRC/tests/lib.sh"
B=$FB_BIN/forkbench-footprint
bad() {
	want=$1; shift
	set +e
	"$B" "$@" -o "$FB_TMP/never.csv" >"$FB_TMP/out" 2>"$FB_TMP/err"
	rc=$?
	set -e
	[ "$rc" -eq 2 ] || fail "'$*' exited $rc, expected 2"
	grep -q -- "$want" "$FB_TMP/err" || fail "'$*': message lacks '$want': $(cat "$FB_TMP/err")"
	[ ! -e "$FB_TMP/never.csv" ] || fail "'$*' wrote a CSV"
	ok "'$*' -> exit 2: $(head -1 "$FB_TMP/err")"
}
bad "'12Q'" --alloc 12Q
bad "'-1'" --alloc 16M,-1
bad "'vfork' does not apply" --modes fork,vfork
bad "'clone_vm' does not apply" --modes clone_vm
bad "allowed: direct, fork, fork_pipe" --modes bogus
bad "'hoard'" --workloads hoard
bad "allowed: free, leak" --workloads x
bad "'nope'" --heap nope
bad "'7X'" --sizes 7X
bad "'0'" --reps 0
bad "does not fit" --sizes 64T --heap touched
bad "does not fit" --sizes 0 --alloc 64T
bad "unexpected argument" stray

"$B" --help >"$FB_TMP/help" || fail "--help failed"
for o in --modes --workloads --alloc --quick; do
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
