/* footprint_run: what one call of forkbench-footprint does, in order, and why.
 *
 * Measures: the whole call as the parent sees it (call_ns) — for `direct` the
 * function itself; for an isolated mode create child -> the function runs in
 * the child -> result received (exit status or pipe) -> child reaped. Around
 * it, outside the clock: the parent's Rss and mapped size before and after
 * (what the call left behind), the parent's faults and perf counters over the
 * call, the child's faults (RUSAGE_CHILDREN). The timed pass runs with no
 * counter open; the counts come from counted passes after each block of
 * repetitions, each a twin of the timed pass (same calls, same order, see
 * perf.h), whose timings are discarded. Checks that the right result
 * came back and that an isolated call left the parent's Rss as it was.
 * Does not measure: heap construction, /proc reads, reclaiming a direct leak,
 * row sending; nor the write-protect faults the parent takes later, outside
 * the call, on its own pages that fork left read-only. Runs in the worker. */
#define _GNU_SOURCE
#include "footprint_run.h"
#include "columns.h"
#include "counted.h"
#include "procinfo.h"
#include "runctl.h"
#include "util.h"
#include "wire.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* The CSV columns of forkbench-footprint: src/footprint/columns.tbl. */
#include "footprint_columns.h"

enum { FP_COLUMNS(FB_COL_ENUM) COL_FIXED };
static const struct fb_column fp_columns[] = { FP_COLUMNS(FB_COL_ROW) };
static const struct fb_per_event fp_per_event[] = { FP_COLUMNS_PER_EVENT(FB_PER_EVENT_ROW) };

int fb_fp_table(struct fb_table *t, const struct fb_perf_spec *perf)
{
	return fb_columns_table(t, fp_columns, FB_ARRAY_LEN(fp_columns), fp_per_event,
				FB_ARRAY_LEN(fp_per_event), perf);
}

uint64_t fb_fp_tolerance(uint64_t alloc)
{
	/* Allocator and stack slack, or 5% of the block, whichever is more. */
	return alloc / 20 > (1 << 20) ? alloc / 20 : (1 << 20);
}

struct sample {
	bool measured;                                  /* false: a stop came first */
	int64_t call_ns, parent_minflt, child_minflt;   /* child_minflt -1: no child */
	struct fb_mem_usage before, after, heap_after;
	int64_t vm_growth;                              /* INT64_MIN: unreadable */
	int64_t result;
	struct fb_count parent[FB_PERF_MAX];
	char error[240];
};

/* Mapped bytes (VmSize): a leak grows it even where Rss would not show it. */
static int64_t vm_bytes(void)
{
	char line[160];
	unsigned long long pages;
	if (fb_read_line("/proc/self/statm", line, sizeof(line)) || sscanf(line, "%llu", &pages) != 1)
		return -1;
	return (int64_t)pages * sysconf(_SC_PAGESIZE);
}

/* The row's verdict: the right result, and the parent left as the mode promises. */
static void judge(const struct fb_call_mode *m, const struct fb_workload *w, uint64_t alloc,
		  uint64_t expect, const struct fb_call_result *o, int mrc, struct sample *s)
{
	char *e = s->error;
	const size_t n = sizeof(s->error);
	const bool status8 = m->method && !m->pipe;
	const uint64_t mask = status8 ? 0xff : UINT64_MAX;
	const int64_t growth = (int64_t)s->after.rss_bytes - (int64_t)s->before.rss_bytes;
	const int64_t tol = (int64_t)fb_fp_tolerance(alloc);
	if (o->signo)
		snprintf(e, n, "child killed by signal %d%s", o->signo,
			 o->signo == FB_CALL_FAILED_SIG ? " (the function failed in the child)" : "");
	else if (o->err)
		snprintf(e, n, "%s failed: %s", o->what, strerror(-o->err));
	else if (m->pipe && o->exit_code)
		snprintf(e, n, "child exit status %d after writing its result, expected 0", o->exit_code);
	else if (((uint64_t)o->result & mask) != (expect & mask))
		snprintf(e, n, "wrong result %llu %s, expected %llu", (unsigned long long)o->result,
			 status8 ? "in the exit status" : m->pipe ? "through the pipe" : "returned",
			 (unsigned long long)(expect & mask));
	else if (mrc)
		snprintf(e, n, "reading /proc/self failed: %s", strerror(-mrc));
	/* The point of isolation: the call leaves the parent as it found it. (A direct
	 * free is not judged: whether freed memory leaves is the allocator's policy.) */
	else if (m->method && growth > tol)
		snprintf(e, n, "parent Rss grew by %lld bytes after a call that should leave nothing (tolerance %lld)",
			 (long long)growth, (long long)tol);
	/* The point of the comparison: a direct leak does stay in the parent. */
	else if (!m->method && w->leaks && growth < (int64_t)alloc - tol)
		snprintf(e, n, "direct leak grew the parent's Rss by only %lld of %llu bytes",
			 (long long)growth, (unsigned long long)alloc);
}

