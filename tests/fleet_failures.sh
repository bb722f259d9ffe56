#!/bin/sh
# fleet_failures: hosts that fail do not stop the others. One fleet run over
# a good host (local, one driver, from the shared build), a host nothing listens for (ssh to a closed loopback
# port) and a host whose work directory cannot be made: the good host's
# results land, the two others are listed FAILED with why, exit 1. A second
# run whose driver fails goes to a new directory, leaves the first one as it
# was, and moves latest.
. "$FB_SRC/tests/lib.sh"
. "$FB_SRC/tests/fleet_lib.sh"
# A loopback port nothing listens on: bound, then closed again.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$FB_TMP/inventory" <<EOI
good ansible_connection=local fb_remote_dir=$FB_TMP/remote fb_build_cache=$FLEET_CACHE
gone ansible_host=127.0.0.1 ansible_port=$port ansible_ssh_common_args='-F /dev/null -o BatchMode=yes -o ConnectTimeout=5 -o UserKnownHostsFile=/dev/null'
broken ansible_connection=local fb_remote_dir=/proc/forkbench-nowhere
EOI
# shellcheck disable=SC2086
fleet "$FB_TMP/inventory" --drivers spawn -- $FLEET_TINY
[ "$frc" -eq 1 ] || { fleet_dump; fail "fleet exited $frc with two failing hosts, expected 1"; }
run1=$(latest_run)
host_ok "$run1" good spawn
summary_says good ok
summary_says gone FAILED
grep -Eq "^fleet:   gone +FAILED  unreachable: .*(refused|port $port)" "$FB_TMP/fleet.out" ||
	{ fleet_dump; fail "gone: not reported as unreachable with ssh's reason"; }
ok "gone (port $port): FAILED, unreachable: $(sed -n 's/^fleet:   gone *FAILED  unreachable: //p' "$FB_TMP/fleet.out" | cut -c1-80)"
summary_says broken FAILED
grep -Eq "^fleet:   broken +FAILED  make the work directory: " "$FB_TMP/fleet.out" || { fleet_dump; fail "broken: not reported at its step"; }
ok "broken: FAILED at 'make the work directory'"
[ ! -e "$run1/gone" ] && [ ! -e "$run1/broken" ] || fail "a failed host has a results directory"
grep -q "^fleet: comparison skipped: 1 host(s) succeeded" "$FB_TMP/fleet.out" || fail "no note that the comparison was skipped"
grep -q "^fleet: 1 ok, 2 failed" "$FB_TMP/fleet.out" || fail "no '1 ok, 2 failed' line"
ok "1 ok, 2 failed, exit 1, comparison skipped with a note"

# A driver error, in a new run: the first run's files stay as they were.
before=$(cd "$run1" && find . -type f | sort | xargs md5sum | md5sum)
printf 'good ansible_connection=local fb_remote_dir=%s fb_build_cache=%s\n' "$FB_TMP/remote" "$FLEET_CACHE" >"$FB_TMP/inventory1"
fleet "$FB_TMP/inventory1" --drivers spawn -- --reps 0
[ "$frc" -eq 1 ] || { fleet_dump; fail "fleet exited $frc on a driver error, expected 1"; }
grep -Eq "^fleet:   good +FAILED  run the sweep: .*forkbench-spawn.*driver exited 2" "$FB_TMP/fleet.out" ||
	{ fleet_dump; fail "driver error not reported with the driver's message"; }
ok "driver error: FAILED at 'run the sweep' with the driver's message"
run2=$(latest_run)
[ "$run2" != "$run1" ] || fail "the second run did not get a new directory"
after=$(cd "$run1" && find . -type f | sort | xargs md5sum | md5sum)
[ "$before" = "$after" ] || fail "the first run's files changed"
ok "second run in $(basename "$run2"), latest moved, $(basename "$run1") untouched"
done_tests
