/* cow_pass: one repetition of forkbench-cow, both sides of it.
 * The parent forks a child over a populated heap; the writer (child or
 * parent) runs the pattern once over the pages fork shared copy-on-write
 * (the timed COW pass), then once more over the pages that are now private
 * (the no-fault baseline), while the other side stays alive, parked on a pipe,
 * holding its mapping — and afterwards counts how many of its own pages
 * changed (isolation). Parent and child talk over two pipes, "child ready"
 * and "parent ready", as Linux selftests mm/cow.c does; the child's results
 * come back in a MAP_SHARED page mapped before the fork.
 * Does not measure fork itself (forkbench-spawn does) nor the child's exit. */
#ifndef FORKBENCH_COW_PASS_H
#define FORKBENCH_COW_PASS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "method.h"
#include "pattern.h"
#include "perf.h"

enum fb_cow_writer { FB_COW_CHILD, FB_COW_PARENT };

/* Which side writes, one row each: CLI, CSV and plot name. */
struct fb_cow_writer_row {
	const char *name;
	const char *desc;
};
extern const struct fb_cow_writer_row fb_cow_writers[];
extern const size_t fb_cow_writer_count;

/* What one repetition measured. Every field the writer fills is valid only
 * when `measured`; other_changed only when other_valid. */
struct fb_cow_sample {
	bool measured;
	int64_t cow_ns, rewrite_ns;          /* first pass (COW), second pass (private) */
	int64_t cow_minflt, rewrite_minflt;  /* the writer's getrusage(RUSAGE_SELF) deltas */
	bool dirty_valid, range_valid, other_valid;
	int64_t dirty_growth_bytes;          /* writer's Private_Dirty growth over the first pass */
	int64_t thp_after_bytes;             /* writer's AnonHugePages of the heap after it */
	int64_t folio_whole_pct_after;       /* pte_folio heaps: writer's chunks still one folio (-1: unknown) */
	int64_t other_changed;               /* pages the other side saw change */
	uint64_t sink;                       /* what a read pass read */
	struct fb_count cow_ev[FB_PERF_MAX], rewrite_ev[FB_PERF_MAX];
	char error[200];                     /* non-empty: the repetition failed */
};

/* What a sweep opens once: the shared report page and the parent's counters. */
struct fb_cow_pass_ctx {
	const struct fb_perf_spec *perf;
	struct fb_cow_sample *shared;        /* MAP_SHARED: the child writes its sample here */
	struct fb_perf_set parent_perf;
	uint64_t stamp;                      /* advanced per repetition: what the writer stores */
};

int fb_cow_pass_init(struct fb_cow_pass_ctx *x, const struct fb_perf_spec *perf);
void fb_cow_pass_close(struct fb_cow_pass_ctx *x);

struct fb_cow_job {
	const struct fb_method *method;      /* FB_M_COW row */
	enum fb_cow_writer writer;
	const struct fb_pattern_sel *pattern;
	char *base;                          /* the heap, populated and verified */
	size_t len;
	uint64_t pages_written;              /* fb_pattern_pages() of the pattern over the heap */
	bool shared_heap;                    /* MAP_SHARED heap: the other side must see the writes */
	size_t pte_folio_bytes;              /* a heap of large folios mapped by PTEs: their size; else 0 */
};

/* One repetition. Returns 0 (s->error says whether it worked) or -EINTR when
 * a signal stopped it; in every case no child is left behind. */
int fb_cow_pass(struct fb_cow_pass_ctx *x, const struct fb_cow_job *j, struct fb_cow_sample *s);
#endif
