# kernels_icount: scripts/kernels --icount boots the cached Debian cloud kernel
# twice under TCG with the instruction-counting clock, then judges:
# - the sidecars say the clock is instructions (vm_icount_shift, vm_clock);
# - an A/A pair of boots: nothing flagged, fork's instruction counts within
#   0.5% between boots (native timings on this kind of VM differ 2.5x);
# - a known change: fork at a 17 MiB touched heap relabelled as 16 MiB is
#   found higher, its ratio within 0.75% of what fork's fixed cost (heap 0)
#   plus 17/16 of its per-page part predicts (+6.25% before the fixed part
#   dilutes it) and its interval narrower than +-1%;
# Sizes stay small so that the timer tick (every 4 M instructions at HZ=250)
# misses most repetitions: each run's minimum is the count with no tick.
# - compare shows the counts as instructions, never as time, and refuses to
#   judge an instruction side against a native one (counts still compared).
# Skipped (77) when qemu or the kernel cannot be had. Label vm.
. "$FB_SRC/tests/lib.sh"
kernels_setup
mkdir -p "$FB_TMP/tmp"
out=$FB_TMP/out
t0=$(date +%s)
TMPDIR=$FB_TMP/tmp "$k" --icount --timeout 240 --no-compare --cache "$cache" \
	--build "$FB_BIN/../kernels-static" -o "$out" \
	--run 'spawn --methods fork --child exit --sizes 0,16M,17M --heap touched --reps 20 --warmup 1 --runs 5' \
	"$img" "$img" >"$FB_TMP/log" 2>&1 || { cat "$FB_TMP/log" >&2; fail "scripts/kernels --icount failed"; }
