/* cow_run: what one forkbench-cow sweep does, in order, and why.
 *
 * Measures, per repetition: the writer's first pass over copy-on-write pages
 * (cow_ns), the same pass over the now private pages (rewrite_ns), the
 * writer's minor faults and perf counters over each pass, the Private_Dirty
 * the first pass really added to the heap's VMAs, whether a huge mapping survived, and what the
 * other side saw change. Does not measure: fork, the child's exit, heap
 * construction or verification, /proc reads, row sending — all outside the
 * timed regions (see cow_pass.c for the order inside a repetition). */
#define _GNU_SOURCE
#include "cow_run.h"
#include "columns.h"
#include "procinfo.h"
#include "runctl.h"
#include "util.h"
#include "wire.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* The CSV columns of forkbench-cow: src/cow/columns.tbl. */
#include "cow_columns.h"

enum { COW_COLUMNS(FB_COL_ENUM) COL_FIXED };
static const struct fb_column cow_columns[] = { COW_COLUMNS(FB_COL_ROW) };
static const struct fb_per_event cow_per_event[] = { COW_COLUMNS_PER_EVENT(FB_PER_EVENT_ROW) };

int fb_cow_table(struct fb_table *t, const struct fb_perf_spec *perf)
{
	return fb_columns_table(t, cow_columns, FB_ARRAY_LEN(cow_columns), cow_per_event,
				FB_ARRAY_LEN(cow_per_event), perf);
}

struct fb_pattern_sel fb_cow_variant_pattern(const struct fb_cow_variant *c)
{
	struct fb_pattern_sel sel = { .pat = &fb_patterns[c->pattern], .param = c->param };
	snprintf(sel.text, sizeof(sel.text), "%s", c->text);
	return sel;
}

/* The worker's state: the heap's facts per variant, worked out before any timing. */
struct cow_ctx {
	const struct fb_cow_config *cfg;
	struct fb_cow_pass_ctx pass;
	struct fb_pattern_sel sel[FB_COW_MAX_VARIANTS];
	uint64_t thp_built;        /* AnonHugePages right after building: what to keep */
	uint64_t pages_written[FB_COW_MAX_VARIANTS], huge_written[FB_COW_MAX_VARIANTS];
	uint64_t heap_rebuilds;
	struct fb_perf_tally tally;   /* the writer's counted windows, for the sidecar */
};

static void put_keys(struct fb_wire_msg *m, const struct cow_ctx *x, int ci, const struct fb_heap *h)
{
	const struct fb_cow_variant *c = &x->cfg->variants[ci];
	fb_wrow_str(m, COL_method, fb_methods[c->method].name);
	fb_wrow_str(m, COL_heap, h->kind->name);
	fb_wrow_int(m, COL_heap_bytes, (int64_t)h->len);
	fb_wrow_int(m, COL_heap_mapped_bytes, (int64_t)h->mapped_len);
	fb_wrow_str(m, COL_writer, fb_cow_writers[c->writer].name);
	fb_wrow_str(m, COL_pattern, c->text);
}

/* Rounded a * mul / b; false (cell stays empty) when b is 0. */
static bool ratio(int64_t a, int64_t mul, int64_t b, int64_t *out)
{
	if (b <= 0)
		return false;
	*out = (int64_t)((double)a * (double)mul / (double)b + 0.5);
	return true;
}

static void put_sample(struct fb_wire_msg *m, const struct cow_ctx *x, const struct fb_heap *h,
		       int ci, const struct fb_cow_sample *s)
{
	const struct fb_floor *fl = &x->cfg->floor;
	const int nev = x->cfg->perf.n;
	const int64_t pw = (int64_t)x->pages_written[ci], hw = (int64_t)x->huge_written[ci];
	int64_t v;
	fb_wrow_int(m, COL_cow_ns, s->cow_ns);
	fb_wrow_int(m, COL_rewrite_ns, s->rewrite_ns);
	fb_wrow_int(m, COL_cow_minflt, s->cow_minflt);
	fb_wrow_int(m, COL_rewrite_minflt, s->rewrite_minflt);
	if (ratio(s->cow_ns, 1, pw, &v))
		fb_wrow_int(m, COL_cow_ns_per_page, v);
	if (ratio(s->rewrite_ns, 1, pw, &v))
		fb_wrow_int(m, COL_rewrite_ns_per_page, v);
	if (ratio(s->cow_minflt, 100, pw, &v))
		fb_wrow_int(m, COL_cow_faults_per_page_pct, v);
	if (x->thp_built && ratio(s->cow_minflt, 100, hw, &v))
		fb_wrow_int(m, COL_faults_per_huge_page_pct, v);
	/* Against fault + copy: what a COW fault would cost if it were only those two. */
	double floor = fl->fault_ns_per_page + fl->copy_ns_per_page;
	if (pw > 0 && fl->fault_ns_per_page >= 0 && fl->copy_ns_per_page >= 0 && floor > 0)
		fb_wrow_int(m, COL_cow_vs_floor_pct,
			    (int64_t)(100.0 * ((double)s->cow_ns / (double)pw) / floor + 0.5));
	if (s->dirty_valid)
		fb_wrow_int(m, COL_dirty_growth_bytes, s->dirty_growth_bytes);
	if (s->range_valid) {
		fb_wrow_int(m, COL_heap_thp_bytes_after, s->thp_after_bytes);
		if (s->folio_whole_pct_after >= 0)
			fb_wrow_int(m, COL_folio_whole_pct_after, s->folio_whole_pct_after);
		if (h->range.thp_bytes)
			fb_wrow_str(m, COL_thp_mapping,
				    (uint64_t)s->thp_after_bytes >= h->range.thp_bytes ? "pmd"
				    : s->thp_after_bytes == 0			     ? "split"
										     : "partial");
	}
	for (int i = 0; i < nev; i++) {
		if (s->cow_ev[i].valid)
			fb_wrow_int(m, COL_FIXED + i, s->cow_ev[i].value);
		if (s->rewrite_ev[i].valid)
			fb_wrow_int(m, COL_FIXED + nev + i, s->rewrite_ev[i].value);
	}
}

