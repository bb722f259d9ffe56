#!/bin/sh
# A stop signal at any moment of a driver's life is a stop, never a silent
# death or a "lost" run: SIGTERM 0 to 300 ms after start (option parsing,
# libpfm's scan of /sys, the quietness check, a worker starting) gives exit
# 143 and a "stopped by signal 15" message, no run counted lost, no process
# left, and a CSV (when one was begun) whose rows are whole (issue 23 battery:
# signals in the first 30-100 ms killed a driver by default action; a signal
# before the first instruction still does, with nothing written; a signal
# reaching a worker before its handler was counted as a lost run).
. "$FB_SRC/tests/lib.sh"
n=0; early=0
for d in 0 0.005 0.01 0.02 0.04 0.06 0.08 0.1 0.15 0.2 0.3; do
	for drv in spawn footprint; do
		n=$((n + 1))
		out=$FB_TMP/$drv-$n.csv
		setsid "$FB_BIN/forkbench-$drv" --sizes 0,64M --heap touched --reps 30 -o "$out" >/dev/null 2>"$FB_TMP/err" &
		pid=$!
		sleep "$d"
		# Whether the program's SIGTERM handler was in place when the signal
		# went: its SigCgt bit (15 -> 0x4000), read just before sending. It can
		# only go from not caught to caught in between, never back.
		cgt=$(awk '/^SigCgt:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
		caught=0
		[ -z "$cgt" ] || [ $((0x$cgt & 0x4000)) -eq 0 ] || caught=1
		kill -TERM $pid 2>/dev/null || true
		set +e; wait $pid; rc=$?; set -e
		sleep 0.1
		left=$(leftovers "$pid" none-marked | sort -u)
		[ -z "$left" ] || fail "$drv, SIGTERM at $d s: processes left in its session: $left"
		if [ $rc -eq 0 ]; then continue; fi   # finished before the signal: nothing to check
		[ $rc -eq 143 ] || { cat "$FB_TMP/err" >&2; fail "$drv, SIGTERM at $d s: exit $rc, expected 143"; }
		# Before the program's first instruction (exec, the loader) nothing can
		# catch a signal: the default action kills it, and then nothing exists yet.
		if ! grep -q "stopped by signal 15" "$FB_TMP/err"; then
			[ ! -e "$out" ] && [ ! -e "${out%.csv}.meta" ] ||
				fail "$drv, SIGTERM at $d s: killed silently after it had begun writing"
			# Counted, not timed: the handler was installed before the signal
			# went (SigCgt), yet the default action killed it.
			[ $caught -eq 0 ] ||
				fail "$drv, SIGTERM at $d s: killed by default action though its SIGTERM handler was installed"
			early=$((early + 1))
			continue
		fi
		! grep -q "lost" "$FB_TMP/err" || fail "$drv, SIGTERM at $d s: a stopped run called lost: $(cat "$FB_TMP/err")"
		[ ! -f "${out%.csv}.meta" ] || ! grep -q '^runs_lost=[1-9]' "${out%.csv}.meta" || fail "$drv at $d s: runs_lost in the sidecar"
		[ ! -f "$out" ] || same_width "$out" || fail "$drv at $d s: a torn CSV"
	done
done
ok "$n stop signals between 0 and 300 ms after start: exit 143 with a message, none lost, nothing left ($early came before the program's first instruction: killed by default action, nothing written)"
done_tests
