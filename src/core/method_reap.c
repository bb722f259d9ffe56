/* method_reap: what the parent does around a child once a method has made
 * it — wait for it as its method said (fb_reap), the shared ready page the
 * child or its exec target stamps, and where the exec target lives. Nothing
 * here is timed by itself; the runners time around it. */
#define _GNU_SOURCE
#include "method.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

/* A thread has ended once the kernel has cleared its tid word (CLONE_CHILD_CLEARTID
 * at exit, after its last use of the stack), which it follows with a futex wake. */
static int reap_cleartid(const struct fb_spawned *s)
{
	int32_t v;
	while ((v = *s->tid_word) != 0)
		if (syscall(SYS_futex, s->tid_word, FUTEX_WAIT, v, NULL, NULL, 0) < 0 &&
		    errno != EAGAIN && errno != EINTR)
			return -errno;
	return 0;
}

static void thread_exited(siginfo_t *si, pid_t tid)
{
	si->si_code = CLD_EXITED;
	si->si_status = 0;
	si->si_pid = tid;
}

int fb_reap_info(const struct fb_spawned *s, siginfo_t *si)
{
	memset(si, 0, sizeof(*si));
	if (s->reap == FB_REAP_CLEARTID) {
		int rc = reap_cleartid(s);
		if (!rc)
			thread_exited(si, s->tid);
		return rc;
	}
	if (s->reap == FB_REAP_PTHREAD) {
		int rc = pthread_join(s->thread, NULL);   /* not interrupted by signals */
		if (!rc)
			thread_exited(si, 0);
		return -rc;
	}
	int rc;
	do
		rc = s->pidfd >= 0 ? waitid((idtype_t)P_PIDFD, (id_t)s->pidfd, si, WEXITED)
				   : waitid(P_PID, (id_t)s->pid, si, WEXITED);
	while (rc < 0 && errno == EINTR);
	int err = rc < 0 ? -errno : 0;
	if (s->pidfd >= 0)
		close(s->pidfd);
	return err;
}

int fb_reap(const struct fb_spawned *s, int *status)
{
	siginfo_t si;
	int rc = fb_reap_info(s, &si);
	if (!rc)
		*status = si.si_code == CLD_EXITED ? si.si_status : 128 + si.si_status;
	return rc;
}

int fb_ready_init(struct fb_ready *r)
{
	/* No MFD_CLOEXEC: the exec target inherits it and writes by number. */
	r->fd = (int)syscall(SYS_memfd_create, "forkbench-ready", 0U);
	if (r->fd < 0)
		return -errno;
	if (ftruncate(r->fd, (off_t)FB_PAGE_SIZE)) {
		int e = -errno;
		close(r->fd);
		return e;
	}
	void *p = mmap(NULL, FB_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, r->fd, 0);
	if (p == MAP_FAILED) {
		int e = -errno;
		close(r->fd);
		return e;
	}
	r->ns = p;
	r->touched_ns = (volatile int64_t *)((char *)p + FB_READY_OFF_TOUCHED);
	r->touch_minflt = (volatile int64_t *)((char *)p + FB_READY_OFF_TOUCH_MINFLT);
	snprintf(r->fd_arg, sizeof(r->fd_arg), "%d", r->fd);
	return 0;
}

void fb_ready_close(struct fb_ready *r)
{
	if (r->ns)
		munmap((void *)r->ns, FB_PAGE_SIZE);
	if (r->fd >= 0)
		close(r->fd);
	r->ns = r->touched_ns = r->touch_minflt = NULL;
	r->fd = -1;
}

int fb_exec_target_path(char *buf, size_t len)
{
	return fb_beside_self("FORKBENCH_EXEC_TARGET", "forkbench-exec-target", buf, len);
}
