#!/bin/sh
# mthp_refuse: a size the knobs would not give is refused up front (exit 2,
# nothing written) with the command that would give it: a size set to never,
# a size that a larger enabled size would win over; --set-mthp without root.
. "$FB_SRC/tests/lib.sh"
. "$FB_SRC/tests/mthp_lib.sh"
mthp_need_root
mthp_guard
spawn=$FB_BIN/forkbench-spawn
echo never >"$MTHP/hugepages-64kB/enabled"
expect_usage "$spawn" "echo madvise > $MTHP/hugepages-64kB/enabled" --heap mthp:64K --sizes 1M
grep -qF -- "--set-mthp" "$FB_TMP/err" || fail "the refusal does not name --set-mthp"
ok "a never size names both ways to enable it"
echo madvise >"$MTHP/hugepages-64kB/enabled"
echo madvise >"$MTHP/hugepages-128kB/enabled"
expect_usage "$spawn" "larger folio sizes are enabled (128K" --heap mthp:64K --sizes 1M
mthp_put_back
if command -v setpriv >/dev/null; then
	expect_usage setpriv "--set-mthp writes" --reuid=65534 --regid=65534 --clear-groups \
		"$spawn" --heap mthp:64K --sizes 1M --set-mthp
fi
expect_usage "$spawn" "unknown --heap value 'mthp:48K'" --heap mthp:48K
done_tests
