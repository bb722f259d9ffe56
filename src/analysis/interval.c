/* interval: Welch t intervals on per-run log medians, and verdicts (see interval.h). */
#include "interval.h"
#include "fdr.h"
#include "tdist.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t fb_hash(const char *s, uint64_t h)
{
	h ^= 0xcbf29ce484222325ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return splitmix(&h);
}

void fb_side_from_logs(const double *x, size_t n, double alpha, struct fb_boot_side *out)
{
	size_t k = 0;
	double mean = 0, ss = 0, x0 = NAN;
	for (size_t i = 0; i < n; i++)
		if (!isnan(x[i])) {
			if (isnan(x0))
				x0 = x[i];
			mean += x[i] - x0; /* shifted by the first: equal values give exactly 0 */
			k++;
		}
	out->runs = k;
	out->hier = k >= FB_MIN_RUNS;
	out->median = out->lo = out->hi = NAN;
	out->var_log = NAN;
	out->df = k > 1 ? (double)(k - 1) : NAN;
	if (!k || out->zero)
		return;
	mean /= (double)k;
	for (size_t i = 0; i < n; i++)
		if (!isnan(x[i]))
			ss += (x[i] - x0 - mean) * (x[i] - x0 - mean);
	out->median = exp(x0 + mean);
	if (k < 2)
		return;
	out->var_log = ss / (double)(k - 1) / (double)k;
	double h = fb_t_quantile(1 - alpha / 2, out->df) * sqrt(out->var_log);
	out->lo = exp(x0 + mean - h);
	out->hi = exp(x0 + mean + h);
}

void fb_side_est(const struct fb_sample *s, size_t nruns, double alpha, double *lm, struct fb_boot_side *out)
{
	memset(out, 0, sizeof(*out));
	out->n = s->n;
	size_t *cnt = calloc(nruns + 1, sizeof(size_t)), *at = calloc(nruns + 1, sizeof(size_t));
	double *byrun = calloc(s->n + 1, sizeof(double)), *logs = calloc(nruns + 1, sizeof(double));
	if (!cnt || !at || !byrun || !logs)
		abort();
	for (size_t i = 0; i < s->n; i++)
		cnt[s->run[i]]++;
	for (size_t r = 1; r <= nruns; r++)
		at[r] = at[r - 1] + cnt[r - 1];
	for (size_t i = 0; i < s->n; i++)
		byrun[at[s->run[i]]++] = s->v[i];
	for (size_t r = 0, start = 0; r < nruns; start += cnt[r], r++) {
		logs[r] = NAN;
		if (!cnt[r])
			continue;
		double m = fb_median_of(byrun + start, cnt[r]);
		if (m > 0)
			logs[r] = log(m);
		else
			out->zero = true;
	}
	fb_side_from_logs(logs, nruns, alpha, out);
	if (lm)
		memcpy(lm, logs, nruns * sizeof(double));
	free(cnt);
	free(at);
	free(byrun);
	free(logs);
}

void fb_family_side(const double *const *lm, size_t k, size_t nruns, double alpha, double *xo, struct fb_boot_side *out)
{
	double *x = calloc(nruns + 1, sizeof(double));
	if (!x)
		abort();
	memset(out, 0, sizeof(*out));
	for (size_t r = 0; r < nruns; r++)
		for (size_t j = 0; j < k; j++)
			x[r] += lm[j][r] / (double)k; /* NaN when the run lacks a configuration */
	fb_side_from_logs(x, nruns, alpha, out);
	if (xo)
		memcpy(xo, x, nruns * sizeof(double));
	free(x);
}

/* The interval and p of log ratio l with standard error se on df degrees of freedom. */
static void finish(struct fb_boot *out, double l, double se, double df, double alpha, double min_change)
{
	double d = log1p(min_change);
	out->ok = true;
	out->ratio = exp(l);
	out->se_log = se;
	out->df = df;
	if (se == 0) {
		out->lo = out->hi = out->ratio;
		out->p = fabs(l) > d ? 0 : 1; /* every run the same: exact */
		return;
	}
	double h = fb_t_quantile(1 - alpha / 2, df) * se;
	out->lo = exp(l - h);
	out->hi = exp(l + h);
	/* Against the nearer margin: p < alpha iff the interval lies beyond it. */
	double t = (fabs(l) - d) / se;
	out->p = t > 0 ? fb_t_two_sided_p(t, df) : 1;
}

