# startmsg.awk: the message of spawn_start in words, from a spawn summary:
# where posix_spawn (to the exec target's first instruction, metric m,
# touched heap, the static target) gets ahead of fork+exec — the first heap
# size from which fork+exec's p5 lies above posix_spawn's p95 at every larger
# size — and by how much at the smallest and largest sizes. With -v slope=S
# (fork/exec's ns per 4 KiB page, from derive.awk) it says that too.
BEGIN { FS = "," }
NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
$c["metric"] != m || $c["child"] != "exec" || $c["heap"] != "touched" { next }
("exec_target" in c) && $c["exec_target"] != "static" { next }
("fds" in c) && $c["fds"] + 0 != 0 { next }
("threads" in c) && $c["threads"] + 0 != 0 { next }
$c["method"] == "fork" || $c["method"] == "posix_spawn" {
	b = $c["heap_bytes"] + 0; sz[b] = 1
	med[$c["method"], b] = $c["median"]; p5[$c["method"], b] = $c["p5"]; p95[$c["method"], b] = $c["p95"]
}
function hb(v,   u) { if (v == 0) return "heap 0"; u = 0; while (v >= 1024 && u < 4) { v /= 1024; u++ } return v substr("BKMGT", u + 1, 1) }
END {
	n = 0; for (b in sz) if (("fork", b) in med && ("posix_spawn", b) in med) s[++n] = b + 0
	if (!n) exit
	for (i = 2; i <= n; i++) { t = s[i]; for (j = i - 1; j >= 1 && s[j] > t; j--) s[j + 1] = s[j]; s[j + 1] = t }
	from = ""
	for (i = n; i >= 1; i--) { if (p5["fork", s[i]] + 0 > p95["posix_spawn", s[i]] + 0) from = s[i]; else break }
	r0 = med["fork", s[1]] / med["posix_spawn", s[1]]; r1 = med["fork", s[n]] / med["posix_spawn", s[n]]
	out = from == "" ? "posix_spawn and fork+exec overlap at the largest heap" : \
		(from == s[1] ? "posix_spawn ahead of fork+exec at every heap size" : "posix_spawn ahead of fork+exec from " hb(from) " on (p5-p95 apart)")
	out = out sprintf(": %.3gx at %s, %.3gx at %s", r0, hb(s[1]), r1, hb(s[n]))
	if (slope != "") out = out sprintf(" | fork+exec grows %.3g ns a 4 KiB page of heap, posix_spawn, vfork and clone_vm copy none", slope)
	print out
}
