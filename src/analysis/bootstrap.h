/* bootstrap: the B/A ratio of medians of one configuration and metric, with
 * a confidence interval from a hierarchical bootstrap over the independent
 * units (Kalibera & Jones): each replicate resamples a side's runs with
 * replacement, then the repetitions within each drawn run, and takes the
 * median of all it drew. A side with fewer than 3 runs cannot say how much
 * runs differ, so its replicates resample the repetitions only (flagged: the
 * interval then knows nothing of between-run noise).
 *
 * The interval and p-value come from the bootstrap standard error of the log
 * ratio, corrected for the bootstrap's known shrinkage with few units
 * (variance times k/(k-1), k runs or repetitions) and read against Student's
 * t with Welch–Satterthwaite degrees of freedom over the units: with 3-10
 * runs a plain percentile interval is too narrow (it covers the truth well
 * under 95% of the time). The interval excludes 1 exactly when p < alpha.
 *
 * Reproducible: replicate i of a side draws its runs from a stream seeded by
 * (seed, side, i) — the same for every configuration, so replicates can be
 * combined across configurations (the geometric mean) keeping the correlation
 * that shared runs bring — and its repetitions from a stream seeded by the
 * row's own hash. Measures nothing; does not correct for multiple rows (fdr.h). */
#ifndef FORKBENCH_BOOTSTRAP_H
#define FORKBENCH_BOOTSTRAP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "runset.h"

struct fb_boot_opts {
	uint64_t seed;
	size_t resamples;
	double alpha; /* the interval is 1 - alpha */
};

/* One side of one row. */
struct fb_boot_side {
	size_t n, runs;       /* values, runs holding them */
	bool hier;            /* runs resampled (>= 3 runs) */
	double median;        /* of all values */
	double lo, hi;        /* interval of the median */
	double var_log, df;   /* corrected variance of log median, its degrees of freedom */
	bool zero;            /* a replicate's median was <= 0: no log scale */
};

struct fb_boot {
	struct fb_boot_side a, b;
	bool ok;              /* a ratio and interval exist (medians > 0) */
	double ratio, lo, hi; /* B/A and its interval */
	double p;             /* two-sided, H0: ratio = 1 */
	double se_log, df;
};

/* Replicates of a side's log median go to rep[0..resamples) when rep is not NULL. */
void fb_boot_side(const struct fb_sample *s, size_t nruns, int side, uint64_t rowseed,
		  const struct fb_boot_opts *o, double *rep, struct fb_boot_side *out);
/* Combines two sides into the ratio. */
void fb_boot_combine(const struct fb_boot_side *a, const struct fb_boot_side *b, double alpha, struct fb_boot *out);
/* Variance of rep[0..n) times k/(k-1) (k > 1), the bootstrap's small-sample correction. */
double fb_boot_var(const double *rep, size_t n, double k);
/* A stable 64-bit hash of a string, mixed with h. */
uint64_t fb_hash(const char *s, uint64_t h);
#endif
