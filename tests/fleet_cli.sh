#!/bin/sh
# fleet_cli: scripts/fleet refuses bad usage with exit 2 and a message naming
# the bad value, before it packs, runs or writes anything.
. "$FB_SRC/tests/lib.sh"
. "$FB_SRC/tests/fleet_lib.sh"
printf 'alpha ansible_connection=local\nbeta ansible_connection=local\n' >"$FB_TMP/inventory"
: >"$FB_TMP/empty"
refused() {
	want=$1; shift
	fleet "$@"
	[ "$frc" -eq 2 ] || { fleet_dump; fail "'$*' exited $frc, expected 2"; }
	grep -qF -- "$want" "$FB_TMP/fleet.out" || { fleet_dump; fail "'$*': message lacks '$want'"; }
	[ ! -e "$FB_RESULTS/fleet" ] || fail "'$*' made $FB_RESULTS/fleet before refusing"
	ok "refused: ${*:-(no arguments)} ($(head -n 1 "$FB_TMP/fleet.out" | cut -c1-90))"
}
refused "no INVENTORY given"
refused "unknown option '--bogus'" "$FB_TMP/inventory" --bogus
refused "'$FB_TMP/nowhere': no such readable file" "$FB_TMP/nowhere"
refused "one inventory only" "$FB_TMP/inventory" "$FB_TMP/inventory"
refused "unknown driver 'bogus'" "$FB_TMP/inventory" --drivers spawn,bogus
refused "--baseline 'gamma' is not a host" "$FB_TMP/inventory" --baseline gamma
refused "holds no hosts" "$FB_TMP/empty"
fleet --help
[ "$frc" -eq 0 ] && grep -q "one-at-a-time" "$FB_TMP/fleet.out" || fail "--help: exit $frc or no option list"
ok "--help lists the options, exit 0"
done_tests
