/* comparison_rows: loading a driver's two sides, its rows, and the verdicts
 * (see comparison_rows.h). */
#define _GNU_SOURCE
#include "comparison_rows.h"
#include "fdr.h"
#include "mannwhitney.h"
#include "tdist.h"

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
	r->mw_p = r->q = NAN;
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

/* One metric of one driver: a row per configuration on both sides, and the geometric mean. */
static void metric_rows(struct fb_cmp *c, const char *driver, const struct fb_runset *ra, int ma,
			const struct fb_runset *rb, int mb)
{
	const char *metric = ra->metrics[ma];
	size_t N = c->o.resamples, nok = 0, empty_a = 0, empty_b = 0, both = 0;
	struct fb_boot_opts bo = { .seed = c->o.seed, .resamples = N, .alpha = c->o.alpha };
	double *repa = fb_xcalloc(ra->ncfg * N, sizeof(double)), *repb = fb_xcalloc(ra->ncfg * N, sizeof(double));
	struct fb_metric_sum sum = { .driver = driver, .metric = metric, .kind = fb_metric_kind(metric) };
	sum.main = c->o.nmetrics ? true : fb_main_metric(metric);
	sum.emulated = sum.kind != FB_KIND_COUNT && (c->emu_a || c->emu_b);
	size_t first = c->nrows, min_ka = SIZE_MAX, min_kb = SIZE_MAX;
	bool hier_a = true, hier_b = true;
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
		char seedkey[1200];
		snprintf(seedkey, sizeof(seedkey), "%s/%s/%s", driver, ca->key, metric);
		uint64_t rs = fb_hash(seedkey, c->o.seed);
		struct fb_boot_side a, b;
		fb_boot_side(sa, ra->nruns, 0, rs, &bo, repa + nok * N, &a);
		fb_boot_side(sb, rb->nruns, 1, rs, &bo, repb + nok * N, &b);
		fb_boot_combine(&a, &b, c->o.alpha, &r->bt);
		struct fb_mw_result mw;
		if (fb_mw_test(sa->v, sa->n, sb->v, sb->n, FB_MW_AUTO, &mw) == 0)
			r->mw_p = mw.p;
		free(mina.v);
		free(mina.run);
		free(minb.v);
		free(minb.run);
		sa = sb = NULL;
		size_t fewest = a.runs < b.runs ? a.runs : b.runs;
		if (!a.hier || !b.hier) {
			snprintf(r->note, sizeof(r->note), "%zu run%s: between-run noise unknown", fewest,
				 fewest == 1 ? "" : "s");
			sum.few_runs++;
		}
		if (!r->bt.ok && !(a.median == 0 && b.median == 0))
			snprintf(r->note, sizeof(r->note), "median at or near 0: no ratio interval");
		/* Identical constants on both sides (a count that never moved) can never be
		 * flagged: left out of the FDR family, as Tarone's rule leaves out tests
		 * that cannot reach significance, so they do not dilute the others. */
		bool inert = r->bt.ok && r->bt.se_log == 0 && r->bt.ratio == 1;
		r->judged = r->bt.ok && !r->emulated && !inert;
		/* Detectable with 80% power by a two-sided test at alpha (before the FDR step). */
		r->detectable = NAN;
		if (r->bt.ok) {
			double d = exp((fb_t_quantile(1 - c->o.alpha / 2, r->bt.df) + fb_t_quantile(0.8, r->bt.df)) *
				       r->bt.se_log) - 1;
			r->detectable = d > c->o.min_change ? d : c->o.min_change;
		}
		if (r->emulated)
			snprintf(r->note, sizeof(r->note), "%s", c->clock_why ? c->clock_why : "timing under emulation: not judged");
		if (r->bt.ok) {
			hier_a &= a.hier;
			hier_b &= b.hier;
			min_ka = (a.hier ? a.runs : a.n) < min_ka ? (a.hier ? a.runs : a.n) : min_ka;
			min_kb = (b.hier ? b.runs : b.n) < min_kb ? (b.hier ? b.runs : b.n) : min_kb;
			nok++; /* keeps its replicates */
		}
		sum.rows++;
	}
	/* Geometric mean of the ratios, its interval from the same replicates (runs
	 * are shared across configurations: replicate i drew the same runs in every row). */
	if (nok) {
		double *ga = fb_xcalloc(N, sizeof(double)), *gb = fb_xcalloc(N, sizeof(double)), la = 0, lb = 0;
		for (size_t r = first, k = 0; r < c->nrows; r++) {
			if (!c->rows[r].bt.ok)
				continue;
			la += log(c->rows[r].bt.a.median) / (double)nok;
			lb += log(c->rows[r].bt.b.median) / (double)nok;
			for (size_t i = 0; i < N; i++) {
				ga[i] += repa[k * N + i] / (double)nok;
				gb[i] += repb[k * N + i] / (double)nok;
			}
			k++;
		}
		struct fb_boot_side a = { .median = exp(la), .var_log = fb_boot_var(ga, N, (double)min_ka),
					  .df = (double)min_ka - 1, .hier = hier_a },
				    b = { .median = exp(lb), .var_log = fb_boot_var(gb, N, (double)min_kb),
					  .df = (double)min_kb - 1, .hier = hier_b };
		struct fb_boot g;
		fb_boot_combine(&a, &b, c->o.alpha, &g);
		sum.ok = g.ok;
		sum.g = g.ratio;
		sum.glo = g.lo;
		sum.ghi = g.hi;
		free(ga);
		free(gb);
	}
	free(repa);
	free(repb);
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

void fb_cmp_verdicts(struct fb_cmp *c)
{
	double *p = fb_xcalloc(c->nrows, sizeof(double)), *q = fb_xcalloc(c->nrows, sizeof(double));
	for (size_t i = 0; i < c->nrows; i++)
		p[i] = c->rows[i].judged ? c->rows[i].bt.p : NAN;
	if (fb_bh_adjust(p, c->nrows, q))
		fb_die_oom();
	for (size_t i = 0; i < c->nrows; i++) {
		struct fb_row *r = &c->rows[i];
		if (r->only)
			continue;
		r->q = q[i];
		r->verdict = "~";
		c->judged += r->judged;
		bool beyond = r->bt.lo > 1 || r->bt.hi < 1;
		if (r->judged && r->q <= c->o.alpha && beyond && fabs(r->bt.ratio - 1) >= c->o.min_change) {
			r->verdict = r->bt.ratio > 1 ? "higher" : "lower";
			c->flagged++;
		}
		bool main = c->o.nmetrics || fb_main_metric(r->metric);
		r->shown = c->o.all || main || r->verdict[0] != '~';
		for (size_t s = 0; s < c->nsums; s++)
			if (c->sums[s].driver == r->driver && strcmp(c->sums[s].metric, r->metric) == 0) {
				c->sums[s].flagged += r->verdict[0] != '~';
				c->sums[s].higher += r->verdict[0] == 'h';
				c->sums[s].lower += r->verdict[0] == 'l';
			}
	}
	free(p);
	free(q);
}
