/* test_interval: the statistics under forkbench-compare's verdicts. First
 * against values that can be looked up or worked by hand: Student t
 * quantiles and tails (tables; scipy.stats.t), Benjamini-Hochberg q-values,
 * a side's estimate from its run medians. Then on synthetic run sets drawn
 * with a seeded generator and known noise (per configuration and run a
 * between-run effect, per repetition within-run noise, and a heavy tail of
 * delayed repetitions), the properties a user relies on:
 *   - A vs A at 3 runs x 4 reps: 2-8% of rows flagged before correction;
 *   - the 95% interval covers a known ratio (1.1) in 93-97% of rows;
 *   - a side with 1 run (12 reps) judges nothing ("too few runs");
 *   - a uniform +10% over a family of 10 configurations is found by the
 *     family's geometric mean (>= 80% of families), as `higher`; -10% `lower`;
 *   - 1000 unchanged rows in one BH family flag almost nothing, and one
 *     changed row among them is found;
 *   - many runs of an unchanged configuration say `same`;
 *   - paired runs sharing a large run effect find a +6% that unpaired cannot,
 *     and the paired interval covers it at its level.
 * Each turns red when the statistics are wrong (a normal quantile for t,
 * BH removed, the direction flipped: see docs/compare.md). */
#include "interval.h"
#include "fdr.h"
#include "tdist.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static void within(const char *what, double got, double lo, double hi)
{
	if (!(got >= lo && got <= hi)) {
		printf("FAIL: %s: %.4f, want %.4f to %.4f\n", what, got, lo, hi);
		failures++;
	} else {
		printf("ok: %s = %.4f (want %.4f to %.4f)\n", what, got, lo, hi);
	}
}

static void sample(struct fb_sample *s, const double *v, const unsigned *run, size_t n)
{
	s->v = (double *)v;
	s->run = (unsigned *)run;
	s->n = s->cap = n;
}

/* The generator: splitmix64, uniform (0,1), standard normal (Box-Muller). */
static uint64_t rng = 20261205;

static double unif(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return ((double)(z >> 11) + 0.5) / 9007199254740992.0;
}

static double normal(void)
{
	return sqrt(-2 * log(unif())) * cos(2 * M_PI * unif());
}

/* Noise model (log scale): between-run sd, within-run sd, and the tail: a
 * repetition delayed by +50% with probability tail, by 2-20x with tail/5. */
struct noise {
	double between, within, tail;
};

/* One side of one configuration: runs x reps values around base*ratio; shared[r]
 * (may be NULL) is added to run r's effect (run-level noise common to configurations). */
static void draw(struct fb_sample *s, size_t runs, size_t reps, double ratio, const struct noise *nz,
		 const double *shared)
{
	s->n = s->cap = runs * reps;
	s->v = realloc(s->v, s->n * sizeof(double));
	s->run = realloc(s->run, s->n * sizeof(unsigned));
	for (size_t r = 0, i = 0; r < runs; r++) {
		double eff = nz->between * normal() + (shared ? shared[r] : 0);
		for (size_t k = 0; k < reps; k++, i++) {
			double l = log(1000 * ratio) + eff + nz->within * normal(), u = unif();
			if (u < nz->tail / 5)
				l += log(2 + 18 * unif());
			else if (u < nz->tail)
				l += log(1.5);
			s->v[i] = exp(l);
			s->run[i] = (unsigned)r;
		}
	}
}

/* A row of `runs` x `reps` a side, true ratio `ratio`. */
static void row(struct fb_boot *bt, size_t ra, size_t rb, size_t reps, double ratio, const struct noise *nz,
		double min_change, double *lma, double *lmb)
{
	static struct fb_sample a, b;
	struct fb_boot_side sa, sb;
	draw(&a, ra, reps, 1, nz, NULL);
	draw(&b, rb, reps, ratio, nz, NULL);
	fb_side_est(&a, ra, 0.05, lma, &sa);
	fb_side_est(&b, rb, 0.05, lmb, &sb);
	fb_ratio(&sa, &sb, 0.05, min_change, bt);
}

