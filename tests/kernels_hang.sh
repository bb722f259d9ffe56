# kernels_hang: a guest that does not power off in time is killed and
# reported (its console kept next to its results), a kernel that cannot be had
# does not stop the next one, and --accel kvm on a host whose KVM cannot run
# the kernel (qemu aborts, or pauses the guest with "KVM internal error") ends
# in a report, never a hang; a guest qemu pauses is caught through QMP; Ctrl-C
# takes qemu along; no qemu is left in any case.
. "$FB_SRC/tests/lib.sh"
kernels_setup
. "$FB_SRC/scripts/lib/vm.sh"
want=$(vm_bzimage_release "$img")
mkdir -p "$FB_TMP/tmp"
# run_k ARGS...: scripts/kernels with the test's build, cache and temp dir; sets rc.
run_k() {
	set +e
	TMPDIR=$FB_TMP/tmp "$k" --no-compare --cache "$cache" --build "$FB_BIN/../kernels-static" \
		-o "$FB_TMP/out" "$@" >"$FB_TMP/log" 2>&1
	rc=$?
	set -e
}
# no_leftovers [DIR]: no process names $FB_TMP/DIR/ (default tmp) in its command line.
no_leftovers() {
	sleep 0.2
	left=$(grep -l "$FB_TMP/${1:-tmp}[/]" /proc/[0-9]*/cmdline 2>/dev/null | grep -v "/proc/$$/" || true)
	[ -z "$left" ] || { ps -o pid,cmd -p "$(echo "$left" | sed 's|/proc/||; s|/cmdline||' | tr '\n' ',')0" >&2; fail "left behind: $left"; }
}

# 4 (started first, checked last). --accel kvm: works (then ok, vm_accel=kvm)
# or fails with a report, promptly. 15 s: a KVM that can run the kernel boots
# it and this sweep in a few seconds; one that cannot (this host's nested KVM)
# hangs until the timeout. It waits on its own watchdog, not on the CPU, so it
# runs beside case 1's wait (its own temp and results directories): the test
# pays one wait, not two.
kvm=""
if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	mkdir -p "$FB_TMP/tmpkvm"
	(
		t0=$(date +%s)
		set +e
		TMPDIR=$FB_TMP/tmpkvm "$k" --no-compare --cache "$cache" --build "$FB_BIN/../kernels-static" \
			-o "$FB_TMP/outkvm" --accel kvm --timeout 15 \
			--run 'spawn --sizes 0 --heap untouched --methods fork --reps 2' "$img" >"$FB_TMP/logkvm" 2>&1
		echo "$? $(( $(date +%s) - t0 ))" >"$FB_TMP/kvm.rc"
	) &
	kvm=$!
fi

# 1. --timeout 20 under TCG: the sweep outlasts it by far; a missing kernel
# first. 20 s, not 5: the console check needs init to have started, and a
# TCG boot on a busy host took more than 5 s (the kernel prints nothing on
# the serial console before then), which made a 5 s timeout flaky.
t0=$(date +%s)
run_k --accel tcg --timeout 20 --run 'cow --sizes 64M --heap touched --reps 400' "$FB_TMP/no-such-bzImage" "$img"
secs=$(( $(date +%s) - t0 ))
[ $rc -eq 1 ] || { cat "$FB_TMP/log" >&2; fail "exit $rc with a hung guest, expected 1"; }
grep -q "no-such-bzImage.*neither a file" "$FB_TMP/log" || fail "the missing kernel is not reported"
grep -q "FAILED after .*timeout: the guest was still running after 20 s" "$FB_TMP/log" ||
	{ cat "$FB_TMP/log" >&2; fail "the timeout is not reported"; }
ok "missing kernel reported, then the next one booted and was killed at the 20 s timeout (whole run ${secs} s)"
d=$FB_TMP/out/$want
grep -q '^status=failed$' "$d/vm.txt" && grep -q '^reason=timeout' "$d/vm.txt" || fail "vm.txt: $(cat "$d/vm.txt")"
grep -q 'fb-init: up' "$d/console.log" || fail "console log not kept: $(tail -n 3 "$d/console.log")"
grep -q 'last console lines' "$FB_TMP/log" || fail "the last console lines are not shown"
no_leftovers
ok "reported in $d/vm.txt, console kept next to it, no qemu left"

