/* footprint_run: the one measurement protocol of forkbench-footprint (TLPI
 * Listing 24.3: run a function in a fork()ed child so the parent's memory is
 * untouched, the result coming back in the exit status or through a pipe).
 * For each heap kind and size: build the heap, verify it, then for warm-up
 * and measured repetitions call every (workload, alloc, mode) in turn — so
 * drift hits all alike — and write one CSV row per measured call. The driver
 * only declares what to sweep. */
#ifndef FORKBENCH_FOOTPRINT_RUN_H
#define FORKBENCH_FOOTPRINT_RUN_H
#include "cli.h"
#include "method.h"
#include "table.h"
#include "workload.h"

struct fb_fp_config {
	struct fb_common_opts *common;
	const struct fb_call_mode *modes[FB_MAX_PICK];
	int nmodes;
	const struct fb_workload *workloads[FB_MAX_PICK];
	int nworkloads;
	uint64_t allocs[FB_MAX_SIZES];
	int nallocs;
};

/* Tolerated growth of the parent's Rss after a call that should leave nothing. */
uint64_t fb_fp_tolerance(uint64_t alloc);

/* Adds the footprint columns (fixed list + one parent_ column per event). */
int fb_fp_table(struct fb_table *t, const struct fb_perf_spec *perf);
/* Runs the sweep, committing rows as they are measured. Returns 0, or
 * -EINTR when a signal stopped it (rows so far are written), or -errno. */
int fb_fp_sweep(const struct fb_fp_config *cfg, struct fb_table *t);
#endif