/* One call, in the order that keeps the timed region to the call alone.
 * pc NULL: the timed pass, no counter open; otherwise a counted pass whose
 * counts go into dst's entries of the pass's window (perf.h). */
static void measure(struct fb_perf_counted *pc, struct fb_perf_tally *tally, struct sample *dst,
		    const struct fb_heap *h, const struct fb_call_mode *m, const struct fb_workload *w,
		    uint64_t alloc, uint64_t expect, struct sample *s)
{
	memset(s, 0, sizeof(*s));
	struct fb_call_result o;
	int mrc = fb_mem_process(0, &s->before);       /* 1. the parent before, outside the clock */
	int64_t vm0 = vm_bytes();
	int64_t flt_self = fb_minflt(RUSAGE_SELF), flt_kids = fb_minflt(RUSAGE_CHILDREN);
	if (pc)
		fb_perf_pass_begin(pc);                /*    counted pass: one ioctl, outside t0..t1 */
	int64_t t0 = fb_now_ns();
	fb_call(m, w, alloc, &o);                      /* 2. the call */
	int64_t t1 = fb_now_ns();
	if (pc) {
		fb_perf_pass_call_end(pc);             /*    stopped before getrusage */
		fb_perf_pass_reaped(pc);
	}
	s->call_ns = t1 - t0;
	s->parent_minflt = fb_minflt(RUSAGE_SELF) - flt_self;
	s->child_minflt = m->method ? fb_minflt(RUSAGE_CHILDREN) - flt_kids : -1;
	if (!mrc)                                      /* 3. the parent after, before any reclaim */
		mrc = fb_mem_process(0, &s->after);
	if (!mrc)
		mrc = fb_mem_range(0, h->base, h->len, &s->heap_after);
	int64_t vm1 = vm_bytes();
	s->vm_growth = vm0 >= 0 && vm1 >= 0 ? vm1 - vm0 : INT64_MIN;
	/* 4. reclaim a direct leak: the next call then meets the same parent, and a
	 *    sweep's memory stays bounded by one block instead of reps x alloc. */
	free(o.leaked);
	s->result = o.result;
	judge(m, w, alloc, expect, &o, mrc, s);
	if (pc && dst && !s->error[0] && !fb_stop_signal)   /* 5. counts of a call that worked */
		fb_perf_pass_collect(pc, dst->parent, NULL, tally);
}

/* The worker's state: the variants resolved, the expected results, the counters. */
struct fp_ctx {
	const struct fb_fp_config *cfg;
	const struct fb_call_mode *calls;
	uint64_t expect[FB_SWEEP_MAX];   /* computed once, not per call */
	struct fb_counted counted;       /* call passes only: no child counts */
	struct fb_perf_tally tally;
};

enum { BLOCK = 4 };
/* In the process image: only the pages a block uses are ever touched. */
static struct sample block_samples[BLOCK * FB_SWEEP_MAX_VARIANTS];

