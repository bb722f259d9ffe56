/* cow_run: the one measurement protocol of forkbench-cow.
 * For each heap kind and size: build the heap, verify it, then for warm-up
 * and measured repetitions run every (method, writer, pattern) combination in
 * turn — so drift hits all alike — each on a fresh fork (cow_pass.h), and write
 * one CSV row per measured combination. Before each repetition the heap is
 * observed again, and rebuilt when a previous pass split its huge pages, so
 * every repetition starts from the state the heap kind promises. The driver
 * only declares what to sweep. */
#ifndef FORKBENCH_COW_RUN_H
#define FORKBENCH_COW_RUN_H
#include "cli.h"
#include "cow_pass.h"
#include "floor.h"
#include "pattern.h"
#include "table.h"

#define FB_COW_MAX_COMBOS 256

struct fb_cow_combo {
	const struct fb_method *method;
	enum fb_cow_writer writer;
	struct fb_pattern_sel pattern;
};

struct fb_cow_config {
	struct fb_common_opts *common;
	struct fb_cow_combo combos[FB_COW_MAX_COMBOS];
	int ncombos;
	struct fb_floor floor;     /* measured before the sweep; < 0 fields: not measured */
};

/* What the sweep did beyond its rows, for the sidecar. */
struct fb_cow_totals {
	uint64_t heap_rebuilds;    /* heaps rebuilt because a pass split their huge pages */
};

/* Adds the cow columns (fixed list + one cow_ and rewrite_ column per event). */
int fb_cow_table(struct fb_table *t, const struct fb_perf_spec *perf);
/* Runs the sweep, committing rows as they are measured. Returns 0, or
 * -EINTR when a signal stopped it (rows so far are written), or -errno. */
int fb_cow_sweep(const struct fb_cow_config *cfg, struct fb_table *t, struct fb_cow_totals *tot);
#endif
