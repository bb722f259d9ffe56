/* runs: one fresh worker per run, its stream turned into rows (see runs.h). */
#define _GNU_SOURCE
#include "runs.h"
#include "worker_proc.h"
#include "runctl.h"
#include "sweep.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/* After a stop, how long a worker may take to send its last rows. */
#define STOP_GRACE_NS (10LL * 1000000000)

/* perf_passes, perf_life_passes, perf_tally.<field>.<event>: the worker's
 * counter tally, summed over runs here. false: not one of these keys. */
static bool pool_perf(struct fb_runs_perf *pooled, const char *key, int64_t v)
{
	if (strcmp(key, "perf_passes") == 0) {
		pooled->passes = (int)v;
		pooled->runs++;
		return true;
	}
	if (strcmp(key, "perf_life_passes") == 0) {
		pooled->life_passes = (int)v;
		return true;
	}
	char field[16];
	int i, n = 0;
	if (sscanf(key, "perf_tally.%15[a-z].%d%n", field, &i, &n) != 2 || key[n] || i < 0 || i >= FB_PERF_MAX)
		return false;
	struct fb_perf_tally *t = &pooled->tally;
	uint32_t *dst = strcmp(field, "windows") == 0 ? &t->windows[i]
			: strcmp(field, "exact") == 0	  ? &t->exact[i]
			: strcmp(field, "never") == 0	  ? &t->never[i]
			: strcmp(field, "partial") == 0	  ? &t->partial[i]
							  : NULL;
	if (dst)
		*dst += (uint32_t)v;
	return dst != NULL;
}

static void put_row(struct fb_runs *r, const struct fb_wire_msg *m, uint32_t run, pid_t pid, int *rc)
{
	struct fb_table *t = r->t;
	fb_row_begin(t);
	struct fb_wire_cell c;
	size_t off = 0;
	int k;
	while ((k = fb_wire_next_cell(m, &off, &c)) == 1) {
		if (c.col >= (int)t->ncols)
			continue;
		if (c.is_str)
			fb_row_str(t, c.col, c.s);
		else
			fb_row_int(t, c.col, c.i);
	}
	if (k < 0) {
		fprintf(stderr, "%s: run %u: malformed row from the worker, dropped\n", r->prog, run);
		fb_row_begin(t);   /* clears it */
		return;
	}
	fb_row_int(t, fb_table_index(t, "run"), run);
	fb_row_int(t, fb_table_index(t, "worker_pid"), pid);
	if (r->cpu >= 0)
		fb_row_int(t, fb_table_index(t, "cpu"), r->cpu);
	int wrc = fb_row_commit(t);
	if (wrc && !*rc)
		*rc = wrc;
}

static void describe_loss(const struct fb_runs *r, uint32_t run, int status, size_t rows)
{
	char how[96];
	if (WIFSIGNALED(status))
		snprintf(how, sizeof(how), "was killed by signal %d", WTERMSIG(status));
	else
		snprintf(how, sizeof(how), "exited with status %d before finishing", WEXITSTATUS(status));
	fprintf(stderr, "%s: run %u lost: its worker %s (%zu rows of it kept)\n", r->prog, run, how,
		rows);
}

