/* parent_state: what a parent carries besides its heap — open file
 * descriptors and idle sibling threads — set up before timing and counted
 * back from /proc so every row can say what the parent really had. fork
 * copies the descriptor table (CLONE_FILES shares it) and takes a reference
 * on every open file; a multi-threaded parent forks only the calling thread.
 * Nothing here is timed. Library functions: 0 or -errno, never exit. */
#ifndef FORKBENCH_PARENT_STATE_H
#define FORKBENCH_PARENT_STATE_H
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Descriptors beyond those open now that the limit must leave free
 * (the ready memfd, perf counters, pipes, the CSV, /proc reads). */
#define FB_FDS_RESERVE 64

/* The most descriptors fb_fds_open() can add here: RLIMIT_NOFILE's hard
 * limit (raised to fs.nr_open when privileged) minus those open and the
 * reserve. */
int fb_fds_max(uint64_t *out);
/* Refuses n above fb_fds_max() with -EMFILE and a message naming n and the
 * most allowed; otherwise raises the soft limit as far as needed. */
int fb_fds_check(uint64_t n, char *msg, size_t len);

struct fb_fds {
	int *fd;
	uint64_t n;
};
/* Opens /dev/null n times (n distinct open files, as n sockets would be). */
int fb_fds_open(struct fb_fds *f, uint64_t n);
void fb_fds_close(struct fb_fds *f);
/* Entries of /proc/self/fd, the directory's own descriptor not counted. */
/* The entries of a /proc directory (not . and ..), without the descriptor
 * reading it when skip_own_fd (for .../self/fd); 0 or -errno. */
int fb_count_entries(const char *path, bool skip_own_fd, uint64_t *out);
int fb_count_fds(uint64_t *out);

/* The most idle threads fb_threads_start() takes. */
#define FB_THREADS_MAX 4096

struct fb_threads {
	pthread_t *t;
	void **stack;            /* our own mappings, unmapped at stop (glibc would cache its own) */
	unsigned n;
	_Atomic uint32_t quit;   /* the futex word every idle thread sleeps on */
};
/* Starts n threads that sleep on a futex until stopped; they block the stop
 * signals. Each runs on a 64 KiB stack mapped here with a guard page below it
 * (two VMAs, as glibc's own stacks), unmapped at stop so that no cached stack
 * outlives its state. -EINVAL above FB_THREADS_MAX. */
int fb_threads_start(struct fb_threads *th, unsigned n);
void fb_threads_stop(struct fb_threads *th);
/* Entries of /proc/self/task: the process's threads, the caller included. */
int fb_count_threads(uint64_t *out);
#endif
