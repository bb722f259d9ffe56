#!/bin/sh
# Bad input: one clear message naming the value, exit 2, nothing allocated,
# no CSV written. Good input: --help, --list, --columns exit 0.
. "$FB_SRC/tests/lib.sh"
B=$FB_BIN/forkbench-spawn
expect_usage "$B" "'12Q'" --sizes 12Q
expect_usage "$B" "'bogus'" --methods fork,bogus
expect_usage "$B" "allowed: fork, vfork" --methods bogus
expect_usage "$B" "'nope'" --heap nope
expect_usage "$B" "'0'" --reps 0
expect_usage "$B" "'x'" --warmup x
expect_usage "$B" "'999'" --cpu 999
expect_usage "$B" "nosuchevent" --events nosuchevent
expect_usage "$B" "posix_spawn can only exec" --methods posix_spawn --child exit
expect_usage "$B" "does not fit" --sizes 64T --heap touched
expect_usage "$B" "unexpected argument" stray
expect_usage "$B" "'0'" --fragments 0
expect_usage "$B" "'0'" --runs 0
expect_usage "$B" "at most --reps" --runs 4 --reps 3
expect_usage "$B" "replaced by --runs" --rounds 2
expect_usage "$B" "'x'" --settle x

"$B" --help >"$FB_TMP/help" || fail "--help failed"
grep -q -- "--methods" "$FB_TMP/help" || fail "--help lacks --methods"
"$B" --list | grep -q '^  clone3 ' || fail "--list lacks clone3"
"$B" --columns | grep -q 'create_ns' || fail "--columns lacks create_ns"
ok "--help, --list, --columns"
done_tests
