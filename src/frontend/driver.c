/* driver: the shared frame around every sweep. Measures nothing.
 * Output safety lives here: the output path is checked and the CSV opened and
 * locked before anything is measured (a second run with the same -o refuses
 * instead of interleaving rows); the sidecar and summary are written under a
 * temporary name and renamed whole; a failure before the sweep leaves no file
 * behind; a failure during it keeps every complete row and says so first. */
#define _GNU_SOURCE
#include "driver.h"
#include "runctl.h"
#include "runs.h"
#include "sidecar.h"
#include "util.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* Before the sweep: undo what begin created, so a refused run leaves nothing. */
static void cleanup_outputs(struct fb_run *r)
{
	if (r->side) {
		fclose(r->side);
		r->side = NULL;
		unlink(r->meta_tmp);
	}
	if (r->csv_fd >= 0) {
		if (r->csv_created)
			unlink(r->csv);
		close(r->csv_fd);
		r->csv_fd = -1;
	}
}

static void die(struct fb_run *r, const char *what, const char *path, int err)
{
	cleanup_outputs(r);
	fprintf(stderr, "%s: %s %s: %s\n", r->prog, what, path, strerror(err));
	exit(FB_EXIT_FAIL);
}

/* -o must name a file (new or regular): not a directory, a device or stdout. */
static void check_output_path(const char *prog, const char *path)
{
	struct stat st;
	if (strcmp(path, "-") == 0)
		fb_usage_error(prog, "bad -o value '-': the CSV cannot go to standard output (the summary is computed by reading it back, the .meta and .summary.csv sit beside it); give a file name");
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		fb_usage_error(prog, "bad -o value '%s': it is a directory; give a file name such as %s/spawn.csv",
			       path, path);
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		fb_usage_error(prog, "bad -o value '%s': not a regular file (its .summary.csv and .meta would be written beside it); give a file name",
			       path);
}

/* Opens the CSV without truncating, takes an exclusive lock, then truncates:
 * a run already writing it keeps its file intact. */
