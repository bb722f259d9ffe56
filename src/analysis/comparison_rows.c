/* comparison_rows: loading a driver's two sides, its rows, and the verdicts
 * (see comparison_rows.h). */
#define _GNU_SOURCE
#include "comparison_rows.h"
#include "mannwhitney.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The usable summaries of DRIVER in dirs; has[i] says which loaded. */
static size_t load_summaries(const char *driver, char **dirs, size_t n, struct fb_summary *s, bool *has)
{
	size_t got = 0;
	for (size_t i = 0; i < n; i++) {
		char raw[4096], sum[4096];
		snprintf(raw, sizeof(raw), "%s/%s.csv", dirs[i], driver);
		snprintf(sum, sizeof(sum), "%s/%s.summary.csv", dirs[i], driver);
		has[i] = false;
		if (access(raw, F_OK) != 0)
			continue;
		if (fb_summary_load(sum, &s[i]) == 0) {
			has[i] = true;
			got++;
		} else {
			fb_warn(dirs[i], 0, "%s skipped: its summary is unusable", driver);
		}
	}
	return got;
}

/* Metric names of a side's summaries (the union), keeping only --metrics when given. */
static size_t side_metrics(const struct fb_cmp *c, const struct fb_summary *s, const bool *has, size_t n,
			   char ***out)
{
	size_t k = 0, cap = 0;
	*out = NULL;
	for (size_t i = 0; i < n; i++)
		for (size_t m = 0; has[i] && m < s[i].nmetrics; m++) {
			const char *name = s[i].metrics[m];
			if (fb_in_list(*out, k, name) || (c->o.nmetrics && !fb_in_list(c->o.metrics, c->o.nmetrics, name)))
				continue;
			if (k == cap)
				*out = fb_xrealloc(*out, cap = cap ? 2 * cap : 32, sizeof(char *));
			(*out)[k++] = s[i].metrics[m];
		}
	return k;
}

int fb_cmp_load_driver(struct fb_cmp *c, const char *driver, char **ad, size_t na, char **bd, size_t nb,
		       struct fb_runset *ra, struct fb_runset *rb)
{
	struct fb_summary *sa = fb_xcalloc(na, sizeof(*sa)), *sb = fb_xcalloc(nb, sizeof(*sb));
	bool *ha = fb_xcalloc(na, sizeof(bool)), *hb = fb_xcalloc(nb, sizeof(bool));
	size_t ga = load_summaries(driver, ad, na, sa, ha), gb = load_summaries(driver, bd, nb, sb, hb);
	int have = (ga ? 1 : 0) | (gb ? 2 : 0);
	if (have == 3) {
		/* Key columns: the first summary's, those every summary of both sides has. */
		const struct fb_summary *first = NULL;
		for (size_t i = 0; i < na && !first; i++)
			first = ha[i] ? &sa[i] : NULL;
		char *keys[64];
		size_t nk = 0;
		for (size_t k = 0; k < first->nkeys && nk < 64; k++) {
			/* A summary per run (run as a key) still compares configurations: runs are the evidence. */
			if (strcmp(first->keys[k], "run") == 0 || strcmp(first->keys[k], "worker_pid") == 0)
				continue;
			bool all = true;
			for (size_t i = 0; i < na + nb; i++) {
				const struct fb_summary *s = i < na ? &sa[i] : &sb[i - na];
				if ((i < na ? ha[i] : hb[i - na]) && !fb_in_list(s->keys, s->nkeys, first->keys[k]))
					all = false;
			}
			if (all)
				keys[nk++] = first->keys[k];
			else
				fb_cmp_note(c, "%s: key column %s is not on both sides: its values are pooled", driver,
					    first->keys[k]);
		}
		char **ma, **mb;
		size_t nma = side_metrics(c, sa, ha, na, &ma), nmb = side_metrics(c, sb, hb, nb, &mb);
		fb_runset_init(ra, keys, nk, ma, nma);
		fb_runset_init(rb, keys, nk, mb, nmb);
		free(ma);
		free(mb);
		for (size_t i = 0; i < na; i++)
			if (ha[i])
				fb_runset_add(ra, ad[i], driver, &sa[i]);
		for (size_t i = 0; i < nb; i++)
			if (hb[i])
				fb_runset_add(rb, bd[i], driver, &sb[i]);
		have = (ra->ndirs ? 1 : 0) | (rb->ndirs ? 2 : 0);
	}
	for (size_t i = 0; i < na; i++)
		fb_summary_free(&sa[i]);
	for (size_t i = 0; i < nb; i++)
		fb_summary_free(&sb[i]);
	free(sa);
	free(sb);
	free(ha);
	free(hb);
	return have;
}

