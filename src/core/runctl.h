/* runctl: what keeps a run safe to interrupt — SIGINT/SIGTERM/SIGHUP set a
 * flag and SIGKILL every child we track, so Ctrl-C leaves no child behind
 * and the driver can write the rows it has — plus progress on stderr. */
#ifndef FORKBENCH_RUNCTL_H
#define FORKBENCH_RUNCTL_H
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

extern volatile sig_atomic_t fb_stop_signal;   /* 0, or the signal that asked us to stop */

/* Handlers without SA_RESTART, so a blocking wait returns EINTR. */
void fb_runctl_install(void);
/* Children the handler must kill. Safe to call around every spawn. */
void fb_child_track(pid_t pid);
void fb_child_untrack(pid_t pid);
/* Waits until a tracked child has exited without reaping it, then untracks
 * it: the caller reaps it after, so a stop can never kill a reused pid. */
int fb_child_wait_untrack(pid_t pid);
/* The worker process the handler forwards a stop signal to (0: none), so it
 * stops its sweep and sends what it measured; a signal already received is
 * forwarded at once. */
void fb_worker_forward(pid_t pid);
/* Blocks the stop signals (SIGINT, SIGTERM, SIGHUP) in the calling thread,
 * the old mask in *old: a thread started now leaves them to the main thread.
 * pthread_sigmask(SIG_SETMASK, old, NULL) undoes it. */
void fb_block_stop_signals(sigset_t *old);
/* Kills and reaps every tracked child (used on the error and stop paths). */
void fb_kill_children(void);
/* The exit code for a stop: 128 + signal. */
int fb_stop_exit_code(void);

/* Progress: one stderr line, redrawn, only when stderr is a terminal. */
struct fb_progress {
	uint64_t total, done;
	int64_t start_ns, last_ns;
	int64_t eta_after_ns;   /* work after this line's (later drivers), added to its ETA */
	bool tty;
};
void fb_progress_init(struct fb_progress *p, uint64_t total);
void fb_progress_step(struct fb_progress *p, const char *what);
/* Sets the count of steps done (a worker reports its own count) and redraws. */
void fb_progress_at(struct fb_progress *p, uint64_t done, const char *what);
void fb_progress_end(struct fb_progress *p);
#endif
