#!/bin/sh
# The runners' counted passes on the real kernel (issue 14; software events,
# no hardware PMU needed): spawn's parent and child cells and footprint's
# parent cells are filled for every usable software event, never negative,
# and agree with the getrusage fault counts of the timed pass; the sidecar's
# tally counts exactly one window per counted creation and pass (the counted
# passes rerun every creation of the timed pass, warm-up included), pooled
# over the runs; the tally and life-residual keys are there once each.
# Events that cannot be opened here (hardware, in a VM) leave empty cells.
. "$FB_SRC/tests/lib.sh"

# meta FILE KEY: the value of KEY in a sidecar (empty when absent).
meta() { awk -v k="$2" 'index($0, k "=") == 1 { print substr($0, length(k) + 2); exit }' "$1"; }

# unique_keys FILE: every key=value key appears once.
unique_keys() {
	awk -F= '/=/ { n[$1]++ } END { for (k in n) if (n[k] > 1) { print "duplicate key " k; bad = 1 } exit bad }' "$1"
}

# check_cells CSV META PREFIX: every usable event's PREFIX_ cell is an integer
# >= 0 on ok rows; an unusable event's cells are empty everywhere.
check_cells() {
	csv=$1; side=$2; pre=$3
	for id in $(awk -F'[.=]' '/^perf_event_status\./ { print $2 }' "$side"); do
		c=$(meta "$side" "perf_event_column.$id")
		st=$(meta "$side" "perf_event_status.$id")
		k=$(col "$csv" "${pre}_$c")
		awk -F, -v k="$k" -v s="$(col "$csv" status)" -v usable="$(case $st in ok | user-only*) echo 1 ;; *) echo 0 ;; esac)" \
			-v name="${pre}_$c" '
			NR == 1 { next }
			usable && $s == "ok" && $k !~ /^[0-9]+$/ { printf "%s: row %d has \"%s\"\n", name, NR, $k; exit 1 }
			!usable && $k != "" { printf "%s: unusable event has \"%s\" in row %d\n", name, $k, NR; exit 1 }
			' "$csv" || fail "$pre cells of $id"
	done
}

# --- spawn: 2 methods x 2 child actions x 2 sizes; 5 reps over 2 runs, 1 warm-up each
s=$FB_TMP/spawn.csv
"$FB_BIN/forkbench-spawn" --methods fork,vfork --child exit,exec --sizes 0,16M --heap touched \
	--reps 5 --warmup 1 --runs 2 -o "$s" 2>"$FB_TMP/err" || fail "spawn failed: $(cat "$FB_TMP/err")"
sm=$FB_TMP/spawn.meta
same_width "$s" || fail "spawn rows differ in width"
case $(meta "$sm" perf_event_status.page_faults) in ok | user-only*) ;; *) skip "page-faults does not open here" ;; esac
check_cells "$s" "$sm" parent
check_cells "$s" "$sm" child
pfc=$(meta "$sm" perf_event_column.page_faults)   # page_faults, or page_faults_u as non-root
ok "spawn: every usable event's parent and child cells are filled, integers >= 0"
awk -F, -v m="$(col "$s" method)" -v ch="$(col "$s" child)" -v st="$(col "$s" status)" \
	-v pf="$(col "$s" "parent_$pfc")" -v pm="$(col "$s" parent_minflt)" \
	-v cf="$(col "$s" "child_$pfc")" -v cm="$(col "$s" child_minflt)" '
	NR == 1 { next }
	$st != "ok" { next }
	{ rows++ }
	# the parent over the call: a few pages at most (its stack, a pidfd slot), whatever the heap
	$pf + 0 > 16 || $pf + 0 > $pm + 8 { printf "parent page faults %s over %s+%s (getrusage %s)\n", $pf, $m, $ch, $pm; bad = 1 }
	# a fork child or an exec always faults; a vfork child that exits may not
	($m == "fork" || $ch == "exec") && $cf + 0 < 1 { printf "child page faults %s for %s+%s\n", $cf, $m, $ch; bad = 1 }
	$cf + 0 > $cm + 16 { printf "child page faults %s, getrusage %s (%s+%s)\n", $cf, $cm, $m, $ch; bad = 1 }
	END { if (rows != 40) { printf "%d ok rows, expected 40\n", rows; bad = 1 } exit bad }' "$s" ||
	fail "spawn counts do not match the creations"
