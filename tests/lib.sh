# tests/lib.sh: helpers for the shell tests (POSIX sh + awk). Source it first.
# Environment from CTest: FB_BIN (built binaries), FB_SRC (source), FB_TMP (scratch).
set -eu
: "${FB_BIN:?run through ctest}" "${FB_TMP:?run through ctest}"
rm -rf "$FB_TMP" && mkdir -p "$FB_TMP"
FB_PASS=0

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*" >&2; exit 77; }
ok() { FB_PASS=$((FB_PASS + 1)); echo "ok: $*"; }

# col FILE NAME: 1-based index of the CSV column NAME (fails when absent).
col() {
	awk -F, -v n="$2" 'NR==1{for(i=1;i<=NF;i++) if($i==n){print i; exit} print 0; exit}' "$1" |
		{ read -r c; [ "$c" -gt 0 ] || fail "column $2 missing in $1"; echo "$c"; }
}

# median FILE.summary.csv METRIC KEY=VALUE...: the median of METRIC for the
# configuration whose key columns match; empty when there is no such row.
median() {
	f=$1; m=$2; shift 2
	awk -F, -v m="$m" -v conds="$*" '
		NR==1 { for (i = 1; i <= NF; i++) idx[$i] = i; nc = split(conds, c, " "); next }
		{
			if ($idx["metric"] != m) next
			for (k = 1; k <= nc; k++) { split(c[k], kv, "="); if ($idx[kv[1]] != kv[2]) next }
			print $idx["median"]; exit
		}' "$f"
}

# same_width FILE: every line has as many CSV fields as the header (quoted commas aware).
same_width() {
	awk '
		function nf(s,   n, q, i, ch) { n = 1; q = 0
			for (i = 1; i <= length(s); i++) { ch = substr(s, i, 1)
				if (ch == "\"") q = !q; else if (ch == "," && !q) n++ }
			return n }
		NR == 1 { w = nf($0); next }
		nf($0) != w { printf "line %d has %d fields, header %d\n", NR, nf($0), w; bad = 1 }
		END { exit bad }' "$1"
}

# ratio A B: A/B as a float (awk).
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b == 0) print "inf"; else printf "%.3f\n", a / b }'; }
# less A B: exit 0 when A < B (floats).
less() { awk -v a="$1" -v b="$2" 'BEGIN{ exit !(a < b) }'; }

# done_tests: the plain closing line CI reads.
done_tests() { echo "$FB_PASS passed, 0 failed"; }

# first_cpu: the first CPU this process may run on (tests pin to it: on a VM,
# an unpinned vfork child lands on either vCPU and timings turn bimodal).
first_cpu() {
	awk '/^Cpus_allowed_list:/ { split($2, a, /[-,]/); print a[1]; exit }' /proc/self/status
}
