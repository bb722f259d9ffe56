/* shape: the layout of one running process, read without touching its memory
 * — every VMA of /proc/PID/smaps (size, Rss, Anonymous, AnonHugePages, Swap,
 * permissions, whether it is file-backed or shared, its VmFlags), the thread
 * count of /proc/PID/status and the descriptor count of /proc/PID/fd — and
 * the capture format that carries it to another machine (no addresses, no
 * file names, no memory contents). The replica builder (replica.h) builds a
 * parent from it. Measures nothing; library functions return 0 or -errno. */
#ifndef FORKBENCH_LIKE_SHAPE_H
#define FORKBENCH_LIKE_SHAPE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/* What a VMA is, for building a replica of it. */
enum fb_like_kind {
	FB_LIKE_ANON,     /* private anonymous: [heap], [stack], malloc arenas, thread stacks */
	FB_LIKE_FILE,     /* private file mapping: text, data, a written share is Anonymous */
	FB_LIKE_SHARED,   /* MAP_SHARED, file or anonymous (shmem) */
	FB_LIKE_SPECIAL,  /* [vdso], [vvar], [vsyscall]...: every process has its own */
};

/* VmFlags a replica reproduces (fork treats them differently). */
enum {
	FB_LIKE_HG = 1,   /* MADV_HUGEPAGE */
	FB_LIKE_NH = 2,   /* MADV_NOHUGEPAGE */
	FB_LIKE_DC = 4,   /* MADV_DONTFORK: not copied at all */
	FB_LIKE_WF = 8,   /* MADV_WIPEONFORK: copied without its pages */
};

struct fb_like_vma {
	uint64_t size, rss, anon, thp, swap;   /* bytes */
	char perms[5];                         /* rwxp / rw-s as in maps */
	uint8_t kind;                          /* enum fb_like_kind */
	uint8_t flags;                         /* FB_LIKE_* */
};

/* The totals a replica is verified against, from the same parser on both sides. */
struct fb_like_totals {
	uint64_t vmas;          /* smaps entries */
	uint64_t anon_bytes;    /* sum of Anonymous */
	uint64_t thp_bytes;     /* sum of AnonHugePages */
	uint64_t shared_bytes;  /* Rss of MAP_SHARED mappings (not smaps' Shared_*, which depends on other processes) */
	uint64_t rss_bytes;     /* sum of Rss */
	uint64_t threads, fds;  /* the process's tasks; its open descriptors */
};

struct fb_like_shape {
	char comm[32];          /* the command name (from /proc/PID/comm or the capture) */
	int64_t pid;            /* the original's pid; -1 unknown */
	struct fb_like_vma *vma;
	size_t nvma, cap;
	struct fb_like_totals t;
};

/* Reads /proc/PID/{smaps,status,fd,comm}. -ENOENT: no such process; -EACCES:
 * not readable as this user. msg says which and what to do. */
int fb_like_read_pid(pid_t pid, struct fb_like_shape *s, char *msg, size_t len);
/* Reads a capture (fb_like_write) or a raw copy of smaps with "threads N" and
 * "fds N" lines added. -ENOENT/-EACCES: the file; -EINVAL: not a shape. */
int fb_like_read_file(const char *path, struct fb_like_shape *s, char *msg, size_t len);
/* The same parser over an open stream (smaps lines and capture lines alike). */
int fb_like_parse(FILE *f, struct fb_like_shape *s, char *msg, size_t len);
/* Writes the capture: a header, the counts and one line per VMA. */
int fb_like_write(FILE *out, const struct fb_like_shape *s);
void fb_like_free(struct fb_like_shape *s);
/* This process's own totals (/proc/self/smaps, task, fd), by the same parser. */
int fb_like_self_totals(struct fb_like_totals *t);

/* Refuses up front what cannot be built here: over the memory guard, over
 * vm.max_map_count, more threads than the replica starts. -E2BIG with msg. */
int fb_like_check(const struct fb_like_shape *s, char *msg, size_t len);
/* 2.0 GiB, 300 MiB, 12 KiB. */
void fb_like_human(uint64_t bytes, char *buf, size_t len);
/* "redis-server: 2.0 GiB anonymous in 122 VMAs, 5 threads, 12 fds" */
void fb_like_describe(const struct fb_like_shape *s, char *buf, size_t len);
#endif
