/* test_perf_nobody: on the real kernel, as nobody, a child that sleeps does
 * not report 0 context switches (issue 14, the non-root findings; point 2).
 * The test drops to uid/gid 65534 itself when run as root (perf_event_paranoid
 * is checked against the caller's credentials and capabilities), opens the
 * life pair the way perf.h's protocol says, lets a child sleep 20 times, and
 * requires the child's context-switches to be empty (unusable, with the
 * reason) or a real count (>= 20) — never 0. Run as root first, the same
 * child must give a real count. Skips when perf_event_open is unavailable. */
#define _GNU_SOURCE
#include "method.h"
#include "perf.h"
#include "util.h"

#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { SLEEPS = 20 };

/* 0 ok, 1 fail, 77 skip. */
static int check(const char *who)
{
	char *names[] = { "context-switches", "page-faults", "task-clock" }, err[256];
	struct fb_perf_spec s;
	if (fb_perf_spec_init(&s, names, 3, err, sizeof(err))) {
		printf("SKIP %s: %s\n", who, err);
		return 77;
	}
	if (!s.ev[2].usable) {
		printf("SKIP %s: task-clock cannot be opened (%s)\n", who, s.ev[2].why);
		return 77;
	}
	struct fb_perf_window w[FB_PERF_MAX];
	fb_perf_plan(&s, s.capacity / 2, w);
	struct fb_perf_set all, par;
	if (fb_perf_open_window(&all, &s, &w[0], true) || fb_perf_open_window(&par, &s, &w[0], false)) {
		printf("FAIL %s: opening the life pair\n", who);
		return 1;
	}
	fb_perf_start_pair(&all, &par);
	pid_t pid = fork();
	if (pid == 0) {
		struct timespec ts = { 0, 1000000 };
		for (int i = 0; i < SLEEPS; i++)
			nanosleep(&ts, NULL);
		fb_raw_exit(0);
	}
	int st = -1;
	waitpid(pid, &st, 0);
	fb_perf_stop_pair(&all, &par);
	struct fb_count a[FB_PERF_MAX], p[FB_PERF_MAX];
	fb_perf_read(&all, a);
	fb_perf_read(&par, p);
	fb_perf_close(&par);
	fb_perf_close(&all);
	struct fb_count cs = fb_count_child(&a[0], &p[0]), pf = fb_count_child(&a[1], &p[1]);
	printf("%s: context-switches %s%s child %s%lld (%s); page-faults column %s child %lld\n", who,
	       s.ev[0].usable ? "usable" : "unusable: ", s.ev[0].usable ? "" : s.ev[0].why,
	       cs.valid ? "" : "empty, raw ", (long long)cs.value, fb_count_why_str(cs.why), s.ev[1].column,
	       (long long)pf.value);
	if (cs.valid && cs.value < SLEEPS) {
		printf("FAIL %s: a child that slept %d times reports %lld context switches\n", who, SLEEPS,
		       (long long)cs.value);
		return 1;
	}
	if (!cs.valid && s.ev[0].usable) {
		printf("FAIL %s: context-switches opened but the child's count is empty (%s)\n", who,
		       fb_count_why_str(cs.why));
		return 1;
	}
	if (!s.ev[0].usable && !strstr(s.ev[0].why, "kernel")) {
		printf("FAIL %s: unusable without saying why: %s\n", who, s.ev[0].why);
		return 1;
	}
	return 0;
}

int main(void)
{
	int rc = check(getuid() == 0 ? "root" : "this user");
	if (rc == 1 || getuid() != 0)
		return rc;
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534)) {
			printf("SKIP nobody: cannot drop to uid 65534: %s\n", strerror(errno));
			_exit(77);
		}
		int nrc = check("nobody");
		fflush(stdout);
		_exit(nrc);
	}
	int st = -1;
	waitpid(pid, &st, 0);
	int nrc = WIFEXITED(st) ? WEXITSTATUS(st) : 1;
	return nrc == 1 || rc == 1 ? 1 : (rc == 77 && nrc == 77 ? 77 : 0);
}
