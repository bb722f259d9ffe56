/* fb-init: the static /init of the forkbench initramfs (scripts/kernels).
 * Mounts proc, sys, dev and a tmpfs on /tmp, then runs each line of /plan
 * (one command a line, words split on blanks, no quoting; a bare name is
 * looked up in /bin) with stdout and stderr on the console (ttyS0). After each
 * command it streams the files it left in /results back to the host as a newc
 * cpio archive on the second serial port (ttyS1), so a guest killed later
 * still returns what finished; guest.txt (kernel release, each command's exit
 * status and seconds) comes last, then the trailer, then it powers off.
 * It measures nothing itself: the drivers write their own CSV and sidecar
 * (with the guest's kernel release), exactly as on the host. */
#define _GNU_SOURCE
#include "cpio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define RESULTS "/results"
#define MAX_FILES 256
#define MAX_WORDS 128

static char sent[MAX_FILES][256];
static int nsent;
static char guest_log[16384];
static size_t guest_len;

static void say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("fb-init: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* guest.txt: key=value lines, as in a sidecar. */
static void logkv(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(guest_log + guest_len, sizeof(guest_log) - guest_len, fmt, ap);
	va_end(ap);
	if (n > 0 && guest_len + (size_t)n < sizeof(guest_log))
		guest_len += (size_t)n;
}

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void mount_fs(const char *src, const char *dir, const char *type)
{
	mkdir(dir, 0755);
	if (mount(src, dir, type, 0, NULL) && errno != EBUSY)
		say("mount %s on %s: %s", type, dir, strerror(errno));
}

/* The results port, raw: no newline translation, no echo, 8 bits. */
static int open_port(void)
{
	int fd = open("/dev/ttyS1", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		say("/dev/ttyS1: %s: no results can be sent", strerror(errno));
		return -1;
	}
	struct termios t;
	if (tcgetattr(fd, &t) == 0) {
		cfmakeraw(&t);
		cfsetspeed(&t, B115200);
		tcsetattr(fd, TCSANOW, &t);
	}
	return fd;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file in /results not sent yet, in name order. */
static void send_new(struct fb_cpio *c)
{
	DIR *d = opendir(RESULTS);
	if (!d)
		return;
	char *names[MAX_FILES];
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < MAX_FILES) {
		if (e->d_name[0] == '.' || strlen(e->d_name) >= sizeof(sent[0]))
			continue;
		int seen = 0;
		for (int i = 0; i < nsent && !seen; i++)
			seen = strcmp(sent[i], e->d_name) == 0;
		if (!seen)
			names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), by_name);
	for (int i = 0; i < n; i++) {
		char path[512];
		snprintf(path, sizeof(path), RESULTS "/%s", names[i]);
		struct stat st;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && c->fd >= 0) {
			int rc = fb_cpio_add_file(c, names[i], 0644, path);
			if (rc)
				say("sending %s: %s", names[i], strerror(-rc));
		}
		if (nsent < MAX_FILES)
			snprintf(sent[nsent++], sizeof(sent[0]), "%s", names[i]);
		free(names[i]);
	}
}

/* Runs one plan line; returns its exit status (128+N for signal N, 127 when
 * it could not start). */
static int run(char *line, int idx)
{
	char *argv[MAX_WORDS + 1], path[512];
	int argc = 0;
	for (char *w = strtok(line, " \t"); w && argc < MAX_WORDS; w = strtok(NULL, " \t"))
		argv[argc++] = w;
	argv[argc] = NULL;
	if (!argc)
		return -1;
	snprintf(path, sizeof(path), "%s%s", strchr(argv[0], '/') ? "" : "/bin/", argv[0]);
	char *envp[] = { "PATH=/bin", "HOME=/", "LANG=C", "TERM=dumb", NULL };
	double t0 = now_s();
	pid_t pid = fork();
	if (pid == 0) {
		execve(path, argv, envp);
		say("exec %s: %s", path, strerror(errno));
		_exit(127);
	}
	int status = 0, rc = 127;
	if (pid > 0) {
		pid_t w;
		/* As pid 1 we also reap whatever the command orphaned. */
		while ((w = waitpid(-1, &status, 0)) != pid)
			if (w < 0 && errno != EINTR)
				break;
		rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	}
	double secs = now_s() - t0;
	say("run %d: %s exited %d after %.1f s", idx, argv[0], rc, secs);
	logkv("run%d_command=", idx);
	for (int i = 0; i < argc; i++)
		logkv("%s%s", i ? " " : "", argv[i]);
	logkv("\nrun%d_exit=%d\nrun%d_seconds=%.1f\n", idx, rc, idx, secs);
	return rc;
}

int main(void)
{
	setvbuf(stderr, NULL, _IONBF, 0);
	mount_fs("proc", "/proc", "proc");
	mount_fs("sysfs", "/sys", "sysfs");
	mount_fs("devtmpfs", "/dev", "devtmpfs");
	mount_fs("tmpfs", "/tmp", "tmpfs");
	mkdir(RESULTS, 0755);
	struct utsname u;
	uname(&u);
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	long mem_mib = (long)((unsigned long long)sysconf(_SC_PHYS_PAGES) * (unsigned long long)sysconf(_SC_PAGESIZE) >> 20);
	say("up: kernel %s, %ld CPUs, %ld MiB", u.release, cpus, mem_mib);
	logkv("guest_kernel_release=%s\nguest_cpus=%ld\nguest_mem_mib=%ld\n", u.release, cpus, mem_mib);

	struct fb_cpio c;
	fb_cpio_init(&c, open_port());
	FILE *plan = fopen("/plan", "re");
	char line[8192];
	int idx = 0, failed = 0;
	double t0 = now_s();
	while (plan && fgets(line, sizeof(line), plan)) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '\0' || line[0] == '#')
			continue;
		int rc = run(line, ++idx);
		failed += rc != 0;
		send_new(&c);
	}
	if (plan)
		fclose(plan);
	else
		say("no /plan: nothing to run");
	logkv("runs=%d\nruns_failed=%d\nplan_seconds=%.1f\n", idx, failed, now_s() - t0);
	if (c.fd >= 0) {
		fb_cpio_add(&c, "guest.txt", S_IFREG | 0644, 0, 0, guest_log, guest_len);
		fb_cpio_finish(&c);
		tcdrain(c.fd);
		close(c.fd);
	}
	say("done: %d run(s), %d failed; powering off", idx, failed);
	sync();
	reboot(RB_POWER_OFF);
	say("power off failed: %s", strerror(errno));
	return 1;
}
