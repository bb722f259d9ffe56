/* stall_run: the one measurement protocol of forkbench-stall, run inside the
 * worker (the lean measured process, one per run). The sweep harness builds
 * and verifies each heap and owns warm-up, order and repetitions; for each
 * sample of a variant (a method, a child action) this sets the sibling's loop
 * going, creates and reaps a child, holds an equally long quiet window, and
 * sends one row with the sibling's latencies over the creation call and over
 * the quiet window. The driver only declares what to sweep. */
#ifndef FORKBENCH_STALL_RUN_H
#define FORKBENCH_STALL_RUN_H
#include "method.h"
#include "perf.h"
#include "replica.h"
#include "sweep.h"
#include "table.h"

#define FB_STALL_MAX_VARIANTS 32

/* One variant: a (method, child action), by index (plain data: it crosses to the worker). */
struct fb_stall_variant {
	uint32_t method;          /* fb_methods[] */
	uint32_t mode;            /* fb_child_modes[] */
};

struct fb_stall_config {
	struct fb_sweep_plan plan; /* first: the driver sets plan.run per worker */
	struct fb_stall_variant variants[FB_STALL_MAX_VARIANTS];
	int32_t nvariants;
	int32_t sibling_cpu;      /* -1: not pinned */
	char exec_target[4096];   /* empty when no variant execs */
	struct fb_like_spec like; /* --like / --like-file: the replica is the parent (src/like/) */
};

/* Operations the sibling's buffer holds per repetition: 2 MiB, over a second
 * of a loop whose operation takes about 10 us here. Small, because fork copies
 * the parent's page tables, the buffer's too. */
#define FB_STALL_OPS_CAP (1u << 17)

/* Driver side: the stall columns. */
int fb_stall_table(struct fb_table *t, const struct fb_perf_spec *perf);
/* Worker side: runs this config's run, sending rows as they are measured.
 * Returns 0, -EINTR when a signal stopped it, or -errno. */
int fb_stall_worker(const struct fb_stall_config *cfg);
#endif