static int send_row(const struct cow_ctx *x, const struct fb_heap *h, int ci, int64_t rep,
		    const struct fb_cow_sample *s, const char *skip)
{
	struct fb_wire_msg m;
	fb_wrow_begin(&m);
	put_keys(&m, x, ci, h);
	if (rep >= 0)
		fb_wrow_int(&m, COL_rep, rep);
	fb_wrow_int(&m, COL_pages_written, (int64_t)x->pages_written[ci]);
	if (x->thp_built)
		fb_wrow_int(&m, COL_huge_pages_written, (int64_t)x->huge_written[ci]);
	fb_wrow_observed(&m, COL_rss_bytes, h);
	if (s && s->measured)
		put_sample(&m, x, h, ci, s);
	if (s && s->other_valid)
		fb_wrow_int(&m, COL_other_changed_pages, s->other_changed);
	const char *err = skip ? skip : s->error;
	fb_wrow_str(&m, COL_status, skip ? "skipped" : err[0] ? "error" : "ok");
	fb_wrow_str(&m, COL_error, err);
	return fb_wire_send(&m);
}

/* Hook: a heap was built (or skipped): what each variant does to it. */
static int heap_ready(void *ctx, struct fb_heap *h)
{
	struct cow_ctx *x = ctx;
	x->thp_built = h->skip_reason[0] ? 0 : h->range.thp_bytes;
	const uint64_t pages = h->len / FB_PAGE_SIZE;
	for (int c = 0; c < x->cfg->nvariants; c++) {
		x->pages_written[c] = fb_pattern_pages(&x->sel[c], pages);
		x->huge_written[c] = fb_pattern_groups(&x->sel[c], pages, FB_HUGE_SIZE / FB_PAGE_SIZE);
	}
	return 0;
}

/* Hook, before each sample: observe the parent's heap, and rebuild it when a
 * previous parent-writer pass split its huge pages — a repetition measures the
 * kind's state, not what the last one left. */
static void before(void *ctx, struct fb_heap *h)
{
	struct cow_ctx *x = ctx;
	if (fb_heap_intact(h))
		return;
	const struct fb_heap_kind *kind = h->kind;
	const size_t len = h->len;
	const struct fb_heap_params hp = h->params;
	fb_heap_destroy(h);
	fb_heap_create(h, kind, len, &hp);
	heap_ready(x, h);
	x->heap_rebuilds++;
}

/* Hook: one fresh fork, the writer's two passes, the other side's check. */
static int sample(void *ctx, struct fb_heap *h, const struct fb_sweep_pos *pos)
{
	struct cow_ctx *x = ctx;
	const int c = pos->variant;
	const struct fb_cow_variant *cb = &x->cfg->variants[c];
	struct fb_cow_job j = {
		.method = &fb_methods[cb->method], .writer = (enum fb_cow_writer)cb->writer,
		.pattern = &x->sel[c], .base = h->base, .len = h->len,
		.pages_written = x->pages_written[c], .shared_heap = !h->kind->cow,
		.pte_folio_bytes = h->kind->pte_folio ? h->kind->folio_bytes : 0,
	};
	struct fb_cow_sample s;
	int prc = fb_cow_pass(&x->pass, &j, &s);
	if (s.measured) {   /* every window the writer counted, warm-up included */
		fb_perf_tally_add(&x->tally, s.cow_ev);
		fb_perf_tally_add(&x->tally, s.rewrite_ev);
	}
	/* an interrupted repetition is dropped, not recorded as an error */
	if (prc == -EINTR || fb_stop_signal || pos->warmup)
		return 0;
	return send_row(x, h, c, (int64_t)pos->rep, &s, NULL);
}

static int skip(void *ctx, const struct fb_heap *h, int variant, int64_t rep, const char *why)
{
	return send_row(ctx, h, variant, rep, NULL, why);
}

int fb_cow_worker(const struct fb_cow_config *cfg)
{
	if (cfg->nvariants < 1 || cfg->nvariants > FB_COW_MAX_VARIANTS)
		return -EINVAL;
	static struct cow_ctx x;
	memset(&x, 0, sizeof(x));
	x.cfg = cfg;
	for (int c = 0; c < cfg->nvariants; c++)
		x.sel[c] = fb_cow_variant_pattern(&cfg->variants[c]);
	int rc = fb_cow_pass_init(&x.pass, &cfg->perf);
	if (rc)
		return rc;
	const struct fb_sweep_hooks hk = {
		.ctx = &x, .nvariants = cfg->nvariants, .heap_ready = heap_ready, .before = before,
		.sample = sample, .skip = skip,
	};
	rc = fb_sweep_run(&cfg->plan, &hk);
	fb_wire_info("heap_rebuilds", (int64_t)x.heap_rebuilds);
	/* No counted passes of their own: cow's counters are the writer's own set,
	 * enabled over exactly its two timed passes (cow_writer.c), with getrusage
	 * outside and no other counter open in either window. */
	fb_wire_perf_tally(&x.tally, cfg->perf.n, NULL, 0);
	fb_cow_pass_close(&x.pass);
	return rc;
}
