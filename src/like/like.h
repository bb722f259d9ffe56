/* like: --like PID / --like-file FILE for a driver — the driver-side frame
 * (read the shape and refuse what cannot be built, before anything runs;
 * save the capture beside the CSV, which the worker builds from; the
 * paragraph at the end). Like the driver frame (driver.h) these exit 2 on bad
 * input, naming it. Measures nothing. */
#ifndef FORKBENCH_LIKE_H
#define FORKBENCH_LIKE_H
#include <stdbool.h>

#include "cli.h"
#include "driver.h"
#include "replica.h"
#include "shape.h"

struct fb_like_opt {
	bool given, from_pid;
	char arg[4096];
	struct fb_like_shape shape;
	char who[320];       /* "PID 1234 (redis-server: 2.0 GiB anonymous in 122 VMAs, ...)" */
	char capture[4096];  /* the shape as measured, saved beside the CSV */
};

void fb_like_opt_parse(struct fb_like_opt *l, const char *prog, bool pid, const char *arg);
/* --like and --like-file: rows for a driver's option table, handled by
 * fb_like_option (false: not one of them). */
#define FB_LIKE_LONGOPTS                                          \
	{ "like", required_argument, 0, FB_OPT_LIKE },            \
	{ "like-file", required_argument, 0, FB_OPT_LIKE_FILE }
bool fb_like_option(struct fb_like_opt *l, const char *prog, int opt, const char *arg);
/* Reads and checks the shape (exit 2 naming the PID or file and why);
 * refuses --sizes/--heap/--fds/--threads beside it (axes: other axes given);
 * sets the sweep to one zero-byte heap: the replica is the parent. */
void fb_like_opt_finish(struct fb_like_opt *l, const char *prog, struct fb_common_opts *o, bool axes);
/* Saves the capture beside the CSV, fills spec, adds like_* sidecar keys. 0 or -errno (said). */
int fb_like_opt_start(struct fb_like_opt *l, const char *prog, struct fb_run *run, struct fb_like_spec *spec);
/* The paragraph, on stderr, from the CSV the run wrote (see like_report.h). */
void fb_like_opt_end(struct fb_like_opt *l, struct fb_run *run, const char *exit_metric, const char *exec_metric,
		     const char *note);
#endif
