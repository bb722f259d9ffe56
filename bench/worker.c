/* forkbench-worker: the lean measured process. A driver starts one per run
 * (src/harness/runs.c) and sends it the run's config on fd 0; it builds each heap,
 * verifies it, measures, and streams rows back on fd 3 (src/harness/wire.h). It is
 * static, calls no libpfm4 (the perf_event_attrs come encoded), and holds
 * nothing but what the measurement needs, so that "heap 0" is the smallest
 * process that can do the measurement. It dies with its driver
 * (PR_SET_PDEATHSIG) and stops on SIGINT/SIGTERM like a driver, sending what
 * it measured. Not meant to be run by hand, except `--drivers`, which prints
 * the driver registry (src/drivers.c) it dispatches through. */
#define _GNU_SOURCE
#include "drivers.h"
#include "runctl.h"
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

static void say(const char *s)
{
	if (write(STDERR_FILENO, s, strlen(s)) < 0)
		return;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--drivers") == 0) {   /* the registry, for scripts */
		fb_drivers_print(STDOUT_FILENO);
		return FB_EXIT_OK;
	}
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
	/* The registry says what this driver's config is and who runs it. */
	const struct fb_driver *d = fb_driver_by_wire(hdr.driver);
	size_t cap;
	void *cfg = fb_driver_config_buf(&cap);
	if (!d || hdr.len != d->config_len || d->config_len > cap || fb_wire_read_all(0, cfg, d->config_len)) {
		fb_wire_error("config from the driver does not match this worker (rebuild both)");
		return FB_EXIT_FAIL;
	}
	close(0);
	/* Every config begins with the sweep plan: pin before anything is measured. */
	const struct fb_sweep_plan *plan = cfg;
	if (plan->cpu >= 0 && (rc = fb_pin_cpu(plan->cpu))) {
		fb_wire_error("cannot pin the worker to its CPU");
		fb_wire_done(rc);
		return FB_EXIT_FAIL;
	}
	rc = d->worker(cfg);
	fb_wire_done(rc);
	return rc && rc != -EINTR ? FB_EXIT_FAIL : FB_EXIT_OK;
}