/* One run: start, send the config, pump the stream, end. */
static int one_run(struct fb_runs *r, const char *path, uint32_t run, struct fb_progress *prog,
		   uint64_t base)
{
	struct fb_sweep_plan *plan = r->config;
	plan->run = run;
	int cfg[2], res[2];
	int rc = fb_worker_pipe(cfg);
	if (rc)
		return rc;
	if ((rc = fb_worker_pipe(res))) {
		close(cfg[0]);
		close(cfg[1]);
		return rc;
	}
	pid_t pid;
	rc = fb_worker_start(path, cfg[0], res[1], &pid);
	close(cfg[0]);
	close(res[1]);
	if (rc) {
		close(cfg[1]);
		close(res[0]);
		fprintf(stderr, "%s: cannot start the worker %s: %s\n", r->prog, path, strerror(-rc));
		return FB_ERR_REPORTED;
	}
	fb_worker_forward(pid);
	struct fb_wire_config_hdr hdr = { FB_WIRE_MAGIC, r->driver, r->config_len };
	int wrc = fb_wire_write_all(cfg[1], &hdr, sizeof(hdr));
	if (!wrc)
		wrc = fb_wire_write_all(cfg[1], r->config, r->config_len);
	close(cfg[1]);   /* a worker that died already shows as EOF below */

	bool done = false;
	int run_rc = 0, out_rc = 0;
	size_t rows0 = r->t->nrows;
	int64_t stop_at = 0;
	char label[64];
	snprintf(label, sizeof(label), "run %u/%u", run + 1, plan->runs);
	static struct fb_wire_msg m;
	for (;;) {
		if (fb_stop_signal && !stop_at)
			stop_at = fb_now_ns();
		if (stop_at && fb_now_ns() - stop_at > STOP_GRACE_NS) {
			fprintf(stderr, "%s: run %u: the worker did not stop in time; killed\n", r->prog, run);
			kill(-pid, SIGKILL);
		}
		struct pollfd pf = { .fd = res[0], .events = POLLIN };
		int n = poll(&pf, 1, 200);
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0)
			continue;
		int mrc = fb_wire_recv(res[0], &m);
		if (mrc == -EINTR)
			continue;
		if (mrc) {
			if (mrc != -EPIPE)
				fprintf(stderr, "%s: run %u: reading the worker failed: %s\n", r->prog, run,
					strerror(-mrc));
			break;
		}
		switch (m.type) {
		case FB_MSG_ROW:
			put_row(r, &m, run, pid, &out_rc);
			break;
		case FB_MSG_PROGRESS: {
			uint64_t v;
			memcpy(&v, m.payload, sizeof(v));
			fb_progress_at(prog, base + v, label);
			break;
		}
		case FB_MSG_INFO: {
			int64_t v;
			memcpy(&v, m.payload, sizeof(v));
			if (pool_perf(&r->perf, (const char *)m.payload + 8, v))
				break;
			if (r->on_info)
				r->on_info(r->info_ctx, run, (const char *)m.payload + 8, v);
			break;
		}
		case FB_MSG_ERROR:
			fprintf(stderr, "%s: run %u: %s\n", r->prog, run, (const char *)m.payload);
			break;
		case FB_MSG_DONE: {
			int32_t v;
			memcpy(&v, m.payload, sizeof(v));
			run_rc = v;
			done = true;
			break;
		}
		}
		if (out_rc) {   /* the CSV cannot be written: stop the worker, keep what is there */
			kill(-pid, SIGKILL);
			break;
		}
	}
	close(res[0]);
	int status = fb_worker_end(pid);
	if (out_rc)
		return out_rc;
	/* The user's stop signal, forwarded to a worker that had not yet installed
	 * its handler (or could not finish its rows), killed it: the run was
	 * stopped, not lost. */
	if (!done && fb_stop_signal && WIFSIGNALED(status) && WTERMSIG(status) == (int)fb_stop_signal) {
		fprintf(stderr, "%s: run %u of %u stopped by signal %d (%zu rows of it kept)\n", r->prog, run,
			plan->runs, (int)fb_stop_signal, r->t->nrows - rows0);
		return -EINTR;
	}
	if (!done) {
		describe_loss(r, run, status, r->t->nrows - rows0);
		r->runs_lost++;
		return fb_stop_signal ? -EINTR : FB_ERR_REPORTED;
	}
	if (run_rc == -EINTR || fb_stop_signal)
		fprintf(stderr, "%s: run %u of %u stopped by signal %d (%zu rows of it kept)\n", r->prog, run,
			plan->runs, (int)fb_stop_signal, r->t->nrows - rows0);
	if (wrc && !run_rc)
		run_rc = wrc;
	if (run_rc && run_rc != -EINTR) {
		fprintf(stderr, "%s: run %u failed: %s\n", r->prog, run, strerror(-run_rc));
		return FB_ERR_REPORTED;
	}
	r->runs_done++;
	return run_rc;
}

/* Under a budget, run 0 is a probe of one rep per configuration (after the
 * warm-up): a measured run like any other, and what a run costs here. */
static void probe_plan(struct fb_sweep_plan *plan, uint64_t *per_run)
{
	uint64_t first;
	fb_sweep_share(plan, 0, &first, per_run);   /* the reps a run would take unbudgeted */
	plan->first_reps = 1;
	plan->runs = 3;
	plan->reps = 1 + 2 * *per_run;
}

/* After the probe: k reps a run and as many runs as fit, at least 3. A run
 * of k reps is taken to cost the probe's time scaled by (warm-up + k) /
 * (warm-up + 1) — an upper bound: the probe's fixed costs (heap builds)
 * count as reps — and k shrinks, down to 1, until 3 runs fit. */
