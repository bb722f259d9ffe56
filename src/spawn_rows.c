/* spawn_rows: forkbench-spawn's CSV columns, defined once (header, rows,
 * summary and --columns all come from SPAWN_COLUMNS), and the row writers. */
#define _GNU_SOURCE
#include "spawn_rows.h"
#include "util.h"

#include <stdio.h>

/* The CSV columns of forkbench-spawn, defined once: header, rows, summary, docs. */
#define SPAWN_COLUMNS(X)                                                                       \
	X(method, FB_KEY, "creation method (see --list)")                                      \
	X(child, FB_KEY, "child action: exit or exec")                                          \
	X(heap, FB_KEY, "parent heap kind (see --list)")                                        \
	X(heap_bytes, FB_KEY, "heap size asked for, bytes")                                     \
	X(rep, FB_INFO, "repetition number, 0-based, after warm-up; empty on a skipped row")   \
	X(slot, FB_INFO, "position of this pair in its repetition's shuffled order, 0-based")  \
	X(after, FB_INFO, "method/child measured just before this one (a large fork leaves caches cold)") \
	X(create_ns, FB_METRIC, "call -> return in the parent")                                 \
	X(ready_ns, FB_METRIC, "call -> first instruction of the child (or of the exec target)") \
	X(total_ns, FB_METRIC, "call -> child reaped")                                          \
	X(parent_minflt, FB_METRIC, "parent minor faults over the call (getrusage)")            \
	X(child_minflt, FB_METRIC, "minor faults of the child over its life (RUSAGE_CHILDREN)") \
	X(rss_bytes, FB_INFO, "observed process Rss before timing (smaps_rollup)")              \
	X(thp_bytes, FB_INFO, "observed process AnonHugePages before timing")                   \
	X(vmas, FB_INFO, "observed process VMA count before timing (/proc/self/maps)")          \
	X(heap_rss_bytes, FB_INFO, "observed Rss of the heap's own VMAs (smaps)")               \
	X(heap_thp_bytes, FB_INFO, "observed AnonHugePages of the heap's own VMAs")             \
	X(heap_vmas, FB_INFO, "observed number of VMAs making up the heap")                     \
	X(cpu, FB_INFO, "CPU the parent was pinned to; empty when not pinned")                  \
	X(status, FB_INFO, "ok, error or skipped")                                              \
	X(error, FB_INFO, "why a row is not ok; empty otherwise")

enum {
#define X(name, role, doc) COL_##name,
	SPAWN_COLUMNS(X)
#undef X
	COL_FIXED
};

static const struct fb_column spawn_columns[] = {
#define X(name, role, doc) { #name, role, doc },
	SPAWN_COLUMNS(X)
#undef X
};

static int first_perf_col;

int fb_spawn_table(struct fb_table *t, const struct fb_perf_spec *perf)
{
	int rc = fb_table_init(t, spawn_columns, FB_ARRAY_LEN(spawn_columns));
	first_perf_col = COL_FIXED;
	for (int side = 0; rc >= 0 && side < 2; side++)
		for (int i = 0; rc >= 0 && i < perf->n; i++) {
			char name[96];
			snprintf(name, sizeof(name), "%s_%s", side ? "child" : "parent", perf->ev[i].column);
			rc = fb_table_add(t, name, FB_METRIC,
					  side ? "perf event over the child's life (inherited counter minus the parent's)"
					       : "perf event in the parent over the creation call");
		}
	return rc < 0 ? rc : 0;
}

static void put_observed(struct fb_table *t, const struct fb_heap *h, int cpu)
{
	fb_row_int(t, COL_rss_bytes, (int64_t)h->process.rss_bytes);
	fb_row_int(t, COL_thp_bytes, (int64_t)h->process.thp_bytes);
	fb_row_int(t, COL_vmas, (int64_t)h->process.vmas);
	fb_row_int(t, COL_heap_rss_bytes, (int64_t)h->range.rss_bytes);
	fb_row_int(t, COL_heap_thp_bytes, (int64_t)h->range.thp_bytes);
	fb_row_int(t, COL_heap_vmas, (int64_t)h->range.vmas);
	if (cpu >= 0)
		fb_row_int(t, COL_cpu, cpu);
}

static void put_keys(struct fb_table *t, const struct fb_spawn_pair *p, const struct fb_heap *h)
{
	fb_row_str(t, COL_method, p->method->name);
	fb_row_str(t, COL_child, p->mode->name);
	fb_row_str(t, COL_heap, h->kind->name);
	fb_row_int(t, COL_heap_bytes, (int64_t)h->len);
}

int fb_spawn_write_sample(struct fb_table *t, const struct fb_spawn_pair *p, const struct fb_heap *h,
			int cpu, uint64_t rep, const struct fb_spawn_sample *s, const struct fb_spawn_pair *prev,
			int nev)
{
	fb_row_begin(t);
	put_keys(t, p, h);
	fb_row_int(t, COL_rep, (int64_t)rep);
	fb_row_int(t, COL_slot, s->slot);
	if (prev) {
		char after[64];
		snprintf(after, sizeof(after), "%s/%s", prev->method->name, prev->mode->name);
		fb_row_str(t, COL_after, after);
	}
	put_observed(t, h, cpu);
	if (s->create_ns || s->total_ns) {
		fb_row_int(t, COL_create_ns, s->create_ns);
		fb_row_int(t, COL_total_ns, s->total_ns);
		fb_row_int(t, COL_parent_minflt, s->parent_minflt);
		fb_row_int(t, COL_child_minflt, s->child_minflt);
	}
	if (s->ready_ns >= 0)
		fb_row_int(t, COL_ready_ns, s->ready_ns);
	for (int i = 0; i < nev; i++) {
		if (s->parent[i].valid)
			fb_row_int(t, first_perf_col + i, s->parent[i].value);
		if (s->child[i].valid)
			fb_row_int(t, first_perf_col + nev + i, s->child[i].value);
	}
	fb_row_str(t, COL_status, s->error[0] ? "error" : "ok");
	fb_row_str(t, COL_error, s->error);
	return fb_row_commit(t);
}

int fb_spawn_write_skip(struct fb_table *t, const struct fb_spawn_pair *p, const struct fb_heap *h,
		      int cpu, const char *why)
{
	fb_row_begin(t);
	put_keys(t, p, h);
	put_observed(t, h, cpu);
	fb_row_str(t, COL_status, "skipped");
	fb_row_str(t, COL_error, why);
	return fb_row_commit(t);
}

