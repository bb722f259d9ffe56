/* parent_state: open descriptors and idle threads for the parent, and
 * counting them back from /proc. */
#define _GNU_SOURCE
#include "parent_state.h"
#include "procinfo.h"
#include "runctl.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

enum { STACK_BYTES = 64 << 10, GUARD_BYTES = 4096 };

int fb_count_entries(const char *path, bool skip_own_fd, uint64_t *out)
{
	DIR *d = opendir(path);
	if (!d)
		return -errno;
	uint64_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && (!skip_own_fd || atoi(e->d_name) != dirfd(d)))
			n++;
	closedir(d);
	*out = n;
	return 0;
}

int fb_count_fds(uint64_t *out)
{
	return fb_count_entries("/proc/self/fd", true, out);
}

int fb_count_threads(uint64_t *out)
{
	return fb_count_entries("/proc/self/task", false, out);
}

static int raise_errno;   /* why fb_fds_max could not raise the hard limit (0: it did, or need not) */

int fb_fds_max(uint64_t *out)
{
	struct rlimit rl;
	uint64_t open_now = 0;
	int rc = fb_count_fds(&open_now);
	if (rc)
		return rc;
	if (getrlimit(RLIMIT_NOFILE, &rl))
		return -errno;
	uint64_t hard = rl.rlim_max == RLIM_INFINITY ? UINT64_MAX : rl.rlim_max;
	/* Privileged (CAP_SYS_RESOURCE): the hard limit may be raised up to
	 * fs.nr_open. Whether that was refused is remembered for the message. */
	char line[64];
	raise_errno = 0;
	if (fb_read_line("/proc/sys/fs/nr_open", line, sizeof(line)) == 0) {
		uint64_t nr_open = strtoull(line, NULL, 10);
		struct rlimit up = { rl.rlim_cur, (rlim_t)nr_open };
		if (nr_open > hard) {
			if (setrlimit(RLIMIT_NOFILE, &up) == 0)
				hard = nr_open;
			else
				raise_errno = errno;
		}
	}
	uint64_t used = open_now + FB_FDS_RESERVE;
	*out = hard > used ? hard - used : 0;
	return 0;
}

int fb_fds_check(uint64_t n, char *msg, size_t len)
{
	uint64_t max = 0;
	int rc = fb_fds_max(&max);
	if (rc) {
		snprintf(msg, len, "cannot read the descriptor limit: %s", strerror(-rc));
		return rc;
	}
	if (n > max) {
		uint64_t open_now = 0;
		fb_count_fds(&open_now);
		const bool root = geteuid() == 0;
		snprintf(msg, len, "bad --fds value '%llu': above what RLIMIT_NOFILE allows here; allowed: 0 to %llu (the hard limit less the %llu open and %d kept free; %s)",
			 (unsigned long long)n, (unsigned long long)max, (unsigned long long)open_now, FB_FDS_RESERVE,
			 raise_errno && root ? "raising the hard limit towards fs.nr_open was refused: this root process lacks CAP_SYS_RESOURCE (a container?); raise it outside, e.g. prlimit --nofile=N:N" :
			 raise_errno ? "raising the hard limit needs root (CAP_SYS_RESOURCE): run as root, or raise it with ulimit -Hn" :
			 "the hard limit is already fs.nr_open");
		return -EMFILE;
	}
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	uint64_t open_now = 0;
	fb_count_fds(&open_now);
	rlim_t want = (rlim_t)(open_now + n + FB_FDS_RESERVE);
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
		rl.rlim_cur = want;
		if (setrlimit(RLIMIT_NOFILE, &rl)) {
			int e = -errno;
			snprintf(msg, len, "cannot raise RLIMIT_NOFILE to %llu: %s", (unsigned long long)want, strerror(errno));
			return e;
		}
	}
	return 0;
}

int fb_fds_open(struct fb_fds *f, uint64_t n)
{
	f->n = 0;
	f->fd = n ? calloc(n, sizeof(int)) : NULL;
	if (n && !f->fd)
		return -ENOMEM;
	for (uint64_t i = 0; i < n; i++) {
		int fd = open("/dev/null", O_RDONLY);
		if (fd < 0) {
			int e = -errno;
			fb_fds_close(f);
			return e;
		}
		f->fd[f->n++] = fd;
	}
	return 0;
}

void fb_fds_close(struct fb_fds *f)
{
	for (uint64_t i = 0; i < f->n; i++)
		close(f->fd[i]);
	free(f->fd);
	f->fd = NULL;
	f->n = 0;
}

static void *idle_main(void *arg)
{
	struct fb_threads *th = arg;
	while (!atomic_load(&th->quit))
		syscall(SYS_futex, (uint32_t *)&th->quit, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	return NULL;
}

int fb_threads_start(struct fb_threads *th, unsigned n)
{
	memset(th, 0, sizeof(*th));
	if (n > FB_THREADS_MAX)
		return -EINVAL;
	if (!n)
		return 0;
	th->t = calloc(n, sizeof(*th->t));
	th->stack = calloc(n, sizeof(*th->stack));
	if (!th->t || !th->stack) {
		free(th->t);
		free(th->stack);
		th->t = NULL;
		th->stack = NULL;
		return -ENOMEM;
	}
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	sigset_t old;
	fb_block_stop_signals(&old);
	int rc = 0;
	for (unsigned i = 0; i < n && !rc; i++) {
		/* idle: a small stack, fewer pages for fork; the guard page keeps it a VMA of its own */
		char *st = mmap(NULL, STACK_BYTES + GUARD_BYTES, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
		if (st == MAP_FAILED) {
			rc = -errno;
			break;
		}
		if (mprotect(st, GUARD_BYTES, PROT_NONE) ||
		    (rc = -pthread_attr_setstack(&attr, st + GUARD_BYTES, STACK_BYTES)) ||
		    (rc = -pthread_create(&th->t[i], &attr, idle_main, th))) {
			rc = rc ? rc : -errno;
			munmap(st, STACK_BYTES + GUARD_BYTES);
			break;
		}
		th->stack[th->n++] = st;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	if (rc)
		fb_threads_stop(th);
	return rc;
}

void fb_threads_stop(struct fb_threads *th)
{
	atomic_store(&th->quit, 1);
	syscall(SYS_futex, (uint32_t *)&th->quit, FUTEX_WAKE_PRIVATE, (int)(~0U >> 1), NULL, NULL, 0);
	for (unsigned i = 0; i < th->n; i++) {
		pthread_join(th->t[i], NULL);
		munmap(th->stack[i], STACK_BYTES + GUARD_BYTES);
	}
	free(th->t);
	free(th->stack);
	th->t = NULL;
	th->stack = NULL;
	th->n = 0;
}
