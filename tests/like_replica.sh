#!/bin/sh
# --like on a process with a known layout (tests/like_target.c: 200 small
# written VMAs, 8 MiB THP, 4 MiB shared, a 4 MiB private file mapping with
# 1 MiB written, 4 idle threads, 50 descriptors): the replica the worker
# builds matches the original's VMA count within 4 and its Anonymous within
# 4 MiB, has THP where the original has it, its shared bytes, its threads and
# at least its descriptors; rows are measured (a child ran); --like-file
# round-trips the capture.
. "$FB_SRC/tests/lib.sh"
"$FB_BIN/forkbench-test-like-target" >"$FB_TMP/target.out" &
tp=$!
trap 'kill $tp 2>/dev/null; wait $tp 2>/dev/null || true' EXIT
i=0
until grep -q ready "$FB_TMP/target.out"; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "the target never became ready"; sleep 0.1
done
sh "$FB_SRC/scripts/forkbench" capture "$tp" >"$FB_TMP/shape.txt" || fail "forkbench capture $tp failed"
nv=$(grep -c '^vma ' "$FB_TMP/shape.txt")
nm=$(wc -l <"/proc/$tp/maps")
[ "$nv" -eq "$nm" ] || fail "capture has $nv VMAs, /proc/$tp/maps $nm"
grep -qx 'threads 5' "$FB_TMP/shape.txt" || fail "capture: threads is not 5"
fds=$(sed -n 's/^fds //p' "$FB_TMP/shape.txt")
[ "$fds" -ge 50 ] || fail "capture: $fds fds, the target holds 50 more than stdio"
grep -q '[0-9a-f]\{8,\}-' "$FB_TMP/shape.txt" && fail "capture holds an address"
grep -q '/' "$FB_TMP/shape.txt" && fail "capture holds a path"
ok "capture: $nv VMAs as in maps, 5 threads, $fds fds, no address or path"
thp_orig=$(awk '$1 == "vma" { s += $7 } END { print s * 1024 }' "$FB_TMP/shape.txt")

"$FB_BIN/forkbench-spawn" --like "$tp" --methods fork --child exit --reps 3 --warmup 1 --runs 1 \
	-o "$FB_TMP/a/spawn.csv" 2>"$FB_TMP/a.err" || { cat "$FB_TMP/a.err"; fail "spawn --like $tp failed"; }
grep -q "A process shaped like PID $tp (forkbench-test-" "$FB_TMP/a.err" ||
	{ cat "$FB_TMP/a.err"; fail "no closing paragraph naming PID $tp"; }
grep -q "fork [0-9.]* [mu]s \[" "$FB_TMP/a.err" || fail "the paragraph has no fork figure with an interval"
ok "closing paragraph: $(grep -o 'fork [0-9.]* [mu]s \[[^]]*\]' "$FB_TMP/a.err")"
f=$FB_TMP/a/spawn.csv
same_width "$f" || fail "ragged CSV"
for c in status create_ns vmas like_vmas_original like_vmas_replica like_anon_bytes_original \
	like_anon_bytes_replica like_thp_bytes_original like_thp_bytes_replica like_shared_bytes_original \
	like_shared_bytes_replica like_threads_original like_threads_replica like_fds_original like_fds_replica; do
	eval "c_$c=\$(col \"\$f\" $c)"
done
awk -F, -v st="$c_status" -v cr="$c_create_ns" -v vm="$c_vmas" -v vo="$c_like_vmas_original" \
	-v vr="$c_like_vmas_replica" -v ao="$c_like_anon_bytes_original" -v ar="$c_like_anon_bytes_replica" \
	-v to="$c_like_thp_bytes_original" -v tr="$c_like_thp_bytes_replica" -v so="$c_like_shared_bytes_original" \
	-v sr="$c_like_shared_bytes_replica" -v ho="$c_like_threads_original" -v hr="$c_like_threads_replica" \
	-v fo="$c_like_fds_original" -v fr="$c_like_fds_replica" -v thp="$thp_orig" '
	function abs(x) { return x < 0 ? -x : x }
	NR == 1 { next }
	{ n++ }
	$st != "ok" || $cr <= 0 { print "row " NR ": not measured: " $0; bad = 1 }
	abs($vr - $vo) > 4 { print "row " NR ": replica " $vr " VMAs, original " $vo; bad = 1 }
	$vm != $vr { print "row " NR ": vmas " $vm " but like_vmas_replica " $vr; bad = 1 }
	abs($ar - $ao) > 4 * 1048576 { print "row " NR ": replica Anonymous " $ar ", original " $ao; bad = 1 }
	$ao < 12 * 1048576 { print "row " NR ": original Anonymous " $ao " below what the target wrote"; bad = 1 }
	$to != thp { print "row " NR ": like_thp_bytes_original " $to ", capture " thp; bad = 1 }
	$to >= 8 * 1048576 && $tr < $to { print "row " NR ": THP original " $to ", replica " $tr; bad = 1 }
	$so < 4 * 1048576 || $sr < $so { print "row " NR ": shared original " $so ", replica " $sr; bad = 1 }
	$ho != 5 || $hr != 5 { print "row " NR ": threads original " $ho ", replica " $hr; bad = 1 }
	$fo < 50 || $fr < $fo { print "row " NR ": fds original " $fo ", replica " $fr; bad = 1 }
	END { if (n < 3) { print "only " n " rows"; bad = 1 } exit bad }' "$f" || fail "replica does not match the original"
