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
echo "Headline numbers, computed from the summaries in this directory (medians; p5-p95 or 95% interval in brackets)."
echo
echo "| question | answer | from |"
echo "|---|---|---|"

sp=$S/spawn.summary.csv
if [ -f "$sp" ]; then
	h0=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["heap"] == "touched" { t = 1 } !f { f = $c["heap"] } END { print t ? "touched" : f }' "$sp")
	v=$(pick "$sp" create_ns median "method=fork child=exit heap=$h0 heap_bytes=0")
	if [ -n "$v" ]; then
		echo "| fork() at heap 0 | $(si "$v") [$(si "$(pick "$sp" create_ns p5 "method=fork child=exit heap=$h0 heap_bytes=0")")-$(si "$(pick "$sp" create_ns p95 "method=fork child=exit heap=$h0 heap_bytes=0")")] | spawn create_ns, fork/exit, $h0, 0 |"
	else echo "| fork() at heap 0 | $na | no fork/exit row at heap 0 |"; fi
	for hk in touched thp; do
		s=$(pick "$S/spawn_slope.csv" create_ns_per_gib median "method=fork child=exit heap=$hk")
		if [ -n "$s" ]; then
			lo=$(pick "$S/spawn_slope.csv" create_ns_per_gib p5 "method=fork child=exit heap=$hk")
			hi=$(pick "$S/spawn_slope.csv" create_ns_per_gib p95 "method=fork child=exit heap=$hk")
			echo "| fork() per GiB of $hk heap | $(awk -v s="$s" -v l="$lo" -v h="$hi" 'BEGIN { printf "%.2f ms/GiB [%.2f-%.2f]", s / 1e6, l / 1e6, h / 1e6 }') | spawn create_ns slope, fork/exit, sizes $(pick "$S/spawn_slope.csv" create_ns_per_gib sizes "method=fork child=exit heap=$hk") |"
		else echo "| fork() per GiB of $hk heap | $na | fewer than 2 $hk sizes >= 16M |"; fi
	done
	am=ready_ns; [ -n "$(pick "$sp" ready_ns median "method=posix_spawn")" ] || am=total_ns
	ps=$(pick "$sp" $am median "method=posix_spawn child=exec heap=$h0 heap_bytes=max")
	fe=$(pick "$sp" $am median "method=fork child=exec heap=$h0 heap_bytes=max")
	big=$(pick "$sp" $am heap_bytes "method=fork child=exec heap=$h0 heap_bytes=max")
	if [ -n "$ps" ] && [ -n "$fe" ]; then
		echo "| posix_spawn vs fork+exec, $h0 heap of $(human "$big") | $(si "$ps") vs $(si "$fe") ($(awk -v a="$fe" -v b="$ps" 'BEGIN { printf (a / b >= 100 ? "%.0f" : "%.3g"), a / b }')x) | spawn $am, exec, $h0, $(human "$big") |"
	else echo "| posix_spawn vs fork+exec | $na | no posix_spawn/exec and fork/exec rows |"; fi
fi
cw=$S/cow.summary.csv
if [ -f "$cw" ]; then
	fa=$(meta cow floor_fault_ns_per_page); co=$(meta cow floor_copy_ns_per_page)
	for hk in touched thp; do
		v=$(pick "$cw" cow_ns_per_page median "method=fork heap=$hk writer=child pattern=seq heap_bytes=max")
		big=$(pick "$cw" cow_ns_per_page heap_bytes "method=fork heap=$hk writer=child pattern=seq heap_bytes=max")
		if [ -n "$v" ] && [ -n "$fa" ] && [ -n "$co" ]; then
			echo "| COW write fault per page, $hk | $(si "$v") vs floor $(si $((fa + co))) (fault $(si "$fa") + copy $(si "$co")): $(awk -v a="$v" -v b=$((fa + co)) 'BEGIN { printf "%.0f%%", 100 * a / b }') | cow cow_ns_per_page, fork/child/seq, $hk, $(human "$big") |"
		elif [ -n "$v" ]; then echo "| COW write fault per page, $hk | $(si "$v") (no floor in cow.meta) | cow cow_ns_per_page, fork/child/seq, $hk |"
		else echo "| COW write fault per page, $hk | $na | no fork/child/seq row |"; fi
	done
fi
fp=$S/footprint.summary.csv
if [ -f "$fp" ]; then
	wl=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["workload"] == "leak" { l = 1 } !f { f = $c["workload"] } END { print l ? "leak" : f }' "$fp")
	at=1073741824
	[ -n "$(pick "$fp" call_ns median "mode=fork workload=$wl heap=touched heap_bytes=$at")" ] ||
		at=$(pick "$fp" call_ns heap_bytes "mode=fork workload=$wl heap=touched heap_bytes=max")
	iso=$(pick "$fp" call_ns median "mode=fork workload=$wl heap=touched heap_bytes=$at alloc_bytes=max")
	dirc=$(pick "$fp" call_ns median "mode=direct workload=$wl heap=touched heap_bytes=$at alloc_bytes=max")
	if [ -n "$iso" ] && [ -n "$dirc" ]; then
		ri=$(pick "$fp" rss_growth_bytes median "mode=fork workload=$wl heap=touched heap_bytes=$at alloc_bytes=max")
		rd=$(pick "$fp" rss_growth_bytes median "mode=direct workload=$wl heap=touched heap_bytes=$at alloc_bytes=max")
		echo "| calling $wl in a fork child instead of directly, $(human "$at") heap | +$(si "$(awk -v a="$iso" -v b="$dirc" 'BEGIN { print a - b }')") ($(si "$iso") vs $(si "$dirc")); parent RSS growth $(mib "${ri:-0}") vs $(mib "${rd:-0}") direct | footprint call_ns and rss_growth_bytes, $wl, touched, $(human "$at") |"
	else echo "| footprint cost | $na | no fork and direct rows on a touched heap |"; fi
fi
# the harness's own cost, when the drivers record it
for d in $(fb_drivers_in "$dir"); do
	[ -f "$dir/$d.meta" ] || continue
	# the pooled values only: per-run keys (.runN) and the loop count stay in the sidecar
	grep '^baseline_[a-z_]*=' "$dir/$d.meta" | grep -v '^baseline_loops=' | while IFS='=' read -r k v; do
		case $k in *_ns) v=$(si "$v") ;; esac
		echo "| harness baseline $k | $v | $d.meta |"
	done
done

echo
echo "## Answers"
echo
for f in spawn_answer spawn_slope spawn_phases cow_vs_floor footprint_cost; do
	[ -f "$dir/plots/$f.png" ] && echo "![$f](plots/$f.png)" && echo
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
echo "All figures: \`plots/\` (PNG and SVG); data behind them: \`plots/data/\`."