static struct fb_row *new_row(struct fb_cmp *c)
{
	if ((c->nrows & (c->nrows - 1)) == 0)
		c->rows = fb_xrealloc(c->rows, c->nrows ? 2 * c->nrows : 64, sizeof(*c->rows));
	struct fb_row *r = &c->rows[c->nrows++];
	memset(r, 0, sizeof(*r));
	r->verdict = "";
	r->mw_p = r->q = r->detectable = NAN;
	r->bt.p = NAN;
	return r;
}

static void only_rows(struct fb_cmp *c, const char *driver, const struct fb_runset *x, const struct fb_runset *y,
		      const char *label)
{
	for (size_t i = 0; i < x->ncfg; i++) {
		if (fb_runset_find(y, x->cfg[i].key))
			continue;
		struct fb_row *r = new_row(c);
		r->driver = driver;
		r->metric = "";
		r->label = x->cfg[i].label;
		r->kv = x->cfg[i].kv;
		r->keys = x->keys;
		r->nkeys = x->nkeys;
		r->only = label;
		r->shown = true;
		snprintf(r->note, sizeof(r->note), "only in %s", label);
	}
}

/* The geometric-mean change over rows idx[0..n): per run, the mean of the rows'
 * log run medians (runs holding all of them), then the t interval over runs. */
static void geomean(const struct fb_cmp *c, const size_t *idx, size_t n, size_t nra, size_t nrb, struct fb_boot *out,
		    size_t *runs_a, size_t *runs_b)
{
	const double **la = fb_xcalloc(n + 1, sizeof(double *)), **lb = fb_xcalloc(n + 1, sizeof(double *));
	for (size_t k = 0; k < n; k++) {
		la[k] = c->rows[idx[k]].lm_a;
		lb[k] = c->rows[idx[k]].lm_b;
	}
	struct fb_boot_side a, b;
	double *xa = fb_xcalloc(nra + 1, sizeof(double)), *xb = fb_xcalloc(nrb + 1, sizeof(double));
	fb_family_side(la, n, nra, c->o.alpha, xa, &a);
	fb_family_side(lb, n, nrb, c->o.alpha, xb, &b);
	*runs_a = a.runs;
	*runs_b = b.runs;
	if (c->o.paired)
		fb_ratio_paired(xa, xb, nra < nrb ? nra : nrb, &a, &b, c->o.alpha, c->o.min_change, out);
	else
		fb_ratio(&a, &b, c->o.alpha, c->o.min_change, out);
	free(xa);
	free(xb);
	free(la);
	free(lb);
}

