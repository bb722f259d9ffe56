/* procinfo: /proc parsing with read(2) and a fixed buffer (no stdio, no
 * allocation). Called only outside timed regions. */
#define _GNU_SOURCE
#include "procinfo.h"
#include "util.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <inttypes.h>
#include <stdio.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

/* A line reader over a file descriptor with a fixed buffer: no stdio, no
 * allocation, so the worker that verifies its heap with it stays small
 * (a FILE would bring malloc's arena, one more VMA every fork copies). */
struct lines {
	int fd;
	size_t start, end;
	char buf[4096];
};

static int lines_open(struct lines *l, pid_t pid, const char *what)
{
	char path[64];
	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, what);
	else
		snprintf(path, sizeof(path), "/proc/self/%s", what);
	l->start = l->end = 0;
	l->fd = open(path, O_RDONLY | O_CLOEXEC);
	return l->fd < 0 ? -errno : 0;
}

/* The next line without its newline (cut at the buffer size), or NULL at the end. */
static char *lines_next(struct lines *l)
{
	for (;;) {
		char *nl = memchr(l->buf + l->start, '\n', l->end - l->start);
		if (nl) {
			char *line = l->buf + l->start;
			*nl = '\0';
			l->start = (size_t)(nl - l->buf) + 1;
			return line;
		}
		if (l->start > 0) {   /* keep the partial line, refill behind it */
			memmove(l->buf, l->buf + l->start, l->end - l->start);
			l->end -= l->start;
			l->start = 0;
		}
		if (l->end == sizeof(l->buf) - 1) {   /* a line longer than the buffer: cut it */
			l->buf[l->end] = '\0';
			l->start = l->end = 0;
			return l->buf;
		}
		ssize_t n;
		do
			n = read(l->fd, l->buf + l->end, sizeof(l->buf) - 1 - l->end);
		while (n < 0 && errno == EINTR);
		if (n <= 0) {
			if (l->end == 0)
				return NULL;
			l->buf[l->end] = '\0';   /* a last line without a newline */
			l->start = l->end = 0;
			return l->buf;
		}
		l->end += (size_t)n;
	}
}

static void lines_close(struct lines *l)
{
	if (l->fd >= 0)
		close(l->fd);
	l->fd = -1;
}

/* Adds a "Key:   123 kB" line into the matching field. */
static void add_field(const char *line, struct fb_mem_usage *u)
{
	static const struct { const char *key; size_t off; } keys[] = {
		{ "Rss:", offsetof(struct fb_mem_usage, rss_bytes) },
		{ "AnonHugePages:", offsetof(struct fb_mem_usage, thp_bytes) },
		{ "Private_Dirty:", offsetof(struct fb_mem_usage, private_dirty_bytes) },
	};
	for (size_t i = 0; i < FB_ARRAY_LEN(keys); i++) {
		size_t kl = strlen(keys[i].key);
		if (strncmp(line, keys[i].key, kl) == 0) {
			uint64_t kb = strtoull(line + kl, NULL, 10);
			*(uint64_t *)((char *)u + keys[i].off) += kb * 1024;
			return;
		}
	}
}

int fb_count_vmas(pid_t pid, uint64_t *out)
{
	struct lines l;
	int rc = lines_open(&l, pid, "maps");
	if (rc)
		return rc;
	uint64_t n = 0;
	while (lines_next(&l))
		n++;
	lines_close(&l);
	*out = n;
	return 0;
}

int fb_mem_process(pid_t pid, struct fb_mem_usage *out)
{
	memset(out, 0, sizeof(*out));
	struct lines l;
	int rc = lines_open(&l, pid, "smaps_rollup");
	if (rc)
		return rc;
	char *line;
	while ((line = lines_next(&l)))
		add_field(line, out);
	lines_close(&l);
	return fb_count_vmas(pid, &out->vmas);
}

int fb_mem_range(pid_t pid, const void *addr, size_t len, struct fb_mem_usage *out)
{
	memset(out, 0, sizeof(*out));
	struct lines l;
	int rc = lines_open(&l, pid, "smaps");
	if (rc)
		return rc;
	/* The range ends on a page boundary: a heap of 4097 bytes is two pages of VMA. */
	uintptr_t lo = (uintptr_t)addr, hi = lo + ((len + FB_PAGE_SIZE - 1) & ~(FB_PAGE_SIZE - 1));
	bool inside = false;
	char *line;
	while ((line = lines_next(&l))) {
		/* A VMA header line: "start-end perms ..."; field lines start with a capital. */
		if (line[0] >= 'A' && line[0] <= 'Z') {
			if (inside)
				add_field(line, out);
			continue;
		}
		char *dash;
		uintptr_t s = (uintptr_t)strtoull(line, &dash, 16);
		if (*dash != '-')
			continue;
		uintptr_t e = (uintptr_t)strtoull(dash + 1, NULL, 16);
		inside = len && s >= lo && e <= hi;
		out->vmas += inside;
	}
	lines_close(&l);
	return 0;
}

/* The first line of a file that starts with key, parsed as a number after it. */
static int key_number(const char *path, const char *key, uint64_t *out)
{
	struct lines l;
	l.start = l.end = 0;
	l.fd = open(path, O_RDONLY | O_CLOEXEC);
	if (l.fd < 0)
		return -errno;
	int rc = -ENOENT;
	size_t kl = strlen(key);
	char *line;
	while ((line = lines_next(&l)))
		if (strncmp(line, key, kl) == 0) {
			*out = strtoull(line + kl, NULL, 10);
			rc = 0;
			break;
		}
	lines_close(&l);
	return rc;
}

int fb_vm_bytes(uint64_t *out)
{
	uint64_t pages;
	int rc = key_number("/proc/self/statm", "", &pages);
	if (!rc)
		*out = pages * FB_PAGE_SIZE;
	return rc;
}

int fb_mem_available(uint64_t *out)
{
	uint64_t kb;
	int rc = key_number("/proc/meminfo", "MemAvailable:", &kb);
	if (!rc)
		*out = kb * 1024;
	return rc;
}

int fb_read_line(const char *path, char *buf, size_t len)
{
	struct lines l;
	l.start = l.end = 0;
	l.fd = open(path, O_RDONLY | O_CLOEXEC);
	if (l.fd < 0)
		return -errno;
	char *line = lines_next(&l);
	if (line)
		snprintf(buf, len, "%s", line);
	lines_close(&l);
	return line ? 0 : -ENODATA;
}

int fb_resident_pages(const void *addr, size_t len, uint64_t *out)
{
	*out = 0;
	if (!len)
		return 0;
	size_t pages = (len + FB_PAGE_SIZE - 1) / FB_PAGE_SIZE;
	unsigned char *vec = malloc(pages);
	if (!vec)
		return -ENOMEM;
	int rc = mincore((void *)addr, len, vec) ? -errno : 0;
	for (size_t i = 0; rc == 0 && i < pages; i++)
		*out += vec[i] & 1;
	free(vec);
	return rc;
}

int64_t fb_minflt(int who)
{
	struct rusage ru;
	getrusage(who, &ru);
	return ru.ru_minflt;
}
