/* like: the --like / --like-file frame of a driver (see like.h). */
#define _GNU_SOURCE
#include "like.h"
#include "like_report.h"
#include "parent_state.h"
#include "sidecar.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool fb_like_option(struct fb_like_opt *l, const char *prog, int opt, const char *arg)
{
	if (opt != FB_OPT_LIKE && opt != FB_OPT_LIKE_FILE)
		return false;
	fb_like_opt_parse(l, prog, opt == FB_OPT_LIKE, arg);
	return true;
}

void fb_like_opt_parse(struct fb_like_opt *l, const char *prog, bool pid, const char *arg)
{
	if (l->given)
		fb_usage_error(prog, "--like and --like-file: one shape per run");
	l->given = true;
	l->from_pid = pid;
	snprintf(l->arg, sizeof(l->arg), "%s", arg);
	uint64_t v;
	if (pid && (fb_parse_uint(arg, INT_MAX, &v) || v == 0))
		fb_usage_error(prog, "bad --like value '%s': a process ID (a whole number from 1)", arg);
}

void fb_like_opt_finish(struct fb_like_opt *l, const char *prog, struct fb_common_opts *o, bool axes)
{
	if (o->nsizes || o->nheaps || axes)
		fb_usage_error(prog, "--like/--like-file build the whole parent: --sizes, --heap, --fds and --threads do not go with them");
	char msg[512];
	int rc = l->from_pid ? fb_like_read_pid((pid_t)atoi(l->arg), &l->shape, msg, sizeof(msg))
			     : fb_like_read_file(l->arg, &l->shape, msg, sizeof(msg));
	if (rc)
		fb_usage_error(prog, "bad %s value '%s': %s", l->from_pid ? "--like" : "--like-file", l->arg, msg);
	if ((rc = fb_like_check(&l->shape, msg, sizeof(msg))))
		fb_usage_error(prog, "%s %s cannot be replicated here: %s", l->from_pid ? "--like" : "--like-file",
			       l->arg, msg);
	if ((rc = fb_fds_check(l->shape.t.fds, msg, sizeof(msg))))
		fb_usage_error(prog, "%s %s: its %llu descriptors: %s", l->from_pid ? "--like" : "--like-file", l->arg,
			       (unsigned long long)l->shape.t.fds, msg);
	char d[256];
	fb_like_describe(&l->shape, d, sizeof(d));
	if (l->from_pid)
		snprintf(l->who, sizeof(l->who), "PID %.12s (%.250s)", l->arg, d);
	else
		snprintf(l->who, sizeof(l->who), "%.60s (%.250s)", l->arg, d);
	o->sizes[o->nsizes++] = 0;
	o->heaps[o->nheaps++] = fb_heap_kind_find("untouched");
}

int fb_like_opt_start(struct fb_like_opt *l, const char *prog, struct fb_run *run, struct fb_like_spec *spec)
{
	/* results/spawn.csv -> results/spawn.shape.txt: what the replicas were built from */
	size_t n = strlen(run->csv);
	if (n > 4 && strcmp(run->csv + n - 4, ".csv") == 0)
		n -= 4;
	snprintf(l->capture, sizeof(l->capture), "%.*s.shape.txt", (int)n, run->csv);
	if (!run->csv[0])   /* CSV on stdout */
		snprintf(l->capture, sizeof(l->capture), "/tmp/forkbench-like-%d.shape.txt", (int)getpid());
	FILE *f = fopen(l->capture, "we");
	int rc = f ? fb_like_write(f, &l->shape) : -errno;
	if (f && fclose(f) && !rc)
		rc = -errno;
	if (rc || !realpath(l->capture, spec->path)) {
		fprintf(stderr, "%s: saving the shape to %s failed: %s\n", prog, l->capture, strerror(rc ? -rc : errno));
		return rc ? rc : -errno;
	}
	const char *base = strrchr(l->arg, '/');
	snprintf(spec->label, sizeof(spec->label), "%.31s:%.60s", l->shape.comm, base ? base + 1 : l->arg);
	spec->orig = l->shape.t;
	fb_sidecar_kv(run->side, "like", "%s", l->who);
	fb_sidecar_kv(run->side, "like_source", "%s", l->from_pid ? "pid" : "file");
	fb_sidecar_kv(run->side, "like_shape_file", "%s", spec->path);
	fb_sidecar_kv(run->side, "like_tolerance", "VMAs within %d%% or %d, Anonymous within %d%% or %llu MiB",
		      FB_LIKE_VMA_TOL_PCT, FB_LIKE_VMA_TOL_MIN, FB_LIKE_ANON_TOL_PCT, FB_LIKE_ANON_TOL_MIN >> 20);
	return 0;
}

void fb_like_opt_end(struct fb_like_opt *l, struct fb_run *run, const char *exit_metric, const char *exec_metric,
		     const char *note)
{
	if (!l->given)
		return;
	if (run->csv[0] && fb_like_report(stderr, run->csv, l->who, exit_metric, exec_metric, note))
		fprintf(stderr, "(no summary of the --like run: %s not readable)\n", run->csv);
	fb_like_free(&l->shape);
}
