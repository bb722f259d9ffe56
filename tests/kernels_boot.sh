# kernels_boot: scripts/kernels boots a Debian cloud kernel under TCG with a
# small spawn + cow sweep and the results come back as an ordinary run: the
# sidecar written inside the guest names the guest's kernel (not the host's),
# vm_accel=tcg and the other host keys are there, one COW fault per written
# 4 KiB page inside the guest, every spawn child ran, no qemu left behind.
# Skipped (77) when qemu cannot be installed or the kernel package fetched.
. "$FB_SRC/tests/lib.sh"
kernels_setup
. "$FB_SRC/scripts/lib/vm.sh"
want=$(vm_bzimage_release "$img")
[ -n "$want" ] || fail "no release string in $img"
[ "$want" != "$(uname -r)" ] || skip "the host already runs $want: the test could not tell guest from host"

mkdir -p "$FB_TMP/tmp"
out=$FB_TMP/out
t0=$(date +%s)
TMPDIR=$FB_TMP/tmp "$k" --accel tcg --timeout 240 --no-compare --cache "$cache" \
	--build "$FB_BIN/../kernels-static" -o "$out" \
	--run 'spawn --sizes 0,1M --heap touched --methods fork,vfork --reps 3 --warmup 1' \
	--run 'cow --sizes 4M --heap touched --patterns seq,stride:4,read --reps 2 --warmup 0' \
	"$img" >"$FB_TMP/log" 2>&1 || { cat "$FB_TMP/log" >&2; fail "scripts/kernels failed"; }
ok "booted $want and came back in $(( $(date +%s) - t0 )) s"

left=$(grep -l "$FB_TMP/tm[p]/" /proc/[0-9]*/cmdline 2>/dev/null | grep -v "/proc/$$/" || true)
[ -z "$left" ] || fail "processes left behind: $left"
ok "no qemu (or anything else started for this test) left"

d=$out/$want
[ -d "$d" ] || { ls "$out" >&2; fail "no results directory $d"; }
for f in spawn.csv spawn.summary.csv spawn.meta cow.csv cow.summary.csv cow.meta console.log vm.txt guest.txt; do
	[ -s "$d/$f" ] || fail "$d/$f missing or empty"
done
ok "results directory $d holds CSV, summary and .meta of both drivers, the console log"
for m in "$d/spawn.meta" "$d/cow.meta"; do
	rel=$(sed -n 's/^kernel_release=//p' "$m")
	[ "$rel" = "$want" ] || fail "$m: kernel_release '$rel', want the guest's $want"
	[ "$rel" != "$(uname -r)" ] || fail "$m names the host's kernel"
	grep -qx 'vm_accel=tcg' "$m" || fail "$m: no vm_accel=tcg"
	grep -qx 'vm_cpus=2' "$m" || fail "$m: vm_cpus"
	grep -Eqx 'vm_memory_bytes=[0-9]+' "$m" && grep -q '^qemu_version=QEMU' "$m" || fail "$m: vm_memory_bytes/qemu_version"
	grep -Eqx 'sha256_forkbench_spawn=[0-9a-f]{64}' "$m" || fail "$m: no sha256 of forkbench-spawn"
	dup=$(awk -F= '/^(vm_|qemu_|sha256_)/ { n[$1]++ } END { for (k in n) if (n[k] > 1) print k }' "$m")
	[ -z "$dup" ] || fail "$m: host keys written twice: $dup"
done
ok "sidecars name the guest's kernel $want (host: $(uname -r)), vm_accel=tcg, qemu and binary hashes, each once"

awk -F, '
	NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ n++; if ($c["status"] != "ok") { print "spawn row " NR ": " $c["status"] " " $c["error"]; bad = 1 } }
	END { if (n != 24) { print n " spawn rows, want 24"; bad = 1 } exit bad }' "$d/spawn.csv" ||
	fail "spawn rows inside the guest"
ok "24 spawn rows, all ok (the runner checks that each child ran)"
awk -F, -v slack=8 '
	NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{
		n++; pw = $c["pages_written"]; f = $c["cow_minflt"]; p = $c["pattern"]
		if ($c["status"] != "ok") { print "cow row " NR ": " $c["error"]; bad = 1; next }
		want = (p == "seq") ? 1024 : (p == "stride:4") ? 256 : 0
		if (pw != want) { print p ": pages_written " pw ", want " want; bad = 1 }
		if (f < pw || f > pw + slack) { print p " " $c["writer"] ": " f " faults for " pw " pages"; bad = 1 }
		if (pw) printf "%s %s: %.3f faults per written page\n", p, $c["writer"], f / pw
	}
	END { if (n != 12) { print n " cow rows, want 12"; bad = 1 } exit bad }' "$d/cow.csv" >"$FB_TMP/faults" ||
	{ cat "$FB_TMP/faults" >&2; fail "COW fault counts inside the guest"; }
ok "one COW fault per written 4 KiB page inside the guest ($(awk '{ print $3 }' "$FB_TMP/faults" | sort -u | tr '\n' ' ' | sed 's/ $//') faults/page), none for read"
grep -q '^status=ok$' "$d/vm.txt" || fail "vm.txt: $(cat "$d/vm.txt")"
done_tests
