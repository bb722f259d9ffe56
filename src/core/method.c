/* method: one function per way of creating a process. Each does the call and
 * nothing else; the child side jumps straight into the body. */
#define _GNU_SOURCE
#include "method.h"
#include "util.h"

#include <errno.h>
#include <linux/sched.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

void fb_raw_exit(int code)
{
	for (;;)
		syscall(SYS_exit_group, code);
}

static void stamp_ready(void *ready_ns_ptr)
{
	*(volatile int64_t *)ready_ns_ptr = fb_now_ns();
}

void fb_body_exit(void *ready_ns_ptr)
{
	stamp_ready(ready_ns_ptr);
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
	/* No body of ours runs in a posix_spawn child: it can only do the exec action. */
	if (c->body != fb_body_exec)
		return -EOPNOTSUPP;
	pid_t pid = -1;
	int rc = posix_spawn(&pid, c->exec_path, NULL, NULL, c->exec_argv, c->exec_envp);
	out->pid = rc ? -1 : pid;
	return -rc;
}

/* Sharing-flag rows: raw clone(2) with one CLONE_* flag beside SIGCHLD, the
 * child on a copy-on-write copy of our stack as with fork. */
static int clone_flags_fork_like(unsigned long flags, const struct fb_child *c, struct fb_spawned *out)
{
	long pid = syscall(SYS_clone, flags | SIGCHLD, 0UL, NULL, NULL, 0UL);
	if (pid == 0)
		c->body(c->arg);
	out->pid = (pid_t)pid;
	return pid < 0 ? -errno : 0;
}

static int spawn_clone_files(const struct fb_child *c, struct fb_spawned *out)
{
	return clone_flags_fork_like(CLONE_FILES, c, out);
}

static int spawn_clone_fs(const struct fb_child *c, struct fb_spawned *out)
{
	return clone_flags_fork_like(CLONE_FS, c, out);
}

static int spawn_clone_sighand(const struct fb_child *c, struct fb_spawned *out)
{
	/* CLONE_SIGHAND needs CLONE_VM. No CLONE_VFORK: the parent goes on at once,
	 * the child runs on the stack passed in, which the parent does not touch. */
	if (!c->stack)
		return -EINVAL;
	char *top = (char *)c->stack + c->stack_len;
	pid_t pid = clone(clone_vm_trampoline, top, CLONE_VM | CLONE_SIGHAND | SIGCHLD, (void *)c);
	out->pid = pid;
	return pid < 0 ? -errno : 0;
}

/* A thread shares everything, so it can run only the exit action; anything
 * else is refused before the call: execve from a thread ends every other
 * thread of the process, the runner's with them. */
static int thread_action_ok(const struct fb_child *c)
{
	return c->body == fb_body_exit ? 0 : -EOPNOTSUPP;
}

/* The thread's whole life: the exit action, then the raw exit syscall, which
 * ends this thread only (exit_group would end the parent too). It runs on
 * the parent's TLS (see spawn_clone_thread) and so touches none: the vDSO
 * clock and raw syscalls only. */
static int clone_thread_main(void *arg)
{
	const struct fb_child *c = arg;
	stamp_ready(c->arg);
	syscall(SYS_exit, 0);
	return 0;   /* not reached */
}

static int spawn_clone_thread(const struct fb_child *c, struct fb_spawned *out)
{
	int rc = thread_action_ok(c);
	if (rc)
		return rc;
	if (!c->stack || c->stack_len < 4 * FB_PAGE_SIZE)
		return -EINVAL;
	/* The flags glibc's pthread_create passes. CLONE_SETTLS is given our own
	 * thread pointer: building a TCB is glibc's work (the pthread_create row
	 * has it), the kernel's part is one register either way. The tid word
	 * lives in the lowest bytes of the child's stack (the child uses only
	 * its top), so fb_spawned may be copied between spawn and reap. */
	volatile int32_t *word = c->stack;
	*word = 0;
	const int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
			  CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
	char *top = (char *)c->stack + c->stack_len;
	pid_t tid = clone(clone_thread_main, top, flags, (void *)c, (pid_t *)word,
			  __builtin_thread_pointer(), (pid_t *)word);
	if (tid < 0)
		return -errno;
	out->pid = 0;
	out->tid = tid;
	out->tid_word = word;
	out->reap = FB_REAP_CLEARTID;
	return 0;
}

/* glibc's own start and end of a thread (TCB, stack from its cache, TLS
 * destructors, the exit path that madvises the unused stack): the start
 * routine does the exit action and returns. */
static void *pthread_main(void *arg)
{
	const struct fb_child *c = arg;
	stamp_ready(c->arg);
	return NULL;
}

static int spawn_pthread_create(const struct fb_child *c, struct fb_spawned *out)
{
	int rc = thread_action_ok(c);
	if (rc)
		return rc;
	rc = pthread_create(&out->thread, NULL, pthread_main, (void *)c);
	if (rc)
		return -rc;
	out->pid = 0;
	out->reap = FB_REAP_PTHREAD;
	return 0;
}

