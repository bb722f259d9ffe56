/* mannwhitney: the Mann-Whitney U rank test of two independent samples,
 * two-sided, computed the way scipy.stats.mannwhitneyu(method="auto") does:
 * the exact null distribution of U when there are no ties and one sample has
 * at most 8 values, the normal approximation with tie correction and a 1/2
 * continuity correction otherwise. Does not do one-sided tests or
 * permutation tests. forkbench-compare reports its p-value as an extra
 * column (mw_p): it treats repetitions as independent, which they are not
 * across runs, so it no longer decides a verdict (src/analysis/interval.h does). */
#ifndef FORKBENCH_MANNWHITNEY_H
#define FORKBENCH_MANNWHITNEY_H
#include <stdbool.h>
#include <stddef.h>

enum fb_mw_method { FB_MW_AUTO, FB_MW_EXACT, FB_MW_ASYMPTOTIC };

struct fb_mw_result {
	double u;     /* U of the first sample: R1 - n1(n1+1)/2 (scipy's statistic) */
	double p;     /* two-sided p-value, clipped to 1 */
	bool exact;   /* the exact distribution was used */
	bool ties;    /* the pooled sample has ties */
};

/* 0, or -EINVAL when a sample is empty, -ENOMEM. FB_MW_EXACT with ties falls
 * back to the normal approximation (the exact table assumes distinct ranks). */
int fb_mw_test(const double *x, size_t nx, const double *y, size_t ny, enum fb_mw_method method,
	       struct fb_mw_result *out);

/* P(U >= u) under H0 for sample sizes n1, n2 without ties (exact). */
double fb_mw_exact_sf(double u, size_t n1, size_t n2);
#endif
