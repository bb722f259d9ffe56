/* stats: median, mean, stddev, MAD and percentiles for the summary CSV. */
#include "stats.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double fb_percentile_sorted(const double *v, size_t n, double p)
{
	if (n == 0)
		return NAN;
	double pos = p / 100.0 * (double)(n - 1);
	size_t lo = (size_t)pos;
	if (lo + 1 >= n)
		return v[n - 1];
	double frac = pos - (double)lo;
	return v[lo] + frac * (v[lo + 1] - v[lo]);
}

int fb_stats_compute(double *v, size_t n, struct fb_stats *out)
{
	memset(out, 0, sizeof(*out));
	out->n = n;
	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), cmp_double);
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += v[i];
	out->mean = sum / (double)n;
	double ss = 0;
	for (size_t i = 0; i < n; i++)
		ss += (v[i] - out->mean) * (v[i] - out->mean);
	out->stddev = n > 1 ? sqrt(ss / (double)(n - 1)) : 0;
	out->min = v[0];
	out->max = v[n - 1];
	out->median = fb_percentile_sorted(v, n, 50);
	out->p5 = fb_percentile_sorted(v, n, 5);
	out->p95 = fb_percentile_sorted(v, n, 95);
	out->p99 = fb_percentile_sorted(v, n, 99);
	double *dev = malloc(n * sizeof(*dev));
	if (!dev)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		dev[i] = fabs(v[i] - out->median);
	qsort(dev, n, sizeof(*dev), cmp_double);
	out->mad = fb_percentile_sorted(dev, n, 50);
	free(dev);
	return 0;
}
