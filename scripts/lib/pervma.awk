# pervma.awk: what each VMA adds to the creation call, from a raw spawn CSV
# (load tint.awk first). At each heap size > 0, per method (exit children,
# no extra descriptors or threads) and per independent run: the median
# create_ns on the fragmented heap minus the median on the touched heap of the
# same size, over the difference in the heap's VMA count (heap_vmas, observed
# before timing). The same pages on both sides, so what is left is the VMAs.
# Prints "method heap_bytes vmas_fragmented ns_per_vma lo hi runs", lo/hi the
# 95% t interval over runs ("-" with fewer than 3), one line per pair.
BEGIN { FS = "," }
NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
$c["status"] != "ok" || $c["child"] != "exit" || $c["create_ns"] == "" || $c["heap_bytes"] + 0 <= 0 { next }
("fds" in c) && $c["fds"] + 0 != 0 { next }
("threads" in c) && $c["threads"] + 0 != 0 { next }
$c["heap"] == "touched" || $c["heap"] == "fragmented" {
	r = ("run" in c) ? $c["run"] : 0
	k = $c["method"] SUBSEP $c["heap_bytes"]
	if (!(k in seen)) { seen[k] = 1; keys[++nk] = k }
	if (!((k, r) in runseen)) { runseen[k, r] = 1; runs[k] = runs[k] " " r }
	t[k, r, $c["heap"]] = t[k, r, $c["heap"]] " " $c["create_ns"]
	v[k, r, $c["heap"]] = v[k, r, $c["heap"]] " " $c["heap_vmas"]
}
END {
	for (i = 1; i <= nk; i++) {
		k = keys[i]; split(k, kk, SUBSEP); n = split(substr(runs[k], 2), rr, " "); list = ""; vf = ""
		for (j = 1; j <= n; j++) {
			r = rr[j]
			if (!((k, r, "touched") in t) || !((k, r, "fragmented") in t)) continue
			dv = median(substr(v[k, r, "fragmented"], 2)) - median(substr(v[k, r, "touched"], 2))
			if (dv <= 0) continue
			vf = median(substr(v[k, r, "fragmented"], 2))
			list = list " " (median(substr(t[k, r, "fragmented"], 2)) - median(substr(t[k, r, "touched"], 2))) / dv
		}
		if (list == "") continue
		m = tint(substr(list, 2))
		printf "%s %s %d %.1f %s %s %d\n", kk[1], kk[2], vf, M, H == "" ? "-" : sprintf("%.1f", M - H), H == "" ? "-" : sprintf("%.1f", M + H), m
	}
}
