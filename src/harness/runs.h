/* runs: the driver's side of independent runs. For each of --runs N it starts
 * a fresh worker process (bin/forkbench-worker: static, no libpfm4 calls, no
 * stdio in any timed region) in a process group of its own, sends it the
 * config with the run number, and turns what it streams back into CSV rows
 * through the table (adding run, worker_pid and cpu), progress, and sidecar
 * numbers. The worker dies with the driver (PR_SET_PDEATHSIG); a stop signal
 * is forwarded so it sends what it measured; a worker that dies mid-run (or is
 * killed) loses only that run, which is reported, and whatever it left in its
 * group is killed and reaped (the driver is a child subreaper).
 * Measures nothing itself. */
#ifndef FORKBENCH_RUNS_H
#define FORKBENCH_RUNS_H
#include <stddef.h>
#include <stdint.h>

#include "perf.h"
#include "table.h"
#include "wire.h"
#include "worker_proc.h"

struct fb_runs {
	const char *prog;
	enum fb_wire_driver driver;
	void *config;              /* begins with struct fb_sweep_plan; plan.run is set per run */
	size_t config_len;
	int nvariants;             /* for the progress total */
	struct fb_table *t;
	int cpu;                   /* the cpu column; -1: empty */
	/* A key=value number a worker sent (baseline_*, heap_rebuilds, ...). */
	void (*on_info)(void *ctx, uint32_t run, const char *key, int64_t value);
	void *info_ctx;
	/* > 0: after run 0, as many runs of its size as fit in this many ns
	 * (at least 3); the plan's runs and reps are rewritten to match. */
	int64_t budget_ns;
	int64_t eta_after_ns;      /* work after this driver's (scripts/run), added to the progress ETA */
	/* Out: */
	uint32_t runs_done, runs_lost;
	int64_t first_run_ns;      /* budget: what run 0 took, wall clock */
	/* What the workers said about their counters, pooled over the runs: the
	 * tallies summed, the passes as the last run sent them (every run plans
	 * the same). Zero until a worker reports. */
	struct fb_runs_perf {
		struct fb_perf_tally tally;
		int passes, life_passes;
		uint32_t runs;          /* runs that reported */
	} perf;
};

/* Runs every run in turn. Returns 0, -EINTR when a signal stopped it, or
 * FB_ERR_REPORTED when a run was lost or failed (already said on stderr). */
int fb_runs_execute(struct fb_runs *r);
#endif
