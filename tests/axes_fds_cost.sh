#!/bin/sh
# What the descriptor table costs: fork with 10,000 open descriptors copies
# the table and takes a reference on every file, and its child drops them all
# at exit; clone_files shares the table. Orderings with wide margins on the
# minimum over reps (the minimum is what a busy core disturbs least):
# fork's total_ns at 10,000 fds is at least 2x that at 0 (about 6x here) and
# at least 2x clone_files' at 10,000 (about 5x here); every clone_files row
# with 10,000 fds ran (status ok, fds_observed 10000).
. "$FB_SRC/tests/lib.sh"
out=$FB_TMP/fds.csv
"$FB_BIN/forkbench-spawn" --methods fork,clone_files --child exit --sizes 0 --heap untouched \
	--fds 0,10000 --reps 11 --warmup 2 --runs 1 --cpu "$(first_cpu)" --events none -o "$out" 2>"$FB_TMP/err" ||
	fail "driver failed: $(cat "$FB_TMP/err")"
sum=${out%.csv}.summary.csv
bad=$(awk -F, -v st="$(col "$out" status)" -v fo="$(col "$out" fds_observed)" -v f="$(col "$out" fds)" \
	'NR > 1 && ($st != "ok" || $fo != $f)' "$out" | wc -l)
[ "$bad" -eq 0 ] || fail "$bad rows not ok or with other descriptors than asked"
ok "fork and clone_files ran with 0 and 10000 descriptors, counted back"
f0=$(fastest "$sum" total_ns method=fork fds=0)
f1=$(fastest "$sum" total_ns method=fork fds=10000)
c1=$(fastest "$sum" total_ns method=clone_files fds=10000)
echo "min total_ns: fork fds=0 $f0, fork fds=10000 $f1, clone_files fds=10000 $c1"
[ -n "$f0" ] && [ -n "$f1" ] && [ -n "$c1" ] || fail "summary lacks a configuration"
less "$(awk -v a="$f0" 'BEGIN{print 2 * a}')" "$f1" || fail "fork with 10000 fds ($f1) not 2x fork with 0 ($f0)"
ok "fork with 10000 fds: $(ratio "$f1" "$f0")x fork with 0"
less "$(awk -v a="$c1" 'BEGIN{print 2 * a}')" "$f1" || fail "clone_files with 10000 fds ($c1) not 2x below fork ($f1)"
ok "clone_files with 10000 fds: fork is $(ratio "$f1" "$c1")x"
done_tests
