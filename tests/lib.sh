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

# summary_stat FILE.summary.csv STAT METRIC KEY=VALUE...: one statistic
# (median, min, p5, ...) of METRIC for the configuration whose key columns
# match; empty when there is no such row.
summary_stat() {
	f=$1; st=$2; m=$3; shift 3
	awk -F, -v st="$st" -v m="$m" -v conds="$*" '
		NR==1 { for (i = 1; i <= NF; i++) idx[$i] = i; nc = split(conds, c, " "); next }
		{
			if ($idx["metric"] != m) next
			for (k = 1; k <= nc; k++) { split(c[k], kv, "="); if ($idx[kv[1]] != kv[2]) next }
			print $idx[st]; exit
		}' "$f"
}
# median FILE.summary.csv METRIC KEY=VALUE...: summary_stat ... median.
median() { f=$1; m=$2; shift 2; summary_stat "$f" median "$m" "$@"; }
# fastest FILE.summary.csv METRIC KEY=VALUE...: the minimum. Timing noise on a
# shared machine is mostly additive delay (a preempted rep), so the minimum is
# the estimator of a fixed cost that a busy core disturbs least.
fastest() { f=$1; m=$2; shift 2; summary_stat "$f" min "$m" "$@"; }

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
# absdiff A B: |A - B| (awk).
absdiff() { awk -v a="$1" -v b="$2" 'BEGIN{ d = a - b; printf "%.1f\n", d < 0 ? -d : d }'; }
# less A B: exit 0 when A < B (floats).
less() { awk -v a="$1" -v b="$2" 'BEGIN{ exit !(a < b) }'; }

# try CMD...: runs CMD, stdout dropped, stderr in $FB_TMP/err; its exit status
# in $rc (a failure does not end the test: the caller judges rc).
try() { rc=0; "$@" >/dev/null 2>"$FB_TMP/err" || rc=$?; }

# done_tests: the plain closing line CI reads.
done_tests() { echo "$FB_PASS passed, 0 failed"; }

# first_cpu: the first CPU this process may run on (tests pin to it: on a VM,
# an unpinned vfork child lands on either vCPU and timings turn bimodal).
first_cpu() {
	awk '/^Cpus_allowed_list:/ { split($2, a, /[-,]/); print a[1]; exit }' /proc/self/status
}

# expect_usage BIN TEXT ARGS...: BIN ARGS exits 2, its message contains TEXT,
# and nothing was written (the refusal comes before any allocation).
expect_usage() {
	bin=$1; want=$2; shift 2
	set +e
	"$bin" "$@" -o "$FB_TMP/never.csv" >"$FB_TMP/out" 2>"$FB_TMP/err"
	rc=$?
	set -e
	[ "$rc" -eq 2 ] || { cat "$FB_TMP/err"; fail "'$*' exited $rc, expected 2"; }
	grep -qF -- "$want" "$FB_TMP/err" || fail "'$*': message lacks '$want': $(cat "$FB_TMP/err")"
	[ ! -e "$FB_TMP/never.csv" ] || fail "'$*' wrote a CSV before refusing"
	ok "refused: $* ($(head -1 "$FB_TMP/err" | cut -c1-100))"
}

