/* cow_run: what one forkbench-cow sweep does, in order, and why.
 *
 * Measures, per repetition: the writer's first pass over copy-on-write pages
 * (cow_ns), the same pass over the now private pages (rewrite_ns), the
 * writer's minor faults and perf counters over each pass, the Private_Dirty
 * the first pass really added, whether a huge mapping survived, and what the
 * other side saw change. Does not measure: fork, the child's exit, heap
 * construction or verification, /proc reads, CSV writing — all outside the
 * timed regions (see cow_pass.c for the order inside a repetition). */
#define _GNU_SOURCE
#include "cow_run.h"
#include "procinfo.h"
#include "runctl.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* The CSV columns of forkbench-cow, defined once: header, rows, summary, docs. */
#define COW_COLUMNS(X)                                                                              \
	X(method, FB_KEY, "creation method, a FB_M_COW row (see --list)")                             \
	X(heap, FB_KEY, "heap kind (see --list)")                                                      \
	X(heap_bytes, FB_KEY, "heap size asked for, bytes")                                            \
	X(writer, FB_KEY, "side that writes: child or parent; the other keeps its mapping")            \
	X(pattern, FB_KEY, "write pattern as given, e.g. stride:16 (see --list)")                      \
	X(rep, FB_INFO, "repetition number, 0-based, after warm-up; empty on a heap-skipped row")     \
	X(pages_written, FB_METRIC, "4 KiB pages the pattern writes (exact, from the pattern table)")   \
	X(huge_pages_written, FB_INFO, "2 MiB regions holding a written page; rows whose heap had THP") \
	X(cow_ns, FB_METRIC, "first pass: the pattern over pages shared copy-on-write")               \
	X(cow_ns_per_page, FB_METRIC, "cow_ns / pages_written")                                        \
	X(rewrite_ns, FB_METRIC, "second pass: the same pattern over the now private pages")          \
	X(rewrite_ns_per_page, FB_METRIC, "rewrite_ns / pages_written")                                \
	X(cow_minflt, FB_METRIC, "the writer's minor faults over the first pass (getrusage)")         \
	X(rewrite_minflt, FB_METRIC, "the writer's minor faults over the second pass")                \
	X(cow_faults_per_page_pct, FB_METRIC, "100 * cow_minflt / pages_written")                      \
	X(faults_per_huge_page_pct, FB_METRIC, "100 * cow_minflt / huge_pages_written (THP rows)")     \
	X(dirty_growth_bytes, FB_METRIC, "writer's Private_Dirty growth over the first pass (smaps_rollup)") \
	X(cow_vs_floor_pct, FB_METRIC, "100 * cow_ns_per_page / (floor fault + floor copy), see .meta") \
	X(other_changed_pages, FB_INFO, "pages the other side saw change: 0 for COW, all written for shared") \
	X(rss_bytes, FB_INFO, "parent's Rss before the fork (smaps_rollup)")                           \
	X(heap_rss_bytes, FB_INFO, "parent's Rss of the heap's VMAs before the fork (smaps)")          \
	X(heap_thp_bytes, FB_INFO, "parent's AnonHugePages of the heap before the fork")               \
	X(heap_thp_bytes_after, FB_INFO, "writer's AnonHugePages of the heap after the first pass")    \
	X(thp_mapping, FB_INFO, "rows whose heap had THP: pmd (kept), split or partial after the pass") \
	X(cpu, FB_INFO, "CPU the parent was pinned to; empty when not pinned")                         \
	X(status, FB_INFO, "ok, error or skipped")                                                     \
	X(error, FB_INFO, "why a row is not ok; empty otherwise")

enum {
#define X(name, role, doc) COL_##name,
	COW_COLUMNS(X)
#undef X
	COL_FIXED
};

static const struct fb_column cow_columns[] = {
#define X(name, role, doc) { #name, role, doc },
	COW_COLUMNS(X)
#undef X
};

int fb_cow_table(struct fb_table *t, const struct fb_perf_spec *perf)
{
	int rc = fb_table_init(t, cow_columns, FB_ARRAY_LEN(cow_columns));
	for (int pass = 0; rc >= 0 && pass < 2; pass++)
		for (int i = 0; rc >= 0 && i < perf->n; i++) {
			char name[96];
			snprintf(name, sizeof(name), "%s_%s", pass ? "rewrite" : "cow", perf->ev[i].column);
			rc = fb_table_add(t, name, FB_METRIC,
					  pass ? "perf event in the writer over the second pass"
					       : "perf event in the writer over the first (COW) pass");
		}
	return rc < 0 ? rc : 0;
}

/* A heap and what each combination does to it, worked out before any timing. */
struct heap_ctx {
	struct fb_heap h;
	struct fb_heap_params hp;
	uint64_t thp_built;        /* AnonHugePages right after building: what to keep */
	uint64_t pages_written[FB_COW_MAX_COMBOS], huge_written[FB_COW_MAX_COMBOS];
};

