/* runset: one driver's results from one run, loaded for comparison — the
 * summary's key columns and metric names, the raw ok repetitions grouped per
 * configuration, and the sidecar. Reads files; measures nothing. */
#ifndef FORKBENCH_RUNSET_H
#define FORKBENCH_RUNSET_H
#include <stdbool.h>
#include <stddef.h>

#include "csvread.h"

/* One configuration of one run: its raw repetitions, per metric. */
struct fb_cfg {
	char *key;   /* key=value;... over the compared key columns */
	char *label; /* fork/exit/touched/16M */
	double **v;
	size_t *n, *cap;
};

/* One driver's data in one run. */
struct fb_runset {
	bool present;
	char **keys, **metrics;
	size_t nkeys, nmetrics;
	struct fb_cfg *cfg;
	size_t ncfg, cfgcap;
	struct fb_meta meta;
};

void fb_die_oom(void) __attribute__((noreturn));
void *fb_xcalloc(size_t n, size_t s);
char *fb_xstrdup(const char *s);
bool fb_in_list(char *const *list, size_t n, const char *s);
int fb_runset_load_summary(const char *path, struct fb_runset *rs);
/* Raw rows with status ok, grouped by the key columns `keys`. */
int fb_runset_load_raw(const char *path, struct fb_runset *rs, char **keys, size_t nkeys);
struct fb_cfg *fb_runset_find(struct fb_runset *rs, const char *key, bool create, const char *label);
int fb_runset_metric(const struct fb_runset *rs, const char *m);
void fb_runset_free(struct fb_runset *rs);
double fb_median_of(const double *v, size_t n);
/* DIR/DRIVER.{csv,summary.csv,meta}; false (with a note on stderr) when absent or unreadable.
 * keys: the key columns to group by (NULL: the summary's own). */
bool fb_runset_load(const char *prog, const char *dir, const char *driver, struct fb_runset *rs, char **keys,
		    size_t nkeys);
#endif
