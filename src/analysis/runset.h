/* runset: one side of a comparison — one driver's results pooled from one or
 * more result directories, loaded for forkbench-compare. Every ok raw
 * repetition is kept with the run it came from: the `run` column when the CSV
 * has one (one worker process each), else the whole file is one run; runs of
 * different directories are different runs. Each file is checked against its
 * summary (key columns present, medians and counts that match) and every
 * problem is a warning naming the file and line; the values that cannot be
 * trusted are left out. Reads files; measures nothing. */
#ifndef FORKBENCH_RUNSET_H
#define FORKBENCH_RUNSET_H
#include <stdbool.h>
#include <stddef.h>

#include "csvread.h"

/* One configuration's values of one metric on one side, each with its run. */
struct fb_sample {
	double *v;
	unsigned *run; /* side-wide run index, 0 .. nruns-1 */
	size_t n, cap;
};

/* One configuration of one side. */
struct fb_cfg {
	char *key;       /* key=value;... over the compared key columns */
	char *label;     /* fork/exit/touched/16M */
	char **kv;       /* the raw key values, one per compared key column */
	struct fb_sample *s; /* one per metric */
};

/* A driver's summary CSV: its key columns, metric names and per-row median. */
struct fb_summary {
	char **keys, **metrics;
	size_t nkeys, nmetrics;
	size_t nrows;
	char **rowkey;   /* key values joined with ',' (over the summary's keys) */
	int *rowmetric;  /* index into metrics */
	double *median;  /* NaN when empty */
	long *n;
};

/* One driver on one side. */
struct fb_runset {
	char **keys, **metrics;
	size_t nkeys, nmetrics;
	struct fb_cfg *cfg;
	size_t ncfg, cfgcap;
	size_t nruns;        /* distinct (directory, run) pairs seen */
	size_t ndirs;        /* directories that contributed rows */
	bool run_column;     /* at least one file had a `run` column */
	struct fb_meta *meta; /* one per contributing directory */
	char **dir;
	size_t nwarn;        /* warnings printed while loading */
};


void fb_die_oom(void) __attribute__((noreturn));
void *fb_xcalloc(size_t n, size_t s);
void *fb_xrealloc(void *p, size_t n, size_t s);
char *fb_xstrdup(const char *s);
bool fb_in_list(char *const *list, size_t n, const char *s);
double fb_median_of(const double *v, size_t n);

/* 0 when usable; -errno otherwise (with a warning naming the file and line). */
int fb_summary_load(const char *path, struct fb_summary *s);
void fb_summary_free(struct fb_summary *s);

/* Starts an empty side grouped by `keys`, holding `metrics` (both copied). */
void fb_runset_init(struct fb_runset *rs, char *const *keys, size_t nkeys, char *const *metrics, size_t nmetrics);
/* Adds DIR/DRIVER.csv (checked against `sum`, DIR's summary) and DIR/DRIVER.meta.
 * 0 when at least one value was added, -ENODATA when nothing usable remained. */
int fb_runset_add(struct fb_runset *rs, const char *dir, const char *driver, const struct fb_summary *sum);
struct fb_cfg *fb_runset_find(const struct fb_runset *rs, const char *key);
int fb_runset_metric(const struct fb_runset *rs, const char *m);
void fb_runset_free(struct fb_runset *rs);
/* Runs that hold at least one value of sample s. */
size_t fb_sample_runs(const struct fb_sample *s, size_t nruns);
#endif
