#!/bin/sh
# fleet_ssh: the fleet end to end, over real ssh. The test runs its own sshd
# (Debian's openssh-server) on 127.0.0.1 and 127.0.0.2 at a free port, with a
# throwaway host key, client key, authorized_keys and sshd_config in $FB_TMP,
# and stops it at the end whatever happens. The fleet runs scripts/run's sweep
# (made tiny), sent from the working tree, against both addresses one at a
# time, the two sharing one build (fb_build_cache: the second host builds
# nothing): both hosts' results and plots land, each sidecar names its host,
# 127.0.0.2's sweep started after 127.0.0.1's ended, the comparison is written and
# named, sshd saw connections on both addresses. Then 127.0.0.2 on a port
# nothing listens on is FAILED (unreachable) while 127.0.0.1's results land,
# from the same build. Skipped (77) when sshd cannot be installed or started.
. "$FB_SRC/tests/lib.sh"
. "$FB_SRC/tests/fleet_lib.sh"
SSHD=/usr/sbin/sshd
if [ ! -x $SSHD ] || ! command -v ssh-keygen >/dev/null 2>&1; then
	[ "$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		openssh-server openssh-client >/dev/null 2>&1 || true
fi
[ -x $SSHD ] && command -v ssh-keygen >/dev/null 2>&1 || skip "sshd or ssh-keygen missing (apt-get install openssh-server openssh-client)"
# sshd insists on its privilege separation directory, even for a private instance.
made_run_sshd=0
if [ ! -d /run/sshd ]; then
	[ "$(id -u)" = 0 ] || skip "/run/sshd missing and not root to make it"
	mkdir -m 0755 /run/sshd && made_run_sshd=1
fi
sshd_pid=""
# Ansible's shared ssh connections: their sockets in a short private directory
# (a socket path must stay under ~100 bytes), each master told to exit at the end.
cpdir=$(mktemp -d /tmp/fb-fleet-cp.XXXXXX)
export ANSIBLE_SSH_CONTROL_PATH_DIR=$cpdir
cleanup() {
	for s in "$cpdir"/*; do
		[ -S "$s" ] && ssh -o ControlPath="$s" -O exit fleet-test >/dev/null 2>&1 || true
	done
	rm -rf "$cpdir"
	if [ -n "$sshd_pid" ]; then
		pkill -TERM -P "$sshd_pid" 2>/dev/null || true
		kill -TERM "$sshd_pid" 2>/dev/null || true
		wait "$sshd_pid" 2>/dev/null || true
	fi
	[ $made_run_sshd -eq 0 ] || rmdir /run/sshd 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# free_port: a port free on both loopback addresses (bound, then released).
free_port() {
	python3 -c '
import socket
for _ in range(50):
    a = socket.socket(); a.bind(("127.0.0.1", 0)); p = a.getsockname()[1]
    b = socket.socket()
    try:
        b.bind(("127.0.0.2", p)); print(p); break
    except OSError:
        pass
    finally:
        a.close(); b.close()'
}
port=$(free_port)
[ -n "$port" ] || skip "no free port on 127.0.0.1 and 127.0.0.2"
T=$FB_TMP
ssh-keygen -q -t ed25519 -N '' -C fleet-test-host -f "$T/host_key"
ssh-keygen -q -t ed25519 -N '' -C fleet-test-client -f "$T/client_key"
cp "$T/client_key.pub" "$T/authorized_keys"
for a in 127.0.0.1 127.0.0.2; do echo "[$a]:$port $(cut -d' ' -f1,2 "$T/host_key.pub")"; done >"$T/known_hosts"
cat >"$T/sshd_config" <<EOC
Port $port
ListenAddress 127.0.0.1
ListenAddress 127.0.0.2
HostKey $T/host_key
PidFile $T/sshd.pid
AuthorizedKeysFile $T/authorized_keys
AuthenticationMethods publickey
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
LogLevel VERBOSE
Subsystem sftp internal-sftp
EOC
$SSHD -t -f "$T/sshd_config" 2>"$T/sshd.log" || skip "sshd refuses the config: $(cat "$T/sshd.log")"
$SSHD -D -e -f "$T/sshd_config" 2>>"$T/sshd.log" &
sshd_pid=$!
user=$(id -un)
sshopts="-F /dev/null -o IdentitiesOnly=yes -o BatchMode=yes -o ConnectTimeout=5 -o UserKnownHostsFile=$T/known_hosts -o StrictHostKeyChecking=yes"
i=0
# shellcheck disable=SC2086
until ssh $sshopts -i "$T/client_key" -p "$port" "$user@127.0.0.2" true 2>"$T/ssh.err"; do
	kill -0 "$sshd_pid" 2>/dev/null || skip "sshd did not start: $(tail -n 2 "$T/sshd.log")"
	i=$((i + 1))
	[ $i -lt 50 ] || fail "sshd runs but ssh to 127.0.0.2:$port fails: $(cat "$T/ssh.err")"
	sleep 0.2
done
ok "sshd (pid $sshd_pid) on 127.0.0.1 and 127.0.0.2 port $port, key login works"

inventory() {
	printf '%s\n' "$@"
	cat <<EOI
[all:vars]
ansible_port=$port
ansible_user=$user
ansible_ssh_private_key_file=$T/client_key
ansible_ssh_common_args='$sshopts'
fb_remote_dir=$T/remote
fb_build_cache=$FLEET_CACHE
EOI
}
inventory 127.0.0.1 127.0.0.2 >"$T/inventory"
# shellcheck disable=SC2086
fleet "$T/inventory" --one-at-a-time --worktree -- $FLEET_TINY
[ "$frc" -eq 0 ] || { fleet_dump; tail -n 5 "$T/sshd.log" >&2; fail "fleet over ssh exited $frc, expected 0"; }
run=$(latest_run)
case $(basename "$run") in [0-9]*T[0-9]*Z*) ;; *) fail "run directory $run is not timestamped" ;; esac
for h in 127.0.0.1 127.0.0.2; do
	host_ok "$run" $h "spawn cow footprint"
	summary_says "$(echo $h | sed 's/\./\\./g')" ok
	grep -q "Connection from .* on $h port $port" "$T/sshd.log" || fail "sshd saw no connection on $h"
	grep -q "^fleet_source=git archive of the working tree" "$run/$h/spawn.meta" || fail "$h: fleet_source does not say working tree"
	ls "$run/$h"/plots/*.png >/dev/null 2>&1 || fail "$h: scripts/run's plots not fetched"
done
ok "both addresses reached through the test's sshd, sent from the working tree, plots fetched"
grep -q "source: git archive of the working tree" "$FB_TMP/fleet.out" || fail "output does not say the source is the working tree"
# One build for both: the second host (and any later run of this tree) finds it.
build_was '127\.0\.0\.2' shared
[ "$(ls "$FLEET_CACHE" | wc -l)" -ge 1 ] && ls "$FLEET_CACHE"/*/.built >/dev/null 2>&1 || fail "no build in the shared cache $FLEET_CACHE"
[ ! -e "$T/remote/$(basename "$run")/127.0.0.2/build" ] || fail "127.0.0.2 built in its own work directory"
ok "one build shared: 127.0.0.2 used the build in $FLEET_CACHE ($(sed -n 's/^fleet:   127\.0\.0\.1 *ok .*, build \([a-z]*\) .*/127.0.0.1: \1/p' "$FB_TMP/fleet.out"))"
# One at a time: the first host's sweep ended before the second's began (the
# sidecar dates are when each driver started; the CSVs' mtimes when each ended).
a_end=$(stat -c %Y "$run/127.0.0.1/footprint.csv")
b_start=$(date -d "$(sed -n 's/^date=//p' "$run/127.0.0.2/spawn.meta")" +%s)
[ "$a_end" -le "$b_start" ] || fail "127.0.0.2's sweep started ($b_start) before 127.0.0.1's ended ($a_end)"
ok "one at a time: 127.0.0.2 started after 127.0.0.1 ended"
for f in compare.csv compare.md runs.csv; do
	[ -s "$run/compare/$f" ] || { fleet_dump; fail "comparison $f not written"; }
done
awk -F, 'NR > 1 && $1 == "127.0.0.1" && $2 == "127.0.0.2" && $3 == "spawn" { n++ } END { exit !(n > 0) }' \
	"$run/compare/compare.csv" || fail "compare.csv has no spawn row of 127.0.0.2 against 127.0.0.1"
grep -q "A = 127.0.0.1" "$run/compare/compare.md" && grep -q "B = 127.0.0.2" "$run/compare/compare.md" ||
	fail "compare.md does not name the two hosts as its sides"
grep -q "^fleet: comparison (baseline 127.0.0.1): $run/compare/compare.md" "$FB_TMP/fleet.out" || fail "output does not say where the report is"
ok "comparison of 127.0.0.2 against 127.0.0.1 written and named"
[ ! -e "$T/remote/$(basename "$run")/127.0.0.1" ] || fail "the host's work directory was not cleaned up"
[ ! -e "$FB_SRC/results/fleet/$(basename "$run")" ] || fail "the fleet wrote into the repository's results/"

# 127.0.0.2 at a port nothing listens on (released at once, never bound by sshd).
closed=$(free_port)
{ echo "127.0.0.1"; echo "127.0.0.2 ansible_port=$closed"; inventory; } >"$T/inventory2"
# shellcheck disable=SC2086
fleet "$T/inventory2" --one-at-a-time --worktree --drivers spawn -- $FLEET_TINY
[ "$frc" -eq 1 ] || { fleet_dump; fail "fleet exited $frc with an unreachable host, expected 1"; }
run2=$(latest_run)
[ "$run2" != "$run" ] || fail "second run reused $run"
host_ok "$run2" 127.0.0.1 spawn
summary_says '127\.0\.0\.1' ok
build_was '127\.0\.0\.1' shared
grep -Eq "^fleet:   127\.0\.0\.2 +FAILED  unreachable: .*port $closed" "$FB_TMP/fleet.out" ||
	{ fleet_dump; fail "127.0.0.2:$closed not reported as unreachable"; }
ok "127.0.0.2:$closed FAILED (unreachable) while 127.0.0.1's results landed"
done_tests
