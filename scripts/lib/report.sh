#!/bin/sh
# report.sh RESULTS_DIR: RESULTS_DIR/report.md on stdout, after scripts/plot
# has checked the summaries into RESULTS_DIR/plots/data/: the machine and
# kernel in one line, the headline numbers (each computed here from those
# summaries and the sidecars, never typed in), the answer figures, and the
# warnings (busy machine, emulation, rows and figures skipped). Measures
# nothing; a number whose rows are absent is written "n/a" with the reason.
set -eu
FB_ROOT=${FB_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$FB_ROOT/scripts/lib/drivers.sh"
dir=${1%/}
S=$dir/plots/data
meta() { [ -f "$dir/$1.meta" ] && awk -v k="$2" 'index($0, k "=") == 1 { print substr($0, length(k) + 2); exit }' "$dir/$1.meta" || true; }
first=$(fb_drivers_in "$dir" | head -n 1)

# pick FILE METRIC FIELD KEY=VALUE...: FIELD (median, p5, p95, n, sizes) of the
# first row of FILE with that metric and every KEY=VALUE (VALUE max: the
# largest value of KEY among the rows that match the rest).
pick() {
	[ -f "$1" ] || return 0
	awk -F, -v metric="$2" -v field="$3" -v want="$4" '
		BEGIN { n = split(want, w, " ") }
		NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["metric"] != metric || $c[field] == "" { next }
		{ ok = 1
			for (i = 1; i <= n; i++) { e = index(w[i], "="); k = substr(w[i], 1, e - 1); v = substr(w[i], e + 1)
				if (!(k in c)) { ok = 0; break }
				if (v == "max") { mk = k; continue }
				if ($c[k] != v) ok = 0 }
			if (!ok) next
			if (mk == "") { print $c[field]; done = 1; exit }
			if (best == "" || $c[mk] + 0 > best + 0) { best = $c[mk]; got = $c[field] } }
		END { if (!done && best != "") print got }' "$1"
}
# si NS: "12.3 µs" (3 significant digits)
si() { awk -v v="$1" 'BEGIN { a = v < 0 ? -v : v
	if (a >= 1e9) printf "%.3g s", v / 1e9; else if (a >= 1e6) printf "%.3g ms", v / 1e6
	else if (a >= 1e3) printf "%.3g µs", v / 1e3; else printf "%.3g ns", v }'; }
human() { awk -v b="$1" 'BEGIN { s = "KMGT"; u = 0; while (b >= 1024 && b % 1024 == 0 && u < 4) { b /= 1024; u++ }; printf "%s%s", b, u ? substr(s, u, 1) : "" }'; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
na="n/a"

# --- the machine, in one line
if [ -n "$first" ]; then
	mem=$(meta $first mem_total_bytes); mem=${mem:-0}
	echo "# forkbench report: $(meta $first cpu_model), $(meta $first cpus_online) CPUs$( [ "$(meta $first virtualization)" = guest ] && echo ", guest"), $((mem / 1073741824)) GiB | Linux $(meta $first kernel_release) | THP $(meta $first thp_enabled | sed 's/.*\[\(.*\)\].*/\1/') | $(meta $first date) | forkbench $(meta $first suite_commit)"
else
	echo "# forkbench report: no .meta sidecar in $dir"
fi
echo
echo "Each row a question and its answer, computed here from this directory's CSVs and sidecars (never typed in): the median of every repetition, and in brackets the 95% interval over the independent runs (a t interval of the runs' medians; none with fewer than 3 runs) or, for a slope, over the sizes."
echo
echo "| question | answer | from |"
echo "|---|---|---|"
# ans CSV METRIC WHERE: "median [lo, hi]; n = R x N" of one configuration (runint.awk).
ans() {
	[ -f "$1" ] || return 0
	awk -v metric="$2" -v where="$3" -f "$FB_ROOT/scripts/lib/tint.awk" -f "$FB_ROOT/scripts/lib/runint.awk" "$1"
}
fmt() { # "median lo hi runs reps" -> "80.5 µs [44.3 µs, 131 µs] (11 reps in 3 runs)"
	set -- $1
	[ $# -eq 5 ] || { echo "$na"; return; }
	if [ "$2" = - ]; then echo "$(si "$1") ($5 reps in $4 runs: too few runs for an interval)"
	else echo "$(si "$1") [$(si "$2"), $(si "$3")] ($5 reps in $4 runs)"; fi
}
sp=$S/spawn.summary.csv
raw=$dir/spawn.csv
if [ -f "$sp" ]; then
	h0=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["heap"] == "touched" { t = 1 } !f { f = $c["heap"] } END { print t ? "touched" : f }' "$sp")
	a=$(ans "$raw" create_ns "method=fork child=exit heap=$h0 heap_bytes=0")
	if [ -n "$a" ]; then
		echo "| What does fork() cost with no heap? | $(fmt "$a") | spawn create_ns, fork/exit, heap 0 |"
	else echo "| What does fork() cost with no heap? | $na | no fork/exit row at heap 0 |"; fi
	for hk in touched thp; do
		q="What does each GiB of $( [ $hk = thp ] && echo "2 MiB THP" || echo "4 KiB-page") heap add to fork()?"
		s=$(pick "$S/spawn_slope.csv" create_ns_per_gib median "method=fork child=exit heap=$hk")
		if [ -n "$s" ]; then
			lo=$(pick "$S/spawn_slope.csv" create_ns_per_gib p5 "method=fork child=exit heap=$hk")
			hi=$(pick "$S/spawn_slope.csv" create_ns_per_gib p95 "method=fork child=exit heap=$hk")
			echo "| $q | $(awk -v s="$s" -v l="$lo" -v h="$hi" 'BEGIN { printf "%.2f ms/GiB [%.2f, %.2f]: %.3g ns per 4 KiB page", s / 1e6, l / 1e6, h / 1e6, s / 262144 }') | spawn create_ns slope over sizes $(pick "$S/spawn_slope.csv" create_ns_per_gib sizes "method=fork child=exit heap=$hk") |"
		else echo "| $q | $na | fewer than 2 $hk sizes >= 16M |"; fi
	done
	# what each VMA adds to fork(): scripts/plot's spawn_per_vma (fragmented minus touched, per run)
	if [ -s "$S/spawn_per_vma.txt" ]; then
		awk '$1 == "fork" && ($3 > v || ($3 == v && $2 < b)) { v = $3; b = $2; l = $0 } END { if (l == "") exit
			split(l, a, " "); u = 0; s = a[2]; while (s >= 1024 && u < 4) { s /= 1024; u++ }
			printf "| What does each VMA of the parent add to fork()? | %.2f µs [%s, %s] (%d runs) | spawn create_ns, fragmented minus touched heap of %s%s, over %d extra VMAs |\n",
				a[4] / 1e3, a[5] == "-" ? "-" : sprintf("%.2f", a[5] / 1e3), a[6] == "-" ? "-" : sprintf("%.2f", a[6] / 1e3), a[7], s, substr("BKMGT", u + 1, 1), a[3] - 1 }' "$S/spawn_per_vma.txt"
	fi
	am=ready_ns; [ -n "$(pick "$sp" ready_ns median "method=posix_spawn")" ] || am=total_ns
	big=$(pick "$sp" $am heap_bytes "method=fork child=exec heap=$h0 heap_bytes=max")
	if [ -n "$big" ]; then
		ps=$(ans "$raw" $am "method=posix_spawn child=exec heap=$h0 heap_bytes=$big exec_target=static")
		[ -n "$ps" ] || ps=$(ans "$raw" $am "method=posix_spawn child=exec heap=$h0 heap_bytes=$big")
		fe=$(ans "$raw" $am "method=fork child=exec heap=$h0 heap_bytes=$big exec_target=static")
		[ -n "$fe" ] || fe=$(ans "$raw" $am "method=fork child=exec heap=$h0 heap_bytes=$big")
	fi
	q="posix_spawn or fork+exec from a parent with $(human "${big:-0}") of $h0 heap?"
	if [ -n "${ps:-}" ] && [ -n "${fe:-}" ]; then
		echo "| $q | posix_spawn $(fmt "$ps"); fork+exec $(fmt "$fe"): $(awk -v a="${fe%% *}" -v b="${ps%% *}" 'BEGIN { printf (a / b >= 100 ? "%.0f" : "%.3g"), a / b }')x | spawn $am (call to the exec target's first instruction) |"
	else echo "| posix_spawn or fork+exec? | $na | no posix_spawn/exec and fork/exec rows |"; fi
fi
cw=$S/cow.summary.csv
if [ -f "$cw" ]; then
	re=$(meta cow floor_reuse_ns_per_page); co=$(meta cow floor_copy_ns_per_page); fa=$(meta cow floor_fault_ns_per_page)
	for hk in touched thp; do
		big=$(pick "$cw" cow_ns_per_page heap_bytes "method=fork heap=$hk writer=child pattern=seq heap_bytes=max")
		a=""
		if [ -n "$big" ]; then a=$(ans "$dir/cow.csv" cow_ns_per_page "method=fork heap=$hk writer=child pattern=seq heap_bytes=$big"); fi
		q="What does a copy-on-write fault cost ($hk heap, child writes every page)?"
		if [ -n "$a" ]; then
			v=${a%% *}
			parts=""
			if [ -n "$re" ] && [ -n "$co" ]; then
				rest=$(awk -v a="$v" -v r="$re" -v c="$co" 'BEGIN { print a - r - c }')
				if awk -v x="$rest" 'BEGIN { exit !(x >= 0) }'; then
					parts="; of it, measured alone: a write fault that copies nothing $(si "$re"), a 4 KiB copy $(si "$co"), the rest (a new page and its mapping) $(si "$rest") (a first-touch fault, which zeroes instead of copying: $(si "$fa"))"
				else
					parts="; the components measured alone (a fault that copies nothing $(si "$re"), a 4 KiB copy $(si "$co")) add up to more than it: this run's floors do not break it down (a busy machine?)"
				fi
			fi
			echo "| $q | $(fmt "$a") per written page$parts | cow cow_ns_per_page, fork/child/seq, $(human "$big"); floors in cow.meta |"
		else echo "| $q | $na | no fork/child/seq row |"; fi
	done
fi
fp=$S/footprint.summary.csv
if [ -f "$fp" ]; then
	wl=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["workload"] == "leak" { l = 1 } !f { f = $c["workload"] } END { print l ? "leak" : f }' "$fp")
	at=1073741824
	[ -n "$(pick "$fp" call_ns median "call=fork workload=$wl heap=touched heap_bytes=$at")" ] ||
		at=$(pick "$fp" call_ns heap_bytes "call=fork workload=$wl heap=touched heap_bytes=max")
	al=$(pick "$fp" call_ns alloc_bytes "call=fork workload=$wl heap=touched heap_bytes=$at alloc_bytes=max")
	iso=$(ans "$dir/footprint.csv" call_ns "call=fork workload=$wl heap=touched heap_bytes=$at alloc_bytes=$al")
	dirc=$(ans "$dir/footprint.csv" call_ns "call=direct workload=$wl heap=touched heap_bytes=$at alloc_bytes=$al")
	q="What does calling $wl in a fork child instead of directly cost, with a $(human "${at:-0}") heap?"
	if [ -n "$iso" ] && [ -n "$dirc" ]; then
		ri=$(pick "$fp" rss_growth_bytes median "call=fork workload=$wl heap=touched heap_bytes=$at alloc_bytes=max")
		rd=$(pick "$fp" rss_growth_bytes median "call=direct workload=$wl heap=touched heap_bytes=$at alloc_bytes=max")
		echo "| $q | in a child $(fmt "$iso"), directly $(fmt "$dirc"); what it leaves in the parent: $(mib "${ri:-0}") vs $(mib "${rd:-0}") | footprint call_ns, rss_growth_bytes, $wl, touched |"
	else echo "| $q | $na | no fork and direct rows on a touched heap |"; fi
fi

# --- setup and noise: what a reader must know before trusting the numbers
echo
echo "## Setup and noise"
echo
for d in $(fb_drivers_in "$dir"); do
	[ -f "$dir/$d.meta" ] || continue
	pin=$(meta $d pinned_cpu); busy=$(meta $d busy_pct_before)
	reps=$(meta $d reps_planned); [ -n "$reps" ] || reps=$(meta $d reps)
	echo "- $d: $( [ -n "$pin" ] && echo "pinned to CPU $pin" || echo "not pinned"), the CPUs ${busy:-?}% busy before it started, $reps reps over $(meta $d runs_done) runs$( [ -n "$(meta $d budget_s)" ] && echo " (sized to a budget of $(meta $d budget_s) s)")$( [ -n "$(meta $d vm_accel)" ] && echo ", in qemu ($(meta $d vm_accel), clock: $(meta $d vm_clock))")."
done
for d in $(fb_drivers_in "$dir"); do
	f=$S/$d.summary.csv
	[ -f "$f" ] || continue
	awk -F, -v d="$d" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		!("run_cv_pct" in c) || $c["run_cv_pct"] == "" || $c["metric"] !~ /_ns$/ { next }
		{ n++; if ($c["run_cv_pct"] + 0 > 10) hi++; cv[n] = $c["run_cv_pct"] + 0 }
		END { if (!n) exit
			for (i = 2; i <= n; i++) { t = cv[i]; for (j = i - 1; j >= 1 && cv[j] > t; j--) cv[j + 1] = cv[j]; cv[j + 1] = t }
			printf "- %s: run-to-run noise: %d of %d timing cells vary by more than 10%% between runs (coefficient of variation of the run medians; median %.1f%%).\n", d, hi, n, cv[int((n + 1) / 2)] }' "$f"
done
thp=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["heap"] == "thp" && $c["status"] == "ok" && ("heap_thp_bytes" in c) && $c["heap_thp_bytes"] != "" && $c["heap_bytes"] >= 2097152 {
		s += $c["heap_thp_bytes"] / ($c["heap_bytes"] - $c["heap_bytes"] % 2097152); n++ }
	END { if (n) printf "%.0f", 100 * s / n }' "$dir/spawn.csv" 2>/dev/null || true)
[ -z "$thp" ] || echo "- THP share of the thp heaps, verified before timing: $thp% on average (rows below 90% are skipped with the reason)."
if [ -f "$dir/spawn.meta" ] && grep -q '^baseline_fork_exit_ns=' "$dir/spawn.meta"; then
	echo "- What the harness itself costs (spawn.meta; fork+exit at heap 0, each pooled over runs):"
	echo "  a bare fork+exit loop in a static process $(si "$(meta spawn baseline_fork_exit_ns)") (the machine's floor);"
	echo "  the same loop inside the measured worker $(si "$(meta spawn baseline_worker_fork_exit_ns)") ($(meta spawn baseline_fork_exit_ratio)x: the worker's own size);"
	echo "  through the measurement protocol (pipes, timestamps, reaping) $(si "$(meta spawn baseline_protocol_fork_exit_ns)") ($(meta spawn baseline_protocol_fork_exit_ratio)x)."
	echo "  These time a whole fork+exit+wait; create_ns above is the fork call alone, hence smaller."
fi
# any other pooled harness number a sidecar records, as it is (per-run keys stay there)
for d in $(fb_drivers_in "$dir"); do
	[ -f "$dir/$d.meta" ] || continue
	grep '^baseline_[a-z_]*=' "$dir/$d.meta" | grep -v -e '^baseline_loops=' -e '^baseline_\(worker_\|protocol_\)\{0,1\}v\{0,1\}fork_exit_\(ns\|ratio\)=' |
	while IFS='=' read -r k v; do
		case $k in *_ns) v=$(si "$v") ;; esac
		echo "- harness: $k = $v ($d.meta)"
	done
done
echo
echo "## Answers"
echo
caption() {
	case $1 in
	spawn_start) echo "Which way to start a program as the parent grows: fork+exec, vfork+exec, clone_vm+exec and posix_spawn to the exec target's first instruction against the heap (log-log), the THP heap dashed." ;;
	spawn_answer) echo "Which way to start a program: each method's latency to the exec target's first instruction, as the parent's heap grows (ties drawn as ties)." ;;
	spawn_slope) echo "What each 4 KiB page of parent heap adds to the creation call, per method and heap kind, with its 95% interval: fork copies a PTE per page (a THP heap one PMD per 512 pages); vfork, clone_vm and posix_spawn copy none (≈0)." ;;
	spawn_per_vma) echo "What each VMA of the parent adds to the creation call: the fragmented heap minus the touched heap of the same size, per independent run. fork copies each VMA; vfork and clone_vm copy none, yet their call waits for the child, whose exit walks the VMAs." ;;
	spawn_phases) echo "Where the time goes: the call, until the child runs, until it is reaped." ;;
	cow_breakdown) echo "What a copy-on-write fault costs, at one size on a linear axis: a write fault that copies nothing plus a 4 KiB copy, each measured alone, and the rest; beside a write to a shared page and a first-touch fault." ;;
	cow_vs_floor) echo "Every pattern and size against the floors (diagnostic)." ;;
	footprint_cost) echo "What a call costs, and leaves in the parent, directly or in a child." ;;
	folio) echo "Fork and COW cost per folio size: fork of the heap as a ratio to 4 KiB pages with its interval, beside the published ratios, and the COW fault per written page (its tables: folio.md in the data directory, under folio/)." ;;
	spawn_runs) echo "How stable the numbers are: every independent run's median as a dot, with the spread of the run medians — the noise to see before reading any difference above." ;;
	*) echo "$1" ;;
	esac
}
for f in spawn_start spawn_answer spawn_slope spawn_per_vma cow_breakdown footprint_cost spawn_runs folio; do
	[ -f "$dir/plots/$f.png" ] || continue
	# the caption, then the finding scripts/plot computed for the figure's title
	found=""; [ ! -s "$S/$f.says" ] || found=" Here: $(tr '\n' ' ' < "$S/$f.says" | sed 's/ | /; /g; s/ *$//')."
	echo "**$f** — $(caption $f)$found"
	echo
	echo "![$f](plots/$f.png)"
	echo
