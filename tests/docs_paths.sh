#!/bin/sh
# Every path the docs and the code's comments name exists: README.md, docs/,
# and the comments and strings of src/, bench/, scripts/ and tests/ name
# files as src/..., bench/..., scripts/..., tests/..., docs/..., plots/...,
# fleet/..., vm/..., cmake/... or results/reference/...; each must be in the
# tree (a moved file leaves its old name behind in prose first). Names with a
# placeholder (<driver>, NAME, *, ...) are patterns, not paths, and skipped.
. "$FB_SRC/tests/lib.sh"
cd "$FB_SRC"
files=$(git ls-files README.md docs src bench scripts tests fleet vm plots CMakeLists.txt 2>/dev/null ||
	find README.md docs src bench scripts tests fleet vm plots CMakeLists.txt -type f)
missing=$FB_TMP/missing
: > "$missing"
for f in $files; do
	[ -f "$f" ] || continue
	case $f in tests/fixtures/*.csv|*.png) continue ;; esac
	grep -oE '(^|[^A-Za-z0-9_./$-])(src|bench|scripts|tests|docs|plots|fleet|vm|cmake|results/reference)/[A-Za-z0-9_./*-]*[A-Za-z0-9_*]' "$f" 2>/dev/null |
		sed -E 's/^[^a-z]//' | sort -u | while read -r p; do
		case $p in *'<'*|*'>'*|*'*'*|*...*|*NAME*|*DRIVER*|*/build*) continue ;; esac
		# not paths of the tree: a results directory's own plots/, the
		# initramfs's init (built from vm/init.c), a usage placeholder
		case $p in plots/data|plots/*.png|vm/fb-init|tests/script.sh) continue ;; esac
		[ -e "$p" ] || echo "$f: $p" >> "$missing"
	done
done
if [ -s "$missing" ]; then
	cat "$missing" >&2
	fail "$(wc -l < "$missing") names of paths that do not exist (above: file: path)"
fi
ok "every path named in README.md, docs/ and the code's comments exists"
done_tests
