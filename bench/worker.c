/* forkbench-worker: the lean measured process. A driver starts one per run
 * (src/runs.c) and sends it the run's config on fd 0; it builds each heap,
 * verifies it, measures, and streams rows back on fd 3 (src/wire.h). It is
 * static, calls no libpfm4 (the perf_event_attrs come encoded), and holds
 * nothing but what the measurement needs, so that "heap 0" is the smallest
 * process that can do the measurement. It dies with its driver
 * (PR_SET_PDEATHSIG) and stops on SIGINT/SIGTERM like a driver, sending what
 * it measured. Not meant to be run by hand. */
#define _GNU_SOURCE
#include "cow_run.h"
#include "footprint_run.h"
#include "runctl.h"
#include "spawn_run.h"
#include "sweep.h"
#include "util.h"
#include "wire.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static union {
	struct fb_spawn_config spawn;
	struct fb_cow_config cow;
	struct fb_fp_config footprint;
} cfg;

static void say(const char *s)
{
	if (write(STDERR_FILENO, s, strlen(s)) < 0)
		return;
}

int main(int argc, char **argv)
{
	/* Dies with the driver; a driver already gone (the race before prctl) ends us here. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (argc != 2 || getppid() != (pid_t)atol(argv[1])) {
		say("forkbench-worker: started by a forkbench driver only\n");
		return FB_EXIT_USAGE;
	}
	fb_runctl_install();
	/* fd 3 carries the stream; children must not keep it across an exec. */
	if (fcntl(3, F_SETFD, FD_CLOEXEC)) {
		say("forkbench-worker: no stream on fd 3\n");
		return FB_EXIT_USAGE;
	}
	fb_wire_set_fd(3);
	struct fb_wire_config_hdr hdr;
	int rc = fb_wire_read_all(0, &hdr, sizeof(hdr));
	if (rc || hdr.magic != FB_WIRE_MAGIC) {
		fb_wire_error("bad config header from the driver");
		return FB_EXIT_FAIL;
	}
	size_t want = 0;
	switch (hdr.driver) {
	case FB_WIRE_SPAWN: want = sizeof(cfg.spawn); break;
	case FB_WIRE_COW: want = sizeof(cfg.cow); break;
	case FB_WIRE_FOOTPRINT: want = sizeof(cfg.footprint); break;
	}
	if (!want || hdr.len != want || fb_wire_read_all(0, &cfg, want)) {
		fb_wire_error("config from the driver does not match this worker (rebuild both)");
		return FB_EXIT_FAIL;
	}
	close(0);
	/* Every config begins with the sweep plan: pin before anything is measured. */
	const struct fb_sweep_plan *plan = (const struct fb_sweep_plan *)&cfg;
	if (plan->cpu >= 0 && (rc = fb_pin_cpu(plan->cpu))) {
		fb_wire_error("cannot pin the worker to its CPU");
		fb_wire_done(rc);
		return FB_EXIT_FAIL;
	}
	switch (hdr.driver) {
	case FB_WIRE_SPAWN: rc = fb_spawn_worker(&cfg.spawn); break;
	case FB_WIRE_COW: rc = fb_cow_worker(&cfg.cow); break;
	case FB_WIRE_FOOTPRINT: rc = fb_fp_worker(&cfg.footprint); break;
	}
	fb_wire_done(rc);
	return rc && rc != -EINTR ? FB_EXIT_FAIL : FB_EXIT_OK;
}
