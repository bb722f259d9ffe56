/* spawn_sidecar: the workers' baseline figures pooled over runs for the sidecar (see spawn_sidecar.c). */
#ifndef FORKBENCH_SPAWN_SIDECAR_H
#define FORKBENCH_SPAWN_SIDECAR_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum { BL_FORK, BL_VFORK, BL_WORKER_FORK, BL_WORKER_VFORK, BL_PROTO_FORK, BL_PROTO_VFORK, BL_N,
       BL_MAX_RUNS = 1000 };

struct fb_spawn_baselines {
	int64_t v[BL_N][BL_MAX_RUNS];   /* -1: not sent */
	bool any;
};

/* fb_runs.on_info: keeps a worker's baseline key for its run. */
void fb_spawn_baselines_info(void *ctx, uint32_t run, const char *key, int64_t value);
/* baseline_*: per run and over runs, and the worker's heap-0 numbers against
 * them (the target: fork+exit within 1.05x of the bare loop, pinned). */
void fb_spawn_baselines_write(FILE *side, const struct fb_spawn_baselines *b, unsigned runs);
#endif
