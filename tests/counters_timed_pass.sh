#!/bin/sh
# forkbench-footprint's timed calls run with no counter open (issue 14,
# point 7), seen from outside: strace -f records the worker's perf_event_open,
# ioctl, close and fork (clone) calls; every creation is either one of the
# timed pass (no perf fd open in the worker at all) or one of the counted pass
# (its counters open and enabled), and there are as many of each — the counted
# pass is the timed pass's twin, warm-up included. No timing is asserted
# (strace slows everything).
. "$FB_SRC/tests/lib.sh"
command -v strace >/dev/null 2>&1 || skip "strace not installed (apt-get install strace)"
f=$FB_TMP/fp.csv
tr=$FB_TMP/trace
strace -f -qq -o "$tr" -e trace=perf_event_open,ioctl,close,clone,clone3,fork,vfork \
	"$FB_BIN/forkbench-footprint" --calls fork --workloads free --alloc 64K --sizes 0,1M --heap touched \
	--reps 3 --warmup 1 --runs 1 --events page-faults,minor-faults,task-clock -o "$f" 2>"$FB_TMP/err" ||
	{ grep -q "ptrace" "$FB_TMP/err" && skip "ptrace refused here: $(head -1 "$FB_TMP/err")"
	  fail "footprint under strace failed: $(cat "$FB_TMP/err")"; }
pid=$(awk -F, -v c="$(col "$f" worker_pid)" 'NR == 2 { print $c }' "$f")
[ -n "$pid" ] || fail "no worker pid in $f"
# calls = (reps + warm-up) x 1 mode x 2 sizes
awk -v pid="$pid" -v want=$(( (3 + 1) * 2 )) '
	$1 != pid { next }
	# perf_event_open(...) = FD: a counter fd of the worker
	$2 ~ /^perf_event_open\(/ && $NF ~ /^[0-9]+$/ { open[$NF] = 1; nopen++; next }
	$2 ~ /^close\(/ { fd = $2; sub(/^close\(/, "", fd); sub(/\).*/, "", fd)
			  if (fd in open) { delete open[fd]; nopen--; if (!nopen) enabled = 0 } next }
	/PERF_EVENT_IOC_ENABLE/ { enabled = 1; next }
	/PERF_EVENT_IOC_DISABLE/ { enabled = 0; next }
	$2 ~ /^(clone|clone3|fork|vfork)\(/ {
		if (nopen == 0) timed++
		else if (enabled) counted++
		else { printf "a creation with %d perf fds open but not enabled: %s\n", nopen, $0; bad = 1 }
	}
	END {
		printf "worker %s: %d creations with no counter open, %d inside a counted window (want %d each)\n",
			pid, timed, counted, want
		exit bad || timed != want || counted != want
	}' "$tr" || fail "the timed and counted creations are not twins with the timed ones uncounted"
ok "every timed call ran with no counter open; the counted pass repeated each one inside its window"
done_tests