done

# --- warnings
w=$S/warnings.tmp; : > "$w"
for d in $(fb_drivers_in "$dir"); do
	[ -f "$dir/$d.meta" ] || continue
	b=$(meta $d busy_pct_before); [ -n "$b" ] && [ "$b" -ge 10 ] 2>/dev/null && echo "- $d: the CPUs were $b% busy before the run: timings are skewed" >> "$w"
	[ "$(meta $d vm_accel)" = tcg ] && echo "- $d: run under emulation (vm_accel=tcg): times are not comparable with hardware" >> "$w"
	if [ -f "$dir/$d.csv" ]; then
		awk -F, -v d="$d" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
			("status" in c) && $c["status"] != "ok" { n[$c["status"]]++; if (!(($c["status"]) in e)) e[$c["status"]] = ("error" in c) ? $c["error"] : "" }
			END { for (s in n) printf "- %s: %d %s rows in %s.csv (first: %s)\n", d, n[s], s, d, e[s] }' "$dir/$d.csv" >> "$w"
	fi
done
[ -f "$S/skipped" ] && sed 's/^/- figure /' "$S/skipped" >> "$w"
if [ -s "$w" ]; then echo "## Warnings"; echo; cat "$w"; echo; fi
rm -f "$w"
diag=""
for f in "$dir"/plots/*.png; do
	[ -f "$f" ] || continue
	b=$(basename "$f" .png)
	case " spawn_start spawn_answer spawn_slope spawn_per_vma cow_breakdown footprint_cost spawn_runs folio " in *" $b "*) ;; *) diag="$diag \`$b\`" ;; esac
done
[ -z "$diag" ] || { echo "Diagnostics (every series, counters, per-pattern detail):$diag."; echo; }
svg=$(ls "$dir"/plots/*.svg 2>/dev/null | head -n 1 || true)
echo "All figures: \`plots/\` (PNG$( [ -n "$svg" ] && echo " and SVG")).$( [ -d "$S" ] && echo " The data behind them: \`plots/data/\`.")"
