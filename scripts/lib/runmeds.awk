# runmeds.awk: per-run medians of one metric for a set of configurations, the
# data of the stability figure (plots/runs.gp). From a raw CSV (load tint.awk
# first for median()): rows with status ok whose keys match `where` (KEY=VALUE
# ..., VALUE a|b for alternatives); a configuration is the values of `keys`.
# Writes "x run_median \"label\"" per run and, to `meds`, "x median spread_pct
# \"label\"" per configuration (spread: (max - min) / min of its run medians).
BEGIN { FS = ","; nw = split(where, w, " "); nk = split(keys, kk, " ") }
NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
$(c["status"]) != "ok" || $(c[metric]) == "" { next }
{
	for (i = 1; i <= nw; i++) { e = index(w[i], "="); k = substr(w[i], 1, e - 1); v = "|" substr(w[i], e + 1) "|"
		if (index(v, "|" $(c[k]) "|") == 0) next }
	lab = ""; for (i = 1; i <= nk; i++) lab = lab (i > 1 ? " " : "") (kk[i] == "heap_bytes" ? size($(c[kk[i]])) : $(c[kk[i]]))
	if (!(lab in id)) { id[lab] = ++n; name[n] = lab }
	r = $(c["run"]); if (!((lab, r) in v_)) runs[lab] = runs[lab] " " r
	v_[lab, r] = v_[lab, r] " " $(c[metric]); all[lab] = all[lab] " " $(c[metric])
}
function size(b) { return b >= 1073741824 ? b / 1073741824 "G" : b >= 1048576 ? b / 1048576 "M" : b >= 1024 ? b / 1024 "K" : b }
END {
	for (i = 1; i <= n; i++) {
		lab = name[i]; m = split(substr(runs[lab], 2), rl, " "); lo = hi = ""
		for (j = 1; j <= m; j++) { x = median(substr(v_[lab, rl[j]], 2)); printf "%d %s \"%s\"\n", i - 1, x, lab
			if (lo == "" || x < lo) lo = x; if (hi == "" || x > hi) hi = x }
		printf "%d %s %.0f \"%s\"\n", i - 1, median(substr(all[lab], 2)), (lo > 0 ? 100 * (hi - lo) / lo : 0), lab > meds
	}
}
