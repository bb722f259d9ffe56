# tests/fleet_lib.sh: shared by the fleet tests (source after lib.sh).
# Makes sure ansible-playbook is there (apt-get as root, else skip), points
# the fleet's results into $FB_TMP (never the repository's results/), and
# gives helpers to read a fleet run back.
command -v ansible-playbook >/dev/null 2>&1 ||
	{ [ "$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ansible-core >/dev/null 2>&1; } ||
	skip "ansible-playbook not found and ansible-core cannot be installed"
command -v ansible-playbook >/dev/null 2>&1 || skip "ansible-playbook not found"
git -C "$FB_SRC" rev-parse --verify -q HEAD >/dev/null 2>&1 || skip "$FB_SRC is not a git checkout: the fleet sends a git archive"
export FB_RESULTS=$FB_TMP/results
export FORKBENCH_COMPARE=$FB_BIN/forkbench-compare
[ -x "$FORKBENCH_COMPARE" ] || fail "forkbench-compare not built"
# A sweep of a few seconds per host: one heap, one size, 9 reps (compare's
# minimum to judge), for every driver.
FLEET_TINY="--sizes 1M --heap touched --reps 9 --warmup 1"
# The hosts' shared build (fb_build_cache): keyed by the source's tree, so
# every fleet test of one tree builds it once; entries unused for 2 h go.
FLEET_CACHE=$(cd "$FB_BIN/.." && pwd)/fleet-build-cache
mkdir -p "$FLEET_CACHE"
find "$FLEET_CACHE" -mindepth 1 -maxdepth 1 -type d -mmin +120 -exec rm -rf {} + 2>/dev/null || true
HEAD12=$(git -C "$FB_SRC" rev-parse --short=12 HEAD)

# fleet ARGS...: runs scripts/fleet, output in $FB_TMP/fleet.out, status in $frc.
fleet() {
	set +e
	sh "$FB_SRC/scripts/fleet" "$@" >"$FB_TMP/fleet.out" 2>&1
	frc=$?
	set -e
}
# fleet_dump: the run's output and ansible log tail, for a failure message.
fleet_dump() { tail -n 40 "$FB_TMP/fleet.out" >&2; }
# latest_run: the directory results/fleet/latest points at.
latest_run() {
	l=$FB_RESULTS/fleet/latest
	[ -L "$l" ] || fail "no results/fleet/latest link"
	echo "$FB_RESULTS/fleet/$(readlink "$l")"
}
# host_ok RUN HOST DRIVERS: the host's results landed: for each driver a
# CSV with ok rows, a summary and a sidecar naming the host and the commit.
host_ok() {
	for d in $3; do
		f=$1/$2/$d.csv
		[ -s "$f" ] || { fleet_dump; fail "$2: $d.csv missing under $1/$2"; }
		n=$(awk -F, -v s="$(col "$f" status)" 'NR > 1 && $s == "ok" { n++ } END { print n + 0 }' "$f")
		[ "$n" -gt 0 ] || fail "$2: $d.csv holds no ok row"
		[ -s "$1/$2/$d.summary.csv" ] || fail "$2: $d.summary.csv missing"
		m=$1/$2/$d.meta
		grep -qx "fleet_host=$2" "$m" || fail "$2: $d.meta lacks fleet_host=$2"
		c=$(sed -n 's/^fleet_commit=//p' "$m")
		case $c in "$HEAD12"|"$HEAD12-worktree") ;; *) fail "$2: fleet_commit=$c, HEAD is $HEAD12" ;; esac
		# The build of an archive cannot know its commit unless told: it
		# says the fleet's commit or unknown, never another one.
		grep -Eqx "suite_commit=($c|unknown)" "$m" || fail "$2: suite_commit is neither $c nor unknown: $(grep suite_commit "$m")"
		grep -q "^fleet_run=$(basename "$1")$" "$m" || fail "$2: fleet_run is not $(basename "$1")"
	done
	ok "$2: $3 results under $1/$2 ($n ok $d rows; sidecar fleet_host=$2, fleet_commit=$c)"
}
# build_was HOST built|shared: how the host's status line says it got its build.
build_was() {
	grep -Eq "^fleet:   $1 +ok .*, build $2 -> " "$FB_TMP/fleet.out" ||
		{ fleet_dump; fail "$1: build is not '$2': $(grep -E "^fleet:   $1 " "$FB_TMP/fleet.out")"; }
}
# summary_says HOST WORD: the run's summary lists HOST as WORD (ok|FAILED).
summary_says() {
	grep -Eq "^fleet:   $1 +$2( |$)" "$FB_TMP/fleet.out" || { fleet_dump; fail "summary does not list $1 as $2"; }
}
