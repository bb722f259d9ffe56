/* report_csv: the machine-readable forms of a comparison (see report.h):
 * compare.csv, one line per configuration and metric with every number at
 * full precision and each configuration key in its own column, and
 * summary.csv, one line per driver and metric. */
#define _GNU_SOURCE
#include "report.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The union of the key columns of every driver of every comparison, in order of appearance. */
static size_t key_union(const struct fb_cmp *cs, size_t n, const char **out, size_t max)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t d = 0; d < cs[i].ndrivers; d++)
			for (size_t j = 0; j < cs[i].a[d].nkeys; j++) {
				const char *name = cs[i].a[d].keys[j];
				bool have = false;
				for (size_t x = 0; x < k; x++)
					have |= strcmp(out[x], name) == 0;
				if (!have && k < max)
					out[k++] = name;
			}
	return k;
}

static void cell(FILE *f, const char *s)
{
	char buf[1024];
	fb_csv_escape(s, buf, sizeof(buf));
	fprintf(f, ",%s", buf);
}

/* ",v" with d digits (g: significant, else after the point), or "," when not a number. */
static void num(FILE *f, char g, int d, double v)
{
	if (!isfinite(v))
		fputc(',', f);
	else if (g == 'g')
		fprintf(f, ",%.*g", d, v);
	else
		fprintf(f, ",%.*f", d, v);
}

void fb_report_csv_header(FILE *f, const struct fb_cmp *cs, size_t n)
{
	const char *keys[64];
	size_t nk = key_union(cs, n, keys, 64);
	fprintf(f, "baseline,run,driver,config");
	for (size_t k = 0; k < nk; k++)
		fprintf(f, ",%s", keys[k]);
	fprintf(f, ",metric,kind,runs_a,runs_b,n_a,n_b,median_a,lo_a,hi_a,median_b,lo_b,hi_b,ratio,ratio_lo,ratio_hi,"
		   "change_pct,se_log,df,detectable_pct,detectable_fdr_pct,detectable_fdr_2x_pct,detectable_fdr_4x_pct,p,q,mw_p,"
		   "verdict,note\n");
}

void fb_report_csv(FILE *f, const struct fb_cmp *c, const struct fb_cmp *all, size_t n)
{
	const char *keys[64];
	size_t nk = key_union(all, n, keys, 64);
	for (size_t i = 0; i < c->nrows; i++) {
		const struct fb_row *r = &c->rows[i];
		fprintf(f, "%s,%s,%s", c->la, c->lb, r->driver);
		cell(f, r->label);
		for (size_t k = 0; k < nk; k++) {
			const char *v = "";
			for (size_t j = 0; j < r->nkeys; j++)
				if (strcmp(r->keys[j], keys[k]) == 0)
					v = r->kv[j];
			cell(f, v);
		}
		cell(f, r->metric);
		if (r->only) {
			fprintf(f, ",,,,,,,,,,,,,,,,,,,,,,,,,"); /* kind .. verdict: 25 empty cells */
			cell(f, r->note);
			fputc('\n', f);
			continue;
		}
		fprintf(f, ",%s,%zu,%zu,%zu,%zu", r->kind == FB_KIND_COUNT ? "count" : r->instr ? "instructions" : "time", r->bt.a.runs, r->bt.b.runs,
			r->bt.a.n, r->bt.b.n);
		num(f, 'g', 10, r->bt.a.median);
		num(f, 'g', 10, r->bt.a.lo);
		num(f, 'g', 10, r->bt.a.hi);
		num(f, 'g', 10, r->bt.b.median);
		num(f, 'g', 10, r->bt.b.lo);
		num(f, 'g', 10, r->bt.b.hi);
		num(f, 'f', 6, r->bt.ratio);
		num(f, 'f', 6, r->bt.ok ? r->bt.lo : NAN);
		num(f, 'f', 6, r->bt.ok ? r->bt.hi : NAN);
		num(f, 'f', 3, (r->bt.ratio - 1) * 100);
		num(f, 'g', 6, r->bt.ok ? r->bt.se_log : NAN);
		num(f, 'g', 4, r->bt.ok ? r->bt.df : NAN);
		num(f, 'f', 2, r->detectable * 100);
		for (int k = 0; k < 3; k++)
			num(f, 'f', 2, r->det_fdr[k] * 100);
		num(f, 'g', 4, r->bt.p);
		num(f, 'g', 4, r->q);
		num(f, 'g', 4, r->mw_p);
		cell(f, r->verdict);
		cell(f, r->note);
		fputc('\n', f);
	}
}

void fb_report_summary_csv_header(FILE *f)
{
	fprintf(f, "baseline,run,driver,method,metric,kind,configs,runs_a,runs_b,flagged,higher,lower,same,undecided,few_runs,"
		   "geomean,geomean_lo,geomean_hi,p,q,detectable_pct,verdict,emulated\n");
}

/* One line per metric (method empty: every configuration, counts of the row
 * verdicts) and one per family (a method: its geometric mean and verdict). */
void fb_report_summary_csv(FILE *f, const struct fb_cmp *c)
{
	for (size_t s = 0; s < c->nsums; s++) {
		const struct fb_metric_sum *m = &c->sums[s];
		fprintf(f, "%s,%s,%s,,%s,%s,%zu,,,%zu,%zu,%zu,%zu,%zu,%zu", c->la, c->lb, m->driver, m->metric,
			m->kind == FB_KIND_COUNT ? "count" :
			m->kind == FB_KIND_TIME && c->clock_a == FB_CLOCK_INSTRUCTIONS && c->clock_b == FB_CLOCK_INSTRUCTIONS ?
			"instructions" : "time", m->rows, m->flagged, m->higher, m->lower, m->same, m->undecided, m->few_runs);
		num(f, 'f', 6, m->ok ? m->g : NAN);
		num(f, 'f', 6, m->ok ? m->glo : NAN);
		num(f, 'f', 6, m->ok ? m->ghi : NAN);
		fprintf(f, ",,,,,%d\n", m->emulated);
	}
	for (size_t i = 0; i < c->nfams; i++) {
		const struct fb_family *m = &c->fams[i];
		bool ch = m->v == FB_V_HIGHER || m->v == FB_V_LOWER;
		fprintf(f, "%s,%s,%s", c->la, c->lb, m->driver);
		cell(f, m->method);
		fprintf(f, ",%s,%s,%zu,%zu,%zu,%d,%d,%d,%d,%d,", m->metric,
			m->kind == FB_KIND_COUNT ? "count" :
			m->kind == FB_KIND_TIME && c->clock_a == FB_CLOCK_INSTRUCTIONS && c->clock_b == FB_CLOCK_INSTRUCTIONS ?
			"instructions" : "time",
			m->configs, m->runs_a, m->runs_b, ch, m->v == FB_V_HIGHER, m->v == FB_V_LOWER, m->v == FB_V_SAME,
			m->v == FB_V_UNDECIDED);
		num(f, 'f', 6, m->bt.ratio);
		num(f, 'f', 6, m->bt.ok ? m->bt.lo : NAN);
		num(f, 'f', 6, m->bt.ok ? m->bt.hi : NAN);
		num(f, 'g', 4, m->bt.p);
		num(f, 'g', 4, m->q);
		num(f, 'f', 2, m->detectable * 100);
		cell(f, fb_verdict_word(m->emulated ? FB_V_NONE : m->v));
		fprintf(f, ",%d\n", m->emulated);
	}
}
