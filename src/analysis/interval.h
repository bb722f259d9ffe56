/* interval: the B/A ratio of one configuration and metric with a confidence
 * interval at its nominal level, and the four verdicts. Runs are the unit:
 * each run (one worker process) gives one number, the log of its median over
 * its repetitions; a side is the mean of those (its "median" shown is the
 * geometric mean of the run medians) with the standard error of that mean,
 * and the ratio's interval is Welch's t interval on the two sides' per-run
 * log medians (Welch–Satterthwaite degrees of freedom). Within-run noise
 * enters only through the run medians, so it is counted once; a heavy tail of
 * single repetitions barely moves a median. A side with fewer than 3 runs
 * says nothing about how much runs differ: it is not judged.
 *
 * Verdicts against a margin m (--min-change): `higher`/`lower` when the
 * interval lies beyond ±m (on the log scale: beyond log(1+m)) and the row
 * passes Benjamini–Hochberg within its family; `same` when the interval lies
 * inside ±m; `undecided` otherwise, with the change that would be detected 80%
 * of the time at this noise. The p-value tests "|change| <= m", so p < alpha
 * exactly when the 1-alpha interval lies beyond the margin.
 *
 * Families: a geometric-mean change over configurations, per run the mean of
 * the configurations' log run medians (runs holding every configuration),
 * then the same t interval over runs. Measures nothing; reads fb_sample. */
#ifndef FORKBENCH_INTERVAL_H
#define FORKBENCH_INTERVAL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "runset.h"

#define FB_MIN_RUNS 3 /* fewer runs on a side: not judged */

/* One side of one row. */
struct fb_boot_side {
	size_t n, runs;       /* values, runs holding them */
	bool hier;            /* enough runs to judge (>= FB_MIN_RUNS) */
	double median;        /* geometric mean of the run medians */
	double lo, hi;        /* interval of that (t over runs) */
	double var_log, df;   /* variance of the mean log run median, its degrees of freedom */
	bool zero;            /* a run median <= 0: no log scale */
};

struct fb_boot {
	struct fb_boot_side a, b;
	bool ok;              /* a ratio and interval exist (both sides judged, medians > 0) */
	double ratio, lo, hi; /* B/A and its interval */
	double p;             /* two-sided, H0: |log ratio| <= log(1 + min_change) */
	double se_log, df;
	bool paired;          /* from run-by-run differences (fb_ratio_paired) */
	size_t pairs;         /* runs paired */
};

/* Per-run log medians of s into lm[0..nruns) (NaN for a run without values; lm may be NULL),
 * and the side's estimate at level 1 - alpha. */
void fb_side_est(const struct fb_sample *s, size_t nruns, double alpha, double *lm, struct fb_boot_side *out);
/* A side from per-run values x[0..n) (NaN skipped) already on the log scale. */
void fb_side_from_logs(const double *x, size_t n, double alpha, struct fb_boot_side *out);
/* A family's side: per run r, the mean over k of lm[k][r] (runs lacking one are
 * left out, NaN), then as fb_side_from_logs; the per-run means go to x[0..nruns) unless NULL. */
void fb_family_side(const double *const *lm, size_t k, size_t nruns, double alpha, double *x, struct fb_boot_side *out);
/* Combines two sides into the ratio, its interval and p against the margin. */
void fb_ratio(const struct fb_boot_side *a, const struct fb_boot_side *b, double alpha, double min_change,
	      struct fb_boot *out);
/* Paired by run index: la[i], lb[i] (per-run log medians, NaN when absent) of
 * runs taken alternately; the t interval on the differences (runs holding
 * both), df = pairs - 1; not ok with fewer than FB_MIN_RUNS pairs. The sides
 * a, b are kept for display; the ratio is exp(mean difference). */
void fb_ratio_paired(const double *la, const double *lb, size_t n, const struct fb_boot_side *a,
		     const struct fb_boot_side *b, double alpha, double min_change, struct fb_boot *out);
/* The change found 80% of the time by this row's test (NaN when not ok). */
double fb_detectable(const struct fb_boot *b, double alpha, double min_change);
/* The same after Benjamini–Hochberg over a family of m rows when this is the
 * only change in it (its p must reach alpha/m), with k times the runs a side
 * (the standard error shrinking as 1/sqrt(k): between-run noise). */
double fb_detectable_fdr(const struct fb_boot *b, double alpha, double min_change, size_t m, double k);

enum fb_verdict { FB_V_NONE, FB_V_FEW, FB_V_HIGHER, FB_V_LOWER, FB_V_SAME, FB_V_UNDECIDED };
/* The verdict word as in the CSV: "", "too few runs", higher, lower, same, undecided. */
const char *fb_verdict_word(enum fb_verdict v);
/* Verdicts of n rows: rows with fam[i] form one Benjamini–Hochberg family
 * (q[i] set, NaN outside it or when not ok); higher/lower needs q <= alpha in
 * the family, p <= alpha outside it. 0 or -ENOMEM. */
int fb_judge(const struct fb_boot *const *b, const bool *fam, size_t n, double alpha, double min_change,
	     double *q, enum fb_verdict *v);

/* A stable 64-bit hash of a string, mixed with h. */
uint64_t fb_hash(const char *s, uint64_t h);
#endif
