# validate.awk: copies the usable lines of one forkbench *.summary.csv to
# stdout and names every other on stderr as FILE:LINE with the reason, so a
# truncated or corrupt summary is never plotted in silence. A line is usable
# when it has the header's number of fields, a metric, numeric (or
# empty) n, median, p5 and p95, and min <= p5 <= median <= p95 <= max (a
# header with two columns swapped breaks it). Exit 1 when no data line is usable (or the
# header lacks metric/median), 0 otherwise. Judges no value beyond that order.
# -v file=NAME (for the messages) -v prog=NAME -v cut=1 (the file does not
# end in a newline: its last line was cut mid-line).
function warn(msg) {
	if (++nwarn <= 5) printf "%s: warning: %s:%d: %s; line skipped\n", prog, file, FNR, msg > "/dev/stderr"
}
function num(s) { return s == "" || s ~ /^-?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?$/ }
BEGIN { FS = ","; good = 0 }
FNR == 1 {
	nf = NF
	for (i = 1; i <= NF; i++) c[$i] = i
	if (!("metric" in c) || !("median" in c)) {
		printf "%s: warning: %s:1: header has no metric/median column: not a summary\n", prog, file > "/dev/stderr"
		bad = 1; exit 1
	}
	# columns renamed, read under their new names for one release
	# (as forkbench-compare does): footprint's mode is call
	h = ""
	for (i = 1; i <= NF; i++) h = h (i > 1 ? "," : "") ($i == "mode" ? "call" : $i)
	print h; next
}
{ last = $0; lastnr = FNR }
NF != nf { warn(NF " fields, the header has " nf " (truncated or corrupt?)"); next }
$c["metric"] == "" { warn("empty metric"); next }
!num($c["median"]) || ("n" in c && !num($c["n"])) || ("p5" in c && !num($c["p5"])) || ("p95" in c && !num($c["p95"])) {
	warn("non-numeric median/n/p5/p95"); next
}
# a summary's order statistics are ordered: min <= p5 <= median <= p95 <= max;
# a line that breaks it has its columns swapped or its numbers corrupt
function ord(a, b) { return !(a in c) || !(b in c) || $c[a] == "" || $c[b] == "" || $c[a] + 0 <= $c[b] + 0 }
!(ord("min", "p5") && ord("p5", "median") && ord("median", "p95") && ord("p95", "max")) {
	warn("min <= p5 <= median <= p95 <= max does not hold (columns swapped or numbers corrupt?)"); next
}
{ held[FNR] = $0; order[++nheld] = FNR }
END {
	if (bad) exit 1
	# a last line without its newline was cut mid-line: its numbers cannot be trusted
	if (cut && nheld && order[nheld] == lastnr) {
		FNR = lastnr; warn("no newline at the end of the file: cut mid-line"); nheld--
	}
	for (i = 1; i <= nheld; i++) print held[order[i]]
	if (nwarn > 5) printf "%s: warning: %s: %d more lines skipped\n", prog, file, nwarn - 5 > "/dev/stderr"
	if (!nheld) { printf "%s: warning: %s: no usable line\n", prog, file > "/dev/stderr"; exit 1 }
}
