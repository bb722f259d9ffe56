/* test_mannwhitney: fb_mw_test against values scipy.stats.mannwhitneyu gives
 * (and that can be derived by hand), exact and asymptotic, with and without
 * ties. Each case states where its expected numbers come from. */
#include "mannwhitney.h"

#include <math.h>
#include <stdio.h>

#include "check.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

int main(void)
{
	struct fb_mw_result r;

	/* Complete separation, 5 vs 5, no ties: U = 0; exact two-sided
	 * p = 2 / C(10,5) = 2/252 = 0.0079365 (scipy: 0.007936507936507936). */
	double a[] = { 1, 2, 3, 4, 5 }, b[] = { 6, 7, 8, 9, 10 };
	fb_mw_test(a, N(a), b, N(b), FB_MW_AUTO, &r);
	check("separated U", r.u, 0, 0);
	check("separated exact p", r.p, 2.0 / 252, 1e-12);
	check("separated used exact", r.exact, 1, 0);
	fb_mw_test(b, N(b), a, N(a), FB_MW_AUTO, &r);
	check("swapped U = n1*n2", r.u, 25, 0);
	check("swapped p", r.p, 2.0 / 252, 1e-12);

	/* scipy's documentation example (males vs females): U = 17,
	 * exact p = 0.1111111111111111, asymptotic p = 0.11134688653314041. */
	double m[] = { 19, 22, 16, 29, 24 }, f[] = { 20, 11, 17, 12 };
	fb_mw_test(m, N(m), f, N(f), FB_MW_AUTO, &r);
	check("scipy example U", r.u, 17, 0);
	check("scipy example exact p", r.p, 1.0 / 9, 1e-12);
	fb_mw_test(m, N(m), f, N(f), FB_MW_ASYMPTOTIC, &r);
	check("scipy example asymptotic p", r.p, 0.11134688653314041, 1e-12);

	/* Exact null distribution for 3 vs 3: counts of U = 0..9 are
	 * 1,1,2,3,3,3,3,2,1,1 out of C(6,3) = 20. */
	check("P(U>=9 | 3,3)", fb_mw_exact_sf(9, 3, 3), 1.0 / 20, 1e-12);
	check("P(U>=6 | 3,3)", fb_mw_exact_sf(6, 3, 3), 7.0 / 20, 1e-12);
	check("P(U>=0 | 3,3)", fb_mw_exact_sf(0, 3, 3), 1, 1e-12);

	/* 8 vs 8 separated: exact p = 2 / C(16,8) = 2/12870. */
	double c[8], d[8];
	for (int i = 0; i < 8; i++) {
		c[i] = i;
		d[i] = 100 + i;
	}
	fb_mw_test(c, 8, d, 8, FB_MW_AUTO, &r);
	check("8v8 exact p", r.p, 2.0 / 12870, 1e-15);

	/* Ties force the normal approximation even for small n (as scipy's
	 * "auto"). x = [1,2,3,3], y = [3,4,5,5]: mid-ranks give R1 = 11, U = 1;
	 * tie term (3^3-3)+(2^3-2) = 30; var = 16/12 * (9 - 30/56) = 11.2857;
	 * z = (15 - 8 - 0.5)/sqrt(var) = 1.93486; p = erfc(z/sqrt2) = 0.0530079. */
	double e[] = { 1, 2, 3, 3 }, g[] = { 3, 4, 5, 5 };
	fb_mw_test(e, N(e), g, N(g), FB_MW_AUTO, &r);
	check("ties U", r.u, 1, 0);
	check("ties asymptotic p", r.p, 0.053007869102, 1e-9);
	check("ties flagged", r.ties, 1, 0);
	check("ties not exact", r.exact, 0, 0);

	/* Identical samples: nothing to tell apart. */
	double h[] = { 5, 5, 5 };
	fb_mw_test(h, 3, h, 3, FB_MW_AUTO, &r);
	check("all equal p", r.p, 1, 0);
	double k[10];
	for (int i = 0; i < 10; i++)
		k[i] = 1000 + (i * 37) % 11;
	fb_mw_test(k, 10, k, 10, FB_MW_AUTO, &r);
	check("A vs A (10 reps) p", r.p, 1, 1e-12);

	/* Larger sample, no ties, n > 8: asymptotic with continuity correction.
	 * x = 1..10, y = 11..20: U = 0, var = 100*21/12 = 175,
	 * z = (100 - 50 - 0.5)/sqrt(175) = 3.741763; p = erfc(z/sqrt2) = 0.000182672. */
	double x10[10], y10[10];
	for (int i = 0; i < 10; i++) {
		x10[i] = i + 1;
		y10[i] = i + 11;
	}
	fb_mw_test(x10, 10, y10, 10, FB_MW_AUTO, &r);
	check("10v10 asymptotic p", r.p, erfc(49.5 / sqrt(175.0) / M_SQRT2), 1e-15);
	check("10v10 not exact", r.exact, 0, 0);
	check("10v10 p magnitude", r.p, 0.000182672, 1e-8);

	printf("%s\n", failures ? "FAILED" : "all passed");
	return failures ? 1 : 0;
}
