#!/bin/sh
# fleet/host-run.sh SRC BUILD OUT DRIVERS [driver options]: the sweep step of
# fleet/playbook.yml, on one host, after the build. Runs the chosen drivers
# into OUT, then appends the fleet's keys to every sidecar under OUT. It does
# not install, build (BUILD is already built), fetch or compare.
#   DRIVERS  "run": scripts/run's sweep (every driver, then the plots), the
#            options given to every driver; or a comma list of driver names
#            (spawn,cow,footprint), each run as BUILD/bin/forkbench-NAME -o OUT/NAME.csv.
# Environment: FB_FLEET_HOST, FB_FLEET_COMMIT, FB_FLEET_SOURCE, FB_FLEET_RUN
# (the values of the keys fleet_host, fleet_commit, fleet_source, fleet_run).
# Output: the drivers' messages go to OUT/fleet-run.log; stdout says
# "sweep_seconds=N" (wall time of the drivers, and for "run" its no-op rebuild
# and plots). Exit 1 with the log's last lines on stderr when a driver fails.
set -u
[ $# -ge 4 ] || { echo "usage: host-run.sh SRC BUILD OUT DRIVERS [driver options]" >&2; exit 2; }
src=$1 build=$2 out=$3 drivers=$4
shift 4
mkdir "$out" || exit 1
log=$out/fleet-run.log
rc=0
start=$(date +%s%N)
if [ "$drivers" = run ]; then
	FB_BUILD_DIR=$build FB_RESULTS=$out sh "$src/scripts/run" "$@" >"$log" 2>&1 || rc=$?
else
	for d in $(echo "$drivers" | tr , ' '); do
		echo "== forkbench-$d -> $out/$d.csv" >>"$log"
		"$build/bin/forkbench-$d" -o "$out/$d.csv" "$@" >>"$log" 2>&1 || { rc=$?; break; }
	done
fi
end=$(date +%s%N)
if [ $rc -ne 0 ]; then
	tail -n 3 "$log" >&2
	echo "driver exited $rc" >&2
	exit 1
fi
metas=$(find "$out" -name '*.meta' | sort)
[ -n "$metas" ] || { echo "the sweep wrote no .meta sidecar" >&2; exit 1; }
for m in $metas; do
	printf 'fleet_host=%s\nfleet_commit=%s\nfleet_source=%s\nfleet_run=%s\n' \
		"${FB_FLEET_HOST:-?}" "${FB_FLEET_COMMIT:-?}" "${FB_FLEET_SOURCE:-?}" "${FB_FLEET_RUN:-?}" >>"$m"
done
awk -v a="$start" -v b="$end" 'BEGIN { printf "sweep_seconds=%.1f\n", (b - a) / 1e9 }'
