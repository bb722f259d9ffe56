# summary.awk: turns forkbench *.summary.csv files (long format: key columns,
# then metric,n,not_ok,median,...) into gnuplot data, finding every column by
# its header name. POSIX awk (mawk, busybox, gawk).
#
# Variables (-v):
#   mode     long: blocks per series of "panel x median p5 p95" (vs_size.gp)
#            wide: one block per panel, one row per category, then
#                  "median p5 p95" per series
#   metrics  space-separated metric names; "a/b" is median(a)/median(b)
#   filter   space-separated key=value; value may be v1|v2, max or min
#   panel    key column (or "metric") that makes one panel per value
#   xcol     long mode: numeric key on the x axis (default heap_bytes); 0 is
#            drawn at zero_x (default 4096) and labelled "0"
#   rows     wide mode: key columns forming a category (space-separated)
#   runs     labels of the input files, in order: adds a key column "run"
#   out      data file to write; vars: sh assignments describing it
#   positive 1: drop values <= 0 (they have no place on a log axis)
#   order    words: series sorted by the rank of their first word (methods)
#   counts   1: a count metric's mean drawn (not its median) and its p5
#            floored and p95 ceiled (no 0.5 faults)
# vars also gets YMIN, YMAX, YPOS: the lowest, highest and lowest positive
# value drawn (medians and bars), for a y range the panels share.
# Series are the combinations of the remaining key columns that take more
# than one value; colour follows the first such column, dash the second
# (or the columns named by colorkey / dashkey).
BEGIN {
	CONVFMT = "%.10g"; OFMT = "%.10g"
	extreme["max"] = extreme["min"] = extreme["ends"] = 1
	FS = ","
	if (xcol == "") xcol = "heap_bytes"
	if (zero_x == "") zero_x = 4096
	nm = split(metrics, want, " ")
	nf_ = split(filter, fl, " ")
	for (i = 1; i <= nf_; i++) {
		eq = index(fl[i], "=")
		fkey[i] = substr(fl[i], 1, eq - 1); fval[i] = substr(fl[i], eq + 1)
	}
	nrun = split(runs, runlabel, " ")
	ncfg = 0; filenum = 0
}
FNR == 1 {
	filenum++
	nkey = 0
	delete col
	for (i = 1; i <= NF; i++) col[$i] = i
	if (nrun) { nkey = 1; kname[1] = "run" }
	for (i = 1; i <= NF && $i != "metric"; i++) kname[++nkey] = $i
	next
}
{
	k = ""
	for (j = 1; j <= nkey; j++) {
		v = (kname[j] == "run") ? runlabel[filenum] : $(col[kname[j]])
		kv[j] = v; k = k SUBSEP v
	}
	if (!(k in cid)) {
		cid[k] = ++ncfg
		for (j = 1; j <= nkey; j++) cval[ncfg, kname[j]] = kv[j]
	}
	c = cid[k]; m = $(col["metric"])
	if ($(col["median"]) != "") {
		med[c, m] = $(col["median"]) + 0
		# a count of a few events: the mean (the rate) — a median of 0s and 1s zig-zags
		if (counts && iscount(m) && ("mean" in col) && $(col["mean"]) != "") med[c, m] = $(col["mean"]) + 0
		lo[c, m] = ($(col["p5"]) != "") ? $(col["p5"]) + 0 : med[c, m]
		hi[c, m] = ($(col["p95"]) != "") ? $(col["p95"]) + 0 : med[c, m]
	}
}
function iscount(m) { return m !~ /(_ns|_ns_per_page|_pct|_per_gib|_minus_direct)$/ }
function errlo(c, m,   v) { if (index(m, "/")) return value(c, m); v = lo[c, m]; return counts && iscount(m) && v > int(v) ? int(v) : v }
function errhi(c, m,   v) { if (index(m, "/")) return value(c, m); v = hi[c, m]; return counts && iscount(m) && v > int(v) ? int(v) + 1 : v }
function yr(v) { if (ymin == "" || v < ymin) ymin = v; if (ymax == "" || v > ymax) ymax = v; if (v > 0 && (ypos == "" || v < ypos)) ypos = v }
function keyval(c, name, m) { return name == "metric" ? m : cval[c, name] }
function matches(c, i,   n, alt, q) {
	n = split(fval[i], alt, "|")
	for (q = 1; q <= n; q++) if (cval[c, fkey[i]] == alt[q]) return 1
	return 0
}
function human(b,   u, s) {
	if (b == 0) return "0"
	s = "KMGT"; u = 0
	while (b >= 1024 && b % 1024 == 0 && u < 4) { b /= 1024; u++ }
	return u ? b substr(s, u, 1) : b
}
END {
	# 1. records: (configuration, metric) pairs that pass the filters
	nrec = 0
	for (c = 1; c <= ncfg; c++)
		for (i = 1; i <= nm; i++) {
			if (value(c, want[i]) == "") continue
			if (positive && value(c, want[i]) <= 0) { nonpos++; continue }
			ok = 1
			for (f = 1; f <= nf_; f++)
				if (!(fval[f] in extreme) && !matches(c, f)) ok = 0
			if (ok) { nrec++; rc[nrec] = c; rm[nrec] = want[i] }
		}
	# 2. max / min / ends (both) filters, on what is left
	for (f = 1; f <= nf_; f++) {
		if (!(fval[f] in extreme)) continue
		mn = ""; mx = ""
		for (r = 1; r <= nrec; r++) {
			v = cval[rc[r], fkey[f]] + 0
			if (mn == "" || v < mn) mn = v
			if (mx == "" || v > mx) mx = v
		}
		n = 0
		for (r = 1; r <= nrec; r++) {
			v = cval[rc[r], fkey[f]] + 0
			if ((v == mx && fval[f] != "min") || (v == mn && fval[f] != "max")) {
				n++; rc[n] = rc[r]; rm[n] = rm[r]
			}
		}
		nrec = n
		if (fval[f] == "max") note = note " " fkey[f] "=" human(mx)
		if (fval[f] == "min") note = note " " fkey[f] "=" human(mn)
	}
	if (nonpos) note = note " values <= 0 not drawn (log scale)"
	# 3. which key columns vary (they make the series)
	nser_keys = 0
	skip[panel] = 1
	if (mode == "long") skip[xcol] = 1
	nrk = split(rows, rk, " ")
	for (i = 1; i <= nrk; i++) skip[rk[i]] = 1
	nkall = 0
	for (j = 1; j <= nkey; j++) allk[++nkall] = kname[j]
	for (j = 1; j <= nkall; j++) {
		name = allk[j]
		if (name in skip) continue
		nd = 0
		for (r = 1; r <= nrec; r++) {
			v = cval[rc[r], name]
			if (!((name, v) in seenv)) { seenv[name, v] = ++nd; dv[name, nd] = v }
		}
		ndist[name] = nd
		if (nd > 1) sk[++nser_keys] = name
	}
	if (panel != "metric" && nm > 1) sk[++nser_keys] = "metric"
	# 4. series, panels, x values / categories, in order of first appearance
	ns = 0; np = 0; nx = 0
	for (r = 1; r <= nrec; r++) {
		c = rc[r]; m = rm[r]
		s = ""
		for (j = 1; j <= nser_keys; j++) s = s (j > 1 ? "/" : "") keyval(c, sk[j], m)
		if (s == "") s = (nm == 1 ? want[1] : m)
		if (!(s in sid)) {
			sid[s] = ++ns; stitle[ns] = s
			scol[ns] = nser_keys >= 1 ? seenv[sk[1], keyval(c, sk[1], m)] : ns
			if (colorkey != "") scol[ns] = seenv[colorkey, keyval(c, colorkey, m)]
			if (sk[1] == "metric") scol[ns] = ns
			sdash[ns] = nser_keys >= 2 && sk[2] != "metric" ? seenv[sk[2], keyval(c, sk[2], m)] : 1
			if (dashkey != "") sdash[ns] = seenv[dashkey, keyval(c, dashkey, m)]
		}
		p = keyval(c, panel, m)
		if (panel == "") p = "all"
		if (!(p in pid)) { pid[p] = ++np; ptitle[np] = p }
		if (mode == "long") {
			x = cval[c, xcol] + 0
			if (!(x in xseen)) { xseen[x] = 1; xs[++nx] = x }
		} else {
			cat = ""
			for (i = 1; i <= nrk; i++)
				cat = cat (i > 1 ? "/" : "") (rk[i] ~ /_bytes$/ ? human(cval[c, rk[i]]) : cval[c, rk[i]])
			if (!(cat in xseen)) { xseen[cat] = ++nx; xs[nx] = cat }
		}
		rs[r] = sid[s]; rp[r] = pid[p]
	}
	if (mode == "long")   # sort x values (insertion sort: a handful)
		for (i = 2; i <= nx; i++) {
			v = xs[i]
			for (j = i - 1; j >= 1 && xs[j] > v; j--) xs[j + 1] = xs[j]
			xs[j + 1] = v
		}
	# 4b. series in the suite's table order (-v order="fork vfork ..."), by the
	# rank of their first word, ties in order of appearance
	if (order != "") {
		no = split(order, ow, " "); for (i = 1; i <= no; i++) orank[ow[i]] = i
		for (s = 1; s <= ns; s++) { h = stitle[s]; sub(/\/.*/, "", h); key[s] = ((h in orank) ? orank[h] : no + 1) * 100000 + s; perm[s] = s }
		for (i = 2; i <= ns; i++) { t = perm[i]; for (j = i - 1; j >= 1 && key[perm[j]] > key[t]; j--) perm[j + 1] = perm[j]; perm[j + 1] = t }
		for (i = 1; i <= ns; i++) { newid[perm[i]] = i; t1[i] = stitle[perm[i]]; t2[i] = scol[perm[i]]; t3[i] = sdash[perm[i]] }
		for (i = 1; i <= ns; i++) { stitle[i] = t1[i]; scol[i] = t2[i]; sdash[i] = t3[i] }
		for (r = 1; r <= nrec; r++) rs[r] = newid[rs[r]]
	}
	# 5. write
	if (mode == "long") {
		for (s = 1; s <= ns; s++) {
			print "# " stitle[s] > out
			for (p = 1; p <= np; p++) {
				for (i = 1; i <= nx; i++)
					for (r = 1; r <= nrec; r++)
						if (rs[r] == s && rp[r] == p && cval[rc[r], xcol] + 0 == xs[i])
							{ yr(value(rc[r], rm[r])); yr(errlo(rc[r], rm[r])); yr(errhi(rc[r], rm[r]))
							printf "%d %s %s %s %s\n", p - 1, xs[i] == 0 ? zero_x : xs[i],
								value(rc[r], rm[r]), errlo(rc[r], rm[r]),
								errhi(rc[r], rm[r]) > out }
				print "" > out
			}
			print "" > out
		}
		xt = ""
		for (i = 1; i <= nx; i++)
			xt = xt (i > 1 ? " " : "") (xs[i] == 0 ? zero_x : xs[i]) ":" human(xs[i])
		if (nx && xs[1] == 0) note = note " heap 0 drawn at " human(zero_x)
	} else {
		for (p = 1; p <= np; p++) {
			print "# panel " ptitle[p] > out
			for (i = 1; i <= nx; i++) {
				line = "\"" xs[i] "\""
				for (s = 1; s <= ns; s++) {
					cell = "? ? ?"
					for (r = 1; r <= nrec; r++)
						if (rs[r] == s && rp[r] == p && xseen[rowcat(rc[r])] == i)
							{ yr(value(rc[r], rm[r])); yr(errlo(rc[r], rm[r])); yr(errhi(rc[r], rm[r]))
							cell = value(rc[r], rm[r]) " " errlo(rc[r], rm[r]) " " errhi(rc[r], rm[r]) }
					line = line " " cell
				}
				print line > out
			}
			print "\n" > out
		}
	}
	close(out)
	printf "NS=%d\nNP=%d\nNX=%d\n", ns, np, nx > vars
	printf "YMIN=%s\nYMAX=%s\nYPOS=%s\n", ymin == "" ? 0 : ymin, ymax == "" ? 1 : ymax, ypos == "" ? 1 : ypos > vars
	t = ""; cl = ""; dl = ""; pl = ""
	for (s = 1; s <= ns; s++) { t = t (s > 1 ? " " : "") clean(stitle[s]); cl = cl " " scol[s]; dl = dl " " sdash[s] }
	for (p = 1; p <= np; p++) pl = pl (p > 1 ? " " : "") clean(ptitle[p])
	printf "TITLES='%s'\nCOLORS='%s'\nDASHES='%s'\nPANELS='%s'\nXTICS='%s'\nNOTE='%s'\n",
		t, cl, dl, pl, xt, noquote(note) > vars
	close(vars)
}
function rowcat(c,   i, cat) {
	cat = ""
	for (i = 1; i <= nrk; i++)
		cat = cat (i > 1 ? "/" : "") (rk[i] ~ /_bytes$/ ? human(cval[c, rk[i]]) : cval[c, rk[i]])
	return cat
}
# Labels travel as gnuplot words inside sh single quotes: no spaces or quotes.
function clean(s) { gsub(/[ '"]/, "_", s); return s }
function noquote(s) { gsub(/'/, "", s); return s }
