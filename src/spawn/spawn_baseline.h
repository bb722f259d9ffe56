/* spawn_baseline: bare fork/vfork + exit loops and the median of a run's
 * samples (see spawn_baseline.c). */
#ifndef FORKBENCH_SPAWN_BASELINE_H
#define FORKBENCH_SPAWN_BASELINE_H
#include <stdbool.h>
#include <stdint.h>

#define FB_SPAWN_MAX_ZERO 1024

/* Median of n samples (sorts v); -1 when n <= 0. */
int64_t fb_spawn_median_ns(int64_t *v, int n);
/* The median of n bare loops (the first tenth more, discarded); -1 on failure. */
int64_t fb_spawn_bare_loop(bool use_vfork, unsigned n);
struct fb_method;
/* The same through a driver's own one-creation function (total ns, -1 on an error). */
int64_t fb_spawn_protocol_loop(unsigned n, const struct fb_method *m,
			       int64_t (*once)(void *ctx, const struct fb_method *m), void *ctx);
#endif
