/* comparison: one comparison of side A (the baseline) with side B, each a
 * list of result directories pooled: per driver, the configurations and
 * metrics both hold, each with its ratio and t interval over runs
 * (interval.h); families (per driver, method and metric, the geometric-mean
 * change over configurations) first; Benjamini–Hochberg over one primary
 * metric per driver (fb_primary_metric), and the four verdicts; the machine and sidecar differences that can explain a change;
 * what is present on one side only. Reads results; measures nothing; prints
 * nothing but warnings (report.h writes it out). */
#ifndef FORKBENCH_COMPARISON_H
#define FORKBENCH_COMPARISON_H
#include <stdbool.h>
#include <stddef.h>

#include "clock.h"
#include "interval.h"
#include "runset.h"

enum fb_kind { FB_KIND_TIME, FB_KIND_COUNT };

struct fb_cmp_opts {
	double alpha;      /* FDR level, and 1 - the interval's level */
	double min_change; /* the margin: inside ±this is `same` */
	bool paired;       /* run i of A paired with run i of B (taken alternately) */
	char **metrics;    /* only these (NULL: all) */
	size_t nmetrics;
	bool all;          /* every row in the text and Markdown */
};

struct fb_row {
	const char *driver, *metric, *label;
	char *const *kv;       /* key values, one per the driver's key column */
	char *const *keys;
	size_t nkeys;
	enum fb_kind kind;
	bool shown;            /* in the text and Markdown (main metric, flagged, or --all) */
	bool emulated;         /* a timing whose sides' clocks cannot be judged (clock.h): never judged */
	bool instr;            /* a timing in guest instructions (both sides on the icount clock) */
	bool judged;           /* has an interval and a verdict */
	bool family;           /* in the Benjamini–Hochberg family (the driver's primary metric) */
	const char *only;      /* "A"/"B" label when the configuration is on one side only */
	struct fb_boot bt;
	double mw_p, q;
	double detectable;     /* smallest |B/A - 1| found 80% of the time at this noise (>= min_change) */
	double det_fdr[3];     /* the same after BH in its family (an isolated change), with 1x, 2x, 4x the runs */
	enum fb_verdict v;
	const char *verdict;   /* fb_verdict_word(v) */
	double *lm_a, *lm_b;   /* per-run log medians (for the families), freed after */
	char note[128];
};

struct fb_metric_sum {
	const char *driver, *metric;
	enum fb_kind kind;
	bool main, emulated;
	size_t rows, flagged, higher, lower, same, undecided, few_runs;
	bool ok;               /* a geometric mean exists */
	double g, glo, ghi;    /* over every configuration (all methods) */
};

/* A family: one driver, method (its first key column's value) and metric;
 * the geometric-mean change over its configurations, runs as the unit. */
struct fb_family {
	const char *driver, *metric, *method;
	enum fb_kind kind;
	bool main, emulated;
	size_t configs;        /* configurations in the geometric mean */
	size_t runs_a, runs_b; /* runs holding every one of them */
	struct fb_boot bt;
	double q, detectable;
	enum fb_verdict v;
};

struct fb_cmp {
	const char *la, *lb;
	struct fb_cmp_opts o;
	struct fb_runset *a, *b; /* per driver present on both sides */
	const char **drivers;
	size_t ndrivers;
	struct fb_row *rows;
	size_t nrows;
	struct fb_metric_sum *sums;
	size_t nsums;
	struct fb_family *fams;
	size_t nfams;
	size_t judged, flagged, same, undecided, few; /* rows of the primary metrics */
	size_t runs_a, runs_b, dirs_a, dirs_b; /* over the drivers compared (max) */
	bool few_a, few_b;       /* a side with < 3 runs somewhere */
	bool emu_a, emu_b;       /* timings not judgeable (plain TCG, or clocks that differ) */
	enum fb_clock clock_a, clock_b; /* each side's clock, pooled over its sidecars */
	const char *clock_why;   /* why timings are not judged, or NULL */
	char differ[512];        /* "CPU model, kernel" or "" */
	char **notes;            /* lines for the report: one-side-only things, sidecar differences */
	size_t nnotes;
};

/* 0 when at least one driver was compared; -ENODATA when none (warned). */
int fb_cmp_run(struct fb_cmp *c, char **adirs, size_t na, char **bdirs, size_t nb, const char *la,
	       const char *lb, const struct fb_cmp_opts *o);
void fb_cmp_free(struct fb_cmp *c);
bool fb_main_metric(const char *m);
/* The metric of DRIVER whose rows form the Benjamini–Hochberg family:
 * create_ns (spawn), cow_ns_per_page (cow), call_ns (footprint). */
const char *fb_primary_metric(const char *driver);
/* FB_KIND_COUNT: pages, faults, bytes (exact under emulation); FB_KIND_TIME: the rest. */
enum fb_kind fb_metric_kind(const char *m);
#endif
