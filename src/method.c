/* method: one function per way of creating a process. Each does the call and
 * nothing else; the child side jumps straight into the body. */
#define _GNU_SOURCE
#include "method.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
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

void fb_raw_exit(int code)
{
	for (;;)
		syscall(SYS_exit_group, code);
}

void fb_body_exit(void *ready_ns_ptr)
{
	*(volatile int64_t *)ready_ns_ptr = fb_now_ns();
	fb_raw_exit(0);
}

void fb_body_exec(void *arg)
{
	const struct fb_child *c = arg;
	execve(c->exec_path, c->exec_argv, c->exec_envp);
	fb_raw_exit(127);
}

static int spawn_fork(const struct fb_child *c, struct fb_spawned *out)
{
	pid_t pid = fork();
	if (pid == 0)
		c->body(c->arg);
	out->pid = pid;
	return pid < 0 ? -errno : 0;
}

static int spawn_vfork(const struct fb_child *c, struct fb_spawned *out)
{
	/* The child runs on our stack until it execs or exits; body() never returns. */
	pid_t pid = vfork();
	if (pid == 0)
		c->body(c->arg);
	out->pid = pid;
	return pid < 0 ? -errno : 0;
}

static int spawn_clone(const struct fb_child *c, struct fb_spawned *out)
{
	/* Raw clone(2) with SIGCHLD only: fork without glibc's atfork bookkeeping. */
	long pid = syscall(SYS_clone, (unsigned long)SIGCHLD, 0UL, NULL, NULL, 0UL);
	if (pid == 0)
		c->body(c->arg);
	out->pid = (pid_t)pid;
	return pid < 0 ? -errno : 0;
}

static int clone_vm_trampoline(void *arg)
{
	const struct fb_child *c = arg;
	c->body(c->arg);
	return 0;
}

static int spawn_clone_vm(const struct fb_child *c, struct fb_spawned *out)
{
	/* What glibc's posix_spawn does: share the VM, suspend the parent until exec. */
	char *top = (char *)c->stack + c->stack_len;
	pid_t pid = clone(clone_vm_trampoline, top, CLONE_VM | CLONE_VFORK | SIGCHLD, (void *)c);
	out->pid = pid;
	return pid < 0 ? -errno : 0;
}

static int spawn_clone3(const struct fb_child *c, struct fb_spawned *out)
{
	int pidfd = -1;
	struct clone_args args;
	memset(&args, 0, sizeof(args));
	args.flags = CLONE_PIDFD;
	args.pidfd = (uint64_t)(uintptr_t)&pidfd;
	args.exit_signal = SIGCHLD;
	long pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid == 0)
		c->body(c->arg);
	out->pid = (pid_t)pid;
	out->pidfd = pidfd;
	return pid < 0 ? -errno : 0;
}

static int spawn_posix_spawn(const struct fb_child *c, struct fb_spawned *out)
{
	pid_t pid = -1;
	int rc = posix_spawn(&pid, c->exec_path, NULL, NULL, c->exec_argv, c->exec_envp);
	out->pid = rc ? -1 : pid;
	return -rc;
}

const struct fb_method fb_methods[] = {
	/* glibc fork(): atfork handlers plus the kernel's copy of the address space. */
	{ "fork", "fork(): copies page tables, pages shared copy-on-write", FB_M_COW, spawn_fork },
	/* The parent sleeps until the child execs or exits; no page tables copied. */
	{ "vfork", "vfork(): child borrows the parent's memory until exec/exit",
	  FB_M_SHARES_VM, spawn_vfork },
	/* The same kernel work as fork, without glibc's user-space wrapper. */
	{ "clone", "raw clone(2) with SIGCHLD only: a fork by another name", FB_M_COW, spawn_clone },
	/* The mechanism under glibc's posix_spawn, on our own stack. */
	{ "clone_vm", "clone(CLONE_VM|CLONE_VFORK) on its own stack, as posix_spawn does",
	  FB_M_SHARES_VM, spawn_clone_vm },
	/* The modern entry point; the pidfd is how the parent reaps it. */
	{ "clone3", "raw clone3(2) with CLONE_PIDFD, reaped through the pidfd",
	  FB_M_COW | FB_M_PIDFD, spawn_clone3 },
	/* What a runtime calls; only ever starts a program. */
	{ "posix_spawn", "glibc posix_spawn() of the exec target", FB_M_SHARES_VM | FB_M_EXEC_ONLY,
	  spawn_posix_spawn },
};
const size_t fb_method_count = FB_ARRAY_LEN(fb_methods);

const struct fb_method *fb_method_find(const char *name)
{
	for (size_t i = 0; i < fb_method_count; i++)
		if (strcmp(fb_methods[i].name, name) == 0)
			return &fb_methods[i];
	return NULL;
}

const struct fb_child_mode fb_child_modes[] = {
	/* Isolates creation: the child does one clock read and the raw exit syscall. */
	{ "exit", "child stores a timestamp and leaves through the raw exit syscall", false },
	/* Creation plus execve of our tiny static target, which stores its timestamp. */
	{ "exec", "child execve()s the tiny static exec target by absolute path", true },
};
const size_t fb_child_mode_count = FB_ARRAY_LEN(fb_child_modes);

const struct fb_child_mode *fb_child_mode_find(const char *name)
{
	for (size_t i = 0; i < fb_child_mode_count; i++)
		if (strcmp(fb_child_modes[i].name, name) == 0)
			return &fb_child_modes[i];
	return NULL;
}

int fb_reap_info(const struct fb_spawned *s, siginfo_t *si)
{
	memset(si, 0, sizeof(*si));
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
	snprintf(r->fd_arg, sizeof(r->fd_arg), "%d", r->fd);
	return 0;
}

void fb_ready_close(struct fb_ready *r)
{
	if (r->ns)
		munmap((void *)r->ns, FB_PAGE_SIZE);
	if (r->fd >= 0)
		close(r->fd);
	r->ns = NULL;
	r->fd = -1;
}

int fb_exec_target_path(char *buf, size_t len)
{
	const char *env = getenv("FORKBENCH_EXEC_TARGET");
	if (env && *env) {
		if (env[0] != '/')
			return -EINVAL;
		snprintf(buf, len, "%s", env);
	} else {
		char self[PATH_MAX];
		ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
		if (n < 0)
			return -errno;
		self[n] = '\0';
		char *slash = strrchr(self, '/');
		if (slash)
			*slash = '\0';
		snprintf(buf, len, "%s/forkbench-exec-target", self);
	}
	return access(buf, X_OK) ? -errno : 0;
}
