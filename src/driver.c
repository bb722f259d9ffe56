/* driver: the shared frame around every sweep. Measures nothing. */
#define _GNU_SOURCE
#include "driver.h"
#include "runctl.h"
#include "sidecar.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void die(const struct fb_run *r, const char *what, const char *path, int err)
{
	fprintf(stderr, "%s: %s %s: %s\n", r->prog, what, path, strerror(err));
	exit(FB_EXIT_FAIL);
}

void fb_run_begin(struct fb_run *r, struct fb_common_opts *o, const char *default_csv, int argc,
		  char **argv)
{
	memset(r, 0, sizeof(*r));
	r->prog = o->prog;
	r->o = o;
	snprintf(r->csv, sizeof(r->csv), "%s", o->output ? o->output : default_csv);
	int rc = fb_make_parent_dir(r->csv);
	if (rc)
		die(r, "cannot create the directory of", r->csv, -rc);
	fb_sibling_path(r->csv, ".summary.csv", r->summary, sizeof(r->summary));
	fb_sibling_path(r->csv, ".meta", r->meta, sizeof(r->meta));

	fb_perf_spec_warn(&o->perf, r->prog);
	int busy = fb_check_quiet(r->prog);
	if (o->cpu >= 0 && (rc = fb_pin_cpu(o->cpu)))
		die(r, "cannot pin to CPU", "", -rc);
	r->side = fb_sidecar_open(r->meta, r->prog, argc, argv);
	if (!r->side)
		die(r, "cannot write", r->meta, errno);
	fb_sidecar_kv(r->side, "perf_scope", "%s", fb_perf_scope(&o->perf));
	fb_perf_sidecar(r->side, &o->perf);   /* per-event lines, one unique key each */
	fb_sidecar_kv(r->side, "pinned_cpu", "%d", o->cpu);
	fb_sidecar_kv(r->side, "busy_pct_before", "%d", busy);
	fb_sidecar_kv(r->side, "reps", "%llu", (unsigned long long)o->reps);
	fb_sidecar_kv(r->side, "warmup", "%llu", (unsigned long long)o->warmup);
}

void fb_run_start(struct fb_run *r)
{
	if (fflush(r->side))   /* on disk before the sweep: a killed run still says where it ran */
		die(r, "cannot write", r->meta, errno);
	int rc = fb_table_open(&r->table, r->csv);
	if (rc)
		die(r, "cannot write", r->csv, -rc);
	fb_runctl_install();
	r->t0 = fb_now_ns();
}

int fb_run_finish(struct fb_run *r, int rc)
{
	fb_kill_children();
	if (r->side && fb_sidecar_close(r->side))
		fprintf(stderr, "%s: cannot write %s: %s\n", r->prog, r->meta, strerror(errno));
	r->side = NULL;
	int src = fb_table_write_summary(&r->table, r->summary);
	size_t rows = r->table.nrows;
	fb_table_close(&r->table);
	fprintf(stderr, "%s: %zu rows in %.1f s -> %s, %s, %s\n", r->prog, rows,
		(double)(fb_now_ns() - r->t0) / 1e9, r->csv, r->summary, r->meta);
	if (src)
		fprintf(stderr, "%s: cannot write %s: %s\n", r->prog, r->summary, strerror(-src));
	if (rc == -EINTR) {
		fprintf(stderr, "%s: stopped by signal %d; the rows measured so far are written\n",
			r->prog, (int)fb_stop_signal);
		return fb_stop_exit_code();
	}
	if (rc) {
		fprintf(stderr, "%s: %s\n", r->prog, strerror(-rc));
		return FB_EXIT_FAIL;
	}
	return src ? FB_EXIT_FAIL : FB_EXIT_OK;
}