/* One metric of one driver: a row per configuration on both sides, its families and the overall geometric mean. */
static void metric_rows(struct fb_cmp *c, const char *driver, const struct fb_runset *ra, int ma,
			const struct fb_runset *rb, int mb)
{
	const char *metric = ra->metrics[ma];
	size_t empty_a = 0, empty_b = 0, both = 0;
	struct fb_metric_sum sum = { .driver = driver, .metric = metric, .kind = fb_metric_kind(metric) };
	sum.main = c->o.nmetrics ? true : fb_main_metric(metric);
	sum.emulated = sum.kind != FB_KIND_COUNT && (c->emu_a || c->emu_b);
	size_t first = c->nrows;
	for (size_t i = 0; i < ra->ncfg; i++) {
		const struct fb_cfg *ca = &ra->cfg[i], *cb = fb_runset_find(rb, ca->key);
		if (!cb)
			continue;
		const struct fb_sample *sa = &ca->s[ma], *sb = &cb->s[mb];
		if (!sa->n || !sb->n) {
			both += !sa->n && !sb->n;
			empty_a += !sa->n && sb->n;
			empty_b += sa->n && !sb->n;
			continue;
		}
		struct fb_row *r = new_row(c);
		r->driver = driver;
		r->metric = metric;
		r->label = ca->label;
		r->kv = ca->kv;
		r->keys = ra->keys;
		r->nkeys = ra->nkeys;
		r->kind = sum.kind;
		r->emulated = sum.emulated;
		r->instr = sum.kind == FB_KIND_TIME && c->clock_a == FB_CLOCK_INSTRUCTIONS &&
			   c->clock_b == FB_CLOCK_INSTRUCTIONS;
		/* Instruction counts: each run's minimum is its statistic (clock.h). */
		struct fb_sample mina = { 0 }, minb = { 0 };
		if (r->instr) {
			fb_clock_run_minima(sa, ra->nruns, &mina);
			fb_clock_run_minima(sb, rb->nruns, &minb);
			sa = &mina;
			sb = &minb;
		}
		r->lm_a = fb_xcalloc(ra->nruns + 1, sizeof(double));
		r->lm_b = fb_xcalloc(rb->nruns + 1, sizeof(double));
		struct fb_boot_side a, b;
		fb_side_est(sa, ra->nruns, c->o.alpha, r->lm_a, &a);
		fb_side_est(sb, rb->nruns, c->o.alpha, r->lm_b, &b);
		if (c->o.paired)
			fb_ratio_paired(r->lm_a, r->lm_b, ra->nruns < rb->nruns ? ra->nruns : rb->nruns, &a, &b, c->o.alpha,
					c->o.min_change, &r->bt);
		else
			fb_ratio(&a, &b, c->o.alpha, c->o.min_change, &r->bt);
		struct fb_mw_result mw;
		if (fb_mw_test(sa->v, sa->n, sb->v, sb->n, FB_MW_AUTO, &mw) == 0)
			r->mw_p = mw.p;
		free(mina.v);
		free(mina.run);
		free(minb.v);
		free(minb.run);
		sa = sb = NULL;
		size_t fewest = a.runs < b.runs ? a.runs : b.runs;
		if (c->o.paired && r->bt.pairs < FB_MIN_RUNS && !a.zero && !b.zero) {
			snprintf(r->note, sizeof(r->note), "%zu pair%s of runs: too few runs to judge", r->bt.pairs,
				 r->bt.pairs == 1 ? "" : "s");
			sum.few_runs++;
		} else if (!c->o.paired && (!a.hier || !b.hier)) {
			snprintf(r->note, sizeof(r->note), "%zu run%s: too few runs to judge", fewest, fewest == 1 ? "" : "s");
			sum.few_runs++;
		} else if (!r->bt.ok && !(a.zero && b.zero)) {
			snprintf(r->note, sizeof(r->note), "median at or near 0: no ratio interval");
		}
		r->judged = r->bt.ok && !r->emulated;
		r->family = r->judged && (c->o.nmetrics ? true : strcmp(metric, fb_primary_metric(driver)) == 0);
		r->detectable = fb_detectable(&r->bt, c->o.alpha, c->o.min_change);
		if (r->emulated)
			snprintf(r->note, sizeof(r->note), "%s", c->clock_why ? c->clock_why : "timing under emulation: not judged");
		sum.rows++;
	}
	/* Families: rows with an interval, grouped by the first key column's value (the method). */
	size_t n = c->nrows - first, *idx = fb_xcalloc(n + 1, sizeof(size_t)), nall = 0;
	bool *done = fb_xcalloc(n + 1, sizeof(bool));
	for (size_t i = 0; i < n; i++)
		if (c->rows[first + i].bt.ok)
			idx[nall++] = first + i;
	if (nall) {
		struct fb_boot g;
		size_t x, y;
		geomean(c, idx, nall, ra->nruns, rb->nruns, &g, &x, &y);
		sum.ok = g.ok;
		sum.g = g.ratio;
		sum.glo = g.lo;
		sum.ghi = g.hi;
	}
	for (size_t i = 0; i < n; i++) {
		const struct fb_row *r0 = &c->rows[first + i];
		if (done[i] || !r0->bt.ok || !r0->nkeys)
			continue;
		size_t k = 0;
		for (size_t j = i; j < n; j++) {
			const struct fb_row *r = &c->rows[first + j];
			if (!done[j] && r->bt.ok && strcmp(r->kv[0], r0->kv[0]) == 0) {
				done[j] = true;
				idx[k++] = first + j;
			}
		}
		c->fams = fb_xrealloc(c->fams, c->nfams + 1, sizeof(*c->fams));
		struct fb_family *f = &c->fams[c->nfams++];
		memset(f, 0, sizeof(*f));
		f->driver = driver;
		f->metric = metric;
		f->method = r0->kv[0];
		f->kind = sum.kind;
		f->main = sum.main;
		f->emulated = sum.emulated;
		f->configs = k;
		f->q = NAN;
		geomean(c, idx, k, ra->nruns, rb->nruns, &f->bt, &f->runs_a, &f->runs_b);
		f->detectable = fb_detectable(&f->bt, c->o.alpha, c->o.min_change);
	}
	free(idx);
	free(done);
	for (size_t i = first; i < c->nrows; i++) {
		free(c->rows[i].lm_a);
		free(c->rows[i].lm_b);
		c->rows[i].lm_a = c->rows[i].lm_b = NULL;
	}
	if (empty_a)
		fb_cmp_note(c, "%s %s: no data in %s for %zu configurations that %s has", driver, metric, c->la, empty_a, c->lb);
	if (empty_b)
		fb_cmp_note(c, "%s %s: no data in %s for %zu configurations that %s has", driver, metric, c->lb, empty_b, c->la);
	if (both && !sum.rows && !empty_a && !empty_b && (c->o.all || sum.main))
		fb_cmp_note(c, "%s %s: no data on either side (event not available)", driver, metric);
	if (sum.rows) {
		c->sums = fb_xrealloc(c->sums, c->nsums + 1, sizeof(*c->sums));
		c->sums[c->nsums++] = sum;
	}
}