# marked MARK: pids of processes whose environment holds FB_TEST_MARK=MARK.
# Blind to a child that exec'd with an empty environment (every exec pair's
# child, every posix_spawn child of the drivers): use leftovers.
marked() {
	for e in /proc/[0-9]*/environ; do
		p=${e#/proc/}; p=${p%/environ}
		[ "$p" != "$$" ] && tr '\0' '\n' 2>/dev/null <"$e" | grep -qx "FB_TEST_MARK=$1" && echo "$p"
	done
	return 0
}

# leftovers SID MARK: live (not zombie) processes in session SID, or marked
# MARK. A driver started as `setsid BIN` (setsid execs in place: SID is its
# pid) leaves every descendant in that session — children that exec'd with an
# empty environment included — unless one calls setsid itself, which none does.
leftovers() {
	for s in /proc/[0-9]*/stat; do
		p=${s#/proc/}; p=${p%/stat}
		[ "$p" != "$$" ] || continue
		sed 's/.*) //' "$s" 2>/dev/null | awk -v sid="$1" '$4 == sid && $1 != "Z" { f = 1 } END { exit !f }' &&
			echo "$p"
	done
	marked "$2"
}

# interrupt_check MIN_ROWS BIN ARGS...: runs BIN ARGS -o $FB_TMP/int.csv in the
# background, marked through its environment (children inherit the mark),
# sends SIGINT once MIN_ROWS rows are written (or, when MIN_ROWS is "after:S",
# S seconds after the header appeared: a driver that writes rows per block),
# and asserts: exit 130, no marked process left, at least one row kept, a
# rectangular CSV ending in a newline, a summary. Leaves the CSV in $int_csv.
interrupt_check() {
	min=$1; bin=$2; shift 2
	int_csv=$FB_TMP/int.csv
	mark="fb_interrupt_$$"
	env FB_TEST_MARK=$mark setsid "$bin" "$@" -o "$int_csv" 2>"$FB_TMP/err" &
	pid=$!
	case $min in after:*) wait_rows=0; delay=${min#after:} ;; *) wait_rows=$min; delay=0 ;; esac
	i=0
	while [ ! -s "$int_csv" ] || [ "$(awk 'END{print NR - 1}' "$int_csv")" -lt "$wait_rows" ]; do
		i=$((i + 1))
		[ $i -lt 300 ] || { kill -KILL $pid; fail "fewer than $wait_rows rows after 30 s"; }
		kill -0 $pid 2>/dev/null || { cat "$FB_TMP/err"; fail "driver exited early"; }
		sleep 0.1
	done
	sleep "$delay"
	kill -INT $pid
	set +e
	wait $pid
	rc=$?
	set -e
	[ "$rc" -eq 130 ] || { cat "$FB_TMP/err"; fail "exit $rc after SIGINT, expected 130"; }
	grep -q "stopped by signal 2" "$FB_TMP/err" || fail "no stop message"
	ok "SIGINT: exit 130"
	sleep 0.2
	left=$(leftovers "$pid" "$mark" | sort -u)
	[ -z "$left" ] || { ps -o pid,ppid,stat,cmd -p $left; fail "children left behind: $left"; }
	ok "no child left behind"
	[ "$(awk 'END{print NR - 1}' "$int_csv")" -ge 1 ] || fail "no row kept"
	same_width "$int_csv" || fail "CSV not rectangular after the interrupt"
	[ "$(tail -c 1 "$int_csv" | od -An -c | tr -d ' ')" = '\n' ] || fail "last row cut short"
	[ -s "${int_csv%.csv}.summary.csv" ] || fail "no summary written"
	ok "$(awk 'END{print NR - 1}' "$int_csv") rows kept, rectangular, summary written"
}

# Physics tests (CTest label physics) compare timings. They judge a timing
# claim over the independent runs (claim below): it holds when it holds
# whichever runs are paired, and the test skips (77, with the reason) only when
# the runs disagree, so a large effect is checked however busy the machine is.
# run_min_span CSV METRIC KEY=VALUE...: "lo hi", the smallest and the largest
# of the per-run minima of METRIC over the ok rows whose keys match (one
# minimum per independent run: a busy core adds delay to some reps, never takes
# it away, so each run's minimum is its least disturbed rep); empty when fewer
# than 2 runs have such rows.
run_min_span() {
	_f=$1; _m=$2; shift 2
	awk -F, -v m="$_m" -v conds="$*" '
		NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; nc = split(conds, c, " "); next }
		$idx["status"] != "ok" || $idx[m] == "" { next }
		{
			for (k = 1; k <= nc; k++) { split(c[k], kv, "="); if ($idx[kv[1]] != kv[2]) next }
			r = $idx["run"]; v = $idx[m] + 0
			if (!(r in min) || v < min[r]) min[r] = v
		}
		END {
			n = 0
			for (r in min) { if (!n++ || min[r] < lo) lo = min[r]; if (n == 1 || min[r] > hi) hi = min[r] }
			if (n >= 2) printf "%.0f %.0f\n", lo, hi
		}' "$_f"
}

# claim CSV METRIC "A_KEYS" OP LIMIT "B_KEYS" WHAT: judges "A/B is above (OP
# gt) or below (lt) LIMIT", or "A-B is above (dgt) or below (dlt) LIMIT", over
# the independent runs without trusting any one of them: each side's per-run
# minima span [lo, hi] (run_min_span), so A/B lies between lo A / hi B and
# hi A / lo B whichever runs are paired (A-B between lo A - hi B and hi A -
# lo B). Passes (ok) when the whole span is on the claimed side, fails when the
# whole span is on the other, and skips (77) when LIMIT lies inside it: the
# runs disagree, the machine is too noisy now to tell. A large effect is judged
# however noisy the runs; only a close one needs quiet.
claim() {
	_f=$1; _m=$2; _ka=$3; _op=$4; _lim=$5; _kb=$6; _what=$7
	case $_op in gt|lt|dgt|dlt) ;; *) fail "claim: operator '$_op': gt, lt, dgt or dlt" ;; esac
	# shellcheck disable=SC2086
	_a=$(run_min_span "$_f" "$_m" $_ka); _b=$(run_min_span "$_f" "$_m" $_kb)
	[ -n "$_a" ] && [ -n "$_b" ] || fail "$_what: no per-run minima of $_m for $_ka or $_kb in $_f (--runs >= 2?)"
	_v=$(echo "$_a $_b" | awk -v op="$_op" -v l="$_lim" '{
		alo = $1; ahi = $2; blo = $3; bhi = $4
		if (op ~ /^d/) { lo = alo - bhi; hi = ahi - blo }
		else if (blo <= 0) { print "bad"; exit }
		else { lo = alo / bhi; hi = ahi / blo }
		if (op ~ /gt$/) v = lo > l ? "yes" : (hi <= l ? "no" : "unsure")
		else v = hi < l ? "yes" : (lo >= l ? "no" : "unsure")
		printf (op ~ /^d/ ? "%s %.0f %.0f\n" : "%s %.3g %.3g\n"), v, lo, hi }')
	set -- $_v
	_ab=$(case $_op in d*) echo "A-B" ;; *) echo "A/B" ;; esac)
	_span="$_ab over the runs in [$2, $3] (per-run minima: A $_ka $(echo $_a | tr ' ' -), B $_kb $(echo $_b | tr ' ' -))"
	_want=$(case $_op in *gt) echo "above" ;; *) echo "below" ;; esac)
	case $1 in
	yes) ok "$_what: $_span, $_want $_lim" ;;
	no) fail "$_what: $_span, not $_want $_lim in any pairing of runs" ;;
	unsure) skip "too noisy to tell now: $_what: $_span holds $_lim" ;;
	*) fail "$_what: a side's minimum is 0 or less ($_span)" ;;
	esac
}

# kernels_setup: for the vm tests. Sets k (scripts/kernels), cache (the kernel
# and initramfs cache) and img (the cached Debian cloud kernel, fetched once);
# skips (77) when qemu cannot be installed or the kernel cannot be fetched.
kernels_setup() {
	k=$FB_SRC/scripts/kernels
	cache=${FB_KERNELS_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/forkbench}
	"$k" --check >"$FB_TMP/check" 2>&1 || { cat "$FB_TMP/check" >&2; skip "qemu or the build tools cannot be installed"; }
	img=$("$k" --fetch --cache "$cache" linux-image-cloud-amd64 2>"$FB_TMP/fetch") ||
		{ cat "$FB_TMP/fetch" >&2; skip "the Debian cloud kernel cannot be fetched"; }
}
