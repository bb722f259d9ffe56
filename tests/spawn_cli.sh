#!/bin/sh
# Bad input: one clear message naming the value, exit 2, nothing allocated,
# no CSV written. Good input: --help, --list, --columns exit 0.
. "$FB_SRC/tests/lib.sh"
B=$FB_BIN/forkbench-spawn
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
bad "'12Q'" --sizes 12Q
bad "'bogus'" --methods fork,bogus
bad "allowed: fork, vfork" --methods bogus
bad "'nope'" --heap nope
bad "'0'" --reps 0
bad "'x'" --warmup x
bad "'999'" --cpu 999
bad "nosuchevent" --events nosuchevent
bad "posix_spawn can only exec" --methods posix_spawn --child exit
bad "does not fit" --sizes 64T --heap touched
bad "unexpected argument" stray
bad "'0'" --fragments 0

"$B" --help >"$FB_TMP/help" || fail "--help failed"
grep -q -- "--methods" "$FB_TMP/help" || fail "--help lacks --methods"
"$B" --list | grep -q '^  clone3 ' || fail "--list lacks clone3"
"$B" --columns | grep -q 'create_ns' || fail "--columns lacks create_ns"
ok "--help, --list, --columns"
done_tests
