/* cow_run: the one measurement protocol of forkbench-cow, run inside the
 * worker (the lean measured process). The sweep harness builds and verifies
 * each heap; for every repetition this runs each (method, writer, pattern)
 * variant once, each on a fresh fork (cow_pass.h), and sends one row per
 * measured variant. Before each sample the heap is observed again, and
 * rebuilt when a previous pass split its huge pages (a harness hook), so every
 * repetition starts from the state the heap kind promises. The driver only
 * declares what to sweep. */
#ifndef FORKBENCH_COW_RUN_H
#define FORKBENCH_COW_RUN_H
#include "cow_pass.h"
#include "floor.h"
#include "pattern.h"
#include "sweep.h"
#include "table.h"

#define FB_COW_MAX_VARIANTS 256

/* One variant: a (method, writer, pattern), by index (plain data: it crosses to the worker). */
struct fb_cow_variant {
	uint32_t method;           /* fb_methods[] */
	uint32_t writer;           /* enum fb_cow_writer */
	uint32_t pattern;          /* fb_patterns[] */
	uint64_t param;
	char text[40];             /* the pattern as given: the CSV cell */
};

struct fb_cow_config {
	struct fb_sweep_plan plan; /* first: the driver sets plan.run per worker */
	struct fb_cow_variant variants[FB_COW_MAX_VARIANTS];
	int32_t nvariants;
	struct fb_floor floor;     /* measured by the driver before the runs; < 0: not measured */
	struct fb_perf_spec perf;
};

/* The pattern of a variant as the pattern module takes it. */
struct fb_pattern_sel fb_cow_variant_pattern(const struct fb_cow_variant *c);

/* Driver side: the cow columns (fixed list + one cow_ and rewrite_ column per event). */
int fb_cow_table(struct fb_table *t, const struct fb_perf_spec *perf);
/* Worker side: runs this config's run, sending rows as they are measured
 * and heap_rebuilds at the end. Returns 0, -EINTR when a signal stopped it,
 * or -errno. */
int fb_cow_worker(const struct fb_cow_config *cfg);
#endif
