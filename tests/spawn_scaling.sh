#!/bin/sh
# Orderings that define the problem, compared as ratios inside one run:
# fork's create_ns at 256 MiB of touched 4 KiB pages is several times its cost
# at 0; vfork, clone_vm and posix_spawn stay within 2x of theirs; a THP heap
# forks far cheaper than a 4 KiB one (one PMD per 2 MiB instead of 512 PTEs).
# Minima, not medians: a busy core adds delay to some reps, never takes it
# away, so the minimum of 9 reps holds these orderings on a loaded machine.
# Physics (label physics): skipped when a configuration's run medians lie
# more than 50% apart (3 runs each): the 2x and 4x margins cannot be told then.
. "$FB_SRC/tests/lib.sh"
out=$FB_TMP/spawn.csv
"$FB_BIN/forkbench-spawn" --sizes 0,256M --heap touched,thp --methods fork \
	--child exec --reps 9 --warmup 2 --events none --cpu "$(first_cpu)" -o "$out" 2>"$FB_TMP/err" ||
	fail "driver failed: $(cat "$FB_TMP/err")"
# The VM-sharing methods in a run of their own: on this VM a vfork right after
# the fork of a 256 MiB parent costs up to 2x more (a cross-method after-effect
# reported in the issue notes), which is not what this ordering is about.
out2=$FB_TMP/spawn-vm.csv
"$FB_BIN/forkbench-spawn" --sizes 0,256M --heap touched --methods vfork,clone_vm,posix_spawn \
	--child exec --reps 9 --warmup 2 --events none --cpu "$(first_cpu)" -o "$out2" 2>"$FB_TMP/err" ||
	fail "driver failed: $(cat "$FB_TMP/err")"
s=${out%.csv}.summary.csv
s2=${out2%.csv}.summary.csv
M=268435456
for c in "$s fork touched 0" "$s fork touched $M" "$s2 vfork touched 0" "$s2 vfork touched $M" \
	"$s2 clone_vm touched 0" "$s2 clone_vm touched $M" "$s2 posix_spawn touched 0" "$s2 posix_spawn touched $M"; do
	set -- $c
	noise_gate "$(run_spread_pct "$1" create_ns method=$2 heap=$3 heap_bytes=$4)" 50 "$2 $3 $4 create_ns, %,"
done

f0=$(fastest "$s" create_ns method=fork heap=touched heap_bytes=0)
f1=$(fastest "$s" create_ns method=fork heap=touched heap_bytes=$M)
r=$(ratio "$f1" "$f0")
echo "fork touched: 0 -> $f0 ns, 256M -> $f1 ns (x$r)"
less 4 "$r" || fail "fork at 256M touched should cost several times fork at 0 (x$r)"
ok "fork grows with the heap (x$r)"

for m in vfork clone_vm posix_spawn; do
	a=$(fastest "$s2" create_ns method=$m heap=touched heap_bytes=0)
	b=$(fastest "$s2" create_ns method=$m heap=touched heap_bytes=$M)
	r=$(ratio "$b" "$a")
	echo "$m touched: 0 -> $a ns, 256M -> $b ns (x$r)"
	less "$r" 2 || fail "$m should stay within 2x of its cost at 0 (x$r)"
	ok "$m flat in heap size (x$r)"
done

thp_skipped=$(awk -F, -v h="$(col "$out" heap)" -v st="$(col "$out" status)" \
	'$h=="thp" && $st=="skipped"{n++} END{print n+0}' "$out")
if [ "$thp_skipped" -gt 0 ]; then
	echo "THP was not obtained here; THP ordering not checked"
else
	t1=$(fastest "$s" create_ns method=fork heap=thp heap_bytes=$M)
	r=$(ratio "$f1" "$t1")
	echo "fork 256M: touched $f1 ns, thp $t1 ns (touched/thp x$r)"
	less 4 "$r" || fail "fork of a THP heap should be far cheaper than of 4 KiB pages (x$r)"
	ok "thp fork far cheaper than touched (x$r)"
fi
done_tests
