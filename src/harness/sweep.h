/* sweep: the one sweep harness every driver's worker runs. It owns the loop
 * heap kind x size x repetition x variant of one run: builds and verifies each
 * heap (a setup that did not happen becomes one skip row per variant, never a
 * measurement), warm-up repetitions, a new reproducible order of the variants
 * in every repetition, blocks of repetitions, progress counted by the loop
 * itself, and stopping on a signal. A driver declares its variants and the
 * hooks that take and write one sample; it never loops over the sweep itself.
 * A run is one fresh worker process: the reps are spread over the runs, and
 * every run covers every configuration, so a slow stretch of the host lands
 * on one run, not on one configuration. Measures nothing itself. */
#ifndef FORKBENCH_SWEEP_H
#define FORKBENCH_SWEEP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "heap.h"

#define FB_SWEEP_MAX 32
#define FB_SWEEP_MAX_VARIANTS 256

/* What to sweep: plain data, sent to the worker as bytes. */
struct fb_sweep_plan {
	uint32_t heaps[FB_SWEEP_MAX];   /* indexes into fb_heap_kinds[] */
	int32_t nheaps;
	uint64_t sizes[FB_SWEEP_MAX];
	int32_t nsizes;
	uint64_t fragments;             /* the fragmented kind's VMA count */
	uint64_t warmup;                /* discarded reps per configuration, in every run */
	uint64_t reps;                  /* measured reps per configuration, over all runs */
	uint32_t runs, run;             /* this worker is run `run` of `runs` */
	int32_t cpu;                    /* the worker pins itself here; -1: not pinned */
	uint32_t states;                /* parent states swept inside each heap (0: none, as 1) */
	uint32_t set_mthp;              /* mTHP kinds: set the knobs for each build (heap.h) */
	uint64_t first_reps;            /* > 0: run 0 measures this many reps, the others share the rest (--budget's probe) */
};

/* The reps run `run` measures: numbers [first, first + count). */
void fb_sweep_share(const struct fb_sweep_plan *p, uint32_t run, uint64_t *first, uint64_t *count);
/* Samples the timed loop takes in run `run` (progress total); all runs when run == UINT32_MAX. */
uint64_t fb_sweep_samples(const struct fb_sweep_plan *p, int nvariants, uint32_t run);

/* Where one sample sits. */
struct fb_sweep_pos {
	uint64_t r;              /* repetition within this configuration and run, warm-up included */
	bool warmup;             /* discarded: take it, write no row */
	uint64_t rep;            /* rep number across runs (valid when !warmup) */
	int variant;
	int slot;                /* position in this repetition's order */
	int prev;                /* variant measured just before, -1 for the first of a configuration */
};

/* A block of repetitions just timed: [r0, r1), their orders (n per rep). */
struct fb_sweep_block {
	uint64_t r0, r1, warmup, first_rep;
	const int *orders;
	int n;
};

struct fb_sweep_hooks {
	void *ctx;
	int nvariants;
	bool shuffle;            /* a new reproducible order of the variants in each rep */
	unsigned block;          /* reps per block, end_block after each; 0: 1 */
	/* Once, before the first configuration: warm the process (optional). */
	void (*warm)(void *ctx);
	/* A heap was built and verified, or skipped (skip_reason set) (optional). */
	int (*heap_ready)(void *ctx, struct fb_heap *h);
	/* Before each sample (optional): may observe or rebuild the heap; a
	 * skip_reason set here turns the sample into a skip row. */
	void (*before)(void *ctx, struct fb_heap *h);
	/* Takes one sample (and, without end_block, writes its row unless warm-up). */
	int (*sample)(void *ctx, struct fb_heap *h, const struct fb_sweep_pos *pos);
	/* After each block, and after a stop with what was measured (optional). */
	int (*end_block)(void *ctx, struct fb_heap *h, const struct fb_sweep_block *b);
	/* Parent states (plan.states > 1: open fds, idle threads, ...): before each
	 * state's configuration of a built heap, set state up and verify it (0; 1
	 * with why filled: that configuration becomes skip rows; or -errno); it may
	 * re-read the process's observed usage into h. With set_up false only
	 * select it for the skip rows of a heap that failed. */
	int (*state_enter)(void *ctx, struct fb_heap *h, int state, bool set_up, char *why, size_t len);
	/* After a state's configuration: tear it down (optional). */
	void (*state_leave)(void *ctx, int state);
	/* A skip row: rep < 0 for a heap that could not be set up at all. */
	int (*skip)(void *ctx, const struct fb_heap *h, int variant, int64_t rep, const char *why);
};

/* Runs this plan's run. Returns 0, -EINTR when a signal stopped it, or the
 * first hook's -errno. Sends progress through the wire as it goes. */
int fb_sweep_run(const struct fb_sweep_plan *p, const struct fb_sweep_hooks *hk);

/* The order of n variants for a given seed (Fisher-Yates, 64-bit LCG). */
void fb_sweep_order(int *order, int n, uint64_t seed);
#endif
