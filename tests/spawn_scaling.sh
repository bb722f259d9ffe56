#!/bin/sh
# Orderings that define the problem, compared as ratios inside one run:
# fork's create_ns at 256 MiB of touched 4 KiB pages is several times its cost
# at 0; vfork, clone_vm and posix_spawn stay within 2x of theirs; a THP heap
# forks far cheaper than a 4 KiB one (one PMD per 2 MiB instead of 512 PTEs).
# Physics (label physics): each ordering is judged over the 3 independent runs
# of each configuration (claim): it passes when every pairing of runs shows it,
# fails when none does, and skips (77) only when the runs disagree.
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
# Each ordering judged over the 3 runs (claim, tests/lib.sh): a large effect
# holds in every pairing of runs however busy the machine; a skip says the
# runs disagree about a close one. The minima, for the log.
f0=$(fastest "$s" create_ns method=fork heap=touched heap_bytes=0)
f1=$(fastest "$s" create_ns method=fork heap=touched heap_bytes=$M)
echo "fork touched minima: 0 -> $f0 ns, 256M -> $f1 ns (x$(ratio "$f1" "$f0"))"
claim "$out" create_ns "method=fork heap=touched heap_bytes=$M" gt 4 "method=fork heap=touched heap_bytes=0" \
	"fork at 256M touched costs several times fork at 0"
for m in vfork clone_vm posix_spawn; do
	claim "$out2" create_ns "method=$m heap=touched heap_bytes=$M" lt 2 "method=$m heap=touched heap_bytes=0" \
		"$m stays within 2x of its cost at 0"
done

thp_skipped=$(awk -F, -v h="$(col "$out" heap)" -v st="$(col "$out" status)" \
	'$h=="thp" && $st=="skipped"{n++} END{print n+0}' "$out")
if [ "$thp_skipped" -gt 0 ]; then
	echo "THP was not obtained here; THP ordering not checked"
else
	claim "$out" create_ns "method=fork heap=touched heap_bytes=$M" gt 4 "method=fork heap=thp heap_bytes=$M" \
		"fork of a 256M THP heap is far cheaper than of 4 KiB pages"
fi
done_tests
