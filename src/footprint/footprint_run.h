/* footprint_run: the one measurement protocol of forkbench-footprint (TLPI
 * Listing 24.3: run a function in a fork()ed child so the parent's memory is
 * untouched, the result coming back in the exit status or through a pipe).
 * For each heap kind and size: build the heap, verify it, then for warm-up
 * and measured repetitions call every (workload, alloc, mode) in turn — so
 * drift hits all alike — and write one CSV row per measured call. The driver
 * only declares what to sweep. */
#ifndef FORKBENCH_FOOTPRINT_RUN_H
#define FORKBENCH_FOOTPRINT_RUN_H
#include "method.h"
#include "perf.h"
#include "sweep.h"
#include "table.h"
#include "workload.h"

/* The worker's config: plain data (tables by index), sent as bytes. The
 * variants are workload x alloc x mode, in that nesting. */
struct fb_fp_config {
	struct fb_sweep_plan plan;             /* first: the driver sets plan.run per worker */
	uint32_t calls[FB_SWEEP_MAX];          /* fb_call_modes() */
	int32_t ncalls;
	uint32_t workloads[FB_SWEEP_MAX];      /* fb_workloads[] */
	int32_t nworkloads;
	uint64_t allocs[FB_SWEEP_MAX];
	int32_t nallocs;
	struct fb_perf_spec perf;
};

/* Tolerated growth of the parent's Rss after a call that should leave nothing. */
uint64_t fb_fp_tolerance(uint64_t alloc);

/* Driver side: the footprint columns (fixed list + one parent_ column per event). */
int fb_fp_table(struct fb_table *t, const struct fb_perf_spec *perf);
/* Worker side: pins malloc's policy (sends malloc_fixed 0/1), runs this
 * config's run, sending rows as they are measured. Returns 0, -EINTR when a
 * signal stopped it, or -errno. */
int fb_fp_worker(const struct fb_fp_config *cfg);
#endif