static void variant(const struct fp_ctx *x, int v, const struct fb_call_mode **m,
		    const struct fb_workload **w, int *a)
{
	const struct fb_fp_config *c = x->cfg;
	*m = &x->calls[c->calls[v % c->ncalls]];
	*a = v / c->ncalls % c->nallocs;
	*w = &fb_workloads[c->workloads[v / c->ncalls / c->nallocs]];
}

static void put_keys(struct fb_wire_msg *msg, const struct fb_call_mode *m, const struct fb_workload *w,
		     uint64_t alloc, const struct fb_heap *h)
{
	fb_wrow_str(msg, COL_workload, w->name);
	fb_wrow_int(msg, COL_alloc_bytes, (int64_t)alloc);
	fb_wrow_str(msg, COL_call, m->name);
	fb_wrow_str(msg, COL_heap, h->kind->name);
	fb_wrow_int(msg, COL_heap_bytes, (int64_t)h->len);
	fb_wrow_int(msg, COL_heap_mapped_bytes, (int64_t)h->mapped_len);
}

/* A row of variant v on heap h: its keys. */
static void begin_row(const struct fp_ctx *x, int v, const struct fb_heap *h, struct fb_wire_msg *msg)
{
	const struct fb_call_mode *m;
	const struct fb_workload *w;
	int a;
	variant(x, v, &m, &w, &a);
	fb_wrow_begin(msg);
	put_keys(msg, m, w, x->cfg->allocs[a], h);
}

static int send_sample(const struct fp_ctx *x, int v, const struct fb_heap *h, uint64_t rep,
		       const struct sample *s)
{
	struct fb_wire_msg msg;
	begin_row(x, v, h, &msg);
	fb_wrow_observed(&msg, COL_rss_bytes, h);
	fb_wrow_int(&msg, COL_rep, (int64_t)rep);
	fb_wrow_int(&msg, COL_call_ns, s->call_ns);
	fb_wrow_int(&msg, COL_parent_minflt, s->parent_minflt);
	if (s->child_minflt >= 0)
		fb_wrow_int(&msg, COL_child_minflt, s->child_minflt);
	if (s->before.rss_bytes && s->after.rss_bytes) {
		fb_wrow_int(&msg, COL_rss_before_bytes, (int64_t)s->before.rss_bytes);
		fb_wrow_int(&msg, COL_rss_after_bytes, (int64_t)s->after.rss_bytes);
		fb_wrow_int(&msg, COL_rss_growth_bytes,
			    (int64_t)s->after.rss_bytes - (int64_t)s->before.rss_bytes);
		fb_wrow_int(&msg, COL_heap_rss_after_bytes, (int64_t)s->heap_after.rss_bytes);
		fb_wrow_int(&msg, COL_heap_thp_after_bytes, (int64_t)s->heap_after.thp_bytes);
	}
	if (s->vm_growth != INT64_MIN)
		fb_wrow_int(&msg, COL_vm_growth_bytes, s->vm_growth);
	if (s->result >= 0)
		fb_wrow_int(&msg, COL_result, s->result);
	for (int i = 0; i < x->cfg->perf.n; i++)
		if (s->parent[i].valid)
			fb_wrow_int(&msg, COL_FIXED + i, s->parent[i].value);
	fb_wrow_str(&msg, COL_status, s->error[0] ? "error" : "ok");
	fb_wrow_str(&msg, COL_error, s->error);
	return fb_wire_send(&msg);
}

static int skip(void *ctx, const struct fb_heap *h, int v, int64_t rep, const char *why)
{
	const struct fp_ctx *x = ctx;
	struct fb_wire_msg msg;
	begin_row(x, v, h, &msg);
	if (rep >= 0)
		fb_wrow_int(&msg, COL_rep, rep);
	fb_wrow_str(&msg, COL_status, "skipped");
	fb_wrow_str(&msg, COL_error, why);
	return fb_wire_send(&msg);
}

