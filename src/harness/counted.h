/* counted: the counted passes of a block of repetitions, owned by the harness.
 * After a block of timed samples (no counter open), each counted pass runs the
 * block again — same reps, same shuffled order — with one PMU window's events
 * open, and the driver's `again` callback puts each counted creation's counts
 * into the timed sample's entries (its timings are discarded). A pass that
 * cannot open leaves its cells empty and is said once on the wire. Measures
 * nothing itself: the driver's callback does. */
#ifndef FORKBENCH_COUNTED_H
#define FORKBENCH_COUNTED_H
#include <stdbool.h>
#include <stddef.h>

#include "perf.h"
#include "sweep.h"

struct fb_counted {
	const struct fb_perf_spec *perf;
	struct fb_perf_pass passes[FB_PERF_MAX_PASSES];
	int npasses;
	bool warned;               /* a pass that did not open: said once */
	/* One counted repetition of `variant`; slot indexes the block's samples
	 * ((r - r0) * n + variant). */
	void (*again)(void *ctx, struct fb_heap *h, int variant, size_t slot, struct fb_perf_counted *c);
	void *ctx;
};

/* Plans the passes (child counts too when with_child). */
void fb_counted_init(struct fb_counted *k, const struct fb_perf_spec *perf, bool with_child,
		     void (*again)(void *, struct fb_heap *, int, size_t, struct fb_perf_counted *), void *ctx);
/* Every pass over block b, in turn, until a stop signal. */
void fb_counted_block(struct fb_counted *k, struct fb_heap *h, const struct fb_sweep_block *b);
#endif
