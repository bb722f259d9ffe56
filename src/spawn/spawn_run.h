/* spawn_run: the one measurement protocol of forkbench-spawn, run inside the
 * worker (the lean measured process). The sweep harness builds and verifies
 * each heap; for every repetition this runs each (method, child action) pair
 * once in a shuffled order and sends one row per measured pair. Before the
 * sweep each run times bare fork+_exit+waitpid and vfork+_exit+waitpid loops
 * from the same process (the harness's cost, as baseline_* in the sidecar).
 * The driver only declares what to sweep. */
#ifndef FORKBENCH_SPAWN_RUN_H
#define FORKBENCH_SPAWN_RUN_H
#include "method.h"
#include "perf.h"
#include "sweep.h"
#include "table.h"

#define FB_SPAWN_MAX_PAIRS 64

/* The worker's config: plain data (tables by index), sent as bytes. */
struct fb_spawn_config {
	struct fb_sweep_plan plan;   /* first: the driver sets plan.run per worker */
	struct { uint32_t method, mode; } pairs[FB_SPAWN_MAX_PAIRS];   /* fb_methods[], fb_child_modes[] */
	int32_t npairs;
	uint32_t settle;             /* discarded vfork+exec creations after each measured one */
	uint32_t baseline_loops;     /* iterations of each bare loop; 0: none */
	char exec_target[4096];      /* empty when no pair execs */
	struct fb_perf_spec perf;
};

static inline const struct fb_method *fb_spawn_pair_method(const struct fb_spawn_config *c, int p)
{
	return &fb_methods[c->pairs[p].method];
}
static inline const struct fb_child_mode *fb_spawn_pair_mode(const struct fb_spawn_config *c, int p)
{
	return &fb_child_modes[c->pairs[p].mode];
}

/* Driver side: the spawn columns (fixed list + one parent_ and child_ column per event). */
int fb_spawn_table(struct fb_table *t, const struct fb_perf_spec *perf);
/* Worker side: runs this config's run, sending rows as they are measured.
 * Returns 0, -EINTR when a signal stopped it (rows so far are sent), or -errno. */
int fb_spawn_worker(const struct fb_spawn_config *cfg);
#endif