static void measure_variant(struct fp_ctx *x, struct fb_perf_counted *pc, struct sample *dst,
			    const struct fb_heap *h, int v, struct sample *s)
{
	const struct fb_call_mode *m;
	const struct fb_workload *w;
	int a;
	variant(x, v, &m, &w, &a);
	measure(pc, &x->tally, dst, h, m, w, x->cfg->allocs[a], x->expect[a], s);
}

/* Hook, timed pass: one call with no counter open; it waits in the block for
 * its counted twins. An interrupted one is dropped, not recorded as an error. */
static int sample(void *ctx, struct fb_heap *h, const struct fb_sweep_pos *pos)
{
	struct fp_ctx *x = ctx;
	const int n = x->cfg->ncalls * x->cfg->nworkloads * x->cfg->nallocs;
	struct sample *s = &block_samples[pos->r % BLOCK * (uint64_t)n + (uint64_t)pos->variant];
	measure_variant(x, NULL, NULL, h, pos->variant, s);
	s->measured = !fb_stop_signal;
	return 0;
}

/* One counted call: the block's call again, same rep, same order. */
static void counted_again(void *ctx, struct fb_heap *h, int v, size_t slot, struct fb_perf_counted *c)
{
	struct sample twin;
	measure_variant(ctx, c, &block_samples[slot], h, v, &twin);
}

/* Hook, after each block: the counted passes, then the block's rows. */
static int end_block(void *ctx, struct fb_heap *h, const struct fb_sweep_block *b)
{
	struct fp_ctx *x = ctx;
	const int n = b->n;
	for (uint64_t i = 0; i < (b->r1 - b->r0) * (uint64_t)n; i++)
		fb_perf_counts_clear(block_samples[i].parent);
	fb_counted_block(&x->counted, h, b);
	int rc = 0;
	for (uint64_t r = b->r0 > b->warmup ? b->r0 : b->warmup; r < b->r1 && !rc; r++)
		for (int k = 0; k < n && !rc; k++) {
			const int v = b->orders[(r - b->r0) * (uint64_t)n + (uint64_t)k];
			const struct sample *s = &block_samples[(r - b->r0) * (uint64_t)n + (uint64_t)v];
			if (s->measured)
				rc = send_sample(x, v, h, b->first_rep + r - b->warmup, s);
		}
	memset(block_samples, 0, BLOCK * (size_t)n * sizeof(block_samples[0]));
	return rc;
}

int fb_fp_worker(const struct fb_fp_config *cfg)
{
	if (cfg->ncalls < 1 || cfg->nworkloads < 1 || cfg->nallocs < 1 ||
	    cfg->ncalls * cfg->nworkloads * cfg->nallocs > FB_SWEEP_MAX_VARIANTS)
		return -EINVAL;
	/* Not fatal: a sanitizer's allocator ignores mallopt; the sidecar says so. */
	fb_wire_info("malloc_fixed", fb_workload_init() == 0);
	static struct fp_ctx x;
	memset(&x, 0, sizeof(x));
	x.cfg = cfg;
	size_t ncalls;
	x.calls = fb_call_modes(&ncalls);
	for (int i = 0; i < cfg->ncalls; i++)
		if (cfg->calls[i] >= ncalls)
			return -EINVAL;
	for (int a = 0; a < cfg->nallocs; a++)
		x.expect[a] = fb_workload_expected(cfg->allocs[a]);
	fb_counted_init(&x.counted, &cfg->perf, false, counted_again, &x);
	const struct fb_sweep_hooks hk = {
		.ctx = &x, .nvariants = cfg->ncalls * cfg->nworkloads * cfg->nallocs, .block = BLOCK,
		.sample = sample, .end_block = end_block, .skip = skip,
	};
	int rc = fb_sweep_run(&cfg->plan, &hk);
	fb_wire_perf_tally(&x.tally, cfg->perf.n, x.counted.passes, x.counted.npasses);
	return rc;
}
