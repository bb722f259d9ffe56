/* like_report: the answer at the end of a --like run, one paragraph read
 * back from the run's own CSV: for each method and child action, one metric
 * (exit rows and exec rows may differ; spawn: create_ns and ready_ns) — the
 * median over every rep and, in brackets, the lowest and highest of the
 * per-run medians (a CSV without a run column is one run). Nothing is measured here. */
#ifndef FORKBENCH_LIKE_REPORT_H
#define FORKBENCH_LIKE_REPORT_H
#include <stdio.h>

/* who: "PID 1234 (redis-server: ...)". 0, or -errno reading the CSV. */
int fb_like_report(FILE *out, const char *csv, const char *who, const char *exit_metric, const char *exec_metric,
		   const char *note);
#endif
