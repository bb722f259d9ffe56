/* like_report: the answer at the end of a --like run, one paragraph read
 * back from the run's own CSV: for each method (exit rows: create_ns, the
 * call in the parent; exec rows: ready_ns, call -> the target's first
 * instruction) the median over every rep and, in brackets, the lowest and
 * highest of the per-run medians. Nothing is measured here. */
#ifndef FORKBENCH_LIKE_REPORT_H
#define FORKBENCH_LIKE_REPORT_H
#include <stdio.h>

/* who: "PID 1234 (redis-server: ...)". 0, or -errno reading the CSV. */
int fb_like_report(FILE *out, const char *csv, const char *who);
#endif