ok "spawn: parent page faults over the call are few, children's agree with getrusage"
# Windows: per creation one call window and a life window of two sets (all,
# parent); creations = (reps + warm-up per run) x 4 pairs x 2 sizes.
want=$(( 3 * (5 + 2 * 1) * 4 * 2 ))
[ "$(meta "$sm" perf_counted_passes)" = 2 ] || fail "spawn counted passes: $(meta "$sm" perf_counted_passes), expected 2 (software events: one call, one life)"
[ "$(meta "$sm" perf_tally_runs)" = 2 ] || fail "tally from $(meta "$sm" perf_tally_runs) runs, expected 2"
for id in page_faults minor_faults context_switches task_clock; do
	case $(meta "$sm" "perf_event_status.$id") in unusable*) continue ;; esac   # non-root: context switches
	w=$(meta "$sm" "perf_event_windows.$id")
	[ "$w" = "$want" ] || fail "perf_event_windows.$id=$w, expected $want"
	[ "$(meta "$sm" "perf_event_never_scheduled_pct.$id")" = 0.00 ] || fail "$id never scheduled"
	[ "$(meta "$sm" "perf_event_partial_pct.$id")" = 0.00 ] || fail "$id multiplexed"
	meta "$sm" "perf_event_life_residual.$id" | grep -Eq '^[0-9]+$' || fail "life residual of $id missing or not a count"
done
[ "$(meta "$sm" perf_event_life_residual.page_faults)" -le 4 ] || fail "an empty life window faulted"
unique_keys "$sm" || fail "spawn sidecar has duplicate keys"
ok "spawn sidecar: $want windows per software event over 2 runs, none unscheduled, residual recorded, keys unique"

# --- footprint: direct and fork, free 1M, 2 sizes; 4 reps over 2 runs, 1 warm-up each
f=$FB_TMP/fp.csv
"$FB_BIN/forkbench-footprint" --calls direct,fork --workloads free --alloc 1M --sizes 0,16M --heap touched \
	--reps 4 --warmup 1 --runs 2 -o "$f" 2>"$FB_TMP/err" || fail "footprint failed: $(cat "$FB_TMP/err")"
fm=$FB_TMP/fp.meta
same_width "$f" || fail "footprint rows differ in width"
check_cells "$f" "$fm" parent
awk -F, -v m="$(col "$f" call)" -v st="$(col "$f" status)" -v pf="$(col "$f" "parent_$pfc")" \
	-v pm="$(col "$f" parent_minflt)" '
	NR == 1 { next }
	$st != "ok" { next }
	{ rows++; d = $pf - $pm; if (d < 0) d = -d }
	# direct: the function touches 256 pages in the parent, counted in the twin call as in the timed one
	$m == "direct" && ($pf + 0 < 256 || d > 32) { printf "direct: page faults %s, getrusage %s\n", $pf, $pm; bad = 1 }
	$m == "fork" && $pf + 0 > 64 { printf "fork: parent page faults %s\n", $pf; bad = 1 }
	END { if (rows != 16) { printf "%d ok rows, expected 16\n", rows; bad = 1 } exit bad }' "$f" ||
	fail "footprint counts do not match the calls"
ok "footprint: parent counts filled; a direct call's page faults match getrusage's"
# One call pass, one window per call: (reps + warm-up per run) x 2 modes x 2 sizes.
want=$(( (4 + 2 * 1) * 2 * 2 ))
[ "$(meta "$fm" perf_counted_passes)" = 1 ] && [ "$(meta "$fm" perf_life_passes)" = 0 ] ||
	fail "footprint passes: $(meta "$fm" perf_counted_passes) counted, $(meta "$fm" perf_life_passes) life; expected 1 call pass"
[ "$(meta "$fm" perf_event_windows.page_faults)" = "$want" ] ||
	fail "footprint perf_event_windows.page_faults=$(meta "$fm" perf_event_windows.page_faults), expected $want"
unique_keys "$fm" || fail "footprint sidecar has duplicate keys"
ok "footprint sidecar: one call pass, $want windows, keys unique"

# --- no events: no pass, no counter cell, the same rows
n=$FB_TMP/none.csv
"$FB_BIN/forkbench-footprint" --calls direct,fork --workloads free --alloc 1M --sizes 0 --heap touched \
	--reps 2 --warmup 0 --runs 1 --events none -o "$n" 2>"$FB_TMP/err" || fail "footprint --events none failed: $(cat "$FB_TMP/err")"
[ "$(meta "$FB_TMP/none.meta" perf_counted_passes)" = 0 ] || fail "--events none still ran counted passes"
[ "$(awk -F, 'NR > 1 && $0 ~ /,ok,/' "$n" | wc -l)" -eq 4 ] || fail "--events none: not 4 ok rows"
ok "--events none: no counted pass, rows as before"
done_tests
