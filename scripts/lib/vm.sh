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
	ptr=$(od -An -tu2 -j 526 -N 2 "$1" | tr -d ' ')
	[ -n "$ptr" ] && [ "$ptr" -gt 0 ] || return 0
	dd if="$1" bs=1 skip=$((ptr + 512)) count=200 2>/dev/null | tr '\0' '\n' | head -n 1 | cut -d' ' -f1
}

# vm_fetch NAME CACHE: prints the path of a kernel image. NAME is a file, or a
# Debian package linux-image-*: its candidate version is downloaded with
# apt-get download into CACHE/kernels, unpacked with dpkg -x (never installed),
# and only boot/vmlinuz-* and boot/config-* kept. A meta package (e.g.
# linux-image-cloud-amd64) is followed to the linux-image-* it depends on.
# Returns 1 with a message when the package cannot be had.
vm_fetch() {
	name=$1; cache=$2
	if [ -f "$name" ]; then
		(cd "$(dirname "$name")" && echo "$(pwd)/$(basename "$name")")
		return 0
	fi
	case $name in
	linux-image-*) ;;
	*) vm_note "'$name' is neither a file nor a Debian linux-image-* package name"; return 1 ;;
	esac
	command -v apt-get >/dev/null && command -v dpkg >/dev/null ||
		{ vm_note "$name: apt-get/dpkg not found: give a bzImage path instead"; return 1; }
	pkg=$name; hops=0; updated=0
	while :; do
		ver=$(apt-cache policy "$pkg" 2>/dev/null | awk '/Candidate:/ { print $2 }')
		if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
			if [ $updated = 0 ] && [ "$(id -u)" = 0 ]; then
				updated=1
				apt-get update -qq >&2 || true
				continue
			fi
			vm_note "$pkg: no version available from apt (apt-cache policy $pkg; as root: apt-get update)"
			return 1
		fi
		dir=$cache/kernels/${pkg}_$ver
		if [ -s "$dir.dep" ] && [ $hops -lt 3 ]; then   # a meta package seen before
			hops=$((hops + 1)); pkg=$(cat "$dir.dep")
			continue
		fi
		if [ -s "$dir/vmlinuz" ]; then
			echo "$dir/vmlinuz"
			return 0
		fi
		mkdir -p "$cache/kernels"
		tmp=$(mktemp -d "$cache/kernels/.fetch.XXXXXX")
		chmod 755 "$tmp"
		vm_note "$pkg=$ver: apt-get download into $cache/kernels"
		if ! (cd "$tmp" && apt-get download -q "$pkg=$ver" >"$tmp/apt.log" 2>&1); then
			sed 's/^/  | /' "$tmp/apt.log" | tail -n 5 >&2
			rm -rf "$tmp"
			vm_note "$pkg=$ver: apt-get download failed"
			return 1
		fi
		deb=$(ls "$tmp"/*.deb | head -n 1)
		img=""
		if dpkg -x "$deb" "$tmp/x"; then
			img=$(ls "$tmp"/x/boot/vmlinuz-* 2>/dev/null | head -n 1 || true)
		fi
		if [ -z "$img" ]; then
			dep=$(dpkg-deb -f "$deb" Depends 2>/dev/null | tr ',|' '\n\n' | grep -o 'linux-image-[^ (]*' | head -n 1 || true)
			rm -rf "$tmp"
			if [ -n "$dep" ] && [ $hops -lt 3 ]; then
				echo "$dep" >"$dir.dep"
				hops=$((hops + 1)); pkg=$dep
				vm_note "$name: a meta package; following it to $pkg"
				continue
			fi
			vm_note "$pkg=$ver: no boot/vmlinuz-* in the package and no linux-image-* dependency"
			return 1
		fi
		mkdir -p "$dir"
		mv "$img" "$dir/vmlinuz"
		for c in "$tmp"/x/boot/config-*; do [ -f "$c" ] && mv "$c" "$dir/config"; done
		echo "$pkg=$ver" >"$dir/package"
		rm -rf "$tmp"
		echo "$dir/vmlinuz"
		return 0
	done
}

# vm_boot WORKDIR KERNEL INITRD ACCEL TIMEOUT: boots KERNEL with INITRD under
# qemu and waits, watching it: every half second it asks qemu (QMP over a pair
# of FIFOs) for the run state and kills the guest when qemu paused it
# (internal-error: a KVM that cannot run this kernel pauses instead of
# exiting), when qemu's stderr reports a KVM internal error, or when TIMEOUT
# seconds pass. Uses VM_CPUS, VM_MEM_MIB, VM_APPEND. Leaves in WORKDIR:
# console.log (ttyS0), results.cpio (ttyS1), qemu.err. Sets vm_reason (empty
# when qemu powered off by itself, exit 0) and vm_seconds. The qemu pid is in
# VM_QEMU while it runs, for the caller's trap.
vm_boot() {
	w=$1; kernel=$2; initrd=$3; accel=$4; timeout=$5
	rm -f "$w/console.log" "$w/results.cpio" "$w/qemu.err" "$w/qmp.in" "$w/qmp.out" "$w/qmp.log"
	mkfifo "$w/qmp.in" "$w/qmp.out"
	case $accel in
	kvm) set -- -accel kvm -cpu host ;;
	*) set -- -accel tcg,thread=multi -cpu max ;;
	esac
	# qemu dies with this shell even if the shell is killed with SIGKILL.
	guard=""
	setpriv --pdeathsig KILL true 2>/dev/null && guard="setpriv --pdeathsig KILL --"
	t0=$(vm_now)
	# shellcheck disable=SC2086
	$guard qemu-system-x86_64 "$@" -smp "$VM_CPUS" -m "${VM_MEM_MIB}M" \
		-nodefaults -no-user-config -display none -no-reboot \
		-kernel "$kernel" -initrd "$initrd" \
		-append "console=ttyS0 quiet panic=-1${VM_APPEND:+ $VM_APPEND}" \
		-serial "file:$w/console.log" -serial "file:$w/results.cpio" \
		-chardev "pipe,id=qmp,path=$w/qmp" -mon chardev=qmp,mode=control \
		</dev/null >"$w/qemu.err" 2>&1 &
	VM_QEMU=$!
	# qemu opens both FIFOs read-write, so neither open below blocks.
	exec 3<>"$w/qmp.in"
	cat <>"$w/qmp.out" >"$w/qmp.log" &
	VM_QMPCAT=$!
	printf '{"execute":"qmp_capabilities"}\n' >&3
	vm_reason=""
	while vm_alive "$VM_QEMU"; do
		sleep 0.5
		printf '{"execute":"query-status"}\n' >&3 2>/dev/null || true
		st=$(grep -o '"status": *"[a-z-]*"' "$w/qmp.log" 2>/dev/null | tail -n 1 | sed 's/.*"\([a-z-]*\)"$/\1/')
		case $st in
		internal-error|paused|guest-panicked|io-error)
			vm_reason="qemu paused the guest (run state $st)$(vm_kvm_error "$w")"; break ;;
		esac
		if grep -q "KVM internal error" "$w/qemu.err" 2>/dev/null; then
			vm_reason="qemu paused the guest$(vm_kvm_error "$w")"; break
		fi
		if awk -v a="$t0" -v b="$(vm_now)" -v t="$timeout" 'BEGIN { exit !(b - a > t) }'; then
			vm_reason="timeout: the guest was still running after $timeout s"; break
		fi
	done
	[ -z "$vm_reason" ] || vm_kill "$VM_QEMU"
	rc=0
	wait "$VM_QEMU" || rc=$?
	VM_QEMU=""
	exec 3>&-
	vm_kill "$VM_QMPCAT"
	wait "$VM_QMPCAT" 2>/dev/null || true
	VM_QMPCAT=""
	vm_seconds=$(vm_since "$t0")
	if [ -z "$vm_reason" ] && [ $rc -ne 0 ]; then
		vm_reason="qemu exited $rc: $(grep -v '^$' "$w/qemu.err" | tail -n 1)"
	fi
	return 0
}

# vm_alive PID: the process exists and is not a zombie.
vm_alive() {
	[ -n "$1" ] || return 1
	s=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) || return 1
	[ -n "$s" ] && [ "$s" != Z ]
}

# vm_kill PID: TERM, then KILL after 3 s. Only the pid we started.
vm_kill() {
	[ -n "$1" ] || return 0
	kill -TERM "$1" 2>/dev/null || return 0
	i=0
	while vm_alive "$1" && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
	vm_alive "$1" && kill -KILL "$1" 2>/dev/null
	return 0
}

# vm_kvm_error WORKDIR: ": <qemu's first KVM error line>" or nothing.
vm_kvm_error() {
	l=$(grep -m 1 "KVM" "$1/qemu.err" 2>/dev/null || true)
	[ -z "$l" ] || echo ": $l"
}
