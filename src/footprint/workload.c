/* workload: malloc + touch (+ free) with a checksum of what was touched, and
 * the ways of calling it — in the caller, or isolated in a COW child. Times
 * nothing itself; see workload.h. */
#define _GNU_SOURCE
#include "workload.h"
#include "runctl.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* Not 0, so a child that exits 0 without running the function is caught for bytes = 0 too. */
#define SEED 0xa5u

/* The byte written to page i: varies per page so a wrong or missing page shows. */
static inline uint8_t page_byte(size_t i)
{
	return (uint8_t)(i * 167u + 13u);
}

uint64_t fb_workload_expected(size_t bytes)
{
	uint64_t sum = SEED;
	for (size_t i = 0; i * FB_PAGE_SIZE < bytes; i++)
		sum += page_byte(i);
	return sum;
}

/* One byte per page: the cost under study is getting pages, not memory bandwidth. */
static int64_t touch_sum(volatile uint8_t *p, size_t bytes)
{
	for (size_t i = 0; i * FB_PAGE_SIZE < bytes; i++)
		p[i * FB_PAGE_SIZE] = page_byte(i);
	uint64_t sum = SEED;
	for (size_t i = 0; i * FB_PAGE_SIZE < bytes; i++)
		sum += p[i * FB_PAGE_SIZE];
	return (int64_t)sum;
}

static int64_t run_free(size_t bytes, void **leaked)
{
	*leaked = NULL;
	uint8_t *p = malloc(bytes);
	if (!p)
		return -ENOMEM;
	int64_t sum = touch_sum(p, bytes);
	free(p);
	return sum;
}

static int64_t run_leak(size_t bytes, void **leaked)
{
	uint8_t *p = malloc(bytes);
	*leaked = p;
	return p ? touch_sum(p, bytes) : -ENOMEM;
}

const struct fb_workload fb_workloads[] = {
	/* A well-behaved function: whatever it takes it gives back. */
	{ "free", "malloc, touch every page, checksum, free", false, run_free },
	/* The case TLPI 24.3 is for: a function that leaks what it allocates. */
	{ "leak", "malloc, touch every page, checksum, never free", true, run_leak },
};
const size_t fb_workload_count = FB_ARRAY_LEN(fb_workloads);

const struct fb_workload *fb_workload_find(const char *name)
{
	return fb_row_find(fb_workloads, sizeof(fb_workloads[0]), fb_workload_count, name);
}

int fb_workload_init(void)
{
	/* A fixed threshold switches off glibc's dynamic one, which after the first
	 * free of a big block would serve the next from already-faulted brk memory:
	 * direct calls would then time a warm malloc and children a cold one. */
	return mallopt(M_MMAP_THRESHOLD, (int)FB_WORKLOAD_MMAP_THRESHOLD) ? 0 : -EINVAL;
}

bool fb_call_method_isolates(const struct fb_method *m)
{
	return (m->flags & FB_M_COW) && !(m->flags & (FB_M_SHARES_VM | FB_M_EXEC_ONLY));
}

static struct fb_call_mode calls[1 + 2 * 16];
static size_t ncalls;

const struct fb_call_mode *fb_call_modes(size_t *count)
{
	if (!ncalls) {
		/* The baseline: the function runs in the caller, and what it leaks stays there. */
		calls[ncalls++] = (struct fb_call_mode){ .name = "direct",
			.desc = "call the function in the parent (what it leaks stays)" };
		for (size_t i = 0; i < fb_method_count && ncalls + 2 <= FB_ARRAY_LEN(calls); i++) {
			const struct fb_method *m = &fb_methods[i];
			if (!fb_call_method_isolates(m))
				continue;
			/* <method>: TLPI 24.3 as written, 8 bits of result in the exit status.
			 * <method>_pipe: the full 64-bit result through a pipe, as for wider results. */
			for (int pipe = 0; pipe < 2; pipe++) {
				struct fb_call_mode *md = &calls[ncalls++];
				md->method = m;
				md->pipe = pipe;
				snprintf(md->name_buf, sizeof(md->name_buf), pipe ? "%s_pipe" : "%s", m->name);
				snprintf(md->desc_buf, sizeof(md->desc_buf), "%s child, result %s", m->name,
					 pipe ? "through a pipe (64 bits)" : "in the exit status (8 bits)");
				md->name = md->name_buf;
				md->desc = md->desc_buf;
			}
		}
	}
	*count = ncalls;
	return calls;
}