static void put_keys(struct fb_table *t, const struct fb_cow_combo *c, const struct fb_heap *h)
{
	fb_row_str(t, COL_method, c->method->name);
	fb_row_str(t, COL_heap, h->kind->name);
	fb_row_int(t, COL_heap_bytes, (int64_t)h->len);
	fb_row_str(t, COL_writer, fb_cow_writers[c->writer].name);
	fb_row_str(t, COL_pattern, c->pattern.text);
}

static void put_observed(struct fb_table *t, const struct fb_heap *h, int cpu)
{
	fb_row_int(t, COL_rss_bytes, (int64_t)h->process.rss_bytes);
	fb_row_int(t, COL_heap_rss_bytes, (int64_t)h->range.rss_bytes);
	fb_row_int(t, COL_heap_thp_bytes, (int64_t)h->range.thp_bytes);
	if (cpu >= 0)
		fb_row_int(t, COL_cpu, cpu);
}

/* Rounded a * mul / b; false (cell stays empty) when b is 0. */
static bool ratio(int64_t a, int64_t mul, int64_t b, int64_t *out)
{
	if (b <= 0)
		return false;
	*out = (int64_t)((double)a * (double)mul / (double)b + 0.5);
	return true;
}

static void put_sample(struct fb_table *t, const struct fb_cow_config *cfg, const struct heap_ctx *hc,
		       int ci, const struct fb_cow_sample *s)
{
	const int nev = cfg->common->perf.n;
	const int64_t pw = (int64_t)hc->pages_written[ci], hw = (int64_t)hc->huge_written[ci];
	int64_t v;
	fb_row_int(t, COL_cow_ns, s->cow_ns);
	fb_row_int(t, COL_rewrite_ns, s->rewrite_ns);
	fb_row_int(t, COL_cow_minflt, s->cow_minflt);
	fb_row_int(t, COL_rewrite_minflt, s->rewrite_minflt);
	if (ratio(s->cow_ns, 1, pw, &v))
		fb_row_int(t, COL_cow_ns_per_page, v);
	if (ratio(s->rewrite_ns, 1, pw, &v))
		fb_row_int(t, COL_rewrite_ns_per_page, v);
	if (ratio(s->cow_minflt, 100, pw, &v))
		fb_row_int(t, COL_cow_faults_per_page_pct, v);
	if (hc->thp_built && ratio(s->cow_minflt, 100, hw, &v))
		fb_row_int(t, COL_faults_per_huge_page_pct, v);
	/* Against fault + copy: what a COW fault would cost if it were only those two. */
	double floor = cfg->floor.fault_ns_per_page + cfg->floor.copy_ns_per_page;
	if (pw > 0 && cfg->floor.fault_ns_per_page >= 0 && cfg->floor.copy_ns_per_page >= 0 && floor > 0)
		fb_row_int(t, COL_cow_vs_floor_pct,
			   (int64_t)(100.0 * ((double)s->cow_ns / (double)pw) / floor + 0.5));
	if (s->dirty_valid)
		fb_row_int(t, COL_dirty_growth_bytes, s->dirty_growth_bytes);
	if (s->range_valid) {
		fb_row_int(t, COL_heap_thp_bytes_after, s->thp_after_bytes);
		if (hc->h.range.thp_bytes)
			fb_row_str(t, COL_thp_mapping,
				   (uint64_t)s->thp_after_bytes >= hc->h.range.thp_bytes ? "pmd"
				   : s->thp_after_bytes == 0			      ? "split"
										      : "partial");
	}
	for (int i = 0; i < nev; i++) {
		if (s->cow_ev[i].valid)
			fb_row_int(t, COL_FIXED + i, s->cow_ev[i].value);
		if (s->rewrite_ev[i].valid)
			fb_row_int(t, COL_FIXED + nev + i, s->rewrite_ev[i].value);
	}
}

static int write_row(struct fb_table *t, const struct fb_cow_config *cfg, const struct heap_ctx *hc,
		     int ci, int64_t rep, const struct fb_cow_sample *s, const char *skip)
{
	const struct fb_cow_combo *c = &cfg->combos[ci];
	fb_row_begin(t);
	put_keys(t, c, &hc->h);
	if (rep >= 0)
		fb_row_int(t, COL_rep, rep);
	fb_row_int(t, COL_pages_written, (int64_t)hc->pages_written[ci]);
	if (hc->thp_built)
		fb_row_int(t, COL_huge_pages_written, (int64_t)hc->huge_written[ci]);
	put_observed(t, &hc->h, cfg->common->cpu);
	if (s && s->measured)
		put_sample(t, cfg, hc, ci, s);
	if (s && s->other_valid)
		fb_row_int(t, COL_other_changed_pages, s->other_changed);
	const char *err = skip ? skip : s->error;
	fb_row_str(t, COL_status, skip ? "skipped" : err[0] ? "error" : "ok");
	fb_row_str(t, COL_error, err);
	return fb_row_commit(t);
}

