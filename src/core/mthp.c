/* mthp: read, set and restore the per-size THP knobs; read their fault
 * counters. Measures nothing. */
#define _GNU_SOURCE
#include "mthp.h"
#include "procinfo.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* "always inherit madvise [never]" -> "never". */
static int read_choice(const char *path, char *out, size_t len)
{
	char line[256];
	int rc = fb_read_line(path, line, sizeof(line));
	if (rc)
		return rc;
	char *a = strchr(line, '['), *b = a ? strchr(a, ']') : NULL;
	if (!a || !b || (size_t)(b - a - 1) >= len)
		return -EINVAL;
	memcpy(out, a + 1, (size_t)(b - a - 1));
	out[b - a - 1] = 0;
	return 0;
}

static int by_size(const void *a, const void *b)
{
	const struct fb_mthp_knob *x = a, *y = b;
	return (x->kb > y->kb) - (x->kb < y->kb);
}

int fb_mthp_read(struct fb_mthp_state *s)
{
	memset(s, 0, sizeof(*s));
	int rc = read_choice(FB_MTHP_DIR "/enabled", s->global, sizeof(s->global));
	if (rc)
		return rc;
	DIR *d = opendir(FB_MTHP_DIR);
	if (!d)
		return -errno;
	struct dirent *e;
	while ((e = readdir(d)) && s->n < FB_MTHP_MAX) {
		unsigned kb;
		char tail[8], path[512];
		if (sscanf(e->d_name, "hugepages-%ukB%7s", &kb, tail) != 1)
			continue;
		snprintf(path, sizeof(path), FB_MTHP_DIR "/%s/enabled", e->d_name);
		struct fb_mthp_knob *k = &s->k[s->n];
		if (read_choice(path, k->enabled, sizeof(k->enabled)))
			continue;
		k->kb = kb;
		s->n++;
	}
	closedir(d);
	qsort(s->k, (size_t)s->n, sizeof(s->k[0]), by_size);
	return s->n ? 0 : -ENOENT;
}

const struct fb_mthp_knob *fb_mthp_find(const struct fb_mthp_state *s, uint32_t kb)
{
	for (int i = 0; i < s->n; i++)
		if (s->k[i].kb == kb)
			return &s->k[i];
	return NULL;
}

static bool allows(const char *v, const char *global)
{
	if (strcmp(v, "inherit") == 0)
		v = global;
	return strcmp(v, "always") == 0 || strcmp(v, "madvise") == 0;
}

bool fb_mthp_allows(const struct fb_mthp_state *s, uint32_t kb)
{
	const struct fb_mthp_knob *k = fb_mthp_find(s, kb);
	return k && allows(k->enabled, s->global);
}

void fb_mthp_size_name(uint32_t kb, char *buf, size_t len)
{
	if (kb >= 1024 && kb % 1024 == 0)
		snprintf(buf, len, "%uM", kb / 1024);
	else
		snprintf(buf, len, "%uK", kb);
}

void fb_mthp_preferred(const struct fb_mthp_state *s, uint32_t kb, char *buf, size_t len)
{
	size_t at = 0;
	buf[0] = 0;
	for (int i = 0; i < s->n; i++) {
		if (s->k[i].kb <= kb || !allows(s->k[i].enabled, s->global))
			continue;
		char name[16];
		fb_mthp_size_name(s->k[i].kb, name, sizeof(name));
		int w = snprintf(buf + at, len - at, "%s%s", at ? "," : "", name);
		if (w < 0 || (size_t)w >= len - at)
			break;
		at += (size_t)w;
	}
}

void fb_mthp_format(const struct fb_mthp_state *s, char *buf, size_t len)
{
	size_t at = 0;
	buf[0] = 0;
	for (int i = 0; i < s->n; i++) {
		char name[16];
		fb_mthp_size_name(s->k[i].kb, name, sizeof(name));
		int w = snprintf(buf + at, len - at, "%s=%s,", name, s->k[i].enabled);
		if (w < 0 || (size_t)w >= len - at)
			return;
		at += (size_t)w;
	}
	snprintf(buf + at, len - at, "global=%s", s->global);
}

static int write_knob(uint32_t kb, const char *value)
{
	char path[256];
	snprintf(path, sizeof(path), FB_MTHP_DIR "/hugepages-%ukB/enabled", kb);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t w = write(fd, value, strlen(value));
	int rc = w < 0 ? -errno : 0;
	close(fd);
	return rc;
}

int fb_mthp_exclusive(const struct fb_mthp_state *now, uint32_t kb)
{
	if (!fb_mthp_find(now, kb))
		return -ENOENT;
	/* Larger sizes off first, so no moment allows two sizes the fault may prefer. */
	for (int i = now->n - 1; i >= 0; i--) {
		const char *want = now->k[i].kb == kb ? "madvise" : "never";
		if (strcmp(now->k[i].enabled, want) == 0)
			continue;
		int rc = write_knob(now->k[i].kb, want);
		if (rc)
			return rc;
	}
	return 0;
}

int fb_mthp_restore(const struct fb_mthp_state *orig)
{
	struct fb_mthp_state now;
	int first = fb_mthp_read(&now);
	if (first)
		return first;
	for (int i = 0; i < orig->n; i++) {
		const struct fb_mthp_knob *k = fb_mthp_find(&now, orig->k[i].kb);
		if (!k || strcmp(k->enabled, orig->k[i].enabled) == 0)
			continue;
		int rc = write_knob(orig->k[i].kb, orig->k[i].enabled);
		if (rc && !first)
			first = rc;
	}
	return first;
}

static int read_stat(uint32_t kb, const char *name, uint64_t *out)
{
	char path[256], line[64];
	snprintf(path, sizeof(path), FB_MTHP_DIR "/hugepages-%ukB/stats/%s", kb, name);
	int rc = fb_read_line(path, line, sizeof(line));
	if (rc)
		return rc;
	return fb_parse_uint(line, UINT64_MAX, out) ? -EINVAL : 0;
}

int fb_mthp_fault_stats(uint32_t kb, uint64_t *alloc, uint64_t *fallback)
{
	int rc = read_stat(kb, "anon_fault_alloc", alloc);
	return rc ? rc : read_stat(kb, "anon_fault_fallback", fallback);
}