const struct fb_call_mode *fb_call_mode_find(const char *name)
{
	size_t n;
	const struct fb_call_mode *m = fb_call_modes(&n);
	return fb_row_find(m, sizeof(m[0]), n, name);
}

/* One call's inputs, set up by the caller; the child reads its COW copy. */
struct call {
	const struct fb_workload *w;
	size_t bytes;
	int pipe_wr;           /* the child writes its 8-byte result here; -1: exit status */
};

static void child_body(void *arg)
{
	const struct call *c = arg;
	void *leaked;
	int64_t r = c->w->run(c->bytes, &leaked);
	uint64_t v = (uint64_t)r;
	/* Every 8-bit exit code is a possible checksum, so failure is a signal (SIGUSR1
	 * dumps no core). Raw kill(getpid()): glibc's raise() targets a cached TID that
	 * a raw clone child does not own. */
	if (r < 0 || (c->pipe_wr >= 0 && write(c->pipe_wr, &v, sizeof(v)) != (ssize_t)sizeof(v)))
		syscall(SYS_kill, syscall(SYS_getpid), FB_CALL_FAILED_SIG);
	fb_raw_exit(c->pipe_wr >= 0 ? 0 : (int)(v & 0xff));
}

static int read_result(int fd, int64_t *out)
{
	uint64_t v;
	size_t got = 0;
	while (got < sizeof(v)) {
		ssize_t n = read(fd, (char *)&v + got, sizeof(v) - got);
		if (n < 0 && errno == EINTR)
			continue;   /* the signal handler killed the child: EOF follows */
		if (n <= 0)
			return n < 0 ? -errno : -ENODATA;
		got += (size_t)n;
	}
	*out = (int64_t)v;
	return 0;
}

static void call_isolated(const struct fb_call_mode *m, struct call *c, struct fb_call_result *o)
{
	int fds[2] = { -1, -1 };
	/* A new pipe each call: a caller of the technique pays for it each time. */
	if (m->pipe && pipe2(fds, O_CLOEXEC)) {
		o->err = -errno;
		o->what = "pipe2";
		return;
	}
	c->pipe_wr = fds[1];
	struct fb_child child = { .body = child_body, .arg = c };
	struct fb_spawned sp = { .pid = -1, .pidfd = -1 };
	int rc = m->method->spawn(&child, &sp);
	if (rc) {
		o->err = rc;
		o->what = m->method->name;
		if (m->pipe) {
			close(fds[0]);
			close(fds[1]);
		}
		return;
	}
	fb_child_track(sp.pid);   /* a signal from here on kills it */
	if (m->pipe) {
		close(fds[1]);        /* a child that dies unannounced then gives EOF, not a hang */
		rc = read_result(fds[0], &o->result);
		close(fds[0]);
		if (rc) {
			o->err = rc;
			o->what = "reading the result from the pipe";
		}
	}
	siginfo_t si;
	fb_child_wait_untrack(sp.pid);  /* untracked once exited, before the reap: see runctl.h */
	rc = fb_reap_info(&sp, &si);   /* not fb_reap: 128+N is also a valid checksum */
	if (rc) {
		o->err = rc;
		o->what = "waiting for the child";
	} else if (si.si_code != CLD_EXITED) {
		o->signo = si.si_status;
	} else {
		o->exit_code = si.si_status;
		if (!m->pipe)
			o->result = si.si_status;
	}
}

void fb_call(const struct fb_call_mode *m, const struct fb_workload *w, size_t bytes,
	     struct fb_call_result *o)
{
	*o = (struct fb_call_result){ .result = -1 };
	struct call c = { w, bytes, -1 };
	if (m->method) {
		call_isolated(m, &c, o);
		return;
	}
	int64_t r = w->run(bytes, &o->leaked);
	if (r < 0) {
		o->err = (int)r;
		o->what = w->name;
	} else {
		o->result = r;
	}
}