static void open_locked_csv(struct fb_run *r)
{
	struct stat st;
	r->csv_created = stat(r->csv, &st) != 0;
	r->csv_fd = open(r->csv, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
	if (r->csv_fd < 0)
		die(r, "cannot write", r->csv, errno);
	if (flock(r->csv_fd, LOCK_EX | LOCK_NB)) {
		int e = errno;
		r->csv_created = false;   /* the other run's file: never remove it */
		if (e == EWOULDBLOCK) {
			cleanup_outputs(r);
			fprintf(stderr, "%s: %s is being written by another forkbench run (it holds the file's lock); wait for it or choose another -o\n",
				r->prog, r->csv);
			exit(FB_EXIT_FAIL);
		}
		die(r, "cannot lock", r->csv, e);
	}
	if (ftruncate(r->csv_fd, 0))
		die(r, "cannot write", r->csv, errno);
}

void fb_run_begin(struct fb_run *r, struct fb_common_opts *o, const char *default_csv, int argc,
		  char **argv)
{
	memset(r, 0, sizeof(*r));
	r->csv_fd = -1;
	r->prog = o->prog;
	r->o = o;
	/* First: a signal from here on stops the run with a message (the quietness
	 * check alone takes 0.2 s), never kills it silently. */
	fb_runctl_install();
	if (fb_stop_signal) {   /* stopped while starting (the handler is installed before main) */
		fprintf(stderr, "%s: stopped by signal %d before the run started; nothing written\n", r->prog,
			(int)fb_stop_signal);
		exit(fb_stop_exit_code());
	}
	fb_mthp_check(o);   /* an mTHP kind the knobs would not give: refused, exit 2 */
	snprintf(r->csv, sizeof(r->csv), "%s", o->output ? o->output : default_csv);
	check_output_path(r->prog, r->csv);
	int rc = fb_make_parent_dir(r->csv);
	if (rc)
		die(r, "cannot create the directory of", r->csv, -rc);
	fb_sibling_path(r->csv, ".summary.csv", r->summary, sizeof(r->summary));
	fb_sibling_path(r->csv, ".meta", r->meta, sizeof(r->meta));
	snprintf(r->meta_tmp, sizeof(r->meta_tmp), "%s.tmp", r->meta);
	open_locked_csv(r);

	fb_perf_spec_warn(&o->perf, r->prog);
	int busy = fb_check_quiet(r->prog);
	if (o->cpu >= 0 && (rc = fb_pin_cpu(o->cpu)))
		die(r, "cannot pin to CPU", "", -rc);
	/* A pinned CPU whose PMU does not count an asked-for hardware event (an
	 * E-core without it, a PMU in use) would leave every cell empty: refuse. */
	char why[256];
	if (o->cpu >= 0 && fb_perf_probe_pinned(&o->perf, why, sizeof(why))) {
		cleanup_outputs(r);
		fprintf(stderr, "%s: --cpu %d: the counters do not count on that CPU: %s; choose another --cpu, or leave that event out of --events\n",
			r->prog, o->cpu, why);
		exit(FB_EXIT_FAIL);
	}
	r->side = fb_sidecar_open(r->meta_tmp, r->prog, argc, argv);
	if (!r->side)
		die(r, "cannot write", r->meta_tmp, errno);
	fb_sidecar_kv(r->side, "perf_scope", "%s", fb_perf_scope(&o->perf));
	fb_perf_sidecar(r->side, &o->perf);   /* per-event lines, one unique key each */
	if (o->cpu >= 0)
		fb_sidecar_kv(r->side, "pinned_cpu", "%d", o->cpu);
	else
		fb_sidecar_kv(r->side, "pinned_cpu", "%s", "");
	if (busy >= 0)
		fb_sidecar_kv(r->side, "busy_pct_before", "%d", busy);
	else
		fb_sidecar_kv(r->side, "busy_pct_before", "%s", "");
	fb_sidecar_kv(r->side, "reps", "%llu", (unsigned long long)o->reps);
	fb_sidecar_kv(r->side, "warmup", "%llu", (unsigned long long)o->warmup);
	fb_mthp_run_begin(r->side, o);
	if (fb_stop_signal) {   /* stopped while getting ready: nothing measured, nothing left */
		cleanup_outputs(r);
		fprintf(stderr, "%s: stopped by signal %d before measuring; nothing written\n", r->prog,
			(int)fb_stop_signal);
		exit(fb_stop_exit_code());
	}
}

void fb_run_start(struct fb_run *r)
{
	/* On disk whole before the sweep: a killed run still says where it ran. */
	if (fflush(r->side) || rename(r->meta_tmp, r->meta))
		die(r, "cannot write", r->meta, errno);
	int rc = fb_table_open_fd(&r->table, r->csv_fd, r->csv);
	if (rc)
		die(r, "cannot write", r->csv, -rc);
	r->csv_fd = -1;   /* the table owns it now */
	r->t0 = fb_now_ns();
}

int fb_run_finish(struct fb_run *r, int rc)
{
	fb_kill_children();
	int mrc = 0;
	if (r->side) {
		/* The workers' counted windows, pooled over runs, and what an empty
		 * life window leaves (recorded, not subtracted). */
		static const struct fb_runs_perf none;
		const struct fb_runs_perf *rp = r->perf ? r->perf : &none;
		fb_sidecar_kv(r->side, "perf_counted_passes", "%d", rp->passes);
		fb_sidecar_kv(r->side, "perf_life_passes", "%d", rp->life_passes);
		fb_sidecar_kv(r->side, "perf_tally_runs", "%u", rp->runs);
		fb_perf_sidecar_tally(r->side, &r->o->perf, &rp->tally);
		fb_perf_sidecar_residual(r->side, &r->o->perf);
		fb_mthp_run_end(r->side);   /* --set-mthp: the knobs back as they were */
		/* Written last: complete=1 when the sweep ran to its end, complete=0
		 * (and why) when a signal or a failure stopped it; a .meta with no
		 * complete line at all was cut (the driver itself was killed). */
		const bool whole = !rc && !r->table.write_error;
		fb_sidecar_kv(r->side, "complete", "%d", whole);
		if (!whole)
			fb_sidecar_kv(r->side, "stopped_because", "%s",
				      r->table.write_error ? "the CSV could not be written" :
				      rc == -EINTR ? "a stop signal" : "the run failed");
	}
	if (r->side && (fflush(r->side) || fsync(fileno(r->side))))
		mrc = -errno;
	if (r->side && fclose(r->side) && !mrc)
		mrc = -errno;
	r->side = NULL;
	int wrc = r->table.write_error;
	/* The summary is only as good as the rows: it is written from what is in the CSV. */
	int src = fb_table_write_summary(&r->table, r->summary);
	size_t rows = r->table.nrows, errors = r->table.nerrors, ok = r->table.nok;
	char first_error[sizeof(r->table.first_error)];
	snprintf(first_error, sizeof(first_error), "%s", r->table.first_error);
	fb_table_close(&r->table);
	double secs = (double)(fb_now_ns() - r->t0) / 1e9;
	int code = FB_EXIT_OK;
	if (wrc) {
		fprintf(stderr, "%s: cannot write %s: %s; the run stopped, the %zu complete rows before it are kept\n",
			r->prog, r->csv, strerror(-wrc), rows);
		code = FB_EXIT_FAIL;
	} else if (rc == FB_ERR_REPORTED) {
		code = FB_EXIT_FAIL;   /* the runner said why already */
	} else if (rc && rc != -EINTR) {
		fprintf(stderr, "%s: the run failed: %s; the %zu rows measured before are kept\n", r->prog,
			strerror(-rc), rows);
		code = FB_EXIT_FAIL;
	}
	if (mrc) {
		fprintf(stderr, "%s: cannot write %s: %s\n", r->prog, r->meta, strerror(-mrc));
		code = FB_EXIT_FAIL;
	}
	if (src) {
		fprintf(stderr, "%s: cannot write %s: %s (no summary written)\n", r->prog, r->summary,
			strerror(-src));
		code = FB_EXIT_FAIL;
	}
	if (errors)
		fprintf(stderr, "%s: %zu of %zu rows failed: %s\n", r->prog, errors, rows, first_error);
	if (rc == -EINTR && !wrc) {
		fprintf(stderr, "%s: stopped by signal %d; the %zu rows measured so far are written -> %s\n",
			r->prog, (int)fb_stop_signal, rows, r->csv);
		return fb_stop_exit_code();
	}
	/* No row succeeded and some failed: the run failed. */
	if (errors && !ok)
		code = FB_EXIT_FAIL;
	if (code == FB_EXIT_OK)
		fprintf(stderr, "%s: %zu rows in %.1f s -> %s, %s, %s\n", r->prog, rows, secs, r->csv,
			r->summary, r->meta);
	return code;
}
