# derive.awk: numbers computed from one forkbench *.summary.csv, written as a
# summary-shaped CSV (key columns, then metric,n,median,p5,p95,...) so the
# figures and report.md read them like any summary. POSIX awk.
#   -v op=slope  metric=M [from=BYTES]
#       per configuration (every key but heap_bytes): least-squares line of
#       M's median against heap_bytes over the sizes >= from (default 16M);
#       median = slope in M-units per GiB, p5/p95 = its 95% interval. The
#       interval propagates each median's standard error (1.2533 * 1.4826 *
#       mad / sqrt(n), the normal approximation) through the fit and, with 3
#       sizes or more, takes the residual scatter when it is wider. n = sizes
#       used; sizes = their list. Needs 2 sizes or more.
#   -v op=minus  key=K base=V [metrics="m1 m2"]
#       per configuration whose K is not V: its median, p5 and p95 minus the
#       median of the configuration with K=V and every other key equal;
#       metric renamed M_minus_V. Rows without such a baseline are dropped.
# Does not draw; does not read the raw CSV.
BEGIN { FS = ","; OFS = ","; CONVFMT = "%.10g"; OFMT = "%.10g"; if (from == "") from = 16777216 }
FNR == 1 {
	for (i = 1; i <= NF; i++) c[$i] = i
	nk = 0
	for (i = 1; i <= NF && $i != "metric"; i++) kn[++nk] = $i
	if (op == "slope") {
		h = ""
		for (j = 1; j <= nk; j++) if (kn[j] != "heap_bytes") h = h kn[j] ","
		print h "metric,n,median,p5,p95,sizes"
	} else {
		h = ""
		for (j = 1; j <= nk; j++) h = h kn[j] ","
		print h "metric,n,median,p5,p95"
	}
	nm = split(metrics, mw, " "); for (i = 1; i <= nm; i++) mwant[mw[i]] = 1
	next
}
$c["median"] == "" { next }
op == "slope" && $c["metric"] == metric && $c["heap_bytes"] + 0 >= from + 0 {
	g = ""
	for (j = 1; j <= nk; j++) if (kn[j] != "heap_bytes") g = g $c[kn[j]] ","
	if (!(g in gi)) { gi[g] = ++ng; gname[ng] = g }
	k = gi[g]; p = ++np_[k]
	x[k, p] = $c["heap_bytes"] / 1073741824; y[k, p] = $c["median"] + 0
	nn = ("n" in c) ? $c["n"] + 0 : 1; mad = ("mad" in c) ? $c["mad"] + 0 : 0
	se[k, p] = nn > 0 ? 1.2533 * 1.4826 * mad / sqrt(nn) : 0
	bytes[k, p] = $c["heap_bytes"]
	next
}
op == "minus" && (nm == 0 || ($c["metric"] in mwant)) {
	rest = ""
	for (j = 1; j <= nk; j++) rest = rest (kn[j] == key ? "*" : $c[kn[j]]) ","
	r = rest SUBSEP $c["metric"]
	if ($c[key] == base) { basemed[r] = $c["median"] + 0; next }
	line[++nl] = $0; lkey[nl] = r
}
function human(b, u, s) {
	s = "KMGT"; u = 0
	while (b >= 1024 && b % 1024 == 0 && u < 4) { b /= 1024; u++ }
	return u ? b substr(s, u, 1) : b
}
END {
	if (op == "slope") {
		for (k = 1; k <= ng; k++) {
			n = np_[k]
			if (n < 2) continue
			mx = my = 0
			for (p = 1; p <= n; p++) { mx += x[k, p]; my += y[k, p] }
			mx /= n; my /= n
			sxx = sxy = 0
			for (p = 1; p <= n; p++) { sxx += (x[k, p] - mx) ^ 2; sxy += (x[k, p] - mx) * (y[k, p] - my) }
			if (sxx == 0) continue
			b = sxy / sxx; a = my - b * mx
			v = 0
			for (p = 1; p <= n; p++) v += ((x[k, p] - mx) / sxx) ^ 2 * se[k, p] ^ 2
			if (n >= 3) {
				ss = 0
				for (p = 1; p <= n; p++) ss += (y[k, p] - a - b * x[k, p]) ^ 2
				vr = ss / (n - 2) / sxx
				if (vr > v) v = vr
			}
			hw = 1.96 * sqrt(v)
			sz = ""
			for (p = 1; p <= n; p++) sz = sz (p > 1 ? " " : "") human(bytes[k, p])
			printf "%s%s_per_gib,%d,%.1f,%.1f,%.1f,%s\n", gname[k], metric, n, b, b - hw, b + hw, sz
		}
	} else {
		for (i = 1; i <= nl; i++) {
			if (!(lkey[i] in basemed)) continue
			$0 = line[i]; bm = basemed[lkey[i]]
			o = ""
			for (j = 1; j <= nk; j++) o = o $c[kn[j]] ","
			lo = ("p5" in c) && $c["p5"] != "" ? $c["p5"] - bm : ""
			hi = ("p95" in c) && $c["p95"] != "" ? $c["p95"] - bm : ""
			print o $c["metric"] "_minus_" base, $c["n"], $c["median"] - bm, lo, hi
		}
	}
}
