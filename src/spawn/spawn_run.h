/* spawn_run: the one measurement protocol of forkbench-spawn, run inside the
 * worker (the lean measured process). The sweep harness builds and verifies
 * each heap; for every repetition this runs each variant (a method, a child
 * action, an exec target) once in a shuffled order and sends one row per
 * measured variant. Before the sweep each run times bare fork+_exit+waitpid
 * and vfork+_exit+waitpid loops from the same process (the harness's cost, as baseline_* in the sidecar).
 * The driver only declares what to sweep. */
#ifndef FORKBENCH_SPAWN_RUN_H
#define FORKBENCH_SPAWN_RUN_H
#include "method.h"
#include "perf.h"
#include "replica.h"
#include "sweep.h"
#include "table.h"

#define FB_SPAWN_MAX_VARIANTS 128
#define FB_SPAWN_MAX_TARGETS 8
#define FB_SPAWN_MAX_AXIS 16     /* values of --fds and of --threads */

/* One exec image (exec_target.h) as plain data: the kind by index. */
struct fb_spawn_target {
	uint32_t kind;               /* fb_exec_kinds[] */
	uint64_t touch_bytes;
	char spec[48];               /* the exec_target cell */
};

/* The worker's config: plain data (tables by index), sent as bytes. */
struct fb_spawn_config {
	struct fb_sweep_plan plan;   /* first: the driver sets plan.run per worker; plan.states = nfds x nthreads */
	/* fb_methods[], fb_child_modes[], targets[] (exec variants only) */
	struct { uint32_t method, mode, target; } variants[FB_SPAWN_MAX_VARIANTS];
	int32_t nvariants;
	struct fb_spawn_target targets[FB_SPAWN_MAX_TARGETS];
	int32_t ntargets;
	uint64_t fds[FB_SPAWN_MAX_AXIS];       /* descriptors the parent holds open, per state */
	int32_t nfds;
	uint32_t threads[FB_SPAWN_MAX_AXIS];   /* idle sibling threads of the parent, per state */
	int32_t nthreads;
	uint32_t settle;             /* discarded vfork+exec creations after each measured one */
	uint32_t gap_ms;             /* idle before each measured creation (--gap); 0: back to back */
	uint32_t baseline_loops;     /* iterations of each bare loop; 0: none */
	char exec_target[4096];      /* the static target's path; empty when no variant execs */
	struct fb_perf_spec perf;
	struct fb_like_spec like;    /* --like / --like-file: the parent is a replica (src/like/) */
};

static inline const struct fb_method *fb_spawn_variant_method(const struct fb_spawn_config *c, int p)
{
	return &fb_methods[c->variants[p].method];
}
static inline const struct fb_child_mode *fb_spawn_variant_mode(const struct fb_spawn_config *c, int p)
{
	return &fb_child_modes[c->variants[p].mode];
}

/* State s of the sweep's parent-state axis: fds outer, threads inner. */
static inline uint64_t fb_spawn_state_fds(const struct fb_spawn_config *c, int s)
{
	return c->nfds ? c->fds[s / (c->nthreads ? c->nthreads : 1)] : 0;
}
static inline uint32_t fb_spawn_state_threads(const struct fb_spawn_config *c, int s)
{
	return c->nthreads ? c->threads[s % c->nthreads] : 0;
}

/* Driver side: the spawn columns (fixed list + one parent_ and child_ column per event). */
int fb_spawn_table(struct fb_table *t, const struct fb_perf_spec *perf);
/* Worker side: runs this config's run, sending rows as they are measured.
 * Returns 0, -EINTR when a signal stopped it (rows so far are sent), or -errno. */
int fb_spawn_worker(const struct fb_spawn_config *cfg);
#endif
