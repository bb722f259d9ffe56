/* comparison_verdicts: the verdicts of a comparison's rows and families —
 * Benjamini–Hochberg over each driver's primary metric, then higher, lower,
 * same or undecided (interval.h) — and the counts the summary gives (see
 * comparison_rows.h). Decides only; computes no interval. */
#include "comparison_rows.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void fb_cmp_verdicts(struct fb_cmp *c)
{
	size_t n = c->nrows > c->nfams ? c->nrows : c->nfams;
	const struct fb_boot **bt = fb_xcalloc(n + 1, sizeof(*bt));
	bool *fam = fb_xcalloc(n + 1, sizeof(bool));
	double *q = fb_xcalloc(n + 1, sizeof(double));
	enum fb_verdict *v = fb_xcalloc(n + 1, sizeof(*v));
	/* Rows: one family per comparison, the primary metric of each driver. */
	for (size_t i = 0; i < c->nrows; i++) {
		bt[i] = &c->rows[i].bt;
		fam[i] = c->rows[i].family;
	}
	if (fb_judge(bt, fam, c->nrows, c->o.alpha, c->o.min_change, q, v))
		fb_die_oom();
	size_t m = 0;
	for (size_t i = 0; i < c->nrows; i++)
		m += fam[i] && c->rows[i].bt.ok;
	for (size_t i = 0; i < c->nrows; i++) {
		struct fb_row *r = &c->rows[i];
		if (r->only)
			continue;
		for (int k = 0; k < 3; k++)
			r->det_fdr[k] = fb_detectable_fdr(&r->bt, c->o.alpha, c->o.min_change, r->family ? m : 1, 1 << k);
		r->q = q[i];
		r->v = r->emulated ? FB_V_NONE : v[i];
		r->verdict = fb_verdict_word(r->v);
		bool changed = r->v == FB_V_HIGHER || r->v == FB_V_LOWER;
		if (r->family || (c->o.nmetrics == 0 && strcmp(r->metric, fb_primary_metric(r->driver)) == 0)) {
			c->judged += r->judged;
			c->flagged += changed;
			c->same += r->v == FB_V_SAME;
			c->undecided += r->v == FB_V_UNDECIDED;
			c->few += r->v == FB_V_FEW;
		}
		bool main = c->o.nmetrics || fb_main_metric(r->metric);
		r->shown = c->o.all || main || changed;
		for (size_t s = 0; s < c->nsums; s++)
			if (c->sums[s].driver == r->driver && strcmp(c->sums[s].metric, r->metric) == 0) {
				c->sums[s].flagged += changed;
				c->sums[s].higher += r->v == FB_V_HIGHER;
				c->sums[s].lower += r->v == FB_V_LOWER;
				c->sums[s].same += r->v == FB_V_SAME;
				c->sums[s].undecided += r->v == FB_V_UNDECIDED;
			}
	}
	/* Families: their own BH family, the primary metrics' families (or --metrics). */
	for (size_t i = 0; i < c->nfams; i++) {
		struct fb_family *f = &c->fams[i];
		bt[i] = &f->bt;
		fam[i] = !f->emulated && (c->o.nmetrics || strcmp(f->metric, fb_primary_metric(f->driver)) == 0);
	}
	if (fb_judge(bt, fam, c->nfams, c->o.alpha, c->o.min_change, q, v))
		fb_die_oom();
	for (size_t i = 0; i < c->nfams; i++) {
		c->fams[i].q = q[i];
		c->fams[i].v = c->fams[i].emulated ? FB_V_NONE : v[i];
	}
	free(bt);
	free(fam);
	free(q);
	free(v);
}
