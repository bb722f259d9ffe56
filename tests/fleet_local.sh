#!/bin/sh
# fleet_local: scripts/fleet over two inventory names that are both this
# machine (ansible_connection=local), one at a time, scripts/run's sweep made
# tiny, sent from the working tree. Both hosts' results land under
# results/fleet/<ts>/<host>/ with their sidecars, the comparison of the two is
# written, and latest points at the run. Results go to $FB_TMP only.
. "$FB_SRC/tests/lib.sh"
. "$FB_SRC/tests/fleet_lib.sh"
cat >"$FB_TMP/inventory" <<EOI
alpha ansible_connection=local fb_remote_dir=$FB_TMP/remote
beta ansible_connection=local fb_remote_dir=$FB_TMP/remote
EOI
# shellcheck disable=SC2086
fleet "$FB_TMP/inventory" --one-at-a-time --worktree -- $FLEET_TINY
[ "$frc" -eq 0 ] || { fleet_dump; fail "fleet exited $frc, expected 0"; }
run=$(latest_run)
case $(basename "$run") in [0-9]*T[0-9]*Z*) ;; *) fail "run directory $run is not timestamped" ;; esac
for h in alpha beta; do
	host_ok "$run" $h "spawn cow footprint"
	summary_says $h ok
	grep -q "^fleet_source=git archive of the working tree" "$run/$h/spawn.meta" || fail "$h: fleet_source does not say working tree"
	ls "$run/$h"/plots/*.png >/dev/null 2>&1 || fail "$h: scripts/run's plots not fetched"
done
ok "one at a time: both hosts ok, sent from the working tree, plots fetched"
grep -q "source: git archive of the working tree" "$FB_TMP/fleet.out" || fail "output does not say the source is the working tree"
# One at a time: alpha's sweep ended before beta's began (the sidecar dates
# are when each driver started; the CSVs' mtimes when each ended).
a_end=$(stat -c %Y "$run/alpha/footprint.csv")
b_start=$(date -d "$(sed -n 's/^date=//p' "$run/beta/spawn.meta")" +%s)
[ "$a_end" -le "$b_start" ] || fail "beta's sweep started ($b_start) before alpha's ended ($a_end)"
ok "one at a time: beta started after alpha ended"
for f in compare.csv compare.md runs.csv; do
	[ -s "$run/compare/$f" ] || { fleet_dump; fail "comparison $f not written"; }
done
awk -F, 'NR > 1 && $1 == "alpha" && $2 == "beta" && $3 == "spawn" { n++ } END { exit !(n > 0) }' "$run/compare/compare.csv" ||
	fail "compare.csv has no spawn row of beta against alpha"
grep -q "A = alpha" "$run/compare/compare.md" && grep -q "B = beta" "$run/compare/compare.md" ||
	fail "compare.md does not name the two hosts as its sides"
grep -q "^fleet: comparison (baseline alpha): $run/compare/compare.md" "$FB_TMP/fleet.out" || fail "output does not say where the report is"
ok "comparison of beta against alpha written: $run/compare/compare.md"
[ ! -e "$FB_SRC/results/fleet/$(basename "$run")" ] || fail "the fleet wrote into the repository's results/"
done_tests
