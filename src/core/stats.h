/* stats: order statistics of one sample. Percentiles interpolate linearly
 * between order statistics (Hyndman & Fan type 7, as R and numpy default);
 * MAD is the raw median absolute deviation (not scaled by 1.4826). */
#ifndef FORKBENCH_STATS_H
#define FORKBENCH_STATS_H
#include <stddef.h>

struct fb_stats {
	size_t n;
	double median, mean, stddev, mad, min, p5, p95, p99, max;
};

/* Sorts v in place. n == 0 gives n = 0 and nothing else meaningful. */
int fb_stats_compute(double *v, size_t n, struct fb_stats *out);
double fb_percentile_sorted(const double *v, size_t n, double p);
#endif
