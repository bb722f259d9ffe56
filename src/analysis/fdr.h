/* fdr: Benjamini–Hochberg adjusted p-values (q-values) across the rows of a
 * report, so that flagging every row with q <= Q keeps the expected share of
 * false flags among the flags at or below Q (for independent or positively
 * dependent tests, as rows sharing runs are). Not a family-wise correction. */
#ifndef FORKBENCH_FDR_H
#define FORKBENCH_FDR_H
#include <stddef.h>

/* q[i] for p[i], i < n; NaN p values are left out of the family and get NaN. 0 or -ENOMEM. */
int fb_bh_adjust(const double *p, size_t n, double *q);
#endif