set -- "$out"/*/
[ $# -eq 2 ] || fail "expected two result directories, got: $*"
a=${1%/}; b=${2%/}
ok "two boots under -icount in $(( $(date +%s) - t0 )) s: $(basename "$a"), $(basename "$b")"
for d in "$a" "$b"; do
	grep -qx 'vm_icount_shift=0' "$d/spawn.meta" && grep -qx 'vm_clock=instructions' "$d/spawn.meta" ||
		fail "$d/spawn.meta lacks vm_icount_shift=0 / vm_clock=instructions"
	grep -qx 'vm_cpus=1' "$d/spawn.meta" || fail "$d: exact mode runs one vCPU"
done
ok "sidecars: vm_icount_shift=0, vm_clock=instructions, one vCPU"

cmp=$FB_BIN/forkbench-compare
# field CSV ROW-MATCH COLUMN: a column of the compare.csv row whose config
# and metric match (config,metric given as "config metric").
field() {
	awk -F, -v cfg="$2" -v met="$3" -v col="$4" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["config"] == cfg && $c["metric"] == met { print $c[col]; exit }' "$1"
}
"$cmp" -o "$FB_TMP/aa" "$a" "$b" >"$FB_TMP/aa.log" 2>&1 || { cat "$FB_TMP/aa.log" >&2; fail "compare A/A failed"; }
flagged=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["verdict"] == "higher" || $c["verdict"] == "lower"' "$FB_TMP/aa/compare.csv" | wc -l)
[ "$flagged" -eq 0 ] || { grep -E ',(higher|lower),' "$FB_TMP/aa/compare.csv" >&2; fail "A/A of two boots flagged $flagged rows"; }
for cfg in fork/exit/-/touched/0/0/0 fork/exit/-/touched/16M/0/0 fork/exit/-/touched/17M/0/0; do
	r=$(field "$FB_TMP/aa/compare.csv" "$cfg" create_ns ratio)
	[ -n "$r" ] || fail "A/A: no create_ns row for $cfg"
	awk -v r="$r" 'BEGIN { exit !(r > 0.995 && r < 1.005) }' || fail "A/A: $cfg create_ns differs by more than 0.5% between boots (ratio $r)"
	kind=$(field "$FB_TMP/aa/compare.csv" "$cfg" create_ns kind)
	[ "$kind" = instructions ] || fail "A/A: $cfg create_ns kind '$kind', expected instructions"
done
ok "A/A: nothing flagged; fork create_ns within 0.5% between boots; kind=instructions"
grep -q 'clock: instructions' "$FB_TMP/aa/compare.txt" || fail "compare.txt does not say the clock is instructions"
grep -q 'Minstr' "$FB_TMP/aa/compare.txt" || fail "compare.txt does not show instruction units"
! grep -E 'fork/exit/-/touched/16M.*(µs|ms)' "$FB_TMP/aa/compare.txt" || fail "instruction counts shown as time"
ok "compare.txt labels the clock and shows Minstr, never µs/ms"

# The known change: B's 17 MiB rows relabelled as 16 MiB (its own 16 MiB rows
# dropped); --min-change 1: the change is +4-5% here, below the 5% default.
rel=$FB_TMP/relabelled
mkdir -p "$rel"
cp "$b/spawn.meta" "$rel/"
for f in spawn.csv spawn.summary.csv; do
	awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "heap_bytes") h = i; print; next }
		$h == 16777216 { next } $h == 17825792 { $h = 16777216 } { print }' "$b/$f" >"$rel/$f"
done
"$cmp" --min-change 1 -o "$FB_TMP/rel" "$a" "$rel" >"$FB_TMP/rel.log" 2>&1 || { cat "$FB_TMP/rel.log" >&2; fail "compare failed"; }
cfg=fork/exit/-/touched/16M/0/0
r=$(field "$FB_TMP/rel/compare.csv" $cfg create_ns ratio)
lo=$(field "$FB_TMP/rel/compare.csv" $cfg create_ns ratio_lo)
hi=$(field "$FB_TMP/rel/compare.csv" $cfg create_ns ratio_hi)
v=$(field "$FB_TMP/rel/compare.csv" $cfg create_ns verdict)
# Expected: fork's per-page part grows by 17/16 and its fixed part (fork at
# heap 0, measured in A) does not, so the ratio lies between the two.
f0=$(field "$FB_TMP/aa/compare.csv" fork/exit/-/touched/0/0/0 create_ns median_a)
f64=$(field "$FB_TMP/aa/compare.csv" $cfg create_ns median_a)
echo "relabelled: ratio $r [$lo, $hi], verdict $v; fork@0 $f0, fork@16M $f64 instructions"
pred=$(awk -v f0="$f0" -v f="$f64" 'BEGIN { printf "%.5f", (f0 + (f - f0) * 17 / 16) / f }')
awk -v r="$r" -v p="$pred" 'BEGIN { exit !(r > p - 0.0075 && r < p + 0.0075) }' ||
	fail "relabelled 17M as 16M: ratio $r, predicted $pred from fork's fixed and per-page parts"
awk -v lo="$lo" -v hi="$hi" -v r="$r" 'BEGIN { exit !(hi - lo < 0.02 && lo > 1) }' ||
	fail "relabelled: interval [$lo, $hi] not narrower than +-1% or includes 1"
[ "$v" = higher ] || fail "relabelled: verdict '$v', expected higher"
ok "the relabelled +6.25% heap found: fork create_ns ratio $r [$lo, $hi], higher"

# An instruction side against a native side: timings not judged, counts still compared.
nat=$FB_TMP/native
mkdir -p "$nat"
"$FB_BIN/forkbench-spawn" --methods fork --child exit --sizes 0,16M --heap touched --reps 6 --runs 3 \
	--events none -o "$nat/spawn.csv" 2>"$FB_TMP/nat.err" || fail "native spawn: $(cat "$FB_TMP/nat.err")"
"$cmp" -o "$FB_TMP/mix" "$nat" "$a" >"$FB_TMP/mix.log" 2>&1 || { cat "$FB_TMP/mix.log" >&2; fail "compare native vs icount failed"; }
grep -q 'instructions (icount) on one side, time on the other' "$FB_TMP/mix/compare.csv" ||
	fail "native vs instruction side: the refusal is not stated"
j=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["metric"] == "create_ns" && ($c["verdict"] == "higher" || $c["verdict"] == "lower")' "$FB_TMP/mix/compare.csv" | wc -l)
[ "$j" -eq 0 ] || fail "native vs instruction side: $j timing rows judged"
ok "native vs instruction side: timings refused with the reason, none judged"
left=$(grep -l "$FB_TMP/tm[p]/" /proc/[0-9]*/cmdline 2>/dev/null | grep -v "/proc/$$/" || true)
[ -z "$left" ] || fail "processes left behind: $left"
done_tests
