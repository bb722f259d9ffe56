# scripts/lib/vm.sh: sourced by scripts/kernels. Fetching a Debian kernel
# without installing it, reading a bzImage's release, and one qemu boot under
# a watchdog. POSIX sh; Linux only (it reads /proc). It measures nothing.

vm_note() { echo "kernels: $*" >&2; }

vm_now() { date +%s.%N; }
vm_since() { awk -v a="$1" -v b="$(vm_now)" 'BEGIN { printf "%.1f\n", b - a }'; }

# vm_bzimage_release FILE: the release string in an x86 bzImage's setup header
# (the kernel_version pointer at 0x20E, relative to 0x200); empty if none.
vm_bzimage_release() {
	[ "$(dd if="$1" bs=1 skip=514 count=4 2>/dev/null)" = HdrS ] || return 0
	v_ptr=$(od -An -tu2 -j 526 -N 2 "$1" | tr -d ' ')
	[ -n "$v_ptr" ] && [ "$v_ptr" -gt 0 ] || return 0
	dd if="$1" bs=1 skip=$((v_ptr + 512)) count=200 2>/dev/null | tr '\0' '\n' | head -n 1 | cut -d' ' -f1
}

# vm_fetch NAME CACHE: prints the path of a kernel image. NAME is a file, or a
# Debian package linux-image-*: its candidate version is downloaded with
# apt-get download into CACHE/kernels, unpacked with dpkg -x (never installed),
# and only boot/vmlinuz-* and boot/config-* kept. A meta package (e.g.
# linux-image-cloud-amd64) is followed to the linux-image-* it depends on.
# Returns 1 with a message when the package cannot be had.
vm_fetch() {
	v_name=$1; v_cache=$2
	if [ -f "$v_name" ]; then
		(cd "$(dirname "$v_name")" && echo "$(pwd)/$(basename "$v_name")")
		return 0
	fi
	case $v_name in
	linux-image-*) ;;
	*) vm_note "'$v_name' is neither a file nor a Debian linux-image-* package name"; return 1 ;;
	esac
	command -v apt-get >/dev/null && command -v dpkg >/dev/null ||
		{ vm_note "$v_name: apt-get/dpkg not found: give a bzImage path instead"; return 1; }
	v_pkg=$v_name; v_hops=0; v_updated=0
	while :; do
		v_ver=$(apt-cache policy "$v_pkg" 2>/dev/null | awk '/Candidate:/ { print $2 }')
		if [ -z "$v_ver" ] || [ "$v_ver" = "(none)" ]; then
			if [ $v_updated = 0 ] && [ "$(id -u)" = 0 ]; then
				v_updated=1
				apt-get update -qq >&2 || true
				continue
			fi
			vm_note "$v_pkg: no version available from apt (apt-cache policy $v_pkg; as root: apt-get update)"
			return 1
		fi
		v_dir=$v_cache/kernels/${v_pkg}_$v_ver
		if [ -s "$v_dir.dep" ] && [ $v_hops -lt 3 ]; then   # a meta package seen before
			v_hops=$((v_hops + 1)); v_pkg=$(cat "$v_dir.dep")
			continue
		fi
		if [ -s "$v_dir/vmlinuz" ]; then
			echo "$v_dir/vmlinuz"
			return 0
		fi
		mkdir -p "$v_cache/kernels"
		v_tmp=$(mktemp -d "$v_cache/kernels/.fetch.XXXXXX")
		chmod 755 "$v_tmp"
		vm_note "$v_pkg=$v_ver: apt-get download into $v_cache/kernels"
		if ! (cd "$v_tmp" && apt-get download -q "$v_pkg=$v_ver" >"$v_tmp/apt.log" 2>&1); then
			sed 's/^/  | /' "$v_tmp/apt.log" | tail -n 5 >&2
			rm -rf "$v_tmp"
			vm_note "$v_pkg=$v_ver: apt-get download failed"
			return 1
		fi
		v_deb=$(ls "$v_tmp"/*.deb | head -n 1)
		v_img=""
		if dpkg -x "$v_deb" "$v_tmp/x"; then
			v_img=$(ls "$v_tmp"/x/boot/vmlinuz-* 2>/dev/null | head -n 1 || true)
		fi
		if [ -z "$v_img" ]; then
			v_dep=$(dpkg-deb -f "$v_deb" Depends 2>/dev/null | tr ',|' '\n\n' | grep -o 'linux-image-[^ (]*' | head -n 1 || true)
			rm -rf "$v_tmp"
			if [ -n "$v_dep" ] && [ $v_hops -lt 3 ]; then
				echo "$v_dep" >"$v_dir.dep"
				v_hops=$((v_hops + 1)); v_pkg=$v_dep
				vm_note "$v_name: a meta package; following it to $v_pkg"
				continue
			fi
			vm_note "$v_pkg=$v_ver: no boot/vmlinuz-* in the package and no linux-image-* dependency"
			return 1
		fi
		mkdir -p "$v_dir"
		mv "$v_img" "$v_dir/vmlinuz"
		for v_c in "$v_tmp"/x/boot/config-*; do [ -f "$v_c" ] && mv "$v_c" "$v_dir/config"; done
		echo "$v_pkg=$v_ver" >"$v_dir/package"
		rm -rf "$v_tmp"
		echo "$v_dir/vmlinuz"
		return 0
	done
}

# vm_boot WORKDIR KERNEL INITRD ACCEL TIMEOUT: boots KERNEL with INITRD under
# qemu and waits, watching it: every half second it asks qemu (QMP over a pair
# of FIFOs) for the run state and kills the guest when qemu paused it
# (internal-error: a KVM that cannot run this kernel pauses instead of
# exiting), when qemu's stderr reports a KVM internal error, or when TIMEOUT
# seconds pass. Uses VM_CPUS, VM_MEM_MIB, VM_APPEND, VM_TCG_THREAD, VM_ICOUNT. Leaves in WORKDIR:
# console.log (ttyS0), results.cpio (ttyS1), qemu.err. Sets vm_reason (empty
# when qemu powered off by itself, exit 0) and vm_seconds. The qemu pid is in
# VM_QEMU while it runs, for the caller's trap.
vm_boot() {
	v_w=$1; v_kernel=$2; v_initrd=$3; v_accel=$4; v_timeout=$5
	rm -f "$v_w/console.log" "$v_w/results.cpio" "$v_w/qemu.err" "$v_w/qmp.in" "$v_w/qmp.out" "$v_w/qmp.log"
	mkfifo "$v_w/qmp.in" "$v_w/qmp.out"
	case $v_accel in
	kvm) set -- -accel kvm -cpu host ;;
	*) set -- -accel "tcg,thread=${VM_TCG_THREAD:-single}" -cpu max ;;
	esac
	# Exact mode: the virtual clock counts guest instructions (2^shift ns
	# each), never sleeps nor aligns to host time, and the RTC starts at a
	# fixed date on that clock, so two boots see the same time values.
	[ -z "${VM_ICOUNT:-}" ] || set -- "$@" -icount "shift=$VM_ICOUNT,sleep=off,align=off" \
		-rtc base=2024-01-01T00:00:00,clock=vm
	# qemu dies with this shell even if the shell is killed with SIGKILL.
	v_guard=""
	setpriv --pdeathsig KILL true 2>/dev/null && v_guard="setpriv --pdeathsig KILL --"
	v_t0=$(vm_now)
	# shellcheck disable=SC2086
	$v_guard qemu-system-x86_64 "$@" -smp "$VM_CPUS" -m "${VM_MEM_MIB}M" \
		-nodefaults -no-user-config -display none -no-reboot \
		-kernel "$v_kernel" -initrd "$v_initrd" \
		-append "console=ttyS0 quiet panic=-1${VM_APPEND:+ $VM_APPEND}" \
		-serial "file:$v_w/console.log" -serial "file:$v_w/results.cpio" \
		-chardev "pipe,id=qmp,path=$v_w/qmp" -mon chardev=qmp,mode=control \
		</dev/null >"$v_w/qemu.err" 2>&1 &
	VM_QEMU=$!
	# qemu opens both FIFOs read-write, so neither open below blocks.
	exec 3<>"$v_w/qmp.in"
	cat <>"$v_w/qmp.out" >"$v_w/qmp.log" &
	VM_QMPCAT=$!
	printf '{"execute":"qmp_capabilities"}\n' >&3
	vm_reason=""
	while vm_alive "$VM_QEMU"; do
		sleep 0.5
		printf '{"execute":"query-status"}\n' >&3 2>/dev/null || true
		v_st=$(grep -o '"status": *"[a-z-]*"' "$v_w/qmp.log" 2>/dev/null | tail -n 1 | sed 's/.*"\([a-z-]*\)"$/\1/')
		case $v_st in
		internal-error|paused|guest-panicked|io-error)
			vm_reason="qemu paused the guest (run state $v_st)$(vm_kvm_error "$v_w")"; break ;;
		esac
		if grep -q "KVM internal error" "$v_w/qemu.err" 2>/dev/null; then
			vm_reason="qemu paused the guest$(vm_kvm_error "$v_w")"; break
		fi
		if awk -v a="$v_t0" -v b="$(vm_now)" -v t="$v_timeout" 'BEGIN { exit !(b - a > t) }'; then
			vm_reason="timeout: the guest was still running after $v_timeout s"; break
		fi
	done
	[ -z "$vm_reason" ] || vm_kill "$VM_QEMU"
	v_rc=0
	wait "$VM_QEMU" || v_rc=$?
	VM_QEMU=""
	exec 3>&-
	vm_kill "$VM_QMPCAT"
	wait "$VM_QMPCAT" 2>/dev/null || true
	VM_QMPCAT=""
	vm_seconds=$(vm_since "$v_t0")
	if [ -z "$vm_reason" ] && [ $v_rc -ne 0 ]; then
		vm_reason="qemu exited $v_rc: $(grep -v '^$' "$v_w/qemu.err" | tail -n 1)"
	fi
	return 0
}

# vm_alive PID: the process exists and is not a zombie.
vm_alive() {
	[ -n "$1" ] || return 1
	v_s=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) || return 1
	[ -n "$v_s" ] && [ "$v_s" != Z ]
}

# vm_kill PID: TERM, then KILL after 3 s. Only the pid we started.
vm_kill() {
	[ -n "$1" ] || return 0
	kill -TERM "$1" 2>/dev/null || return 0
	v_i=0
	while vm_alive "$1" && [ $v_i -lt 30 ]; do sleep 0.1; v_i=$((v_i + 1)); done
	vm_alive "$1" && kill -KILL "$1" 2>/dev/null
	return 0
}

# vm_kvm_error WORKDIR: ": <qemu's first KVM error line>" or nothing.
vm_kvm_error() {
	v_l=$(grep -m 1 "KVM" "$1/qemu.err" 2>/dev/null || true)
	[ -z "$v_l" ] || echo ": $v_l"
}
