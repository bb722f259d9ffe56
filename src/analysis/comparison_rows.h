/* comparison_rows: the parts of a comparison (comparison.h) that load one
 * driver's two sides, build its rows with their intervals and families, and decide the
 * verdicts across all rows. Internal to comparison.c and comparison_rows.c. */
#ifndef FORKBENCH_COMPARISON_ROWS_H
#define FORKBENCH_COMPARISON_ROWS_H
#include "comparison.h"

void fb_cmp_note(struct fb_cmp *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Loads DRIVER from every directory of both sides; 1 | 2: which sides hold usable results. */
int fb_cmp_load_driver(struct fb_cmp *c, const char *driver, char **ad, size_t na, char **bd, size_t nb,
		       struct fb_runset *ra, struct fb_runset *rb);
void fb_cmp_rows(struct fb_cmp *c, const char *driver, struct fb_runset *ra, struct fb_runset *rb);
/* Benjamini–Hochberg over the judged rows, then verdicts and per-metric counts. */
void fb_cmp_verdicts(struct fb_cmp *c);
#endif
