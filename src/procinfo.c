/* procinfo: /proc parsing. Called only outside timed regions. */
#define _GNU_SOURCE
#include "procinfo.h"
#include "util.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static FILE *open_proc(pid_t pid, const char *what)
{
	char path[64];
	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, what);
	else
		snprintf(path, sizeof(path), "/proc/self/%s", what);
	return fopen(path, "re");
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
	FILE *f = open_proc(pid, "maps");
	if (!f)
		return -errno;
	uint64_t n = 0;
	int c;
	while ((c = getc_unlocked(f)) != EOF)
		n += c == '\n';
	fclose(f);
	*out = n;
	return 0;
}

int fb_mem_process(pid_t pid, struct fb_mem_usage *out)
{
	memset(out, 0, sizeof(*out));
	FILE *f = open_proc(pid, "smaps_rollup");
	if (!f)
		return -errno;
	char line[256];
	while (fgets(line, sizeof(line), f))
		add_field(line, out);
	fclose(f);
	return fb_count_vmas(pid, &out->vmas);
}

int fb_mem_range(pid_t pid, const void *addr, size_t len, struct fb_mem_usage *out)
{
	memset(out, 0, sizeof(*out));
	FILE *f = open_proc(pid, "smaps");
	if (!f)
		return -errno;
	/* The range ends on a page boundary: a heap of 4097 bytes is two pages of VMA. */
	uintptr_t lo = (uintptr_t)addr, hi = lo + ((len + FB_PAGE_SIZE - 1) & ~(FB_PAGE_SIZE - 1));
	bool inside = false;
	char line[512];
	while (fgets(line, sizeof(line), f)) {
		uintptr_t s, e;
		/* A VMA header line: "start-end perms ..."; field lines start with a capital. */
		if (line[0] >= 'A' && line[0] <= 'Z') {
			if (inside)
				add_field(line, out);
		} else if (sscanf(line, "%" SCNxPTR "-%" SCNxPTR, &s, &e) == 2) {
			inside = len && s >= lo && e <= hi;
			out->vmas += inside;
		}
	}
	fclose(f);
	return 0;
}

int fb_vm_bytes(uint64_t *out)
{
	char line[160];
	unsigned long long pages;
	int rc = fb_read_line("/proc/self/statm", line, sizeof(line));
	if (rc)
		return rc;
	if (sscanf(line, "%llu", &pages) != 1)
		return -EINVAL;
	*out = (uint64_t)pages * FB_PAGE_SIZE;
	return 0;
}

int fb_mem_available(uint64_t *out)
{
	FILE *f = fopen("/proc/meminfo", "re");
	if (!f)
		return -errno;
	char line[256];
	int rc = -ENOENT;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "MemAvailable:", 13) == 0) {
			*out = strtoull(line + 13, NULL, 10) * 1024;
			rc = 0;
			break;
		}
	}
	fclose(f);
	return rc;
}

int fb_read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return -errno;
	int rc = fgets(buf, (int)len, f) ? 0 : -ENODATA;
	fclose(f);
	if (rc == 0)
		buf[strcspn(buf, "\n")] = '\0';
	return rc;
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