/* One row per method, with designated initializers; the comment above a row
 * is its intent, .desc is what --list prints (what the child shares). */
const struct fb_method fb_methods[] = {
	/* glibc fork(): atfork handlers plus the kernel's copy of the address space. */
	{ .name = "fork", .desc = "fork(): copies page tables, pages shared copy-on-write",
	  .flags = FB_M_COW, .spawn = spawn_fork },
	/* The parent sleeps until the child execs or exits; no page tables copied. */
	{ .name = "vfork", .desc = "vfork(): child borrows the parent's memory until exec/exit",
	  .flags = FB_M_SHARES_VM, .spawn = spawn_vfork },
	/* The same kernel work as fork, without glibc's user-space wrapper. */
	{ .name = "clone", .desc = "raw clone(2) with SIGCHLD only: a fork by another name",
	  .flags = FB_M_COW, .spawn = spawn_clone },
	/* The mechanism under glibc's posix_spawn, on our own stack. */
	{ .name = "clone_vm", .desc = "clone(CLONE_VM|CLONE_VFORK) on its own stack, as posix_spawn does",
	  .flags = FB_M_SHARES_VM, .spawn = spawn_clone_vm },
	/* The modern entry point; the pidfd is how the parent reaps it. */
	{ .name = "clone3", .desc = "raw clone3(2) with CLONE_PIDFD, reaped through the pidfd",
	  .flags = FB_M_COW | FB_M_PIDFD, .spawn = spawn_clone3 },
	/* What a runtime calls; only ever starts a program. */
	{ .name = "posix_spawn", .desc = "glibc posix_spawn() of the exec target",
	  .flags = FB_M_SHARES_VM | FB_M_EXEC_ONLY, .spawn = spawn_posix_spawn },
	/* A fork that does not copy the descriptor table: what a server with many
	 * open sockets saves (exec unshares it, so exec still pays the copy). */
	{ .name = "clone_files", .desc = "clone(CLONE_FILES): a fork sharing the descriptor table",
	  .flags = FB_M_SHARES_FILES | FB_M_OPT_IN, .spawn = spawn_clone_files },
	/* A fork sharing cwd, root and umask instead of copying fs_struct. */
	{ .name = "clone_fs", .desc = "clone(CLONE_FS): a fork sharing cwd, root and umask",
	  .flags = FB_M_SHARES_FS | FB_M_OPT_IN, .spawn = spawn_clone_fs },
	/* Shared memory and signal handlers, a process of its own (no CLONE_VFORK). */
	{ .name = "clone_sighand", .desc = "clone(CLONE_VM|CLONE_SIGHAND) on its own stack: shares memory and signal handlers",
	  .flags = FB_M_SHARES_VM | FB_M_SHARES_SIGHAND | FB_M_OPT_IN, .spawn = spawn_clone_sighand },
	/* pthread_create's kernel call without glibc around it; reaped through the
	 * CLONE_CHILD_CLEARTID word and a futex wait, as pthread_join does. */
	{ .name = "clone_thread", .desc = "clone() with pthread_create's flags (VM FS FILES SIGHAND THREAD SYSVSEM SETTLS PARENT_SETTID CHILD_CLEARTID): a thread, shares everything",
	  .flags = FB_M_SHARES_VM | FB_M_SHARES_FILES | FB_M_SHARES_FS | FB_M_SHARES_SIGHAND |
		   FB_M_THREAD | FB_M_EXIT_ONLY | FB_M_OPT_IN,
	  .spawn = spawn_clone_thread },
	/* The reference for clone_thread: the same kernel call plus glibc's thread
	 * setup and teardown, joined. */
	{ .name = "pthread_create", .desc = "glibc pthread_create(), joined: a thread, shares everything",
	  .flags = FB_M_SHARES_VM | FB_M_SHARES_FILES | FB_M_SHARES_FS | FB_M_SHARES_SIGHAND |
		   FB_M_THREAD | FB_M_EXIT_ONLY | FB_M_OPT_IN,
	  .spawn = spawn_pthread_create },
};
const size_t fb_method_count = FB_ARRAY_LEN(fb_methods);

const struct fb_method *fb_method_find(const char *name)
{
	return fb_row_find(fb_methods, sizeof(fb_methods[0]), fb_method_count, name);
}

bool fb_method_supports(const struct fb_method *m, const struct fb_child_mode *mode)
{
	return !(m->flags & (mode->exec ? FB_M_EXIT_ONLY : FB_M_EXEC_ONLY));
}

const char *fb_method_only_label(const struct fb_method *m)
{
	static const char *const label[2][3] = {
		{ "", " [exec only]", " [exit only]" },
		{ " [opt-in]", " [exec only, opt-in]", " [exit only, opt-in]" },
	};
	int only = m->flags & FB_M_EXEC_ONLY ? 1 : m->flags & FB_M_EXIT_ONLY ? 2 : 0;
	return label[!!(m->flags & FB_M_OPT_IN)][only];
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
	return fb_row_find(fb_child_modes, sizeof(fb_child_modes[0]), fb_child_mode_count, name);
}
