# perpage.awk: the finding of cow_per_written_page, in words, from a cow
# summary: at each heap kind's largest size, the faults and the bytes made
# private per written page (medians), their range over the patterns that
# write (reuse and the no-write patterns left out), both writers.
# Prints e.g. "touched: 1.00 fault, 4096 B a page; thp: 1.00 fault, 4096 B a page (4 KiB copies: the PMD is split)".
BEGIN { FS = "," }
NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
{
	if ($c["pattern"] == "reuse") next
	k = $c["heap"] SUBSEP $c["heap_bytes"] SUBSEP $c["writer"] SUBSEP $c["pattern"]
	v[k, $c["metric"]] = $c["median"]
	if ($c["heap_bytes"] + 0 > top[$c["heap"]]) top[$c["heap"]] = $c["heap_bytes"] + 0
	keys[k] = 1
	if (!($c["heap"] in seen)) { seen[$c["heap"]] = 1; order[++nh] = $c["heap"] }
}
function lohi(lo, hi, fmt) { return lo == hi ? sprintf(fmt, lo) : sprintf(fmt "-" fmt, lo, hi) }
END {
	out = ""
	for (h = 1; h <= nh; h++) {
		kind = order[h]; n = 0
		for (k in keys) {
			split(k, p, SUBSEP)
			if (p[1] != kind || p[2] + 0 != top[kind]) continue
			w = v[k, "pages_written"] + 0
			if (w <= 0 || !((k, "cow_minflt") in v) || !((k, "dirty_growth_bytes") in v)) continue
			f = v[k, "cow_minflt"] / w; b = v[k, "dirty_growth_bytes"] / w
			if (!n++) { flo = fhi = f; blo = bhi = b }
			flo = f < flo ? f : flo; fhi = f > fhi ? f : fhi
			blo = b < blo ? b : blo; bhi = b > bhi ? b : bhi
		}
		if (!n) continue
		s = sprintf("%s: %s fault, %s B a page", kind, lohi(flo, fhi, "%.2f"), lohi(blo, bhi, "%.0f"))
		if (kind == "thp" && bhi < 8192 && blo > 2048) s = s " (4 KiB copies: the PMD is split)"
		if (kind == "shared" && bhi < 512) s = s " (nothing copied: the control)"
		out = out (out == "" ? "" : "; ") s
	}
	print out
}
