# side_by_side.sh: sourced by the recipes beside it (results/kernels/*/run.sh).
#   side_by_side BOOTS --run 'DRIVER ARGS' [--run ...] [scripts/kernels options]
# Linux 6.1 against 6.12 (Debian's cloud kernels) under icount: BOOTS boots of
# each, the two kernels' boots side by side (the instruction clock does not see
# host load). Each kernel's boots land in boots-<version>/ (one results
# directory a boot), its log in log-<version>; prints the wall time.
# FB_ROOT: the source tree (default: two levels above the recipe's folder);
# FB_STATIC: the static build (default: build-static beside the recipe).
FB_ROOT=${FB_ROOT:-$(cd ../../.. && pwd)}
side_by_side() {
	_boots=$1; shift
	_t0=$(date +%s)
	for _kv in 6.1:linux-image-cloud-amd64 6.12:linux-image-6.12-cloud-amd64; do
		_v=${_kv%%:*}; _k=""; _i=0
		while [ $_i -lt "$_boots" ]; do _k="$_k ${_kv#*:}"; _i=$((_i + 1)); done
		# shellcheck disable=SC2086
		"$FB_ROOT/scripts/kernels" --icount --no-compare --build "${FB_STATIC:-build-static}" \
			-o "$PWD/boots-$_v" "$@" $_k > "log-$_v" 2>&1 &
	done
	wait
	echo "wall: $(( $(date +%s) - _t0 )) s"
}