static int heap_build(struct heap_ctx *hc, const struct fb_cow_config *cfg,
		      const struct fb_heap_kind *kind, uint64_t len)
{
	int rc = fb_heap_create(&hc->h, kind, len, &hc->hp);
	if (rc) {
		snprintf(hc->h.skip_reason, sizeof(hc->h.skip_reason), "heap setup failed: %s",
			 strerror(-rc));
		hc->h.kind = kind;
		hc->h.len = len;
	}
	hc->thp_built = hc->h.skip_reason[0] ? 0 : hc->h.range.thp_bytes;
	const uint64_t pages = len / FB_PAGE_SIZE;
	for (int c = 0; c < cfg->ncombos; c++) {
		hc->pages_written[c] = fb_pattern_pages(&cfg->combos[c].pattern, pages);
		hc->huge_written[c] = fb_pattern_groups(&cfg->combos[c].pattern, pages,
							FB_HUGE_SIZE / FB_PAGE_SIZE);
	}
	return rc;
}

/* Before each repetition: observe the parent's heap, and rebuild it when a
 * previous parent-writer pass split its huge pages — a repetition measures the
 * kind's state, not what the last one left. */
static void heap_refresh(struct heap_ctx *hc, const struct fb_cow_config *cfg, uint64_t *rebuilds)
{
	if (!hc->h.skip_reason[0] && fb_heap_observe(&hc->h) == 0 &&
	    hc->h.range.thp_bytes >= hc->thp_built - hc->thp_built / 10)
		return;
	const struct fb_heap_kind *kind = hc->h.kind;
	const uint64_t len = hc->h.len;
	fb_heap_destroy(&hc->h);
	heap_build(hc, cfg, kind, len);
	(*rebuilds)++;
}

int fb_cow_sweep(const struct fb_cow_config *cfg, struct fb_table *t, struct fb_cow_totals *tot)
{
	const struct fb_common_opts *o = cfg->common;
	memset(tot, 0, sizeof(*tot));
	struct fb_cow_pass_ctx x;
	int rc = fb_cow_pass_init(&x, &o->perf);
	if (rc)
		return rc;
	static struct heap_ctx hc;   /* static: the per-combination arrays are 4 KiB */
	memset(&hc, 0, sizeof(hc));
	hc.hp.fragments = o->fragments;
	struct fb_progress prog;
	const uint64_t per_heap = (o->warmup + o->reps) * (uint64_t)cfg->ncombos;
	fb_progress_init(&prog, (uint64_t)o->nheaps * (uint64_t)o->nsizes * per_heap);
	for (int hi = 0; hi < o->nheaps && !fb_stop_signal && !rc; hi++) {
		for (int si = 0; si < o->nsizes && !fb_stop_signal && !rc; si++) {
			/* 1. build the heap and read back what we got, before any timing */
			heap_build(&hc, cfg, o->heaps[hi], o->sizes[si]);
			if (hc.h.skip_reason[0]) {
				/* 2. a setup that did not happen is reported, never measured */
				for (int c = 0; c < cfg->ncombos && !rc; c++)
					rc = write_row(t, cfg, &hc, c, -1, NULL, hc.h.skip_reason);
				fb_heap_destroy(&hc.h);
				prog.done += per_heap;
				continue;
			}
			char label[128], sz[32];
			fb_format_size(hc.h.len, sz, sizeof(sz));
			snprintf(label, sizeof(label), "%s %s", hc.h.kind->name, sz);
			/* 3. warm-up then measured reps; combinations interleaved inside each rep */
			for (uint64_t r = 0; r < o->warmup + o->reps && !fb_stop_signal && !rc; r++) {
				for (int c = 0; c < cfg->ncombos && !fb_stop_signal && !rc; c++) {
					heap_refresh(&hc, cfg, &tot->heap_rebuilds);
					const int64_t rep = r < o->warmup ? -1 : (int64_t)(r - o->warmup);
					fb_progress_step(&prog, label);
					if (hc.h.skip_reason[0]) {
						if (rep >= 0)
							rc = write_row(t, cfg, &hc, c, rep, NULL, hc.h.skip_reason);
						continue;
					}
					const struct fb_cow_combo *cb = &cfg->combos[c];
					struct fb_cow_job j = {
						.method = cb->method, .writer = cb->writer,
						.pattern = &cb->pattern, .base = hc.h.base, .len = hc.h.len,
						.pages_written = hc.pages_written[c],
						.shared_heap = !hc.h.kind->cow,
					};
					struct fb_cow_sample s;
					/* 4. one fresh fork, the writer's two passes, the other side's check */
					int prc = fb_cow_pass(&x, &j, &s);
					/* an interrupted repetition is dropped, not recorded as an error */
					if (prc == -EINTR || fb_stop_signal || rep < 0)
						continue;
					rc = write_row(t, cfg, &hc, c, rep, &s, NULL);
				}
			}
			fb_heap_destroy(&hc.h);
		}
	}
	fb_progress_end(&prog);
	fb_kill_children();
	fb_cow_pass_close(&x);
	if (rc)
		return rc;
	return fb_stop_signal ? -EINTR : 0;
}
