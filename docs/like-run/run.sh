#!/bin/sh
# The --like demonstration of issue 20 on two real programs: redis-server
# filled with DEBUG POPULATE (its own fork time from INFO stats
# latest_fork_usec after each BGSAVE) and a python3 process holding a few
# hundred MiB in many allocations (its own os.fork() time, timed in it).
# Each program's own forks and forkbench's run take /tmp/fb-measure.lock in
# turn, so nothing else measures meanwhile. Usage: docs/like-run/run.sh [OUTDIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)   # docs/like-run -> the source tree
out=${1:-$here}
mkdir -p "$out"
tmp=$(mktemp -d /tmp/fb-like-demo.XXXXXX)
port=16399
cleanup() {
	redis-cli -p $port shutdown nosave >/dev/null 2>&1 || true
	[ -n "${py:-}" ] && kill "$py" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
lock() { flock /tmp/fb-measure.lock "$@"; }

# --- redis-server ---
redis-server --port $port --bind 127.0.0.1 --dir "$tmp" --save '' --appendonly no \
	--logfile "$tmp/redis.log" --daemonize yes --enable-debug-command local \
	--enable-protected-configs local
until redis-cli -p $port ping >/dev/null 2>&1; do sleep 0.1; done
rpid=$(redis-cli -p $port info server | sed -n 's/^process_id:\([0-9]*\).*/\1/p')
redis-cli -p $port debug populate 2000000 | grep -qx OK || { echo 'DEBUG POPULATE failed' >&2; exit 1; }
sleep 2   # jemalloc settles, background threads idle
# Redis's own fork: 11 BGSAVEs, each waited for; latest_fork_usec after each.
lock sh -c '
	for i in 1 2 3 4 5 6 7 8 9 10 11; do
		redis-cli -p '$port' bgsave >/dev/null
		sleep 0.2
		while redis-cli -p '$port' info persistence | grep -q "rdb_bgsave_in_progress:1"; do sleep 0.1; done
		redis-cli -p '$port' info stats | sed -n "s/^latest_fork_usec:\([0-9]*\).*/\1/p"
	done' >"$out/redis.latest_fork_usec.txt"
# The same with a child that exits at once (dir /proc: its rdb file cannot be
# created), as forkbench's does: does Redis's figure include a busy child
# taking the CPU before the parent returns from fork()?
redis-cli -p $port config set dir /proc >/dev/null
lock sh -c '
	for i in 1 2 3 4 5 6 7 8 9 10 11; do
		redis-cli -p '$port' bgsave >/dev/null
		sleep 0.3
		redis-cli -p '$port' info stats | sed -n "s/^latest_fork_usec:\([0-9]*\).*/\1/p"
	done' >"$out/redis.latest_fork_usec.quickchild.txt"
redis-cli -p $port config set dir "$tmp" >/dev/null
sh "$src/scripts/forkbench" capture "$rpid" >"$out/redis.shape.txt"
lock sh "$src/scripts/forkbench" spawn --like "$rpid" -o "$out/redis/spawn.csv" 2>"$out/redis.stderr.txt"
# Redis forks now and then, not back to back: the same after 300 ms idle each
lock sh "$src/scripts/forkbench" spawn --like "$rpid" --gap 300 --methods fork,posix_spawn --events none \
	-o "$out/redis-gap/spawn.csv" 2>"$out/redis-gap.stderr.txt"
redis-cli -p $port info memory | grep -E '^used_memory_human|^used_memory_rss_human' >"$out/redis.info.txt"

# --- python3 ---
cat >"$tmp/hold.py" <<'PY'
import os, sys, time
# a few hundred MiB in many allocations: 2 KiB bytes (malloc), small lists
# and ints (pymalloc arenas), a dict of str
big = [bytes(2048) for _ in range(80000)]
lists = [list(range(40)) for _ in range(150000)]
d = {str(i): str(i) * 4 for i in range(500000)}
print("ready", flush=True)
sys.stdin.readline()            # go: time its own fork 11 times
ts = []
for _ in range(11):
    t0 = time.perf_counter_ns()
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    t1 = time.perf_counter_ns()
    os.waitpid(pid, 0)
    ts.append(t1 - t0)
print(" ".join(map(str, ts)), flush=True)
time.sleep(3600)
PY
mkfifo "$tmp/in"
python3 "$tmp/hold.py" <"$tmp/in" >"$tmp/py.out" &
py=$!
exec 3>"$tmp/in"
until grep -q ready "$tmp/py.out"; do sleep 0.2; done
lock sh -c 'echo go >&3; until [ "$(wc -l <'"$tmp"'/py.out)" -ge 2 ]; do sleep 0.1; done'
sed -n 2p "$tmp/py.out" >"$out/python.fork_ns.txt"
sh "$src/scripts/forkbench" capture "$py" >"$out/python.shape.txt"
lock sh "$src/scripts/forkbench" spawn --like "$py" -o "$out/python/spawn.csv" 2>"$out/python.stderr.txt"
lock sh "$src/scripts/forkbench" spawn --like "$py" --gap 300 --methods fork,posix_spawn --events none \
	-o "$out/python-gap/spawn.csv" 2>"$out/python-gap.stderr.txt"
echo "done: $out"
