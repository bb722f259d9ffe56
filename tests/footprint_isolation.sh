#!/bin/sh
# The point of the driver: an isolated call leaves the parent's Rss as it was,
# a direct leaking call grows it by about the block, and the function's result
# computed in the child arrives intact through every mode. Loops over every
# mode and workload (--calls all --workloads all), so a new row is tested too.
. "$FB_SRC/tests/lib.sh"
out=$FB_TMP/iso.csv
"$FB_BIN/forkbench-footprint" --sizes 0,64M --heap touched --calls all --workloads all \
	--alloc 16M,100000,0 --reps 3 --warmup 1 --events none -o "$out" 2>"$FB_TMP/err" ||
	fail "run failed: $(cat "$FB_TMP/err")"
same_width "$out" || fail "CSV not rectangular"
ok "CSV rectangular"

st=$(col "$out" status); er=$(col "$out" error); mo=$(col "$out" call); wl=$(col "$out" workload)
al=$(col "$out" alloc_bytes); gr=$(col "$out" rss_growth_bytes); re=$(col "$out" result)
cm=$(col "$out" child_minflt); hb=$(col "$out" heap_bytes)
rows=$(awk 'END{print NR-1}' "$out")
modes=$("$FB_BIN/forkbench-footprint" --list | awk '/^calls:/{m=1; next} /^[^ ]/{m=0} m{n++} END{print n}')
[ "$rows" -eq $((2 * 3 * 2 * 3 * modes)) ] || fail "$rows rows, expected $((2 * 3 * 2 * 3 * modes))"
bad=$(awk -F, -v s="$st" -v e="$er" 'NR>1 && $s!="ok"{print NR": "$s" "$e; exit}' "$out")
[ -z "$bad" ] || fail "row not ok (result lost or parent changed?): $bad"
ok "$rows rows over $modes modes, every one ok: the result came back right each time"

# The result: the exit-status modes carry the low 8 bits of what direct returns.
bad=$(awk -F, -v m="$mo" -v w="$wl" -v a="$al" -v h="$hb" -v r="$re" '
	NR>1 && $m=="direct" { want[$w" "$a" "$h] = $r }
	NR>1 && $m!="direct" { got[NR] = $w" "$a" "$h; val[NR] = $r; pipe[NR] = ($m ~ /_pipe$/) }
	END { for (i in got) { x = want[got[i]]; if (x == "") { print "no direct row for " got[i]; exit }
		if (pipe[i] ? val[i] != x : val[i] != x % 256) { print "row " i ": " val[i] " vs direct " x; exit } } }' "$out")
[ -z "$bad" ] || fail "result mismatch: $bad"
ok "child results equal direct ones (pipe: 64 bits, exit status: mod 256)"

# Parent Rss: unchanged by an isolated call, grown by ~alloc after a direct leak.
bad=$(awk -F, -v m="$mo" -v g="$gr" 'NR>1 && $m!="direct" && $g > 1048576 {print NR": "$m" grew "$g; exit}' "$out")
[ -z "$bad" ] || fail "parent Rss grew after an isolated call: $bad"
ok "isolated calls leave the parent's Rss within 1 MiB"
# A direct free gives the block back only under glibc's fixed mmap threshold
# (a sanitizer's allocator ignores mallopt and keeps freed blocks in quarantine).
if grep -q '^malloc_mmap_threshold_bytes=[0-9]' "${out%.csv}.meta"; then
	bad=$(awk -F, -v m="$mo" -v w="$wl" -v g="$gr" 'NR>1 && $m=="direct" && $w=="free" && $g > 1048576 {print NR": grew "$g; exit}' "$out")
	[ -z "$bad" ] || fail "a direct free left memory in the parent: $bad"
	ok "direct free calls leave the parent's Rss within 1 MiB"
fi
bad=$(awk -F, -v m="$mo" -v w="$wl" -v a="$al" -v g="$gr" 'NR>1 && $m=="direct" && $w=="leak" && $a==16777216 && ($g < 16777216 * 0.95 || $g > 16777216 + 1048576) {print NR": grew "$g; exit}' "$out")
[ -z "$bad" ] || fail "direct leak did not grow the parent by ~16M: $bad"
ok "a direct 16M leak grows the parent's Rss by ~16M"

# The child really ran the function: it faulted in the block's pages itself.
bad=$(awk -F, -v m="$mo" -v a="$al" -v c="$cm" 'NR>1 && $m!="direct" && $a==16777216 && $c < 4096 {print NR": child_minflt "$c; exit}
	NR>1 && $m=="direct" && $c != "" {print NR": direct row has child_minflt "$c; exit}' "$out")
[ -z "$bad" ] || fail "$bad"
ok "children took >= 4096 faults for a 16M block; direct rows leave child_minflt empty"

sum=${out%.csv}.summary.csv
g=$(median "$sum" rss_growth_bytes workload=leak call=direct alloc_bytes=16777216 heap=touched heap_bytes=67108864)
[ -n "$g" ] || fail "summary lacks rss_growth_bytes for direct leak"
ok "summary median growth of a direct 16M leak: $g bytes"
done_tests
