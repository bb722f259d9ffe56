/* util: clocks, sizes, lists, CPU pinning — the small helpers every module uses.
 * Library functions return 0 or -errno and never exit. */
#ifndef FORKBENCH_UTIL_H
#define FORKBENCH_UTIL_H
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define FB_PAGE_SIZE 4096UL
#define FB_HUGE_SIZE (2UL << 20)
#define FB_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Exit codes shared by every driver (CTest treats 77 as skipped). */
enum { FB_EXIT_OK = 0, FB_EXIT_FAIL = 1, FB_EXIT_USAGE = 2, FB_EXIT_SKIP = 77 };
/* A runner's failure it has already explained on stderr: the frame says nothing more. */
#define FB_ERR_REPORTED (-ECANCELED)

/* CLOCK_MONOTONIC in ns: the one clock of the suite (the exec target reads the same). */
static inline int64_t fb_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* "16M", "1G", "4096", "0": bytes. Returns -EINVAL on anything else. */
int fb_parse_size(const char *s, uint64_t *out);
/* Writes "16M"-style text (exact when possible) into buf. */
void fb_format_size(uint64_t bytes, char *buf, size_t len);
/* Whole non-negative number; -EINVAL otherwise. */
int fb_parse_uint(const char *s, uint64_t max, uint64_t *out);

/* Splits a copy of a comma list (s is left intact); returns the count, -EINVAL
 * when an item is empty (s empty, or a doubled, leading or trailing comma), or
 * -E2BIG past max. */
int fb_split_list(char *s, char **items, int max);

/* Pins the calling thread (and so the children it creates) to one CPU. */
int fb_pin_cpu(int cpu);

/* Touches one byte per page so the range is populated before timing. */
void fb_touch_pages(volatile char *p, size_t len, char value);

/* Median cost of back-to-back fb_now_ns() calls, in ns. */
int64_t fb_timer_overhead_ns(void);

/* Writes s to buf as a CSV cell (quoted when needed). */
void fb_csv_escape(const char *s, char *buf, size_t len);

/* Replaces every character that is not [a-z0-9] by '_' and lowercases. */
void fb_identifier(const char *s, char *buf, size_t len);
/* The absolute path of program `name` next to the running executable, or
 * $env when set (it must be absolute: -EINVAL otherwise). 0 when it is there
 * and executable, else -errno (buf holds the path tried). */
int fb_beside_self(const char *env, const char *name, char *buf, size_t len);
/* The row of a table whose rows begin with their name (const char *name
 * first, as every table here): NULL when no row has that name. */
const void *fb_row_find(const void *rows, size_t stride, size_t n, const char *name);

#endif