ok "replica: VMAs within 4, Anonymous within 4 MiB, THP ($thp_orig B in the original), shared, 5 threads, fds; every row measured"
[ "$thp_orig" -ge 8388608 ] || echo "note: the target got no THP here ($thp_orig B): the THP check compared nothing"

# forkbench-stall --like: the sibling is one of the original's threads.
"$FB_BIN/forkbench-stall" --like "$tp" --methods fork --reps 2 --warmup 1 -o "$FB_TMP/s/stall.csv" \
	2>"$FB_TMP/s.err" || { cat "$FB_TMP/s.err"; fail "stall --like $tp failed"; }
st=$(col "$FB_TMP/s/stall.csv" status); sn=$(col "$FB_TMP/s/stall.csv" stall_ns)
hr=$(col "$FB_TMP/s/stall.csv" like_threads_replica); vr=$(col "$FB_TMP/s/stall.csv" like_vmas_replica)
ar=$(col "$FB_TMP/s/stall.csv" like_anon_bytes_replica); ao=$(col "$FB_TMP/s/stall.csv" like_anon_bytes_original)
awk -F, -v st="$st" -v sn="$sn" -v hr="$hr" -v vr="$vr" -v nv="$nv" -v ar="$ar" -v ao="$ao" '
	function abs(x) { return x < 0 ? -x : x }
	NR > 1 { n++ }
	NR > 1 && $sn > 0 { timed++ }
	NR > 1 && ($st != "ok" || $hr != 5 || abs($vr - nv) > 4 || abs($ar - $ao) > 4 * 1048576) { print; bad = 1 }
	END { exit bad || n < 2 || !timed }' "$FB_TMP/s/stall.csv" || fail "stall --like rows: not ok, no stall_ns, or the replica off"
# (stall_ns is empty in a row where no sibling operation overlapped the call:
# on a busy machine the sibling may not run during a short fork; one row with
# it shows the wiring, the stall's physics is stall_physics's.)
grep -q "A process shaped like PID $tp" "$FB_TMP/s.err" || fail "stall: no closing paragraph"
ok "stall --like: rows measured, 5 threads with the sibling, VMAs within 4 of $nv"

# --like-file: the capture round-trips (the run saves what it built from).
"$FB_BIN/forkbench-spawn" --like-file "$FB_TMP/shape.txt" --methods fork --child exit --reps 2 --warmup 0 \
	--runs 1 -o "$FB_TMP/b/spawn.csv" 2>"$FB_TMP/b.err" || { cat "$FB_TMP/b.err"; fail "--like-file failed"; }
grep -v '^#' "$FB_TMP/shape.txt" >"$FB_TMP/in.txt"
grep -v '^#' "$FB_TMP/b/spawn.shape.txt" >"$FB_TMP/out.txt"
cmp -s "$FB_TMP/in.txt" "$FB_TMP/out.txt" || { diff "$FB_TMP/in.txt" "$FB_TMP/out.txt" | head; fail "capture did not round-trip"; }
vo=$(col "$FB_TMP/b/spawn.csv" like_vmas_original)
awk -F, -v c="$vo" -v n="$nv" 'NR > 1 && $c != n { bad = 1 } END { exit bad }' "$FB_TMP/b/spawn.csv" ||
	fail "--like-file rows do not carry the capture's $nv VMAs"
ok "--like-file round-trips the capture ($nv VMAs)"
# --gap: the idle wait happens (outside the clock) and is recorded.
t0=$(date +%s%N)
"$FB_BIN/forkbench-spawn" --like-file "$FB_TMP/shape.txt" --gap 150 --methods fork --child exit --reps 4 \
	--warmup 0 --runs 1 --events none -o "$FB_TMP/g/spawn.csv" 2>"$FB_TMP/g.err" || { cat "$FB_TMP/g.err"; fail "--gap failed"; }
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
[ "$ms" -ge 600 ] || fail "--gap 150 with 4 reps took $ms ms: the gap was not slept"
grep -qx 'gap_ms=150' "$FB_TMP/g/spawn.meta" || fail "gap_ms not in the sidecar"
cr=$(col "$FB_TMP/g/spawn.csv" create_ns)
awk -F, -v c="$cr" 'NR > 1 && $c >= 150000000 { bad = 1 } END { exit bad }' "$FB_TMP/g/spawn.csv" ||
	fail "--gap: a create_ns holds the idle wait"
ok "--gap 150: 4 reps took $ms ms, the wait outside create_ns, gap_ms in the sidecar"
done_tests
