#!/bin/sh
# mthp_restore: --set-mthp changes the machine's knobs only while a heap is
# built, and they are back as they were after a SIGINT to the driver and
# after a SIGKILL of the worker mid-build (the driver restores them), with
# no child left behind. The stop lands while the knobs are set: the test
# waits until it sees them changed.
. "$FB_SRC/tests/lib.sh"
. "$FB_SRC/tests/mthp_lib.sh"
mthp_need_root
mthp_guard
before=$(mthp_knobs)
[ -e "$MTHP/hugepages-16kB/enabled" ] || skip "no 16 KiB mTHP size"
# wait_set PID: until hugepages-16kB is madvise (a build under way), 20 s at most.
wait_set() {
	i=0
	while [ "$(sed 's/.*\[\(.*\)\].*/\1/' "$MTHP/hugepages-16kB/enabled")" != madvise ]; do
		i=$((i + 1))
		[ $i -lt 4000 ] || { kill -KILL "$1"; fail "the knob never changed"; }
		kill -0 "$1" 2>/dev/null || { cat "$FB_TMP/err"; fail "driver exited before the build"; }
		sleep 0.005
	done
}
for stop in INT worker-KILL; do
	csv=$FB_TMP/$stop.csv
	setsid "$FB_BIN/forkbench-spawn" --heap mthp:16K,mthp:32K --sizes 1G,1G --methods fork --child exit \
		--reps 50 --runs 1 --warmup 0 --events none --set-mthp -o "$csv" 2>"$FB_TMP/err" &
	pid=$!
	wait_set $pid
	if [ $stop = INT ]; then
		kill -INT $pid
	else
		w=$(pgrep -P $pid | head -1)
		[ -n "$w" ] || fail "no worker under the driver"
		kill -KILL "$w"
	fi
	set +e
	wait $pid
	rc=$?
	set -e
	[ "$(mthp_knobs)" = "$before" ] || fail "after $stop: knobs '$(mthp_knobs)', were '$before'"
	left=$(leftovers $pid none | sort -u)
	[ -z "$left" ] || fail "after $stop: children left: $left"
	grep -q "^mthp_knobs_after=" "${csv%.csv}.meta" || fail "after $stop: the sidecar lacks mthp_knobs_after"
	ok "$stop while the knobs were set (exit $rc): knobs restored, no child left, sidecar says so"
done
done_tests
