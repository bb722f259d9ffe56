/* spawn_baseline: the floor forkbench-spawn is compared against — bare
 * fork (or vfork) + the child's raw _exit + waitpid, timed back to back from
 * the worker before it builds anything, and the median used for every
 * once-per-run figure (baseline_*, protocol_*, worker_*). Does not measure
 * the sweep's creations: spawn_run.c does. Runs in the worker: no stdio. */
#define _GNU_SOURCE
#include "spawn_baseline.h"
#include "runctl.h"
#include "method.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

int64_t fb_spawn_median_ns(int64_t *v, int n)
{
	if (n <= 0)
		return -1;
	qsort(v, (size_t)n, sizeof(*v), cmp_i64);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The child leaves inside the function that created it (a vfork child must
 * never return into its parent's frame). */
static __attribute__((noinline)) pid_t bare_vfork(void)
{
	pid_t pid = vfork();
	if (pid == 0)
		fb_raw_exit(0);
	return pid;
}

static __attribute__((noinline)) pid_t bare_fork(void)
{
	pid_t pid = fork();
	if (pid == 0)
		fb_raw_exit(0);
	return pid;
}

/* The floor of the harness: fork (or vfork), the child's raw _exit, waitpid,
 * nothing else — timed from this same process before it builds anything. */
int64_t fb_spawn_bare_loop(bool use_vfork, unsigned n)
{
	static int64_t v[FB_SPAWN_MAX_ZERO];
	if (n > FB_SPAWN_MAX_ZERO)
		n = FB_SPAWN_MAX_ZERO;
	int got = 0;
	for (unsigned i = 0; i < n + n / 10 && !fb_stop_signal; i++) {
		int64_t t0 = fb_now_ns();
		pid_t pid = use_vfork ? bare_vfork() : bare_fork();
		if (pid < 0)
			return -1;
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		int64_t t1 = fb_now_ns();
		if (i >= n / 10)   /* the first tenth warms up, discarded */
			v[got++] = t1 - t0;
	}
	return fb_spawn_median_ns(v, got);
}


int64_t fb_spawn_protocol_loop(unsigned n, const struct fb_method *m,
			       int64_t (*once)(void *ctx, const struct fb_method *m), void *ctx)
{
	static int64_t v[FB_SPAWN_MAX_ZERO];
	if (n > FB_SPAWN_MAX_ZERO)
		n = FB_SPAWN_MAX_ZERO;
	int got = 0;
	for (unsigned i = 0; i < n + n / 10 && !fb_stop_signal; i++) {
		int64_t ns = once(ctx, m);
		if (i >= n / 10 && ns >= 0)   /* the first tenth warms up, discarded */
			v[got++] = ns;
	}
	return fb_spawn_median_ns(v, got);
}
