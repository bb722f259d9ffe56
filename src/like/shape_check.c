/* shape_check: what a driver says about a shape before building it — the
 * up-front refusals (memory guard, vm.max_map_count, threads) and the one-line
 * description (see shape.h). Measures nothing. */
#define _GNU_SOURCE
#include "shape.h"
#include "heap.h"
#include "parent_state.h"
#include "procinfo.h"

#include <errno.h>
#include <stdlib.h>

int fb_like_check(const struct fb_like_shape *s, char *msg, size_t len)
{
	char line[64];
	uint64_t max_maps = 65530;
	if (fb_read_line("/proc/sys/vm/max_map_count", line, sizeof(line)) == 0)
		max_maps = strtoull(line, NULL, 10);
	/* the worker's own mappings and the idle threads' stacks come on top */
	if (s->t.vmas + 2 * s->t.threads + 64 > max_maps) {
		snprintf(msg, len, "the shape has %llu VMAs and %llu threads: a replica needs about %llu mappings and vm.max_map_count is %llu (raise it with sysctl vm.max_map_count)",
			 (unsigned long long)s->t.vmas, (unsigned long long)s->t.threads,
			 (unsigned long long)(s->t.vmas + 2 * s->t.threads + 64), (unsigned long long)max_maps);
		return -E2BIG;
	}
	if (s->t.threads > FB_THREADS_MAX + 1) {
		snprintf(msg, len, "the shape has %llu threads: a replica starts at most %d idle threads",
			 (unsigned long long)s->t.threads, FB_THREADS_MAX);
		return -E2BIG;
	}
	/* Everything resident is built (anonymous, written file pages, the
	 * shared pages, the file pages read), plus page tables and slack. */
	uint64_t need, avail;
	if (fb_heap_fits(s->t.rss_bytes, 0, &need, &avail) == -ENOMEM) {
		snprintf(msg, len, "the shape holds %llu MiB resident: a replica needs about %llu MiB and MemAvailable is %llu MiB",
			 (unsigned long long)(s->t.rss_bytes >> 20), (unsigned long long)(need >> 20),
			 (unsigned long long)(avail >> 20));
		return -E2BIG;
	}
	return 0;
}

void fb_like_human(uint64_t b, char *buf, size_t len)
{
	if (b >= 1ULL << 30)
		snprintf(buf, len, "%.1f GiB", (double)b / (1ULL << 30));
	else if (b >= 1ULL << 20)
		snprintf(buf, len, "%.0f MiB", (double)b / (1ULL << 20));
	else
		snprintf(buf, len, "%.0f KiB", (double)b / 1024);
}

void fb_like_describe(const struct fb_like_shape *s, char *buf, size_t len)
{
	char anon[32];
	fb_like_human(s->t.anon_bytes, anon, sizeof(anon));
	snprintf(buf, len, "%s: %s anonymous in %llu VMAs, %llu threads, %llu fds", s->comm[0] ? s->comm : "?",
		 anon, (unsigned long long)s->t.vmas, (unsigned long long)s->t.threads,
		 (unsigned long long)s->t.fds);
}
