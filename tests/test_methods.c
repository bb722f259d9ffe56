/* test_methods: every row of fb_methods[] with every child action it
 * supports creates a child that really ran (it stamped the ready slot after
 * the call began), ends with status 0 and is reaped through fb_reap() alone,
 * whatever its reap kind. Actions a row does not support are refused by the
 * method itself, before anything runs (a thread that exec'd would end this
 * test). The sharing flags are checked against what a child does: a child
 * that closes a descriptor, changes its umask and installs a signal handler
 * changes the parent's only when its row says it shares files, fs, sighand.
 * A new row is tested here without new test code. */
#define _GNU_SOURCE
#include "method.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static int failures;

static void check(int cond, const char *what, const char *method, const char *mode)
{
	if (!cond) {
		printf("FAIL: %s+%s: %s\n", method, mode, what);
		failures++;
	}
}

/* What a sharing-check child does to its own state, before stamping. */
struct probe {
	int fd;                  /* closed by the child */
	volatile int64_t *ready;
};

static void on_usr1(int sig) { (void)sig; }

static void probe_body(void *arg)
{
	struct probe *p = arg;
	close(p->fd);
	umask(0077);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	*p->ready = fb_now_ns();
	fb_raw_exit(0);
}

static void sharing(const struct fb_method *m, struct fb_child base, volatile int64_t *ready)
{
	struct probe p = { .fd = open("/dev/null", O_RDONLY), .ready = ready };
	umask(022);
	signal(SIGUSR1, SIG_DFL);
	struct fb_child c = base;
	c.body = probe_body;
	c.arg = &p;
	struct fb_spawned sp = { .pid = -1, .pidfd = -1 };
	*ready = 0;
	int rc = m->spawn(&c, &sp), status = -1;
	if (rc) {
		check(0, strerror(-rc), m->name, "probe");
		return;
	}
	rc = fb_reap(&sp, &status);
	check(!rc && status == 0 && *ready, "probe child did not run cleanly", m->name, "probe");
	bool fd_gone = fcntl(p.fd, F_GETFD) < 0;
	mode_t um = umask(022);
	struct sigaction now;
	sigaction(SIGUSR1, NULL, &now);
	bool handler = now.sa_handler == on_usr1;
	check(fd_gone == !!(m->flags & FB_M_SHARES_FILES), "descriptor table shared or not as the flags say", m->name, "probe");
	check((um == 0077) == !!(m->flags & FB_M_SHARES_FS), "umask shared or not as the flags say", m->name, "probe");
	check(handler == !!(m->flags & FB_M_SHARES_SIGHAND), "signal handlers shared or not as the flags say", m->name, "probe");
	printf("%-14s shares: files %d fs %d sighand %d\n", m->name, fd_gone, um == 0077, handler);
	if (!fd_gone)
		close(p.fd);
	signal(SIGUSR1, SIG_DFL);
}

int main(void)
{
	struct fb_ready ready;
	if (fb_ready_init(&ready)) {
		printf("FAIL: ready page\n");
		return 1;
	}
	char target[4096];
	if (fb_exec_target_path(target, sizeof(target))) {
		printf("SKIP: exec target not found (set FORKBENCH_EXEC_TARGET)\n");
		return FB_EXIT_SKIP;
	}
	size_t stack_len = 256 << 10;
	void *stack = mmap(NULL, stack_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	char *argv[] = { target, ready.fd_arg, NULL }, *envp[] = { NULL };
	struct fb_child exec_child = { .body = fb_body_exec, .exec_path = target, .exec_argv = argv,
				       .exec_envp = envp, .stack = stack, .stack_len = stack_len };
	exec_child.arg = &exec_child;
	struct fb_child exit_child = exec_child;
	exit_child.body = fb_body_exit;
	exit_child.arg = (void *)ready.ns;

	int ran = 0;
	for (size_t i = 0; i < fb_method_count; i++) {
		const struct fb_method *m = &fb_methods[i];
		for (size_t k = 0; k < fb_child_mode_count; k++) {
			const struct fb_child_mode *mode = &fb_child_modes[k];
			const struct fb_child *c = mode->exec ? &exec_child : &exit_child;
			struct fb_spawned sp = { .pid = -1, .pidfd = -1 };
			*ready.ns = 0;
			int64_t t0 = fb_now_ns();
			int rc = m->spawn(c, &sp);
			if (!fb_method_supports(m, mode)) {
				check(rc != 0, "an unsupported action was not refused", m->name, mode->name);
				if (rc == 0) {   /* reap it anyway so the run ends */
					int st;
					fb_reap(&sp, &st);
				}
				printf("%-14s %-4s refused (%s)\n", m->name, mode->name, strerror(-rc));
				continue;
			}
			if (rc) {
				check(0, strerror(-rc), m->name, mode->name);
				continue;
			}
			check((m->flags & FB_M_THREAD) ? sp.pid == 0 : sp.pid > 0,
			      "pid is the child process, or 0 for a thread", m->name, mode->name);
			int status = -1;
			/* a copy: reaping must not depend on where fb_spawned lives */
			struct fb_spawned copy = sp;
			rc = fb_reap(&copy, &status);
			int64_t t2 = fb_now_ns();
			int64_t r = *ready.ns;
			check(rc == 0, "reap failed", m->name, mode->name);
			check(status == 0, "exit status not 0", m->name, mode->name);
			check(r > t0 && r < t2, "child never stamped its ready timestamp", m->name, mode->name);
			printf("%-14s %-4s ready %6lld ns, reaped %7lld ns\n", m->name, mode->name,
			       (long long)(r - t0), (long long)(t2 - t0));
			ran++;
		}
		if (!(m->flags & (FB_M_THREAD | FB_M_EXEC_ONLY)))
			sharing(m, exit_child, ready.ns);
	}
	printf("%d method+action pairs ran; %d failures\n", ran, failures);
	return failures ? 1 : 0;
}
