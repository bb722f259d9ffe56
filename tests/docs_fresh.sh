#!/bin/sh
# docs/reference/ is what scripts/gendocs writes from the built drivers'
# --help, --list and --columns: regenerated here and compared, so a changed
# option, table row or column fails until `scripts/gendocs` is run and its
# output committed.
. "$FB_SRC/tests/lib.sh"
sh "$FB_SRC/scripts/gendocs" "$FB_BIN" "$FB_TMP/ref" >/dev/null || fail "scripts/gendocs failed"
[ -d "$FB_SRC/docs/reference" ] || fail "no docs/reference in the tree: run scripts/gendocs"
if ! diff -ru "$FB_SRC/docs/reference" "$FB_TMP/ref" > "$FB_TMP/diff"; then
	head -40 "$FB_TMP/diff" >&2
	fail "docs/reference is stale: run scripts/gendocs and commit docs/reference"
fi
ok "docs/reference matches the drivers' --help, --list and --columns ($(ls "$FB_TMP/ref" | wc -l) pages)"
done_tests
