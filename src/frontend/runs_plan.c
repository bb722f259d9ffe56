/* runs_plan: a driver's runs, framed — the harness's sweep plan from the
 * command line's shared options (heap kinds by index, sizes, fragments,
 * warm-up, reps, runs, cpu), so that nothing below bench/ and frontend/ sees
 * the options struct; and the runs executed into the driver's table with what
 * every driver records of them (runs_done, runs_lost, the counters' tally).
 * Measures nothing. */
#define _GNU_SOURCE
#include "cli.h"
#include "driver.h"
#include "runs.h"
#include "sidecar.h"
#include "sweep.h"

#include <stdlib.h>
#include <string.h>

void fb_runs_plan(struct fb_sweep_plan *p, const struct fb_common_opts *o, unsigned runs)
{
	memset(p, 0, sizeof(*p));
	for (int i = 0; i < o->nheaps && i < FB_SWEEP_MAX; i++)
		p->heaps[p->nheaps++] = (uint32_t)(o->heaps[i] - fb_heap_kinds);
	for (int i = 0; i < o->nsizes && i < FB_SWEEP_MAX; i++)
		p->sizes[p->nsizes++] = o->sizes[i];
	p->fragments = o->fragments;
	p->warmup = o->warmup;
	p->reps = o->reps;
	p->runs = runs;
	p->cpu = o->cpu;
	p->set_mthp = o->set_mthp;
}

int fb_run_workers(struct fb_run *run, struct fb_runs *rs)
{
	rs->prog = run->prog;
	rs->t = &run->table;
	rs->cpu = run->o->cpu;
	rs->budget_ns = run->o->budget_ns;
	/* scripts/run: the seconds its later drivers and the plots are left, so
	 * that the progress line's ETA is the whole run's. */
	const char *after = getenv("FORKBENCH_ETA_AFTER");
	rs->eta_after_ns = after ? (int64_t)strtoll(after, NULL, 10) * 1000000000LL : 0;
	int rc = fb_runs_execute(rs);
	if (rs->budget_ns) {
		const struct fb_sweep_plan *p = rs->config;
		fb_sidecar_kv(run->side, "budget_s", "%lld", (long long)(rs->budget_ns / 1000000000LL));
		fb_sidecar_kv(run->side, "budget_first_run_s", "%.3f", (double)rs->first_run_ns / 1e9);
		fb_sidecar_kv(run->side, "runs_planned", "%u", p->runs);
		fb_sidecar_kv(run->side, "reps_planned", "%llu", (unsigned long long)p->reps);
	}
	fb_sidecar_kv(run->side, "runs_done", "%u", rs->runs_done);
	fb_sidecar_kv(run->side, "runs_lost", "%u", rs->runs_lost);
	run->perf = &rs->perf;
	return rc;
}
