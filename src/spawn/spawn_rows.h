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

/* The CSV columns of forkbench-spawn, defined once: header, rows, summary, docs. */
#define SPAWN_COLUMNS(X)                                                                       \
	X(method, FB_KEY, "creation method (see --list)")                                      \
	X(child, FB_KEY, "child action: exit or exec")                                          \
	X(exec_target, FB_KEY, "image the exec child starts (see --exec-target); - on exit rows") \
	FB_HEAP_COLUMNS(X)                                                                      \
	X(fds, FB_KEY, "open descriptors the parent holds beyond its own, asked for (--fds)")  \
	X(threads, FB_KEY, "idle sibling threads in the parent, asked for (--threads)")         \
	X(heap_mapped_bytes, FB_INFO, "heap size mapped: heap_bytes rounded up to a 4 KiB page (0: no heap at all)") \
	FB_RUN_COLUMNS(X)                                                                       \
	X(slot, FB_INFO, "position of this variant (method, child, exec target) in its repetition's shuffled order, 0-based")  \
	X(after, FB_INFO, "method/child measured just before this one (a large fork leaves caches cold)") \
	X(create_ns, FB_METRIC, "call -> return in the parent")                                 \
	X(ready_ns, FB_METRIC, "call -> first instruction of the child (or of the exec target)") \
	X(total_ns, FB_METRIC, "call -> child reaped")                                          \
	X(touched_ns, FB_METRIC, "call -> the large exec target has read SIZE of its text (large:SIZE rows only)") \
	X(touch_minflt, FB_METRIC, "minor faults of the large exec target over that read, its own getrusage (large:SIZE rows only)") \
	X(parent_minflt, FB_METRIC, "parent minor faults over the call (getrusage)")            \
	X(child_minflt, FB_METRIC, "minor faults of the child over its life (RUSAGE_CHILDREN)") \
	FB_OBSERVED_COLUMNS(X)                                                                  \
	X(fds_observed, FB_INFO, "descriptors the setup added, counted back from /proc/self/fd before timing") \
	X(threads_observed, FB_INFO, "sibling threads counted back from /proc/self/task before timing (the measuring thread not counted)") \
	LIKE_COLUMNS(X)                                                                         \
	FB_END_COLUMNS(X)

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
