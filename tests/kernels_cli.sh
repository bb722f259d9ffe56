# kernels_cli: scripts/kernels refuses bad input up front (exit 2, the value
# named, nothing built, booted or written): a KERNEL file that is not a
# kernel image, --icount with a bad shift or with KVM or several vCPUs.
# Needs no qemu: the checks come before anything is installed or built.
. "$FB_SRC/tests/lib.sh"
k=$FB_SRC/scripts/kernels
expect2() {
	want=$1; shift
	set +e
	t0=$(date +%s)
	"$k" --build "$FB_TMP/never-build" -o "$FB_TMP/never-out" "$@" >"$FB_TMP/out" 2>"$FB_TMP/err"
	rc=$?
	set -e
	[ "$rc" -eq 2 ] || { cat "$FB_TMP/err" >&2; fail "kernels $*: exit $rc, expected 2"; }
	grep -qF -- "$want" "$FB_TMP/err" || fail "kernels $*: message lacks '$want': $(cat "$FB_TMP/err")"
	[ ! -e "$FB_TMP/never-build" ] && [ ! -e "$FB_TMP/never-out" ] || fail "kernels $*: built or wrote before refusing"
	[ $(( $(date +%s) - t0 )) -le 5 ] || fail "kernels $*: took more than 5 s to refuse"
	ok "refused: $* ($(head -n 1 "$FB_TMP/err" | cut -c1-90))"
}
expect2 "KERNEL '/etc/passwd': not a Linux x86 kernel image" /etc/passwd
expect2 "KERNEL '$FB_TMP': not a readable file" "$FB_TMP"
expect2 "--icount=x: SHIFT is a whole number" --icount=x /etc/passwd
expect2 "--icount=11" --icount=11 /etc/passwd
expect2 "--icount needs TCG" --icount --accel kvm /etc/passwd
expect2 "exact mode runs one vCPU" --icount --cpus 2 /etc/passwd
done_tests
