/* spawn_rows: the rows of forkbench-spawn — one sample of one creation, and
 * how it becomes a CSV row. Internal to spawn_run.c and spawn_rows.c. */
#ifndef FORKBENCH_SPAWN_ROWS_H
#define FORKBENCH_SPAWN_ROWS_H
#include <stdbool.h>
#include <stdint.h>

#include "heap.h"
#include "perf.h"
#include "spawn_run.h"
#include "table.h"

struct fb_spawn_sample {
	bool measured;          /* false: a signal stopped the sweep before this one */
	int slot, prev;         /* position in its repetition; pair measured just before (-1) */
	int64_t create_ns, ready_ns, total_ns, parent_minflt, child_minflt;
	struct fb_count parent[FB_PERF_MAX], child[FB_PERF_MAX];
	char error[200];
};

int fb_spawn_write_sample(struct fb_table *t, const struct fb_spawn_pair *p, const struct fb_heap *h,
			  int cpu, uint64_t rep, const struct fb_spawn_sample *s,
			  const struct fb_spawn_pair *prev, int nev);
int fb_spawn_write_skip(struct fb_table *t, const struct fb_spawn_pair *p, const struct fb_heap *h,
			int cpu, const char *why);
#endif
