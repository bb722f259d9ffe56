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

# Physics tests (CTest label physics) compare timings; before asserting they
# measure how noisy the machine is right now and skip (77, with the reason)
# when the noise could hide the effect. The noise of a configuration: how far
# its independent runs' medians lie apart, (max - min) / min, from the summary
# (run_median_min, run_median_max; the driver must run --runs >= 2).
# run_spread_pct SUMMARY METRIC KEY=VALUE...: that spread in percent (empty
# when the configuration is missing or has one run).
run_spread_pct() {
	f=$1; m=$2; shift 2
	lo=$(summary_stat "$f" run_median_min "$m" "$@"); hi=$(summary_stat "$f" run_median_max "$m" "$@")
	[ -n "$lo" ] && [ -n "$hi" ] || return 0
	awk -v a="$lo" -v b="$hi" 'BEGIN { if (a > 0) printf "%.1f\n", 100 * (b - a) / a }'
}
# run_spread_ns SUMMARY METRIC KEY=VALUE...: the same spread in ns (max - min).
run_spread_ns() {
	f=$1; m=$2; shift 2
	lo=$(summary_stat "$f" run_median_min "$m" "$@"); hi=$(summary_stat "$f" run_median_max "$m" "$@")
	[ -n "$lo" ] && [ -n "$hi" ] || return 0
	awk -v a="$lo" -v b="$hi" 'BEGIN { printf "%.0f\n", b - a }'
}
# noise_gate VALUE LIMIT WHAT: skips (77) when VALUE (a measured noise) is
# above LIMIT (what the assertion can tolerate), naming both; fails when VALUE
# is empty (the driver did not record run medians: a broken summary).
noise_gate() {
	[ -n "$1" ] || fail "no run spread for $3 (is --runs >= 2? run_median_* in the summary?)"
	if awk -v v="$1" -v l="$2" 'BEGIN { exit !(v > l) }'; then
		skip "too noisy to tell now: $3 spread $1 between runs, more than the $2 this test can tolerate"
	fi
	echo "noise: $3 spread $1 between runs (tolerated: $2)"
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
