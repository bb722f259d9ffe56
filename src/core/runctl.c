/* runctl: signal handling, child tracking, progress. */
#define _GNU_SOURCE
#include "runctl.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

volatile sig_atomic_t fb_stop_signal;

#define MAX_TRACKED 64
static volatile sig_atomic_t tracked[MAX_TRACKED];
static volatile sig_atomic_t forward_pid;

static void on_signal(int sig)
{
	fb_stop_signal = sig;
	for (int i = 0; i < MAX_TRACKED; i++)
		if (tracked[i] > 0)
			kill((pid_t)tracked[i], SIGKILL);
	/* The worker stops on its own (it has rows to send), told by the same signal. */
	if (forward_pid > 0)
		kill((pid_t)forward_pid, sig);
}

void fb_worker_forward(pid_t pid)
{
	forward_pid = pid;
	if (pid > 0 && fb_stop_signal)
		kill(pid, (int)fb_stop_signal);
}

void fb_runctl_install(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;   /* no SA_RESTART: waits return EINTR and the loop sees the flag */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* A write to a parked child that a signal killed must fail with EPIPE, not kill us. */
	signal(SIGPIPE, SIG_IGN);
}

/* Before main: a Ctrl-C while the program is still starting (option parsing,
 * libpfm's scan of /sys, the quietness check) sets the flag instead of
 * killing it by default action; fb_run_begin then stops with a message before
 * anything is written. */
__attribute__((constructor)) static void fb_runctl_early(void)
{
	fb_runctl_install();
}

void fb_child_track(pid_t pid)
{
	/* 0 is a thread row's "no process" (kill(0) or kill(-1) would hit far more). */
	if (pid <= 0)
		return;
	for (int i = 0; i < MAX_TRACKED; i++)
		if (tracked[i] == 0) {
			tracked[i] = pid;
			break;
		}
	/* A signal that arrived between the spawn and here must still kill it. */
	if (fb_stop_signal)
		kill(pid, SIGKILL);
}

void fb_child_untrack(pid_t pid)
{
	for (int i = 0; i < MAX_TRACKED; i++)
		if (tracked[i] == pid)
			tracked[i] = 0;
}

int fb_child_wait_untrack(pid_t pid)
{
	siginfo_t si;
	int rc;
	/* WNOWAIT: wait for the exit but leave the zombie, so its pid cannot be
	 * reused until it is untracked and the caller reaps it. */
	do
		rc = waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT);
	while (rc < 0 && errno == EINTR);
	fb_child_untrack(pid);
	return rc < 0 ? -errno : 0;
}

void fb_kill_children(void)
{
	for (int i = 0; i < MAX_TRACKED; i++) {
		pid_t pid = (pid_t)tracked[i];
		if (pid <= 0)
			continue;
		kill(pid, SIGKILL);
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		tracked[i] = 0;
	}
}

int fb_stop_exit_code(void)
{
	return fb_stop_signal ? 128 + fb_stop_signal : FB_EXIT_FAIL;
}

void fb_progress_init(struct fb_progress *p, uint64_t total)
{
	p->total = total ? total : 1;
	p->done = 0;
	p->start_ns = p->last_ns = fb_now_ns();
	p->eta_after_ns = 0;
	p->tty = isatty(STDERR_FILENO);
}

void fb_progress_step(struct fb_progress *p, const char *what)
{
	p->done++;
	if (!p->tty)
		return;
	int64_t now = fb_now_ns();
	/* Redraw at most 5 times a second, and only once the sweep has run a second. */
	if (now - p->last_ns < 200000000 || now - p->start_ns < 1000000000)
		return;
	p->last_ns = now;
	double el = (double)(now - p->start_ns) / 1e9;
	double eta = el / (double)p->done * (double)(p->total - p->done) + (double)p->eta_after_ns / 1e9;
	fprintf(stderr, "\r\033[K%s  %llu/%llu  %.0f s elapsed, ETA %.0f s%s", what,
		(unsigned long long)p->done, (unsigned long long)p->total, el, eta,
		p->eta_after_ns ? " (whole run)" : "");
}

void fb_progress_at(struct fb_progress *p, uint64_t done, const char *what)
{
	p->done = done ? done - 1 : 0;
	fb_progress_step(p, what);
}

void fb_progress_end(struct fb_progress *p)
{
	if (p->tty && fb_now_ns() - p->start_ns >= 1000000000)
		fputs("\r\033[K", stderr);
}

void fb_block_stop_signals(sigset_t *old)
{
	sigset_t block;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &block, old);
}
