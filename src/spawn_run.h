/* spawn_run: the one measurement protocol of forkbench-spawn.
 * For each heap kind and size: build the heap, verify it, then for warm-up and
 * measured repetitions run every (method, child action) pair in turn — so
 * drift hits all alike — and write one CSV row per measured pair. The driver
 * only declares what to sweep. */
#ifndef FORKBENCH_SPAWN_RUN_H
#define FORKBENCH_SPAWN_RUN_H
#include "cli.h"
#include "method.h"
#include "table.h"

struct fb_spawn_pair {
	const struct fb_method *method;
	const struct fb_child_mode *mode;
};

struct fb_spawn_config {
	struct fb_common_opts *common;
	struct fb_spawn_pair pairs[64];
	int npairs;
	unsigned settle;
	unsigned rounds;          /* the sweep is run this many times, each with a share of the reps */          /* discarded vfork+exec creations after each measured one */
	char exec_target[4096];   /* empty when no pair execs */
};

/* Adds the spawn columns (fixed list + one parent_ and child_ column per event). */
int fb_spawn_table(struct fb_table *t, const struct fb_perf_spec *perf);
/* Runs the sweep, committing rows as they are measured. Returns 0, or
 * -EINTR when a signal stopped it (rows so far are written), or -errno. */
int fb_spawn_sweep(const struct fb_spawn_config *cfg, struct fb_table *t);
#endif
