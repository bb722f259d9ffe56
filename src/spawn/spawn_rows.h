/* spawn_rows: the rows of forkbench-spawn — its CSV columns (defined once),
 * one sample of one creation, and how the worker turns it into a row on the
 * wire. The driver builds the table from the same list. */
#ifndef FORKBENCH_SPAWN_ROWS_H
#define FORKBENCH_SPAWN_ROWS_H
#include <stdbool.h>
#include <stdint.h>

#include "columns.h"
#include "heap.h"
#include "perf.h"
#include "spawn_run.h"
#include "table.h"
#include "wire.h"

/* The CSV columns of forkbench-spawn: src/spawn/columns.tbl. */
#include "spawn_columns.h"

#define FB_SPAWN_COL_ENUM(name, role, doc) FB_SPAWN_COL_##name,
enum { SPAWN_COLUMNS(FB_SPAWN_COL_ENUM) FB_SPAWN_COL_FIXED };

struct fb_spawn_sample {
	bool measured;          /* false: a signal stopped the sweep before this one */
	int slot, prev;         /* position in its repetition; variant measured just before (-1) */
	int64_t create_ns, ready_ns, total_ns, parent_minflt, child_minflt;
	int64_t touched_ns, touch_minflt;   /* large exec target; -1: not stamped */
	struct fb_count parent[FB_PERF_MAX], child[FB_PERF_MAX];
	char error[200];
};

/* The parent state a row was measured in: state index into the config's
 * fds x threads, and what was counted back (-1: not observed). */
struct fb_spawn_state {
	int index;
	int64_t fds_observed, threads_observed;
	bool like_built;                 /* --like: the replica's own totals, read back */
	struct fb_like_totals like;
};

/* Worker side: one row on the wire. */
int fb_spawn_send_sample(const struct fb_spawn_config *cfg, int v, const struct fb_heap *h,
			 const struct fb_spawn_state *st, uint64_t rep, const struct fb_spawn_sample *s);
int fb_spawn_send_skip(const struct fb_spawn_config *cfg, int v, const struct fb_heap *h,
		       const struct fb_spawn_state *st, int64_t rep, const char *why);
#endif
