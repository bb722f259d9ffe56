/* spawn_state: the parent state of one forkbench-spawn configuration (see
 * spawn_state.h). A count that does not match what was asked is skip rows,
 * never a measurement. Measures nothing. */
#define _GNU_SOURCE
#include "spawn_state.h"
#include "procinfo.h"

#include <stdio.h>
#include <string.h>

int fb_spawn_state_enter(const struct fb_spawn_config *cfg, struct fb_spawn_parent *p, struct fb_heap *h,
			 int s, bool set_up, struct fb_spawn_state *st, char *why, size_t len)
{
	*st = (struct fb_spawn_state){ .index = s, .fds_observed = -1, .threads_observed = -1 };
	if (!set_up)
		return 0;
	if (cfg->like.path[0]) {   /* --like: the replica holds the descriptors and threads */
		int rc = fb_like_build(&cfg->like, &p->like, why, len);
		if (p->like.built) {
			st->like = p->like.got;
			st->like_built = true;
		}
		if (rc == 0 && h->process.vmas && (rc = fb_mem_process(0, &h->process)))
			snprintf(why, len, "reading /proc/self/smaps_rollup failed: %s", strerror(-rc));
		return rc < 0 ? 1 : rc;
	}
	const uint64_t nfds = fb_spawn_state_fds(cfg, s);
	const uint32_t nthreads = fb_spawn_state_threads(cfg, s);
	uint64_t fd0 = 0, fd1 = 0, tasks = 0;
	int rc = fb_count_fds(&fd0);
	if (!rc && (rc = fb_fds_open(&p->fds, nfds))) {
		snprintf(why, len, "opening %llu descriptors failed: %s", (unsigned long long)nfds, strerror(-rc));
		return 1;
	}
	if (!rc && (rc = fb_threads_start(&p->threads, nthreads))) {
		snprintf(why, len, "starting %u idle threads failed: %s", nthreads, strerror(-rc));
		return 1;
	}
	if (!rc && !(rc = fb_count_fds(&fd1)))
		rc = fb_count_threads(&tasks);
	if (rc) {
		snprintf(why, len, "counting /proc/self/fd or /proc/self/task failed: %s", strerror(-rc));
		return 1;
	}
	st->fds_observed = (int64_t)(fd1 - fd0);
	st->threads_observed = (int64_t)tasks - 1;   /* the measuring thread not counted */
	if (st->fds_observed != (int64_t)nfds || st->threads_observed != (int64_t)nthreads) {
		snprintf(why, len, "asked for %llu descriptors and %u threads, /proc shows %lld and %lld",
			 (unsigned long long)nfds, nthreads, (long long)st->fds_observed,
			 (long long)st->threads_observed);
		return 1;
	}
	/* The process as this state leaves it: thread stacks are VMAs a fork copies. */
	if (h->process.vmas && (rc = fb_mem_process(0, &h->process))) {
		snprintf(why, len, "reading /proc/self/smaps_rollup failed: %s", strerror(-rc));
		return 1;
	}
	return 0;
}

void fb_spawn_state_leave(struct fb_spawn_parent *p)
{
	fb_like_teardown(&p->like);
	fb_threads_stop(&p->threads);
	fb_fds_close(&p->fds);
}
