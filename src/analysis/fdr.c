/* fdr: Benjamini–Hochberg step-up adjustment (see fdr.h). */
#include "fdr.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

static const double *sort_p;

static int by_p(const void *a, const void *b)
{
	double x = sort_p[*(const size_t *)a], y = sort_p[*(const size_t *)b];
	if (x != y)
		return x < y ? -1 : 1;
	return (*(const size_t *)a > *(const size_t *)b) - (*(const size_t *)a < *(const size_t *)b);
}

int fb_bh_adjust(const double *p, size_t n, double *q)
{
	size_t *idx = malloc((n ? n : 1) * sizeof(*idx)), m = 0;
	if (!idx)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		q[i] = NAN;
		if (!isnan(p[i]))
			idx[m++] = i;
	}
	sort_p = p;
	qsort(idx, m, sizeof(*idx), by_p);
	/* q_(i) = min over j >= i of p_(j) * m / j, from the largest p down. */
	double run = 1;
	for (size_t j = m; j-- > 0;) {
		double v = p[idx[j]] * (double)m / (double)(j + 1);
		run = v < run ? v : run;
		q[idx[j]] = run;
	}
	free(idx);
	return 0;
}
