#!/bin/sh
# SIGKILL of a worker mid-run loses that run only: the driver says which run
# was lost and how, the other runs complete, the CSV stays rectangular, no
# process is left behind (the worker's group is killed and reaped), and the
# exit code is 1. For every driver.
. "$FB_SRC/tests/lib.sh"
lost() {
	name=$1; shift
	csv=$FB_TMP/$name-lost.csv
	mark="fb_lost_$$_$name"
	env FB_TEST_MARK=$mark setsid "$FB_BIN/forkbench-$name" "$@" --runs 3 --warmup 0 --events none \
		-o "$csv" 2>"$FB_TMP/err" &
	drv=$!
	i=0; wpid=""
	while [ -z "$wpid" ]; do
		i=$((i + 1))
		[ $i -lt 300 ] || { kill -KILL $drv; fail "$name: no row of run 0 after 30 s"; }
		kill -0 $drv 2>/dev/null || { cat "$FB_TMP/err"; fail "$name: driver exited early"; }
		sleep 0.1
		[ -s "$csv" ] && wpid=$(awk -F, -v r="$(col "$csv" run)" -v p="$(col "$csv" worker_pid)" \
			'NR > 1 && $r == 0 { print $p; exit }' "$csv")
	done
	kill -KILL "$wpid" || fail "$name: worker $wpid of run 0 already gone: make its run longer"
	set +e
	wait $drv
	rc=$?
	set -e
	[ "$rc" -eq 1 ] || { cat "$FB_TMP/err"; fail "$name: exit $rc after its worker was killed, expected 1"; }
	grep -q "run 0 lost: its worker was killed by signal 9" "$FB_TMP/err" ||
		{ cat "$FB_TMP/err"; fail "$name: the lost run is not reported"; }
	sleep 0.2
	left=$(leftovers "$drv" "$mark" | sort -u)
	[ -z "$left" ] || { ps -o pid,ppid,stat,cmd -p $left; fail "$name: processes left behind: $left"; }
	same_width "$csv" || fail "$name: CSV not rectangular"
	[ "$(tail -c 1 "$csv" | od -An -c | tr -d ' ')" = '\n' ] || fail "$name: last row cut short"
	runs=$(awk -F, -v r="$(col "$csv" run)" 'NR > 1 { s[$r] = 1 } END { n = 0; for (k in s) n++; print n }' "$csv")
	[ "$runs" -eq 3 ] || fail "$name: rows of $runs runs, expected 3 (runs 1 and 2 complete)"
	grep -q '^runs_lost=1$' "${csv%.csv}.meta" || fail "$name: runs_lost not 1 in the sidecar"
	ok "$name: worker $wpid killed: run 0 reported lost, runs 1-2 kept, nothing left, exit 1"
}
# Each run lasts a second or more here, so the kill lands inside run 0.
lost spawn --sizes 256M --heap touched --methods fork --child exit --reps 240
lost cow --sizes 64M --heap touched --writer child --patterns seq --reps 45
lost footprint --sizes 0 --heap touched --calls fork --workloads free --alloc 64M --reps 120
done_tests