# 2. A guest qemu pauses (as it does on a KVM internal error): here paused
# from outside through the script's own QMP channel; the watchdog sees the
# run state, kills qemu and says so, long before the timeout.
rm -rf "$FB_TMP/tmp"; mkdir -p "$FB_TMP/tmp"
t0=$(date +%s)
TMPDIR=$FB_TMP/tmp "$k" --no-compare --cache "$cache" --build "$FB_BIN/../kernels-static" -o "$FB_TMP/out" \
	--accel tcg --timeout 200 --run 'cow --sizes 64M --heap touched --reps 50' "$img" >"$FB_TMP/log" 2>&1 &
kpid=$!
i=0
until grep -qs 'fb-init: up' "$FB_TMP"/tmp/fb-kernels.*/boot1/console.log; do
	i=$((i + 1)); [ $i -lt 600 ] || { kill $kpid; fail "the guest did not come up in 60 s"; }
	sleep 0.1
done
printf '{"execute":"stop"}\n' >"$(echo "$FB_TMP"/tmp/fb-kernels.*/boot1/qmp.in)"
set +e; wait $kpid; rc=$?; set -e
secs=$(( $(date +%s) - t0 ))
[ $rc -eq 1 ] || { cat "$FB_TMP/log" >&2; fail "paused guest: exit $rc, expected 1"; }
grep -q 'FAILED after .*qemu paused the guest (run state paused)' "$FB_TMP/log" || { cat "$FB_TMP/log" >&2; fail "the pause is not reported"; }
[ $secs -lt 100 ] || fail "the paused guest was only caught after $secs s"
no_leftovers
ok "a paused guest is killed and reported ('qemu paused the guest') in $secs s, timeout 200 s; no qemu left"

# 3. Ctrl-C (SIGINT to the script alone): qemu goes with it, exit 130.
t0=$(date +%s)
set +e
TMPDIR=$FB_TMP/tmp timeout --foreground --preserve-status -s INT 8 "$k" --no-compare --cache "$cache" \
	--build "$FB_BIN/../kernels-static" -o "$FB_TMP/out" --accel tcg --timeout 200 \
	--run 'cow --sizes 64M --heap touched --reps 50' "$img" >"$FB_TMP/log" 2>&1
rc=$?
set -e
[ $rc -eq 130 ] || { cat "$FB_TMP/log" >&2; fail "SIGINT: exit $rc, expected 130"; }
grep -q 'booting .* under tcg' "$FB_TMP/log" || { cat "$FB_TMP/log" >&2; fail "SIGINT came before the boot"; }
no_leftovers
[ -z "$(ls -d "$FB_TMP"/tmp/fb-kernels.* 2>/dev/null)" ] || fail "work directory left after SIGINT"
ok "SIGINT after $(( $(date +%s) - t0 )) s: exit 130, no qemu and no work directory left"

# 4, collected: the KVM attempt started before case 1.
if [ -n "$kvm" ]; then
	wait "$kvm" || true
	read -r rc secs <"$FB_TMP/kvm.rc"
	dk=$FB_TMP/outkvm/$want
	if [ "$rc" -eq 0 ]; then
		grep -qx 'vm_accel=kvm' "$dk/spawn.meta" || fail "kvm run without vm_accel=kvm"
		ok "KVM runs this kernel here: results with vm_accel=kvm (${secs} s)"
	else
		[ "$rc" -eq 1 ] || { cat "$FB_TMP/logkvm" >&2; fail "--accel kvm: exit $rc"; }
		why=$(sed -n 's/^reason=//p' "$dk/vm.txt")
		[ -n "$why" ] || fail "kvm failure without a reason"
		ok "KVM cannot run this kernel here; reported: $(echo "$why" | cut -c1-120) (${secs} s)"
	fi
	no_leftovers tmpkvm
	ok "no qemu left after the KVM attempt"
fi
done_tests