/* What every ratio starts from: the sides, B/A of their medians, nothing
 * judged yet (both at zero: a ratio of 1, no change, nothing to judge). */
static void ratio_start(const struct fb_boot_side *a, const struct fb_boot_side *b, struct fb_boot *out)
{
	memset(out, 0, sizeof(*out));
	out->a = *a;
	out->b = *b;
	out->p = out->lo = out->hi = out->se_log = out->df = NAN;
	out->ratio = a->median > 0 ? b->median / a->median : NAN;
	if (a->zero && b->zero)
		out->ratio = 1;
}

void fb_ratio(const struct fb_boot_side *a, const struct fb_boot_side *b, double alpha, double min_change,
	      struct fb_boot *out)
{
	ratio_start(a, b, out);
	if (!(a->median > 0 && b->median > 0) || a->zero || b->zero || !a->hier || !b->hier)
		return;
	double v = a->var_log + b->var_log;
	/* Welch–Satterthwaite; a side without variance contributes nothing. */
	double den = (a->var_log > 0 ? a->var_log * a->var_log / a->df : 0) +
		     (b->var_log > 0 ? b->var_log * b->var_log / b->df : 0);
	finish(out, log(out->ratio), sqrt(v), den > 0 ? v * v / den : 1e7, alpha, min_change);
}

void fb_ratio_paired(const double *la, const double *lb, size_t n, const struct fb_boot_side *a,
		     const struct fb_boot_side *b, double alpha, double min_change, struct fb_boot *out)
{
	ratio_start(a, b, out);
	if (a->zero || b->zero)
		return;
	size_t k = 0;
	double mean = 0, ss = 0;
	for (size_t i = 0; i < n; i++)
		if (!isnan(la[i]) && !isnan(lb[i])) {
			mean += lb[i] - la[i];
			k++;
		}
	out->pairs = k;
	if (k < FB_MIN_RUNS)
		return;
	mean /= (double)k;
	for (size_t i = 0; i < n; i++)
		if (!isnan(la[i]) && !isnan(lb[i]))
			ss += (lb[i] - la[i] - mean) * (lb[i] - la[i] - mean);
	out->paired = true;
	finish(out, mean, sqrt(ss / (double)(k - 1) / (double)k), (double)(k - 1), alpha, min_change);
}

double fb_detectable(const struct fb_boot *b, double alpha, double min_change)
{
	if (!b->ok)
		return NAN;
	double z = fb_t_quantile(1 - alpha / 2, b->df) + fb_t_quantile(0.8, b->df);
	return expm1(log1p(min_change) + z * b->se_log);
}

double fb_detectable_fdr(const struct fb_boot *b, double alpha, double min_change, size_t m, double k)
{
	if (!b->ok)
		return NAN;
	double a = alpha / (double)(m ? m : 1), df = (b->df + 2) * k - 2; /* Welch df grows with the runs */
	double z = fb_t_quantile(1 - a / 2, df) + fb_t_quantile(0.8, df);
	return expm1(log1p(min_change) + z * b->se_log / sqrt(k));
}

const char *fb_verdict_word(enum fb_verdict v)
{
	static const char *const w[] = { "", "too few runs", "higher", "lower", "same", "undecided" };
	return w[v];
}

int fb_judge(const struct fb_boot *const *b, const bool *fam, size_t n, double alpha, double min_change,
	     double *q, enum fb_verdict *v)
{
	double *p = calloc(n ? n : 1, sizeof(double));
	if (!p)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		p[i] = fam[i] && b[i]->ok ? b[i]->p : NAN;
	int rc = fb_bh_adjust(p, n, q);
	free(p);
	if (rc)
		return rc;
	double d = log1p(min_change);
	for (size_t i = 0; i < n; i++) {
		const struct fb_boot *r = b[i];
		if (!r->ok) {
			bool few = !r->a.zero && !r->b.zero && (!r->a.hier || !r->b.hier || r->pairs < FB_MIN_RUNS);
			v[i] = few ? FB_V_FEW : FB_V_NONE;
			continue;
		}
		double sig = fam[i] ? q[i] : r->p;
		if (sig <= alpha && r->p <= alpha)
			v[i] = r->ratio > 1 ? FB_V_HIGHER : FB_V_LOWER;
		else if (log(r->lo) >= -d && log(r->hi) <= d)
			v[i] = FB_V_SAME;
		else
			v[i] = FB_V_UNDECIDED;
	}
	return 0;
}
