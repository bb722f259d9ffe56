/* stall_run: the one measurement protocol of forkbench-stall. For each heap
 * kind and size: build and verify the heap, then per repetition and per
 * (method, child action) pair: set the sibling's loop going, create and reap a
 * child, then hold an equally long quiet window, and write one row with the
 * sibling's latencies over the creation call and over the quiet window. */
#ifndef FORKBENCH_STALL_RUN_H
#define FORKBENCH_STALL_RUN_H
#include "cli.h"
#include "method.h"
#include "replica.h"
#include "table.h"

struct fb_stall_pair {
	const struct fb_method *method;
	const struct fb_child_mode *mode;
};

struct fb_stall_config {
	struct fb_common_opts *common;
	struct fb_stall_pair pairs[32];
	int npairs;
	int sibling_cpu;          /* -1: not pinned */
	char exec_target[4096];   /* empty when no pair execs */
	struct fb_like_spec like; /* --like / --like-file: the replica is the parent (src/like/) */
};

/* Operations the sibling's buffer holds per repetition: 2 MiB, over a second
 * of a loop whose operation takes about 10 us here. Small, because fork copies
 * the parent's page tables, the buffer's too. */
#define FB_STALL_OPS_CAP (1u << 17)

int fb_stall_table(struct fb_table *t, const struct fb_perf_spec *perf);
/* 0, -EINTR when a signal stopped it (rows so far written), or -errno. */
int fb_stall_sweep(const struct fb_stall_config *cfg, struct fb_table *t);
#endif
