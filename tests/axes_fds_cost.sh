#!/bin/sh
# What the descriptor table costs: fork with 10,000 open descriptors copies
# the table and takes a reference on every file, and its child drops them all
# at exit; clone_files shares the table and copies none. Asserted in absolute
# terms, not ratios (fork+exit is 0.1 ms on one machine and 1 ms on another,
# while the per-descriptor work is ~10-20 ns everywhere): fork's median
# total_ns at 10,000 fds exceeds its median at 0 by at least 100 us (10 ns a
# descriptor; 0.2 ms on the slowest guest seen, ~0.7 ms on a Xeon guest), and
# clone_files at 10,000 stays at least 100 us below fork at 10,000. Counts
# first: every row ran with the 10,000 descriptors counted back.
# Physics (label physics): medians of 3 independent runs; skipped when the
# runs' medians of any configuration lie more than 50 us apart (the machine is
# too busy now to resolve a 100 us effect).
. "$FB_SRC/tests/lib.sh"
out=$FB_TMP/fds.csv
"$FB_BIN/forkbench-spawn" --methods fork,clone_files --child exit --sizes 0 --heap untouched \
	--fds 0,10000 --reps 15 --warmup 2 --runs 3 --cpu "$(first_cpu)" --events none -o "$out" 2>"$FB_TMP/err" ||
	fail "driver failed: $(cat "$FB_TMP/err")"
sum=${out%.csv}.summary.csv
bad=$(awk -F, -v st="$(col "$out" status)" -v fo="$(col "$out" fds_observed)" -v f="$(col "$out" fds)" \
	'NR > 1 && ($st != "ok" || $fo != $f)' "$out" | wc -l)
[ "$bad" -eq 0 ] || fail "$bad rows not ok or with other descriptors than asked"
ok "fork and clone_files ran with 0 and 10000 descriptors, counted back"
for c in "method=fork fds=0" "method=fork fds=10000" "method=clone_files fds=10000"; do
	# shellcheck disable=SC2086
	noise_gate "$(run_spread_ns "$sum" total_ns $c)" 50000 "total_ns ($c), ns,"
done
f0=$(median "$sum" total_ns method=fork fds=0)
f1=$(median "$sum" total_ns method=fork fds=10000)
c1=$(median "$sum" total_ns method=clone_files fds=10000)
echo "median total_ns: fork fds=0 $f0, fork fds=10000 $f1, clone_files fds=10000 $c1"
[ -n "$f0" ] && [ -n "$f1" ] && [ -n "$c1" ] || fail "summary lacks a configuration"
less "$(awk -v a="$f0" 'BEGIN{print a + 100000}')" "$f1" ||
	fail "fork with 10000 fds ($f1 ns) not 100 us above fork with 0 ($f0 ns): the table is not copied?"
ok "fork with 10000 fds: +$(awk -v a="$f1" -v b="$f0" 'BEGIN{printf "%.0f", (a - b) / 1000}') us over fork with 0"
less "$(awk -v a="$c1" 'BEGIN{print a + 100000}')" "$f1" ||
	fail "clone_files with 10000 fds ($c1 ns) not 100 us below fork ($f1 ns): the table is not shared?"
ok "clone_files with 10000 fds: $(awk -v a="$f1" -v b="$c1" 'BEGIN{printf "%.0f", (a - b) / 1000}') us below fork"
done_tests