static uint64_t fit_budget(struct fb_runs *r, struct fb_sweep_plan *plan, uint64_t k, struct fb_progress *prog)
{
	const double t0 = r->first_run_ns > 0 ? (double)r->first_run_ns : 1, b = (double)r->budget_ns;
	const double w = (double)plan->warmup;
	if (k < 1)
		k = 1;
	while (k > 1 && t0 + 2 * t0 * (w + (double)k) / (w + 1) > b)
		k--;
	const double tk = t0 * (w + (double)k) / (w + 1);
	double fit = 1 + (b - t0) / tk;
	uint32_t runs = fit < 3 ? 3 : fit > 1000 ? 1000 : (uint32_t)fit;
	plan->runs = runs;
	plan->reps = 1 + (uint64_t)(runs - 1) * k;
	prog->total = fb_sweep_samples(plan, r->nvariants, UINT32_MAX);
	if (fit < 3)
		fprintf(stderr, "%s: the first run (1 rep) took %.1f s here: the minimum of 3 runs needs about %.0f s, more than the budget of %.0f s; running the minimum (1 rep a run)\n",
			r->prog, t0 / 1e9, 3 * t0 / 1e9, b / 1e9);
	else
		fprintf(stderr, "%s: the first run (1 rep) took %.1f s here: %u more runs of %llu reps fit in the budget of %.0f s (about %.0f s in all)\n",
			r->prog, t0 / 1e9, runs - 1, (unsigned long long)k, b / 1e9, (t0 + (runs - 1) * tk) / 1e9);
	return k;
}

/* After each later run: runs of k reps as measured so far, as many more as
 * the budget has left (never below 3 in all, never below those done). */
static void refit_budget(struct fb_runs *r, struct fb_sweep_plan *plan, uint32_t run, int64_t elapsed,
			 uint64_t k, struct fb_progress *prog)
{
	const int64_t per = (elapsed - r->first_run_ns) / (int64_t)run;
	if (per <= 0)
		return;
	int64_t more = (r->budget_ns - elapsed) / per;
	int64_t runs = (int64_t)run + 1 + (more > 0 ? more : 0);
	runs = runs < 3 ? 3 : runs > 1000 ? 1000 : runs;
	if ((uint32_t)runs == plan->runs)
		return;
	plan->runs = (uint32_t)runs;
	plan->reps = 1 + (uint64_t)(runs - 1) * k;
	prog->total = fb_sweep_samples(plan, r->nvariants, UINT32_MAX);
}

int fb_runs_execute(struct fb_runs *r)
{
	char path[PATH_MAX];
	int rc = fb_worker_path(path, sizeof(path));
	if (rc) {
		fprintf(stderr, "%s: the worker %s is not usable: %s (build it, or set FORKBENCH_WORKER to an absolute path)\n",
			r->prog, path, strerror(-rc));
		return FB_ERR_REPORTED;
	}
	/* Whatever a dead worker leaves behind is reparented to us, to be reaped. */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	if (r->cpu >= 0)
		fb_worker_leave_cpu(r->cpu);
	struct fb_sweep_plan *plan = r->config;
	uint64_t per_run = 0;
	if (r->budget_ns > 0)
		probe_plan(plan, &per_run);
	struct fb_progress prog;
	fb_progress_init(&prog, fb_sweep_samples(plan, r->nvariants, UINT32_MAX));
	prog.eta_after_ns = r->eta_after_ns;
	uint64_t base = 0;
	int result = 0;
	const int64_t start = fb_now_ns();
	for (uint32_t run = 0; run < plan->runs && !fb_stop_signal; run++) {
		rc = one_run(r, path, run, &prog, base);
		base += fb_sweep_samples(plan, r->nvariants, run);
		if (run == 0 && r->budget_ns > 0 && rc == 0 && !fb_stop_signal) {
			r->first_run_ns = fb_now_ns() - start;
			per_run = fit_budget(r, plan, per_run, &prog);
		} else if (run > 0 && r->budget_ns > 0 && !fb_stop_signal) {
			refit_budget(r, plan, run, fb_now_ns() - start, per_run, &prog);
		}
		if (rc == -EINTR || fb_stop_signal) {
			result = -EINTR;
			break;
		}
		if (rc == FB_ERR_REPORTED)
			result = rc;   /* a lost run: the others still run */
		else if (rc) {
			result = rc;   /* the output failed: nothing more can be kept */
			break;
		}
	}
	fb_progress_end(&prog);
	if (fb_stop_signal)
		return -EINTR;
	return result;
}
