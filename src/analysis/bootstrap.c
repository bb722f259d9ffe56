/* bootstrap: hierarchical bootstrap of a ratio of medians (see bootstrap.h). */
#include "bootstrap.h"
#include "tdist.h"

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

/* Uniform in [0, n). */
static size_t below(uint64_t *s, size_t n)
{
	return (size_t)(((unsigned __int128)splitmix(s) * n) >> 64);
}

uint64_t fb_hash(const char *s, uint64_t h)
{
	h ^= 0xcbf29ce484222325ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return splitmix(&h);
}

/* k-th smallest of v[0..n) (v is reordered). */
static double select_k(double *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;
	while (lo < hi) {
		double pivot = v[(lo + hi) / 2];
		size_t i = lo, j = hi;
		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				double t = v[i];
				v[i] = v[j];
				v[j] = t;
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return v[k];
	}
	return v[k];
}

/* The median as fb_stats computes it (mean of the two middle values when n is even). */
static double median_inplace(double *v, size_t n)
{
	double hi = select_k(v, n, n / 2);
	if (n % 2)
		return hi;
	double lo = v[0];
	for (size_t i = 1; i < n / 2; i++)
		lo = v[i] > lo ? v[i] : lo;
	return (lo + hi) / 2;
}

double fb_boot_var(const double *rep, size_t n, double k)
{
	/* Shifted by the first value: a constant sample gives exactly 0. */
	double mean = 0, ss = 0;
	for (size_t i = 0; i < n; i++)
		mean += rep[i] - rep[0];
	mean /= (double)n;
	for (size_t i = 0; i < n; i++)
		ss += (rep[i] - rep[0] - mean) * (rep[i] - rep[0] - mean);
	double var = n > 1 ? ss / (double)(n - 1) : 0;
	return k > 1 ? var * k / (k - 1) : var;
}

void fb_boot_side(const struct fb_sample *s, size_t nruns, int side, uint64_t rowseed,
		  const struct fb_boot_opts *o, double *rep, struct fb_boot_side *out)
{
	memset(out, 0, sizeof(*out));
	out->n = s->n;
	out->runs = fb_sample_runs(s, nruns);
	out->hier = out->runs >= 3;
	double *pool = calloc(s->n ? s->n : 1, sizeof(double));
	memcpy(pool, s->v, s->n * sizeof(double));
	out->median = s->n ? median_inplace(pool, s->n) : NAN;
	/* Values grouped by run: start[r] .. start[r+1] in byrun. */
	size_t *start = calloc(nruns + 1, sizeof(size_t));
	double *byrun = calloc(s->n ? s->n : 1, sizeof(double));
	for (size_t i = 0; i < s->n; i++)
		start[s->run[i] + 1]++;
	for (size_t r = 0; r < nruns; r++)
		start[r + 1] += start[r];
	size_t *fill = calloc(nruns + 1, sizeof(size_t));
	memcpy(fill, start, (nruns + 1) * sizeof(size_t));
	for (size_t i = 0; i < s->n; i++)
		byrun[fill[s->run[i]]++] = s->v[i];
	double *draw = calloc(s->n * 4 + 16, sizeof(double)); /* a replicate can draw large runs often */
	size_t dcap = s->n * 4 + 16;
	double *logs = rep ? rep : calloc(o->resamples, sizeof(double));
	uint64_t rows = rowseed ^ ((uint64_t)side << 56);
	for (size_t i = 0; i < o->resamples && s->n; i++) {
		size_t nd = 0;
		if (out->hier) {
			uint64_t rs = fb_hash("runs", o->seed ^ ((uint64_t)side << 60) ^ (i * 0x9e3779b97f4a7c15ULL));
			for (size_t d = 0; d < nruns; d++) {
				size_t r = below(&rs, nruns), len = start[r + 1] - start[r];
				if (nd + len > dcap) {
					dcap = 2 * (nd + len);
					draw = realloc(draw, dcap * sizeof(double));
				}
				for (size_t j = 0; j < len; j++)
					draw[nd++] = byrun[start[r] + below(&rows, len)];
			}
		} else {
			for (size_t j = 0; j < s->n; j++)
				draw[nd++] = s->v[below(&rows, s->n)];
		}
		double m = nd ? median_inplace(draw, nd) : out->median; /* no drawn run held a value */
		if (!(m > 0))
			out->zero = true;
		logs[i] = m > 0 ? log(m) : 0;
	}
	/* Resampling both stages counts the within-run variance twice, which
	 * offsets the shrinkage of resampling few runs: no k/(k-1) there. */
	double k = (double)(out->hier ? out->runs : s->n);
	out->df = k > 1 ? k - 1 : 1;
	out->var_log = out->zero ? INFINITY : fb_boot_var(logs, o->resamples, out->hier ? 0 : k);
	double t = fb_t_quantile(1 - o->alpha / 2, out->df), h = t * sqrt(out->var_log);
	out->lo = out->zero ? NAN : out->median * exp(-h);
	out->hi = out->zero ? NAN : out->median * exp(h);
	if (!rep)
		free(logs);
	free(pool);
	free(start);
	free(byrun);
	free(fill);
	free(draw);
}

void fb_boot_combine(const struct fb_boot_side *a, const struct fb_boot_side *b, double alpha, struct fb_boot *out)
{
	memset(out, 0, sizeof(*out));
	out->a = *a;
	out->b = *b;
	out->p = NAN;
	out->ratio = a->median > 0 ? b->median / a->median : NAN;
	if (!(a->median > 0 && b->median > 0) || a->zero || b->zero) {
		if (a->median == 0 && b->median == 0)
			out->ratio = 1; /* both zero: no change, nothing to judge */
		return;
	}
	double v = a->var_log + b->var_log, l = log(out->ratio);
	out->ok = true;
	out->se_log = sqrt(v);
	/* Welch–Satterthwaite; a side without variance contributes nothing. */
	double den = (a->var_log > 0 ? a->var_log * a->var_log / a->df : 0) +
		     (b->var_log > 0 ? b->var_log * b->var_log / b->df : 0);
	out->df = den > 0 ? v * v / den : 1e7;
	if (v == 0) {
		out->lo = out->hi = out->ratio;
		out->p = l == 0 ? 1 : 0; /* every replicate the same: exact */
		return;
	}
	double h = fb_t_quantile(1 - alpha / 2, out->df) * out->se_log;
	out->lo = exp(l - h);
	out->hi = exp(l + h);
	out->p = fb_t_two_sided_p(l / out->se_log, out->df);
}
