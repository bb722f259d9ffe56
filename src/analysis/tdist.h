/* tdist: Student's t distribution — the two-sided tail probability and the
 * quantile, for any real degrees of freedom (Welch–Satterthwaite gives
 * fractional ones). Through the regularized incomplete beta function
 * (Lentz's continued fraction). Accurate to ~1e-10; no other distributions. */
#ifndef FORKBENCH_TDIST_H
#define FORKBENCH_TDIST_H
/* P(|T| >= |t|) for T ~ t(df); df > 0 (df >= 1e7 is taken as normal). */
double fb_t_two_sided_p(double t, double df);
/* The q quantile (0.5 < q < 1) of t(df). */
double fb_t_quantile(double q, double df);
#endif
