/* test_bootstrap: the pieces under forkbench-compare's verdicts, against
 * values that can be looked up or derived by hand: Student t quantiles and
 * tails (tables; scipy.stats.t), Benjamini-Hochberg q-values (worked by
 * hand below), the bootstrap's median, its reproducibility and what it does
 * with constant samples and with too few runs. */
#include "bootstrap.h"
#include "fdr.h"
#include "tdist.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int failures;

static void check(const char *what, double got, double want, double tol)
{
	if (!(fabs(got - want) <= tol)) {
		printf("FAIL: %s: got %.10g, want %.10g\n", what, got, want);
		failures++;
	} else {
		printf("ok: %s = %.6g\n", what, got);
	}
}

static void sample(struct fb_sample *s, const double *v, const unsigned *run, size_t n)
{
	s->v = (double *)v;
	s->run = (unsigned *)run;
	s->n = s->cap = n;
}

int main(void)
{
	/* t quantiles from any table; the large-df one is the normal 1.959964. */
	check("t 0.975, df 1", fb_t_quantile(0.975, 1), 12.7062047, 1e-6);
	check("t 0.975, df 10", fb_t_quantile(0.975, 10), 2.2281389, 1e-6);
	check("t 0.975, df 30", fb_t_quantile(0.975, 30), 2.0422725, 1e-6);
	check("t 0.975, df 4.5", fb_t_quantile(0.975, 4.5), 2.6589123, 1e-6); /* Simpson integration of the density */
	check("t 0.975, df 1e8", fb_t_quantile(0.975, 1e8), 1.959964, 1e-5);
	check("P(|T|>2.2281389), df 10", fb_t_two_sided_p(2.2281389, 10), 0.05, 1e-7);
	check("P(|T|>0), df 3", fb_t_two_sided_p(0, 3), 1, 1e-12);
	check("P(|T|>1), df 1 (Cauchy: 1/2)", fb_t_two_sided_p(1, 1), 0.5, 1e-9);

	/* BH by hand: p sorted 0.005, 0.01, 0.03, 0.04 (m = 4): p*m/j = 0.02,
	 * 0.02, 0.04, 0.04, already monotone. NaN stays out of the family. */
	double p[] = { 0.01, 0.04, NAN, 0.03, 0.005 }, q[5];
	fb_bh_adjust(p, 5, q);
	check("BH q of 0.01", q[0], 0.02, 1e-12);
	check("BH q of 0.04", q[1], 0.04, 1e-12);
	check("BH NaN left out", isnan(q[2]), 1, 0);
	check("BH q of 0.03", q[3], 0.04, 1e-12);
	check("BH q of 0.005", q[4], 0.02, 1e-12);
	/* Step-up: a large p can pull smaller ones down to its own level. */
	double p2[] = { 0.04, 0.045 }, q2[2];
	fb_bh_adjust(p2, 2, q2);
	check("BH step-up q of 0.04", q2[0], 0.045, 1e-12);

	/* The bootstrap's median is fb_stats' (mean of the middle two when even). */
	double v[] = { 5, 1, 4, 2, 3, 6 }, w[] = { 7, 7, 7, 7, 7, 7 };
	unsigned r0[] = { 0, 0, 0, 0, 0, 0 }, r3[] = { 0, 0, 1, 1, 2, 2 };
	struct fb_sample s, c;
	struct fb_boot_opts o = { .seed = 1, .resamples = 2000, .alpha = 0.05 };
	struct fb_boot_side a, a2, b;
	sample(&s, v, r0, 6);
	fb_boot_side(&s, 1, 0, 42, &o, NULL, &a);
	check("median of 1..6", a.median, 3.5, 1e-12);
	check("one run: not hierarchical", a.hier, 0, 0);
	check("one run: df = n - 1", a.df, 5, 0);
	fb_boot_side(&s, 1, 0, 42, &o, NULL, &a2);
	check("same seed, same interval", a2.lo - a.lo + a2.hi - a.hi, 0, 0);
	sample(&s, v, r3, 6);
	fb_boot_side(&s, 3, 0, 42, &o, NULL, &a);
	check("three runs: hierarchical", a.hier, 1, 0);
	check("three runs: df = runs - 1", a.df, 2, 0);
	/* Constant samples: no variance, exact ratio, p 0 when they differ. */
	sample(&c, w, r3, 6);
	fb_boot_side(&c, 3, 1, 42, &o, NULL, &b);
	check("constant: no variance", b.var_log, 0, 0);
	struct fb_boot bt;
	fb_boot_combine(&b, &b, 0.05, &bt);
	check("constant vs itself: ratio 1", bt.ratio, 1, 0);
	check("constant vs itself: p 1", bt.p, 1, 0);
	double w2[] = { 14, 14, 14, 14, 14, 14 };
	struct fb_boot_side b2;
	sample(&c, w2, r3, 6);
	fb_boot_side(&c, 3, 1, 42, &o, NULL, &b2);
	fb_boot_combine(&b, &b2, 0.05, &bt);
	check("constant 7 vs 14: ratio 2", bt.ratio, 2, 0);
	check("constant 7 vs 14: p 0", bt.p, 0, 0);
	/* A side with a median of 0: no ratio, never judged. */
	double z[] = { 0, 0, 0, 1, 0, 0 };
	sample(&c, z, r3, 6);
	fb_boot_side(&c, 3, 1, 42, &o, NULL, &b2);
	fb_boot_combine(&a, &b2, 0.05, &bt);
	check("median 0: no ratio", bt.ok, 0, 0);
	if (failures)
		printf("%d failed\n", failures);
	return failures ? 1 : 0;
}
