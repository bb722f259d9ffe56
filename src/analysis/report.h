/* report: writes comparisons (comparison.h) in three forms — plain text
 * that fits 80 columns (for a commit message or a mailing list), Markdown,
 * and CSV with machine-readable columns (one column per configuration key,
 * `verdict` holding verdicts only, notes apart) plus a per-metric summary
 * CSV. Summary first, then per driver and metric the rows sorted by |change|,
 * times in scaled units as median ± half-interval. The same comparisons give
 * the same bytes. Computes nothing but formatting. */
#ifndef FORKBENCH_REPORT_H
#define FORKBENCH_REPORT_H
#include <stdio.h>

#include <stdbool.h>

#include "comparison.h"

/* The whole report: header, per metric, notes, each metric's configurations
 * by |change|, then what one side alone has; markdown (md) or 80-column text. */
void fb_report(FILE *f, const struct fb_cmp *c, bool md);
/* The header of compare.csv for these comparisons (key columns: their union). */
void fb_report_csv_header(FILE *f, const struct fb_cmp *cs, size_t n);
void fb_report_csv(FILE *f, const struct fb_cmp *c, const struct fb_cmp *all, size_t n);
void fb_report_summary_csv_header(FILE *f);
void fb_report_summary_csv(FILE *f, const struct fb_cmp *c);
#endif
