# folio.awk: the per-folio-size tables from forkbench-spawn and forkbench-cow
# CSVs (scripts/folio). Reads raw rows (status ok), groups them by heap kind
# and run, and writes one line per kind, smallest folio first:
#   spawn: heap folio_bytes runs reps median_ns ratio lo hi folio_pct
#     ratio = the kind's create_ns over the 4 KiB kind's ("touched"), paired
#     by run (both measured by the same worker, interleaved), its 95% t
#     interval over the runs' log ratios of medians; empty with < 3 runs.
#   cow: heap folio_bytes writer pattern runs pages faults_per_page
#        copied_per_page ns_per_page lo hi whole_after_pct
#     (whole_after_pct: the writer's folios still whole after the pass, mean
#     of folio_whole_pct_after; "-" where the CSV has none)
#     per written 4 KiB page: faults, bytes copied (Private_Dirty growth),
#     cow_ns_per_page median with the 95% t interval over run medians.
# Variables: mode=spawn|cow, metric (spawn: create_ns by default), base
# (touched), runstat: median (default) or min — the statistic of a run's reps:
# min on the instruction clock, where the noise (a timer tick landing in the
# window) only ever adds, as forkbench-compare does.
# (median, minimum, tq and tint come from tint.awk.)
function runstat_of(list) { return runstat == "min" ? minimum(list) : median(list) }
BEGIN { FS = ","; if (metric == "") metric = mode == "cow" ? "cow_ns_per_page" : "create_ns"; if (base == "") base = "touched" }
FNR == 1 { delete c; for (i = 1; i <= NF; i++) c[$i] = i; next }
$(c["status"]) != "ok" || $(c[metric]) == "" { next }
{
	h = $(c["heap"]); fb = $(c["heap_folio_bytes"]); r = FILENAME "#" $(c["run"])
	k = mode == "cow" ? h SUBSEP $(c["writer"]) SUBSEP $(c["pattern"]) : h
	if (!(k in seen)) { seen[k] = 1; keys[++nk] = k; folio[k] = fb; kh[k] = h }
	if (!((k, r) in v)) { runs[k] = runs[k] " " r }
	v[k, r] = v[k, r] " " $(c[metric]); all[k] = all[k] " " $(c[metric]); reps[k]++
	if (mode == "cow") { pg[k] += $(c["pages_written"]); fl[k] += $(c["cow_minflt"]); dg[k] += $(c["dirty_growth_bytes"])
		if (("folio_whole_pct_after" in c) && $(c["folio_whole_pct_after"]) != "") { wa[k] += $(c["folio_whole_pct_after"]); nwa[k]++ } }
	else if ($(c["heap_folio_pct"]) != "") pct[k] = $(c["heap_folio_pct"])
}
END {
	# smallest folio first; PMD-mapped thp after thp-pte (same size)
	for (i = 1; i <= nk; i++) order[i] = keys[i]
	for (i = 2; i <= nk; i++) { t = order[i]
		for (j = i - 1; j >= 1 && (folio[order[j]] + 0 > folio[t] + 0 || (folio[order[j]] == folio[t] && kh[order[j]] == "thp" && kh[t] != "thp")); j--) order[j + 1] = order[j]
		order[j + 1] = t }
	for (i = 1; i <= nk; i++) {
		k = order[i]; n = split(substr(runs[k], 2), rl, " ")
		if (mode == "cow") {
			meds = ""; for (j = 1; j <= n; j++) meds = meds " " runstat_of(substr(v[k, rl[j]], 2))
			tint(substr(meds, 2))
			split(k, kk, SUBSEP)
			printf "%s %s %s %s %d %d %.3f %.0f %.0f %s %s %s\n", kk[1], folio[k], kk[2], kk[3], n, pg[k] / reps[k],
				fl[k] / pg[k], dg[k] / pg[k], median(substr(all[k], 2)), H == "" ? "-" : sprintf("%.0f", M - H), H == "" ? "-" : sprintf("%.0f", M + H),
				nwa[k] ? sprintf("%.0f", wa[k] / nwa[k]) : "-"
			continue
		}
		lr = ""
		for (j = 1; j <= n; j++) if ((base, rl[j]) in v)
			lr = lr " " log(runstat_of(substr(v[k, rl[j]], 2)) / runstat_of(substr(v[base, rl[j]], 2)))
		lo = hi = ratio = "-"
		if (lr != "") { m = tint(substr(lr, 2)); ratio = sprintf("%.3f", exp(M)); if (H != "") { lo = sprintf("%.3f", exp(M - H)); hi = sprintf("%.3f", exp(M + H)) } }
		printf "%s %s %d %d %.0f %s %s %s %s\n", k, folio[k], n, reps[k], median(substr(all[k], 2)), ratio, lo, hi, (k in pct) ? pct[k] : "-"
	}
}
