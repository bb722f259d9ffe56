# scripts/deps.sh: sourced by the README's commands. Makes sure the build and
# plot dependencies are present: as root it installs what is missing with
# apt-get; otherwise it prints the exact apt-get line and stops (exit 1).
# Debian package -> the command or file that proves it is there.
fb_deps_check() {
	missing=""
	command -v cmake >/dev/null 2>&1 || missing="$missing cmake"
	command -v make >/dev/null 2>&1 || missing="$missing make"
	command -v gcc >/dev/null 2>&1 || missing="$missing gcc"
	[ -e /usr/include/stdio.h ] || missing="$missing libc6-dev"
	[ -e /usr/include/perfmon/pfmlib_perf_event.h ] || missing="$missing libpfm4-dev"
	if [ "${FB_NEED_GNUPLOT:-1}" = 1 ]; then
		command -v gnuplot >/dev/null 2>&1 || missing="$missing gnuplot-nox"
	fi
	command -v git >/dev/null 2>&1 || missing="$missing git"
	echo "$missing"
}

fb_deps() {
	missing=$(fb_deps_check)
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "forkbench: installing missing packages:$missing" >&2
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq >&2 || { echo "forkbench: apt-get update failed" >&2; exit 1; }
		# shellcheck disable=SC2086
		apt-get install -y -qq --no-install-recommends $missing >&2 ||
			{ echo "forkbench: apt-get install$missing failed" >&2; exit 1; }
		missing=$(fb_deps_check)
		[ -z "$missing" ] && return 0
		echo "forkbench: still missing after apt-get:$missing" >&2
		exit 1
	fi
	echo "forkbench: missing packages:$missing" >&2
	echo "forkbench: install them with:" >&2
	echo "    sudo apt-get update && sudo apt-get install -y$missing" >&2
	exit 1
}

# fb_build BUILD_DIR: configure and build. A new build directory is
# RelWithDebInfo; an existing one keeps the build type it was configured with.
# Takes BUILD_DIR/.forkbench.lock exclusively while building: a scripts/run
# holds it shared while its drivers run, so binaries are never rebuilt under a
# run that may be executing them (this one waits, and says so).
fb_build() {
	mkdir -p "$1"
	exec 7>"$1/.forkbench.lock"
	if ! flock -n -x 7; then
		echo "forkbench: waiting: another run is executing the binaries in $1 (they are not rebuilt under it)" >&2
		flock -x 7
	fi
	fb_type=""
	[ -f "$1/CMakeCache.txt" ] || fb_type=-DCMAKE_BUILD_TYPE=RelWithDebInfo
	# shellcheck disable=SC2086
	cmake -S "$FB_ROOT" -B "$1" $fb_type >/dev/null ||
		{ echo "forkbench: cmake configure failed" >&2; exit 1; }
	cmake --build "$1" -j "$(nproc 2>/dev/null || echo 2)" >"$1/build.log" 2>&1 ||
		{ cat "$1/build.log" >&2; echo "forkbench: build failed" >&2; exit 1; }
	exec 7>&-
}
