/* mannwhitney: Mann-Whitney U, two-sided, as scipy.stats.mannwhitneyu with
 * method="auto" (see mannwhitney.h). Ranks are mid-ranks over the pooled
 * sample; the exact distribution counts, for every u, the subsets of n1 ranks
 * out of n1+n2 whose U equals u (the classic recurrence
 * c(u; m, n) = c(u - n; m - 1, n) + c(u; m, n - 1)). */
#define _GNU_SOURCE
#include "mannwhitney.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct tagged {
	double v;
	int from_x;
};

static int cmp_tagged(const void *a, const void *b)
{
	double x = ((const struct tagged *)a)->v, y = ((const struct tagged *)b)->v;
	return (x > y) - (x < y);
}

/* Number of ways to get each U, for m values of the first sample among m+n;
 * counts[u] for u in 0..m*n. Doubles: C(16+16, 16) fits exactly and larger
 * sizes only lose relative precision far below what a p-value needs. */
static double *exact_counts(size_t m, size_t n)
{
	size_t umax = m * n;
	/* f[i][j][u] flattened is large; iterate over m keeping a table per n. */
	double *prev = calloc((n + 1) * (umax + 1), sizeof(double));
	double *cur = calloc((n + 1) * (umax + 1), sizeof(double));
	if (!prev || !cur) {
		free(prev);
		free(cur);
		return NULL;
	}
#define AT(t, j, u) (t)[(j) * (umax + 1) + (u)]
	/* i = 0 first-sample values: only U = 0, one way, for every j. */
	for (size_t j = 0; j <= n; j++)
		AT(prev, j, 0) = 1;
	for (size_t i = 1; i <= m; i++) {
		memset(cur, 0, (n + 1) * (umax + 1) * sizeof(double));
		AT(cur, 0, 0) = 1; /* no second-sample values: U = 0 */
		for (size_t j = 1; j <= n; j++)
			for (size_t u = 0; u <= i * j; u++) {
				/* the largest value is from x (it beats all j y's) or from y */
				double c = AT(cur, j - 1, u);
				if (u >= j)
					c += AT(prev, j, u - j);
				AT(cur, j, u) = c;
			}
		double *t = prev;
		prev = cur;
		cur = t;
	}
	double *out = malloc((umax + 1) * sizeof(double));
	if (out)
		memcpy(out, &AT(prev, n, 0), (umax + 1) * sizeof(double));
#undef AT
	free(prev);
	free(cur);
	return out;
}

double fb_mw_exact_sf(double u, size_t n1, size_t n2)
{
	double *c = exact_counts(n1, n2);
	if (!c)
		return NAN;
	size_t umax = n1 * n2;
	double total = 0, tail = 0;
	for (size_t k = 0; k <= umax; k++) {
		total += c[k];
		if ((double)k >= u - 1e-9)
			tail += c[k];
	}
	free(c);
	return tail / total;
}

int fb_mw_test(const double *x, size_t nx, const double *y, size_t ny, enum fb_mw_method method,
	       struct fb_mw_result *out)
{
	memset(out, 0, sizeof(*out));
	if (!nx || !ny)
		return -EINVAL;
	size_t n = nx + ny;
	struct tagged *t = malloc(n * sizeof(*t));
	if (!t)
		return -ENOMEM;
	for (size_t i = 0; i < nx; i++)
		t[i] = (struct tagged){ x[i], 1 };
	for (size_t i = 0; i < ny; i++)
		t[nx + i] = (struct tagged){ y[i], 0 };
	qsort(t, n, sizeof(*t), cmp_tagged);

	/* Mid-ranks; tie term sum(t^3 - t) for the variance correction. */
	double r1 = 0, tie_term = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j + 1 < n && t[j + 1].v == t[i].v)
			j++;
		double rank = (double)(i + j + 2) / 2.0, k = (double)(j - i + 1);
		for (size_t q = i; q <= j; q++)
			if (t[q].from_x)
				r1 += rank;
		tie_term += k * k * k - k;
		i = j + 1;
	}
	free(t);
	double n1 = (double)nx, n2 = (double)ny;
	double u1 = r1 - n1 * (n1 + 1) / 2, u2 = n1 * n2 - u1;
	double umax = u1 > u2 ? u1 : u2;
	out->u = u1;
	out->ties = tie_term > 0;

	bool exact = method == FB_MW_EXACT ||
		     (method == FB_MW_AUTO && (nx <= 8 || ny <= 8));
	if (exact && !out->ties) {
		/* two-sided: twice the upper tail at the larger of U1, U2 */
		out->p = 2 * fb_mw_exact_sf(umax, nx, ny);
		out->exact = true;
	} else {
		double mu = n1 * n2 / 2;
		double var = n1 * n2 / 12 * ((double)n + 1 - tie_term / ((double)n * ((double)n - 1)));
		if (var <= 0) {
			out->p = 1; /* every value equal: nothing to tell apart */
		} else {
			double z = (umax - mu - 0.5) / sqrt(var);
			out->p = erfc(z / M_SQRT2); /* 2 * sf(z) of the standard normal */
		}
	}
	if (out->p > 1)
		out->p = 1;
	return 0;
}
