# drivers.sh: the driver registry for shell scripts. The registry is
# src/drivers.c (one row a driver); a built or installed forkbench-worker
# prints it (`forkbench-worker --drivers`: name, yes/no for scripts/run's
# default set, description), and in a source tree without a build the rows'
# first lines are read from src/drivers.c. Sourced; defines functions only.
#   fb_drivers          every driver, registry order, one name a line
#   fb_drivers run      the default set (scripts/run, fleet, kernels)
#   fb_drivers_in DIR   the drivers with a sidecar in DIR: registry order, then any other
_fb_registry() {
	_root=${FB_ROOT:-$(cd "$(dirname "$0")/.." 2>/dev/null && pwd)}
	for _b in ${FB_BIN:-} ${BUILD:+$BUILD/bin} "$_root/build/bin" "$_root/../../bin"; do
		[ -x "$_b/forkbench-worker" ] && { "$_b/forkbench-worker" --drivers; return; }
	done
	_w=$(command -v forkbench-worker 2>/dev/null) && { "$_w" --drivers; return; }
	[ -f "$_root/src/drivers.c" ] || {
		echo "forkbench: cannot find the driver registry (no forkbench-worker built, no src/drivers.c); build first or set FB_BIN" >&2
		return 1
	}
	sed -n 's/^	{ \.name = "\([a-z0-9_]*\)", \.in_run = true,.*/\1 yes -/p; s/^	{ \.name = "\([a-z0-9_]*\)", \.in_run = false,.*/\1 no -/p' \
		"$_root/src/drivers.c"
}
fb_drivers() {
	_fb_registry | awk -v only="${1:-}" 'only != "run" || $2 == "yes" { print $1 }'
}
fb_drivers_in() {
	_known=$(fb_drivers 2>/dev/null || true)
	for _d in $_known; do [ -f "$1/$_d.meta" ] && echo "$_d"; done
	for _m in "$1"/*.meta; do
		[ -f "$_m" ] || continue
		_d=$(basename "$_m" .meta)
		case " $(echo $_known) " in *" $_d "*) ;; *) echo "$_d" ;; esac
	done
}
