/* driver: the start and end every driver shares, so a driver's main() is only
 * what it sweeps. Begin: output paths (creating the directory), perf-event
 * warnings, the quietness check, CPU pinning, the sidecar with the common keys.
 * Start: the sidecar flushed, the CSV header, signal handlers. Finish: children
 * killed and reaped, sidecar closed, summary written, one line saying where everything is, the exit code.
 * These exit the process on failure by design: they are the drivers' frame. */
#ifndef FORKBENCH_DRIVER_H
#define FORKBENCH_DRIVER_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cli.h"
#include "table.h"

struct fb_run {
	const char *prog;
	struct fb_common_opts *o;
	char csv[4096], summary[4096], meta[4096], meta_tmp[4200];
	int csv_fd;              /* open and locked from begin until the table takes it */
	bool csv_created;        /* begin created the CSV: removed if the run is refused */
	FILE *side;              /* open from begin to finish: drivers add their own keys */
	struct fb_table table;   /* set up by the driver between begin and start */
	int64_t t0;
	/* Set by a driver that ran workers (fb_runs): their pooled counter
	 * tally for the sidecar; NULL: none reported. */
	const struct fb_runs_perf *perf;
};

struct fb_sweep_plan;
/* The harness's plan from the shared options (heap kinds by index, sizes,
 * fragments, warm-up, reps) and the run count (src/frontend/runs_plan.c). */
void fb_runs_plan(struct fb_sweep_plan *p, const struct fb_common_opts *o, unsigned runs);

struct fb_runs;
/* Between start and finish: runs rs's workers into the run's table (prog,
 * table and cpu filled in here) and records runs_done, runs_lost and the
 * counters' tally for finish. Returns fb_runs_execute's result. */
int fb_run_workers(struct fb_run *run, struct fb_runs *rs);

void fb_run_begin(struct fb_run *r, struct fb_common_opts *o, const char *default_csv, int argc,
		  char **argv);
void fb_run_start(struct fb_run *r);
/* rc from the runner: 0, -EINTR (stopped by a signal) or -errno. Returns the exit code. */
int fb_run_finish(struct fb_run *r, int rc);
#endif
