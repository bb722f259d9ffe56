# tests/mthp_lib.sh: for the mTHP tests (source after lib.sh). The per-size
# knobs are the whole machine's: every test that may change them snapshots
# them first and puts them back on exit, whatever the driver did.
MTHP=/sys/kernel/mm/transparent_hugepage
# mthp_knobs: "16=never 32=never ... 2048=inherit", the sizes with an enabled file.
mthp_knobs() {
	for f in "$MTHP"/hugepages-*kB/enabled; do
		[ -r "$f" ] || continue
		kb=${f#"$MTHP"/hugepages-}; kb=${kb%kB/enabled}
		printf '%s=%s\n' "$kb" "$(sed 's/.*\[\(.*\)\].*/\1/' "$f")"
	done | sort -n | tr '\n' ' '
}
# mthp_need_root: skip unless root with per-size knobs (Linux >= 6.8).
mthp_need_root() {
	ls "$MTHP"/hugepages-*kB/enabled >/dev/null 2>&1 || skip "no per-size mTHP knobs in $MTHP (Linux < 6.8)"
	[ "$(id -u)" -eq 0 ] || skip "needs root: reading PFNs (pagemap) and --set-mthp"
	[ -w "$MTHP/hugepages-2048kB/enabled" ] || skip "$MTHP is read-only here"
}
mthp_put_back() {
	for kv in $mthp_saved; do
		f=$MTHP/hugepages-${kv%=*}kB/enabled
		[ "$(sed 's/.*\[\(.*\)\].*/\1/' "$f")" = "${kv#*=}" ] || echo "${kv#*=}" >"$f"
	done
}
# mthp_guard: snapshot now, restore on exit.
mthp_guard() {
	mthp_saved=$(mthp_knobs)
	trap 'mthp_put_back' EXIT
}
# mthp_sizes: the sizes below 2 MiB this kernel offers, as kind names (mthp:16K ...).
mthp_sizes() {
	for kv in $(mthp_knobs); do
		kb=${kv%=*}
		[ "$kb" -lt 2048 ] || continue
		if [ "$kb" -ge 1024 ]; then echo "mthp:$((kb / 1024))M"; else echo "mthp:${kb}K"; fi
	done
}
