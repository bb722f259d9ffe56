/* util: helpers with no measurement policy of their own. */
#define _GNU_SOURCE
#include "util.h"
#include <unistd.h>
#include <limits.h>

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int fb_parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	if (!s || !*s || !isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

int fb_parse_size(const char *s, uint64_t *out)
{
	if (!s || !isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno)
		return -EINVAL;
	unsigned shift = 0;
	switch (*end) {
	case '\0': break;
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	case 't': case 'T': shift = 40; end++; break;
	default: return -EINVAL;
	}
	if (*end == 'i' || *end == 'B')   /* accept 16MiB, 16MB: both mean 2^20 here */
		end += (*end == 'i' && end[1] == 'B') ? 2 : 1;
	if (*end || (shift && v > (UINT64_MAX >> shift)))
		return -EINVAL;
	*out = (uint64_t)v << shift;
	return 0;
}

void fb_format_size(uint64_t b, char *buf, size_t len)
{
	static const char suffix[] = "KMGT";
	int i = -1;
	while (b >= 1024 && b % 1024 == 0 && i < 3) {
		b /= 1024;
		i++;
	}
	if (i < 0)
		snprintf(buf, len, "%" PRIu64, b);
	else
		snprintf(buf, len, "%" PRIu64 "%c", b, suffix[i]);
}

int fb_split_list(char *s, char **items, int max)
{
	/* Split a copy: the caller's string is often argv, which the sidecar records later. */
	char *copy = strdup(s);
	if (!copy)
		return -ENOMEM;
	int n = 0;
	for (char *p = copy;;) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		if (!*p)
			return -EINVAL;   /* an empty item ("1M,,2M", a trailing comma) is a mistake, not nothing */
		if (n == max)
			return -E2BIG;
		items[n++] = p;
		if (!comma)
			break;
		p = comma + 1;
	}
	return n;   /* the copy lives as long as the items: for the process, by design */
}

int fb_pin_cpu(int cpu)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set) ? -errno : 0;
}

void fb_touch_pages(volatile char *p, size_t len, char value)
{
	for (size_t off = 0; off < len; off += FB_PAGE_SIZE)
		p[off] = value;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

int64_t fb_timer_overhead_ns(void)
{
	enum { N = 1001 };
	int64_t d[N];
	for (int i = 0; i < N; i++) {
		int64_t a = fb_now_ns();
		int64_t b = fb_now_ns();
		d[i] = b - a;
	}
	qsort(d, N, sizeof(d[0]), cmp_i64);
	return d[N / 2];
}

void fb_csv_escape(const char *s, char *buf, size_t len)
{
	if (!strpbrk(s, ",\"\n")) {
		snprintf(buf, len, "%s", s);
		return;
	}
	size_t o = 0;
	if (o + 1 < len)
		buf[o++] = '"';
	for (; *s && o + 3 < len; s++) {
		if (*s == '"')
			buf[o++] = '"';
		buf[o++] = *s == '\n' ? ' ' : *s;
	}
	if (o + 1 < len)
		buf[o++] = '"';
	buf[o] = '\0';
}

void fb_identifier(const char *s, char *buf, size_t len)
{
	size_t o = 0;
	for (; *s && o + 1 < len; s++)
		buf[o++] = isalnum((unsigned char)*s) ? (char)tolower((unsigned char)*s) : '_';
	buf[o] = '\0';
}

int fb_beside_self(const char *env, const char *name, char *buf, size_t len)
{
	const char *e = getenv(env);
	if (e && *e) {
		snprintf(buf, len, "%s", e);
		if (e[0] != '/')
			return -EINVAL;
	} else {
		char self[PATH_MAX];
		ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
		if (n < 0)
			return -errno;
		self[n] = '\0';
		char *slash = strrchr(self, '/');
		if (slash)
			*slash = '\0';
		snprintf(buf, len, "%s/%s", self, name);
	}
	return access(buf, X_OK) ? -errno : 0;
}

const void *fb_row_find(const void *rows, size_t stride, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++) {
		const char *row = (const char *)rows + i * stride;
		if (strcmp(*(const char *const *)row, name) == 0)
			return row;
	}
	return NULL;
}