/* Share of n rows flagged higher/lower with no correction (margin 0), and share whose interval covers ratio. */
static void rates(size_t n, size_t runs, size_t reps, double ratio, const struct noise *nz, double *flag, double *cov)
{
	size_t f = 0, c = 0;
	for (size_t i = 0; i < n; i++) {
		struct fb_boot bt;
		row(&bt, runs, runs, reps, ratio, nz, 0, NULL, NULL);
		const struct fb_boot *p = &bt;
		bool fam = false;
		double q;
		enum fb_verdict v;
		fb_judge(&p, &fam, 1, 0.05, 0, &q, &v);
		f += v == FB_V_HIGHER || v == FB_V_LOWER;
		c += bt.lo <= ratio && ratio <= bt.hi;
	}
	*flag = (double)f / (double)n;
	*cov = (double)c / (double)n;
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

	/* A side from its run medians: runs 0,1,2 with medians 2, 4, 8 (reps 1..). */
	double v[] = { 2, 1, 3, 4, 4, 8, 7, 9 };
	unsigned r3[] = { 0, 0, 0, 1, 1, 2, 2, 2 }, r1[] = { 0, 0, 0, 0, 0, 0, 0, 0 };
	struct fb_sample s;
	struct fb_boot_side a, b;
	double lm[3];
	sample(&s, v, r3, 8);
	fb_side_est(&s, 3, 0.05, lm, &a);
	check("run 1 median (mean of the middle two)", exp(lm[1]), 4, 1e-12);
	check("geometric mean of run medians 2, 4, 8", a.median, 4, 1e-12);
	check("three runs: judged", a.hier, 1, 0);
	check("three runs: df 2", a.df, 2, 0);
	/* log run medians are log 4 + (-1, 0, 1) log 2: variance of the mean (log 2)^2 / 3. */
	check("variance of the mean log median", a.var_log, log(2) * log(2) / 3, 1e-12);
	check("upper end: 4 exp(t(.975,2) sd)", a.hi, 4 * exp(4.30265273 * log(2) / sqrt(3)), 1e-5);
	sample(&s, v, r1, 8);
	fb_side_est(&s, 1, 0.05, NULL, &b);
	check("one run: not judged", b.hier, 0, 0);
	struct fb_boot bt;
	fb_ratio(&b, &b, 0.05, 0.05, &bt);
	check("one run a side: no interval", bt.ok, 0, 0);
	/* Constant runs: exact ratio, p 0 beyond the margin, 1 inside. */
	double w[] = { 7, 7, 7, 7, 7, 7 }, w2[] = { 14, 14, 14, 14, 14, 14 };
	unsigned rr[] = { 0, 0, 1, 1, 2, 2 };
	struct fb_boot_side c7, c14;
	sample(&s, w, rr, 6);
	fb_side_est(&s, 3, 0.05, NULL, &c7);
	sample(&s, w2, rr, 6);
	fb_side_est(&s, 3, 0.05, NULL, &c14);
	fb_ratio(&c7, &c7, 0.05, 0.05, &bt);
	check("constant vs itself: ratio 1, p 1", bt.ratio + bt.p, 2, 0);
	fb_ratio(&c7, &c14, 0.05, 0.05, &bt);
	check("constant 7 vs 14: ratio 2, p 0", bt.ratio + bt.p, 2, 1e-12);
	/* The p-value against the margin: a row whose interval ends exactly at +5% has p = alpha. */
	struct fb_boot_side x = { .runs = 5, .hier = true, .median = 1, .var_log = 0.01, .df = 4 }, y = x;
	double h = fb_t_quantile(0.975, 8) * sqrt(0.02);
	y.median = exp(log(1.05) + h);
	fb_ratio(&x, &y, 0.05, 0.05, &bt);
	check("interval ending at +5%: lower end", bt.lo, 1.05, 1e-9);
	check("interval ending at +5%: p = alpha", bt.p, 0.05, 1e-9);

	/* Synthetic sets: noise fitted loosely to results/reference (runs differ by
	 * ~8%, repetitions by ~5%, a few delayed). */
	struct noise nz = { .between = 0.08, .within = 0.05, .tail = 0.05 };
	double flag, cov, cov2;
	rates(4000, 3, 4, 1, &nz, &flag, &cov);
	within("A vs A, 3 runs x 4 reps: rows flagged before correction", flag, 0.02, 0.08);
	rates(4000, 3, 4, 1.1, &nz, &flag, &cov);
	rates(4000, 8, 3, 1.1, &nz, &flag, &cov2);
	within("coverage of a true +10%, 3 runs x 4 reps", cov, 0.93, 0.97);
	within("coverage of a true +10%, 8 runs x 3 reps", cov2, 0.93, 0.97);
	/* Within-run noise dominating, a heavier tail: still nominal. */
	struct noise wn = { .between = 0.01, .within = 0.15, .tail = 0.15 };
	rates(4000, 4, 6, 1.1, &wn, &flag, &cov);
	within("coverage, within-run noise dominant with a 15% tail", cov, 0.93, 0.97);

	/* One run a side (1 x 12): nothing judged, every row "too few runs". */
	size_t few = 0, judged = 0;
	for (int i = 0; i < 500; i++) {
		row(&bt, 1, 3, 12, 2, &nz, 0.05, NULL, NULL);
		const struct fb_boot *rp = &bt;
		bool fam = true;
		double rq;
		enum fb_verdict vd;
		fb_judge(&rp, &fam, 1, 0.05, 0.05, &rq, &vd);
		few += vd == FB_V_FEW;
		judged += vd == FB_V_HIGHER || vd == FB_V_LOWER || vd == FB_V_SAME || vd == FB_V_UNDECIDED;
	}
	check("1-run side against a 2x change: rows judged", (double)judged, 0, 0);
	check("1-run side: rows said to have too few runs", (double)few, 500, 0);

	/* A uniform +10% (and -10%) over families of 10 configurations, 6 runs x 4
	 * reps, with run-level noise partly shared by the configurations of a run. */
	enum { NF = 200, NC = 10, NR = 6 };
	struct noise fn = { .between = 0.08, .within = 0.05, .tail = 0.05 };
	for (int dir = 0; dir < 2; dir++) {
		double ratio = dir ? 1 / 1.1 : 1.1;
		size_t found = 0, wrong = 0, rowflags = 0;
		static double lma[NC][NR], lmb[NC][NR];
		for (int f = 0; f < NF; f++) {
			struct fb_boot rows[NC];
			const struct fb_boot *rp[NC];
			bool fam[NC];
			double fq[NC];
			enum fb_verdict vd[NC];
			for (int k = 0; k < NC; k++) {
				row(&rows[k], NR, NR, 4, ratio, &fn, 0.05, lma[k], lmb[k]);
				rp[k] = &rows[k];
				fam[k] = true;
			}
			fb_judge(rp, fam, NC, 0.05, 0.05, fq, vd);
			for (int k = 0; k < NC; k++)
				rowflags += vd[k] == (dir ? FB_V_LOWER : FB_V_HIGHER);
			const double *pa[NC], *pb[NC];
			for (int k = 0; k < NC; k++) {
				pa[k] = lma[k];
				pb[k] = lmb[k];
			}
			struct fb_boot_side ga, gb;
			struct fb_boot g;
			fb_family_side(pa, NC, NR, 0.05, NULL, &ga);
			fb_family_side(pb, NC, NR, 0.05, NULL, &gb);
			fb_ratio(&ga, &gb, 0.05, 0.0, &g);
			const struct fb_boot *gp = &g;
			bool one = true;
			double gq;
			enum fb_verdict gv;
			fb_judge(&gp, &one, 1, 0.05, 0.0, &gq, &gv);
			found += gv == (dir ? FB_V_LOWER : FB_V_HIGHER);
			wrong += gv == (dir ? FB_V_HIGHER : FB_V_LOWER);
		}
		char what[128];
		snprintf(what, sizeof(what), "uniform %s10%% family (10 configs, 6x4): families found",
			 dir ? "-" : "+");
		within(what, (double)found / NF, 0.80, 1);
		snprintf(what, sizeof(what), "uniform %s10%%: families called the other way", dir ? "-" : "+");
		check(what, (double)wrong, 0, 0);
		printf("   (per-row verdicts in those families found %.1f%% of the rows)\n",
		       100.0 * (double)rowflags / (NF * NC));
	}

	/* One BH family of 1000 unchanged rows (3 x 4, margin 0), and the same with one row doubled. */
	enum { NB = 1000 };
	static struct fb_boot big[NB];
	static const struct fb_boot *bp[NB];
	static bool bf[NB];
	static double bq[NB];
	static enum fb_verdict bv[NB];
	size_t false_flags = 0, sets_with_flag = 0, found1 = 0;
	struct noise qn = { .between = 0.03, .within = 0.05, .tail = 0.05 };
	for (int set = 0; set < 20; set++) {
		for (int i = 0; i < NB; i++) {
			row(&big[i], 8, 8, 3, i == 0 && set % 2 ? 2 : 1, &qn, 0.0, NULL, NULL);
			bp[i] = &big[i];
			bf[i] = true;
		}
		fb_judge(bp, bf, NB, 0.05, 0.0, bq, bv);
		size_t fl = 0;
		for (int i = set % 2; i < NB; i++)
			fl += bv[i] == FB_V_HIGHER || bv[i] == FB_V_LOWER;
		false_flags += fl;
		sets_with_flag += fl > 0 && set % 2 == 0;
		found1 += set % 2 && bv[0] == FB_V_HIGHER;
	}
	check("1000 unchanged rows in one BH family, 20 sets: sets of 10 with any flag <= 2", sets_with_flag <= 2, 1, 0);
	printf("   (false flags over 20 x ~1000 rows: %zu)\n", false_flags);
	check("one doubled row among 999 unchanged: found in 10 of 10 sets", (double)found1, 10, 0);

	/* Many runs of an unchanged configuration: `same` within +-5%. */
	size_t same = 0;
	for (int i = 0; i < 500; i++) {
		row(&bt, 30, 30, 5, 1, &qn, 0.05, NULL, NULL);
		const struct fb_boot *rp = &bt;
		bool fam = true;
		double rq;
		enum fb_verdict vd;
		fb_judge(&rp, &fam, 1, 0.05, 0.05, &rq, &vd);
		same += vd == FB_V_SAME;
		if (getenv("FB_DEBUG") && i < 10) printf("  r %.4f [%.4f, %.4f] se %.4f df %.1f v %d\n", bt.ratio, bt.lo, bt.hi, bt.se_log, bt.df, vd);
		if (vd == FB_V_UNDECIDED && !(fb_detectable(&bt, 0.05, 0.05) > 0.05))
			failures++, printf("FAIL: undecided row with detectable <= the margin\n");
	}
	within("A vs A, 30 runs x 5 reps, margin 5%: rows `same`", same / 500.0, 0.85, 1);
	/* Paired runs (A and B alternated, run i of each sharing the machine's state):
	 * a run effect of sd 20% common to the pair, 2% of its own, true +6%, 8 pairs. */
	size_t pf = 0, uf = 0, pc = 0;
	enum { NP = 8 };
	for (int i = 0; i < 1000; i++) {
		double shared[NP], la[NP], lb[NP];
		for (int r = 0; r < NP; r++)
			shared[r] = 0.2 * normal();
		static struct fb_sample sa, sb;
		struct noise pn = { .between = 0.02, .within = 0.03, .tail = 0.02 };
		draw(&sa, NP, 4, 1, &pn, shared);
		draw(&sb, NP, 4, 1.06, &pn, shared);
		struct fb_boot_side a1, b1;
		struct fb_boot pb, ub;
		fb_side_est(&sa, NP, 0.05, la, &a1);
		fb_side_est(&sb, NP, 0.05, lb, &b1);
		fb_ratio_paired(la, lb, NP, &a1, &b1, 0.05, 0, &pb);
		fb_ratio(&a1, &b1, 0.05, 0, &ub);
		pf += pb.ok && pb.lo > 1;
		uf += ub.ok && ub.lo > 1;
		pc += pb.ok && pb.lo <= 1.06 && 1.06 <= pb.hi;
	}
	within("paired +6% (8 pairs, shared run effect 20%): found", pf / 1000.0, 0.8, 1);
	within("the same runs unpaired: found", uf / 1000.0, 0, 0.3);
	within("paired interval: coverage of the true +6%", pc / 1000.0, 0.93, 0.97);
	if (failures)
		printf("%d failed\n", failures);
	return failures ? 1 : 0;
}