void fb_cmp_rows(struct fb_cmp *c, const char *driver, struct fb_runset *ra, struct fb_runset *rb)
{
	for (size_t i = 0; i < ra->nmetrics; i++)
		if (fb_runset_metric(rb, ra->metrics[i]) < 0)
			fb_cmp_note(c, "%s: metric %s only in %s", driver, ra->metrics[i], c->la);
	for (size_t i = 0; i < rb->nmetrics; i++)
		if (fb_runset_metric(ra, rb->metrics[i]) < 0)
			fb_cmp_note(c, "%s: metric %s only in %s", driver, rb->metrics[i], c->lb);
	for (size_t i = 0; i < ra->ncfg; i++)
		for (size_t m = 0; m < ra->nmetrics; m++)
			if (ra->cfg[i].s[m].n && fb_sample_runs(&ra->cfg[i].s[m], ra->nruns) < 3)
				c->few_a = true;
	for (size_t i = 0; i < rb->ncfg; i++)
		for (size_t m = 0; m < rb->nmetrics; m++)
			if (rb->cfg[i].s[m].n && fb_sample_runs(&rb->cfg[i].s[m], rb->nruns) < 3)
				c->few_b = true;
	for (size_t m = 0; m < ra->nmetrics; m++) {
		int mb = fb_runset_metric(rb, ra->metrics[m]);
		if (mb >= 0)
			metric_rows(c, driver, ra, (int)m, rb, mb);
	}
	only_rows(c, driver, ra, rb, c->la);
	only_rows(c, driver, rb, ra, c->lb);
}
