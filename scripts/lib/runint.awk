# runint.awk: one configuration's answer with its interval, from a raw CSV
# (load tint.awk first). Rows with status ok whose KEY=VALUE pairs in
# `where` all match; per run (the run column) the median of `metric`; prints
#   median lo hi runs reps
# median: of every matching rep; lo, hi: the 95% t interval of the run
# medians' geometric mean (log scale, as forkbench-compare), "-" with fewer
# than 3 runs; nothing when no row matches.
# A column renamed is read under its new name for one release (mode: call).
BEGIN { FS = ","; nw = split(where, w, " ") }
NR == 1 { for (i = 1; i <= NF; i++) c[$i == "mode" ? "call" : $i] = i; for (i = 1; i <= nw; i++) { e = index(w[i], "="); wk[i] = substr(w[i], 1, e - 1); wv[i] = substr(w[i], e + 1); if (!(wk[i] in c)) bad = 1 } next }
bad || $(c["status"]) != "ok" || $(c[metric]) == "" { next }
{
	for (i = 1; i <= nw; i++) if ($(c[wk[i]]) != wv[i]) next
	r = ("run" in c) ? $(c["run"]) : 0
	if (!(r in v)) runs[++nr] = r
	v[r] = v[r] " " $(c[metric]); all = all " " $(c[metric]); n++
}
END {
	if (!n) exit
	lr = ""
	for (i = 1; i <= nr; i++) { m = median(substr(v[runs[i]], 2)); if (m > 0) lr = lr " " log(m) }
	lo = hi = "-"
	if (lr != "") { tint(substr(lr, 2)); if (H != "") { lo = exp(M - H); hi = exp(M + H) } }
	printf "%s %s %s %d %d\n", median(substr(all, 2)), lo, hi, nr, n
}
