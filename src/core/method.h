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
#include <pthread.h>
#include <signal.h>
#include <sys/types.h>

enum fb_method_flags {
	/* A full private copy: pages copy-on-write and nothing else shared (the cow
	 * and footprint drivers need this: their child closes and uses its own pipe
	 * ends, which a shared descriptor table would close in the parent too). */
	FB_M_COW = 1 << 0,
	FB_M_SHARES_VM = 1 << 1, /* child uses the parent's memory (CLONE_VM) */
	FB_M_EXEC_ONLY = 1 << 2, /* can only start a program (posix_spawn) */
	FB_M_PIDFD = 1 << 3,     /* reaped through a pidfd */
	FB_M_EXIT_ONLY = 1 << 4, /* cannot exec: a thread's execve would end the caller's threads */
	FB_M_THREAD = 1 << 5,    /* child is a thread of the caller: no process to wait for or kill */
	FB_M_SHARES_FILES = 1 << 6, /* CLONE_FILES: one descriptor table */
	FB_M_SHARES_FS = 1 << 7,    /* CLONE_FS: one cwd, root and umask */
	FB_M_SHARES_SIGHAND = 1 << 8, /* CLONE_SIGHAND: one table of signal handlers */
	FB_M_OPT_IN = 1 << 9,    /* not in a driver's default sweep: asked for by name or "all" */
};

/* What the child does. body() must not return; exec_* is used by exec-only methods.
 * Thread rows (FB_M_THREAD) run only the exit action, fb_body_exit with arg the
 * ready slot, and do its work themselves so that they leave as a thread. */
struct fb_child {
	void (*body)(void *arg);
	void *arg;
	const char *exec_path;
	char *const *exec_argv;
	char *const *exec_envp;
	void *stack;             /* CLONE_VM methods run the body on this stack */
	size_t stack_len;
};

/* How a child is waited for: the method says so in fb_spawned, so a runner
 * calls fb_reap() whatever the method and needs no special case. */
enum fb_reap_kind {
	FB_REAP_PROCESS = 0,     /* waitid() on pid, or on pidfd when it is >= 0 */
	FB_REAP_CLEARTID,        /* futex wait until the kernel clears *tid_word at thread exit */
	FB_REAP_PTHREAD,         /* pthread_join() */
};

/* Filled by a method in the parent. Runners initialise it { .pid = -1, .pidfd = -1 }.
 * pid is the process to track and kill on a stop; for a thread it is 0 (a
 * signal to a thread's id would reach the whole process, the runner too). */
struct fb_spawned {
	pid_t pid;
	int pidfd;               /* -1 unless FB_M_PIDFD */
	enum fb_reap_kind reap;
	pid_t tid;               /* thread rows: the thread's id (0 for pthread rows) */
	volatile int32_t *tid_word;  /* FB_REAP_CLEARTID: in the child stack's lowest bytes */
	pthread_t thread;        /* FB_REAP_PTHREAD */
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
struct fb_child_mode;
/* Whether a method can do a child action (exec-only and exit-only rows). */
bool fb_method_supports(const struct fb_method *m, const struct fb_child_mode *mode);
/* " [exec only]", " [exit only]" or "": for --list, from the flags. */
const char *fb_method_only_label(const struct fb_method *m);

/* Waits for the child as its method said (pidfd, which is then closed; pid;
 * the thread's cleared tid word; pthread_join). A thread's exit code cannot be
 * read: it is reported as exited 0 once it has ended. Retries on EINTR. */
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
	volatile int64_t *ns;    /* 0 until the child writes (offset FB_READY_OFF_READY) */
	volatile int64_t *touched_ns; /* large exec target: after touching its text (FB_READY_OFF_TOUCHED) */
	volatile int64_t *touch_minflt; /* large exec target: its own minor faults over the touch */
	char fd_arg[16];         /* argv[1] for the exec target */
};
/* Byte offsets in the ready page; the exec targets write there by pwrite. */
enum { FB_READY_OFF_READY = 0, FB_READY_OFF_TOUCHED = 8, FB_READY_OFF_TOUCH_MINFLT = 16 };
int fb_ready_init(struct fb_ready *r);
void fb_ready_close(struct fb_ready *r);

/* Absolute path of the exec target built next to the running driver, or
 * $FORKBENCH_EXEC_TARGET. -ENOENT when not there or not executable. */
int fb_exec_target_path(char *buf, size_t len);
#endif
