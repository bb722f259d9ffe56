/* cow_pass: the order of operations of one forkbench-cow repetition, and why.
 * The timed regions are the two pattern passes and nothing else: /proc reads,
 * getrusage, counter ioctls and pipe traffic all sit outside the clock reads. */
#define _GNU_SOURCE
#include "cow_pass.h"
#include "cow_writer.h"
#include "procinfo.h"
#include "runctl.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

_Static_assert(sizeof(struct fb_cow_sample) <= FB_PAGE_SIZE, "the report must fit the shared page");

/* A child that never reports is killed after this long, not waited for forever. */
#define COW_CHILD_TIMEOUT_MS 120000

const struct fb_cow_writer_row fb_cow_writers[] = {
	/* The child writes: the usual fork-then-work case (a forked worker, a snapshotting child). */
	{ "child", "the child writes; the parent keeps its mapping, blocked on a pipe" },
	/* The parent writes: what a process that forked a snapshot child pays to keep running. */
	{ "parent", "the parent writes; the child stays alive, parked on a pipe" },
};
const size_t fb_cow_writer_count = FB_ARRAY_LEN(fb_cow_writers);

int fb_cow_pass_init(struct fb_cow_pass_ctx *x, const struct fb_perf_spec *perf)
{
	memset(x, 0, sizeof(*x));
	x->perf = perf;
	/* A stamp no page holds yet: the heap was populated with small values. */
	x->stamp = 0x8000000000000000ULL | ((uint64_t)fb_now_ns() << 16);
	void *p = mmap(NULL, FB_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	x->shared = p;
	/* A child killed by Ctrl-C must not kill us when we write to its pipe: EPIPE instead. */
	signal(SIGPIPE, SIG_IGN);
	/* The parent counts itself when it is the writer; opened once, outside every clock. */
	int rc = fb_perf_open(&x->parent_perf, perf, false);
	if (rc)
		fb_cow_pass_close(x);
	return rc;
}

void fb_cow_pass_close(struct fb_cow_pass_ctx *x)
{
	fb_perf_close(&x->parent_perf);
	if (x->shared)
		munmap(x->shared, FB_PAGE_SIZE);
	x->shared = NULL;
}

struct child_arg {
	struct fb_cow_pass_ctx *x;
	const struct fb_cow_job *j;
	int ready_r, ready_w;   /* child -> parent: "child ready", then "child done" */
	int go_r, go_w;         /* parent -> child: "parent ready"; EOF: leave */
};

static void child_close_parent_ends(const struct child_arg *a)
{
	close(a->ready_r);
	close(a->go_w);
}

/* Child body, child writes. Never returns: leaves through fb_raw_exit(). */
static void child_writer(void *arg)
{
	const struct child_arg *a = arg;
	struct fb_cow_sample *s = a->x->shared;
	child_close_parent_ends(a);
	/* Counters on the child itself, opened after fork and outside the timed region. */
	struct fb_perf_set ps;
	int rc = fb_perf_open(&ps, a->x->perf, false);
	if (rc)
		snprintf(s->error, sizeof(s->error), "perf_event_open in the child failed: %s",
			 strerror(-rc));
	char c;
	/* child ready -> parent ready: the parent is blocked before we start the clock. */
	if (write(a->ready_w, "r", 1) != 1 || read(a->go_r, &c, 1) != 1)
		fb_raw_exit(3);
	if (!rc)
		fb_cow_writer_passes(a->j, &ps, a->x->stamp, s);
	if (write(a->ready_w, "d", 1) != 1)
		fb_raw_exit(4);
	/* Park, holding the copies, until the parent has checked its own view and closes the pipe. */
	while (read(a->go_r, &c, 1) > 0)
		;
	fb_raw_exit(0);
}

/* Child body, parent writes: park, then report what changed in the child's view. */
static void child_keeper(void *arg)
{
	const struct child_arg *a = arg;
	struct fb_cow_sample *s = a->x->shared;
	child_close_parent_ends(a);
	char c;
	if (write(a->ready_w, "r", 1) != 1)
		fb_raw_exit(3);
	if (read(a->go_r, &c, 1) != 1)
		fb_raw_exit(0);   /* parent gave up: nothing to check */
	s->other_changed = fb_cow_count_stamped(a->j->base, a->j->len, a->x->stamp);
	s->other_valid = true;
	fb_raw_exit(0);
}

/* Child body, reuse: gone before the parent's pass. */
static void child_exit_now(void *arg)
{
	fb_raw_exit(0);
}

/* One byte from the child: 0, -EPIPE (it died), -ETIMEDOUT, or -EINTR on a stop. */
static int wait_byte(int fd, char want)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int64_t deadline = fb_now_ns() + COW_CHILD_TIMEOUT_MS * 1000000LL;
	for (;;) {
		if (fb_stop_signal)
			return -EINTR;
		int left = (int)((deadline - fb_now_ns()) / 1000000);
		if (left <= 0)
			return -ETIMEDOUT;
		int n = poll(&p, 1, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			continue;
		char c;
		ssize_t r = read(fd, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r != 1)
			return -EPIPE;
		return c == want ? 0 : -EPROTO;
	}
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Reaps the child (killing it first when asked); an exit code other than 0 becomes the error. */
static void finish_child(struct fb_spawned *sp, bool kill_it, struct fb_cow_sample *s)
{
	if (kill_it)
		kill(sp->pid, SIGKILL);
	/* Untracked once it has exited, before it is reaped: a stop can never kill a reused pid. */
	fb_child_wait_untrack(sp->pid);
	int status = -1;
	int rc = fb_reap(sp, &status);
	if (kill_it || s->error[0])
		return;
	if (rc)
		snprintf(s->error, sizeof(s->error), "reaping the child failed: %s", strerror(-rc));
	else if (status)
		snprintf(s->error, sizeof(s->error), "child exit status %d%s", status,
			 status == 3 || status == 4 ? " (pipe to the parent broken)" : "");
}

static void protocol_error(struct fb_cow_sample *s, const char *step, int rc)
{
	if (!s->error[0])
		snprintf(s->error, sizeof(s->error), "%s: %s", step,
			 rc == -EPIPE ? "the child died" : strerror(-rc));
}

int fb_cow_pass(struct fb_cow_pass_ctx *x, const struct fb_cow_job *j, struct fb_cow_sample *s)
{
	memset(s, 0, sizeof(*s));
	memset(x->shared, 0, sizeof(*x->shared));
	x->stamp++;   /* a value no page holds: whatever shows it was written in this repetition */
	const bool after_exit = j->pattern->pat->flags & FB_PAT_AFTER_EXIT;
	const bool child_writes = j->writer == FB_COW_CHILD;

	int ready[2], go[2];
	if (pipe2(ready, O_CLOEXEC)) {
		snprintf(s->error, sizeof(s->error), "pipe: %s", strerror(errno));
		return 0;
	}
	if (pipe2(go, O_CLOEXEC)) {
		snprintf(s->error, sizeof(s->error), "pipe: %s", strerror(errno));
		close(ready[0]);
		close(ready[1]);
		return 0;
	}
	struct child_arg a = { x, j, ready[0], ready[1], go[0], go[1] };
	struct fb_child c = { .body = after_exit ? child_exit_now : child_writes ? child_writer : child_keeper,
			      .arg = &a };
	struct fb_spawned sp = { .pid = -1, .pidfd = -1 };
	/* 1. a fresh COW state: fork write-protects every private page again, in both */
	int rc = j->method->spawn(&c, &sp);
	close_fd(&a.ready_w);
	close_fd(&a.go_r);
	if (rc) {
		snprintf(s->error, sizeof(s->error), "%s failed: %s", j->method->name, strerror(-rc));
		goto out;
	}
	fb_child_track(sp.pid);   /* from here a signal kills it */

	if (after_exit) {
		/* 2r. the child is gone and reaped before the pass: the pages are ours alone again */
		finish_child(&sp, false, s);
		if (!s->error[0])
			fb_cow_writer_passes(j, &x->parent_perf, x->stamp, s);
		goto out;
	}
	rc = wait_byte(a.ready_r, 'r');   /* 2. child ready */
	if (rc) {
		protocol_error(s, "waiting for the child", rc);
		goto kill;
	}
	if (child_writes) {
		/* 3c. parent ready; the child runs both passes and says done */
		if (write(a.go_w, "g", 1) != 1) {
			protocol_error(s, "signalling the child", -errno);
			goto kill;
		}
		rc = wait_byte(a.ready_r, 'd');
		if (rc) {
			protocol_error(s, "waiting for the child's passes", rc);
			goto kill;
		}
		*s = *x->shared;
		/* 4c. isolation: the parent's view must be untouched by the child's writes */
		s->other_changed = fb_cow_count_stamped(j->base, j->len, x->stamp);
		s->other_valid = true;
		close_fd(&a.go_w);   /* EOF: the child leaves */
		finish_child(&sp, false, s);
	} else {
		/* 3p. the parent writes while the child holds the old pages */
		fb_cow_writer_passes(j, &x->parent_perf, x->stamp, s);
		/* 4p. the child checks its view and leaves */
		if (write(a.go_w, "g", 1) != 1) {
			protocol_error(s, "signalling the child", -errno);
			goto kill;
		}
		close_fd(&a.go_w);
		finish_child(&sp, false, s);
		s->other_changed = x->shared->other_changed;
		s->other_valid = x->shared->other_valid;
		if (!s->other_valid && !s->error[0])
			snprintf(s->error, sizeof(s->error), "the child did not report its view");
	}
	goto check;
kill:
	finish_child(&sp, true, s);
	goto out;
check:
	if (s->other_valid && !s->error[0]) {
		/* COW: the other side sees none of the writes; MAP_SHARED: it sees every one. */
		int64_t want = j->shared_heap ? (int64_t)j->pages_written : 0;
		if (s->other_changed != want)
			snprintf(s->error, sizeof(s->error),
				 "isolation: the %s saw %lld of its pages change after the %s's pass (expected %lld)",
				 child_writes ? "parent" : "child", (long long)s->other_changed,
				 child_writes ? "child" : "parent", (long long)want);
	}
out:
	close_fd(&a.ready_r);
	close_fd(&a.ready_w);
	close_fd(&a.go_r);
	close_fd(&a.go_w);
	return fb_stop_signal ? -EINTR : 0;
}
