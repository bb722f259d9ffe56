/* worker_proc: the worker process itself, seen from the driver — where its
 * binary is, the two pipes it is started with (config on its fd 0, stream on
 * its fd 3), starting it in a process group of its own with default signal
 * handling, and ending it: waited for, its group killed and reaped. runs.c
 * decides when; this does the process plumbing. Measures nothing. */
#define _GNU_SOURCE
#include "worker_proc.h"
#include "runctl.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* With the worker pinned (it pins itself), the driver leaves its CPU: the
 * driver's own work on each message then runs beside the measurement, not
 * between its samples on the same CPU. Stays pinned when nothing else is allowed. */
void fb_worker_leave_cpu(int cpu)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	for (long c = 0; c < n && c < CPU_SETSIZE; c++)
		if (c != cpu)
			CPU_SET((int)c, &set);
	if (CPU_COUNT(&set))
		sched_setaffinity(0, sizeof(set), &set);
}

int fb_worker_path(char *buf, size_t len)
{
	return fb_beside_self("FORKBENCH_WORKER", "forkbench-worker", buf, len);
}

int fb_runs_check_worker(const char *prog)
{
	char path[PATH_MAX];
	int rc = fb_worker_path(path, sizeof(path));
	if (rc)
		fprintf(stderr, "%s: worker %s not usable: %s (build it, or set FORKBENCH_WORKER to an absolute path)\n",
			prog, path, strerror(-rc));
	return rc;
}

/* A pipe whose fds are >= 10 and close-on-exec: the worker's 0 and 3 are dup2()ed from them. */
int fb_worker_pipe(int fds[2])
{
	int p[2];
	if (pipe2(p, O_CLOEXEC))
		return -errno;
	for (int i = 0; i < 2; i++) {
		fds[i] = fcntl(p[i], F_DUPFD_CLOEXEC, 10);
		close(p[i]);
	}
	if (fds[0] < 0 || fds[1] < 0) {
		int e = -errno;
		if (fds[0] >= 0)
			close(fds[0]);
		if (fds[1] >= 0)
			close(fds[1]);
		return e;
	}
	return 0;
}

int fb_worker_start(const char *path, int cfg_r, int res_w, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, cfg_r, 0);
	posix_spawn_file_actions_adddup2(&fa, res_w, 3);
	posix_spawnattr_init(&at);
	/* A group of its own: the terminal's Ctrl-C reaches the driver only (which
	 * forwards it), and whatever the worker leaves behind can be killed as one. */
	posix_spawnattr_setpgroup(&at, 0);
	sigset_t none, dfl;
	sigemptyset(&none);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGPIPE);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &dfl);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	char ppid[32];
	snprintf(ppid, sizeof(ppid), "%d", (int)getpid());
	char *argv[] = { (char *)path, ppid, NULL };
	int rc = posix_spawn(pid, path, &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	return -rc;
}

/* Waits for the worker, then kills and reaps whatever is left of its group.
 * Returns its wait status. */
int fb_worker_end(pid_t pid)
{
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	/* WNOWAIT: the worker stays a zombie (its pid and group reserved) while we
	 * stop forwarding to it and kill its group; only then is it reaped. */
	while (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) < 0 && errno == EINTR)
		;
	fb_worker_forward(0);
	kill(-pid, SIGKILL);
	int status = 0;
	for (;;) {
		int st;
		pid_t p = waitpid(-pid, &st, 0);
		if (p < 0 && errno == EINTR)
			continue;
		if (p < 0)
			break;
		if (p == pid)
			status = st;
	}
	return status;
}
