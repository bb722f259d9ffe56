/* method: the ways of creating a process, one row each in fb_methods[].
 * A method function only creates the child; the runner around it owns the
 * clock, so the timed region is the call and nothing else. The child runs
 * a body that never returns (it execs or leaves through the raw exit syscall).
 * What this does not measure: the child's body — that is the runner's business. */
#ifndef FORKBENCH_METHOD_H
#define FORKBENCH_METHOD_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <sys/types.h>

enum fb_method_flags {
	FB_M_COW = 1 << 0,       /* child gets the parent's private pages copy-on-write */
	FB_M_SHARES_VM = 1 << 1, /* child borrows the parent's memory; parent waits until exec/exit */
	FB_M_EXEC_ONLY = 1 << 2, /* can only start a program (posix_spawn) */
	FB_M_PIDFD = 1 << 3,     /* reaped through a pidfd */
};

/* What the child does. body() must not return; exec_* is used by exec-only methods. */
struct fb_child {
	void (*body)(void *arg);
	void *arg;
	const char *exec_path;
	char *const *exec_argv;
	char *const *exec_envp;
	void *stack;             /* CLONE_VM methods run the body on this stack */
	size_t stack_len;
};

struct fb_spawned {
	pid_t pid;
	int pidfd;               /* -1 unless FB_M_PIDFD */
};

typedef int (*fb_spawn_fn)(const struct fb_child *c, struct fb_spawned *out);

struct fb_method {
	const char *name;
	const char *desc;
	unsigned flags;
	fb_spawn_fn spawn;       /* 0 or -errno; fills out in the parent */
};

extern const struct fb_method fb_methods[];
extern const size_t fb_method_count;
const struct fb_method *fb_method_find(const char *name);

/* Waits for the child (through its pidfd when it has one, which is then closed). */
int fb_reap_info(const struct fb_spawned *s, siginfo_t *si);
/* The same, folded for display: *status is the exit code, or 128+signal. */
int fb_reap(const struct fb_spawned *s, int *status);

/* Child bodies shared by every driver. */
struct fb_ready_slot;
/* exit: write the first-instruction timestamp, leave through the raw exit syscall. */
void fb_body_exit(void *ready_ns_ptr) __attribute__((noreturn));
/* exec: execve(exec_path) of the fb_child passed as arg; exit 127 if it fails. */
void fb_body_exec(void *child) __attribute__((noreturn));
/* The raw exit syscall: no atexit handlers, no stdio flush. */
void fb_raw_exit(int code) __attribute__((noreturn));

/* Child actions, one row each. */
struct fb_child_mode {
	const char *name;
	const char *desc;
	bool exec;
};
extern const struct fb_child_mode fb_child_modes[];
extern const size_t fb_child_mode_count;
const struct fb_child_mode *fb_child_mode_find(const char *name);

/* A shared page every child can reach, after exec too (a memfd passed by number):
 * the child or the exec target stores its first-instruction timestamp there. */
struct fb_ready {
	int fd;
	volatile int64_t *ns;    /* 0 until the child writes */
	char fd_arg[16];         /* argv[1] for the exec target */
};
int fb_ready_init(struct fb_ready *r);
void fb_ready_close(struct fb_ready *r);

/* Absolute path of the exec target built next to the running driver, or
 * $FORKBENCH_EXEC_TARGET. -ENOENT when not there or not executable. */
int fb_exec_target_path(char *buf, size_t len);
#endif
