# dots.awk: the data of a categorical dot figure (plots/dots.gp) from
# forkbench summary-shaped CSVs, every column found by its header name.
# One point per (panel, category, series): the median with p5-p95. POSIX awk.
# Variables (-v):
#   metrics  space-separated; "a/b" is median(a)/median(b) (no interval)
#   filter   key=value ...; value v1|v2, or max / min: the largest / smallest
#            value within each panel
#   panel    key columns (or "metric") whose values name a panel
#   cat      key columns naming a category on the x axis
#   series   key columns (or "metric") naming a series: its name carries the
#            method, child action or writer that style.gp colours and marks
#   order    words that sort categories and series (the suite's table order)
#   counts   1: a count metric's mean drawn (a median of 0s and 1s zig-zags), its
#            interval widened to whole numbers (p5
#            floored, p95 ceiled: a percentile between two counts is no count)
#   labels   1: a value label by each point; best: 1 marks the smallest
#            median of each panel "fastest" — or, when another point's p5-p95
#            reaches below the fastest's p95, every such point "tied" (the
#            data cannot order them); n (reps) is said beside it
#   zero     "metric:text": a category whose metric median is 0 gets text
#            as a note instead of a point (e.g. pages_written:no pages written)
#   nearzero 1: a point whose interval holds 0 (or whose value is not above
#            0: a log axis cannot draw it) becomes the note "≈0" at the
#            bottom of its category — it cannot be told from no cost
#   unit     text after each value label (e.g. /GiB)
#   out, vars, notes  files: data "panel x median lo hi series label",
#            sh assignments, notes "panel x text"
BEGIN {
	FS = ","; CONVFMT = "%.10g"; OFMT = "%.10g"
	nm = split(metrics, want, " ")
	nf_ = split(filter, fl, " ")
	for (i = 1; i <= nf_; i++) { e = index(fl[i], "="); fkey[i] = substr(fl[i], 1, e - 1); fval[i] = substr(fl[i], e + 1) }
	npk = split(panel, pk, " "); nck = split(cat, ck, " "); nsk = split(series, sk, " ")
	no = split(order, ow, " "); for (i = 1; i <= no; i++) rank[ow[i]] = i
	if (zero != "") { e = index(zero, ":"); zmetric = substr(zero, 1, e - 1); ztext = substr(zero, e + 1) }
	ncfg = 0
}
FNR == 1 { delete col; for (i = 1; i <= NF; i++) col[$i] = i; nkey = 0
	for (i = 1; i <= NF && $i != "metric"; i++) kname[++nkey] = $i
	next }
{
	k = ""
	for (j = 1; j <= nkey; j++) k = k SUBSEP $(col[kname[j]])
	if (!(k in cid)) { cid[k] = ++ncfg; for (j = 1; j <= nkey; j++) cval[ncfg, kname[j]] = $(col[kname[j]]) }
	c = cid[k]; m = $(col["metric"])
	if ($(col["median"]) == "") next
	med[c, m] = $(col["median"]) + 0
	# a count of a few events: the mean (the rate) — a median of 0s and 1s zig-zags
	if (counts && iscount(m) && ("mean" in col) && $(col["mean"]) != "") med[c, m] = $(col["mean"]) + 0
	lo[c, m] = ("p5" in col) && $(col["p5"]) != "" ? $(col["p5"]) + 0 : med[c, m]
	nn[c, m] = ("n" in col) ? $(col["n"]) : "?"
	hi[c, m] = ("p95" in col) && $(col["p95"]) != "" ? $(col["p95"]) + 0 : med[c, m]
}
function iscount(m) { return m !~ /(_ns|_ns_per_page|_pct|_per_gib)$/ && !index(m, "/") }
function cnt(c, m) { return index(m, "/") ? "?" : nn[c, m] }
function ilo(c, m) { if (index(m, "/")) return value(c, m); return counts && iscount(m) ? int(lo[c, m]) - (lo[c, m] < int(lo[c, m])) : lo[c, m] }
function ihi(c, m,   v) { if (index(m, "/")) return value(c, m); v = hi[c, m]; return counts && iscount(m) && v > int(v) ? int(v) + 1 : v }
function kv(c, name, m) { return name == "metric" ? m : cval[c, name] }
function join(c, m, keys, n,   s, j) { s = ""; for (j = 1; j <= n; j++) s = s (j > 1 ? "/" : "") hb(keys[j], kv(c, keys[j], m)); return s }
function hb(name, v,   u, s) {
	if (name !~ /_bytes$/) return v
	if (v == 0) return "0"
	s = "KMGT"; u = 0
	while (v >= 1024 && v % 1024 == 0 && u < 4) { v /= 1024; u++ }
	return u ? v substr(s, u, 1) : v
}
function keyrank(s,   h) { h = s; sub(/\/.*/, "", h); return (h in rank) ? rank[h] : 1000 }
function si(v, m,   a, u, f) {
	if (m !~ /_ns$|_ns_per_page$|_ns_per_gib$/) return sprintf("%.3g", v)
	a = v < 0 ? -v : v
	if (a >= 1e9) { f = 1e-9; u = "s" } else if (a >= 1e6) { f = 1e-6; u = "ms" } else if (a >= 1e3) { f = 1e-3; u = "µs" } else { f = 1; u = "ns" }
	return sprintf("%.3g %s", v * f, u)
}
function matches(c, f,   n, alt, q) { n = split(fval[f], alt, "|"); for (q = 1; q <= n; q++) if (cval[c, fkey[f]] == alt[q]) return 1; return 0 }
function sortlist(arr, n, byrank,   i, j, t) {
	for (i = 2; i <= n; i++) { t = arr[i]; for (j = i - 1; j >= 1 && byrank[arr[j]] > byrank[t]; j--) arr[j + 1] = arr[j]; arr[j + 1] = t }
}
END {
	# records: (configuration, metric) passing the value filters
	nrec = 0
	for (c = 1; c <= ncfg; c++) for (i = 1; i <= nm; i++) {
		ok = 1
		for (f = 1; f <= nf_; f++) if (fval[f] != "max" && fval[f] != "min" && !matches(c, f)) ok = 0
		if (!ok) continue
		zeroed = zmetric != "" && ((c, zmetric) in med) && med[c, zmetric] == 0
		if (value(c, want[i]) == "" && !zeroed) continue
		nrec++; rc[nrec] = c; rm[nrec] = want[i]; rz[nrec] = zeroed; znote[nrec] = ztext
		if (nearzero && !zeroed && (ilo(c, want[i]) <= 0 || value(c, want[i]) <= 0)) {
			rz[nrec] = 1; znote[nrec] = "≈0 [" si(ilo(c, want[i]), want[i]) ", " si(ihi(c, want[i]), want[i]) "]"
		}
	}
	# max / min within each panel (its other keys)
	for (f = 1; f <= nf_; f++) {
		if (fval[f] != "max" && fval[f] != "min") continue
		for (r = 1; r <= nrec; r++) {
			p = grp(rc[r], rm[r], fkey[f]); v = cval[rc[r], fkey[f]] + 0
			if (!(p in ext) || (fval[f] == "max" ? v > ext[p] : v < ext[p])) ext[p] = v
		}
		n = 0
		for (r = 1; r <= nrec; r++) {
			p = grp(rc[r], rm[r], fkey[f])
			if (cval[rc[r], fkey[f]] + 0 == ext[p]) { n++; rc[n] = rc[r]; rm[n] = rm[r]; rz[n] = rz[r] }
		}
		nrec = n
	}
	# panels, categories, series
	for (r = 1; r <= nrec; r++) {
		p = join(rc[r], rm[r], pk, npk); x = join(rc[r], rm[r], ck, nck); s = join(rc[r], rm[r], sk, nsk)
		if (npk == 0) p = "all"
		if (!(p in pid)) { pid[p] = ++np; pname[np] = p; plabel[np] = ptitle(rc[r], rm[r]) }
		if (!(x in xid)) { xid[x] = ++nx; xname[nx] = x; xr[x] = (nck == 1 && ck[1] ~ /_bytes$/) ? kv(rc[r], ck[1], rm[r]) + 0 : keyrank(x) * 10000 + nx }
		if (!(s in sid)) { sid[s] = ++ns; sname[ns] = s; sr[s] = keyrank(s) * 10000 + ns }
		rp[r] = p; rx[r] = x; rs[r] = s
	}
	sortlist(xname, nx, xr); for (i = 1; i <= nx; i++) xpos[xname[i]] = i - 1
	sortlist(sname, ns, sr); for (i = 1; i <= ns; i++) snum[sname[i]] = i
	# series present per (panel, category): their offsets within the category
	for (r = 1; r <= nrec; r++) if (!rz[r]) { q = rp[r] SUBSEP rx[r]; if (!((q, rs[r]) in inq)) { inq[q, rs[r]] = 1; qn[q]++ } }
	for (r = 1; r <= nrec; r++) {
		if (rz[r]) continue
		q = rp[r] SUBSEP rx[r]; t = 0
		for (i = 1; i <= ns; i++) if ((q, sname[i]) in inq) { t++; if (sname[i] == rs[r]) slot = t }
		w = qn[q] > 1 ? 0.7 / qn[q] : 0
		off[r] = (slot - (qn[q] + 1) / 2) * w
	}
	# the smallest median of each panel
	for (r = 1; r <= nrec; r++) if (!rz[r]) { v = value(rc[r], rm[r]); if (!(rp[r] in bestv) || v < bestv[rp[r]]) { bestv[rp[r]] = v; bestr[rp[r]] = r } }
	# ties: points whose interval reaches the fastest's (p5 at or below its p95)
	for (r = 1; r <= nrec; r++) if (!rz[r]) { b = bestr[rp[r]]; if (r != b && ilo(rc[r], rm[r]) <= ihi(rc[b], rm[b])) { tie[r] = 1; tie[b] = 1 } }
	# shared y range: panels of the same metric share it (all panels when the metric is not a panel key)
	pm = 0; for (i = 1; i <= npk; i++) if (pk[i] == "metric") pm = 1
	for (r = 1; r <= nrec; r++) pg[rp[r]] = pm ? rm[r] : "all"   # a panel of notes only shares it too
	for (r = 1; r <= nrec; r++) {
		if (rz[r]) continue
		g = pm ? rm[r] : "all"; v = value(rc[r], rm[r]); a = ilo(rc[r], rm[r]); b = ihi(rc[r], rm[r])
		if (!(g in gmin) || a < gmin[g]) gmin[g] = a
		if (!(g in gmax) || b > gmax[g]) gmax[g] = b
		if (!(g in gpos) && v > 0) gpos[g] = v
		if (v > 0 && v < gpos[g]) gpos[g] = v
		if (a > 0 && a < gpos[g]) gpos[g] = a
		pg[rp[r]] = g
	}
	for (r = 1; r <= nrec; r++) {
		p = pid[rp[r]] - 1; x = xpos[rx[r]]
		if (rz[r]) { printf "%d %s \"%s\"\n", p, x, znote[r] > notes; continue }
		v = value(rc[r], rm[r])
		lab = labels ? si(v, rm[r]) unit : ""
		if (best && tie[r]) lab = lab " tied (n=" cnt(rc[r], rm[r]) ")"
		else if (best && r == bestr[rp[r]]) lab = lab " fastest (n=" cnt(rc[r], rm[r]) ")"
		printf "%d %s %s %s %s %d \"%s\"\n", p, x + off[r], v, ilo(rc[r], rm[r]), ihi(rc[r], rm[r]), snum[rs[r]], lab > out
	}
	close(out)
	# a line every panel draws (empty text): gnuplot warns on a file with no point in a panel
	if (notes != "") { print "-1 0 \"\"" > notes; close(notes) }
	xt = ""; for (i = 1; i <= nx; i++) xt = xt (i > 1 ? " " : "") (i - 1) ":" clean(xname[i])
	sl = ""; for (i = 1; i <= ns; i++) sl = sl (i > 1 ? " " : "") clean(sname[i])
	# legend titles: the series name with its metric said in words
	st = ""; for (i = 1; i <= ns; i++) { n = split(sname[i], sp, "/"); t = ""
		for (j = 1; j <= n; j++) t = t (j > 1 ? " " : "") ((sp[j] in slabel) ? slabel[sp[j]] : sp[j])
		st = st (i > 1 ? " " : "") "\"" noquote(t) "\"" }
	pl = ""; ymn = ""; ymx = ""; ypos = ""
	for (i = 1; i <= np; i++) { g = pg[pname[i]]; pl = pl (i > 1 ? " " : "") "\"" noquote(plabel[i]) "\""
		ymn = ymn " " gmin[g] + 0; ymx = ymx " " gmax[g] + 0; ypos = ypos " " (g in gpos ? gpos[g] : 1) }
	printf "NP=%d\nNS=%d\nNX=%d\nPANELS='%s'\nSERIES='%s'\nSTITLES='%s'\nXTICS='%s'\nYMINS='%s'\nYMAXS='%s'\nYPOS='%s'\n", np, ns, nx, pl, sl, st, xt, ymn, ymx, ypos > vars
	close(vars)
}
function clean(s) { gsub(/[ '"]/, "_", s); return s }
# the panel a record falls in, leaving out one key (the one a max/min filter takes)
function grp(c, m, skipk,   s, j) { s = ""; for (j = 1; j <= npk; j++) if (pk[j] != skipk) s = s "/" kv(c, pk[j], m); return s }
# A panel's title for a reader: "touched heap, 128 MiB", "faults per written page".
function ptitle(c, m,   s, j, v, name) {
	s = ""
	for (j = 1; j <= npk; j++) {
		name = pk[j]; v = kv(c, name, m)
		if (name == "metric") { if (v in mlabel) v = mlabel[v]; else gsub(/_/, " ", v) }
		else if (name ~ /_bytes$/) v = bytes(v)
		else if (name == "heap") v = v " heap"
		s = s (j > 1 ? ", " : "") v
	}
	return npk ? s : "all"
}
function bytes(v,   u) { u = 0; while (v >= 1024 && v % 1024 == 0 && u < 4) { v /= 1024; u++ }; return v " " (u ? substr("KMGT", u, 1) "iB" : "B") }
function noquote(s) { gsub(/["']/, "", s); return s }
BEGIN {
	mlabel["cow_minflt/pages_written"] = "minor faults per written page"
	mlabel["dirty_growth_bytes/pages_written"] = "bytes duplicated per written page"
	mlabel["call_ns_minus_direct"] = "isolated minus direct call time"
	mlabel["rss_growth_bytes"] = "parent RSS growth"
	mlabel["create_ns_per_gib"] = "create_ns per GiB"
	mlabel["create_ns_per_page"] = "create_ns per 4 KiB page"
	slabel["cow_ns_per_page"] = "COW pass"
	slabel["rewrite_ns_per_page"] = "rewrite pass (no fault)"
}
