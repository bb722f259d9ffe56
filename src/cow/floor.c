/* floor: fault, copy and reuse floors in ns per 4 KiB page (see floor.h).
 * Each timed region is one loop over the pages; mapping, populating, forking
 * and reaping sit outside it. */
#define _GNU_SOURCE
#include "floor.h"
#include "method.h"
#include "procinfo.h"
#include "runctl.h"
#include "sidecar.h"
#include "stats.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define FLOOR_MAX_SAMPLES 64

uint64_t fb_llc_bytes(void)
{
	uint64_t best = 0;
	for (int i = 0; i < 8; i++) {
		char path[96], line[64];
		snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu0/cache/index%d/size", i);
		if (fb_read_line(path, line, sizeof(line)))
			continue;
		char *end;
		uint64_t v = strtoull(line, &end, 10);
		v <<= *end == 'K' ? 10 : *end == 'M' ? 20 : 0;
		if (v > best)
			best = v;
	}
	return best;
}

uint64_t fb_floor_copy_bytes(uint64_t llc)
{
	/* Twice the LLC, so every source line comes from memory as in a COW copy;
	 * at least 16 MiB (an unknown LLC), at most 128 MiB (a VM may report a
	 * host-sized cache: the copy floor is then partly cached, and says so). */
	uint64_t b = 2 * llc;
	if (b < (16ULL << 20))
		b = 16ULL << 20;
	if (b > FB_FLOOR_COPY_MAX)
		b = FB_FLOOR_COPY_MAX;
	return b;
}

uint64_t fb_floor_need_bytes(uint64_t bytes)
{
	/* The copy's source and destination, or one fault/reuse region at a time. */
	uint64_t copy = 2 * fb_floor_copy_bytes(fb_llc_bytes());
	return copy > bytes ? copy : bytes;
}

/* 4 KiB pages only: the floors are per 4 KiB page, THP would turn 512 faults into one. */
static char *map_small(uint64_t bytes)
{
	char *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	madvise(p, bytes, MADV_NOHUGEPAGE);
	return p;
}

static double median(double *v, int n, double *min, double *max)
{
	struct fb_stats s;
	fb_stats_compute(v, (size_t)n, &s);
	*min = s.min;
	*max = s.max;
	return n ? s.median : -1;
}

static int fault_sample(uint64_t bytes, double *ns_per_page)
{
	char *p = map_small(bytes);
	if (!p)
		return -errno;
	int64_t t0 = fb_now_ns();
	fb_touch_pages(p, bytes, 1);
	int64_t t1 = fb_now_ns();
	munmap(p, bytes);
	*ns_per_page = (double)(t1 - t0) / (double)(bytes / FB_PAGE_SIZE);
	return 0;
}

static int copy_samples(uint64_t bytes, int samples, double *out)
{
	char *src = map_small(bytes), *dst = map_small(bytes);
	int rc = 0;
	if (!src || !dst) {
		rc = -errno;
		goto done;
	}
	/* Populate both: the copy floor must not include first-touch faults. */
	memset(src, 0x5a, bytes);
	fb_touch_pages(dst, bytes, 1);
	const uint64_t pages = bytes / FB_PAGE_SIZE;
	for (int s = 0; s < samples; s++) {
		int64_t t0 = fb_now_ns();
		for (uint64_t i = 0; i < pages; i++)
			memcpy(dst + i * FB_PAGE_SIZE, src + i * FB_PAGE_SIZE, FB_PAGE_SIZE);
		__asm__ volatile("" : : "r"(dst) : "memory");
		int64_t t1 = fb_now_ns();
		out[s] = (double)(t1 - t0) / (double)pages;
	}
done:
	if (src)
		munmap(src, bytes);
	if (dst)
		munmap(dst, bytes);
	return rc;
}

static void exit_body(void *arg)
{
	fb_raw_exit(0);
}

static int reuse_sample(uint64_t bytes, double *ns_per_page)
{
	char *p = map_small(bytes);
	if (!p)
		return -errno;
	fb_touch_pages(p, bytes, 1);
	/* fork write-protects every PTE; once the child is gone each page is ours
	 * alone again, so the write fault reuses it instead of copying. */
	struct fb_child c = { .body = exit_body };
	struct fb_spawned sp = { .pid = -1, .pidfd = -1 };
	int rc = fb_method_find("fork")->spawn(&c, &sp);
	if (rc) {
		munmap(p, bytes);
		return rc;
	}
	fb_child_track(sp.pid);
	fb_child_wait_untrack(sp.pid);   /* untracked before it is reaped: see runctl.h */
	int status;
	rc = fb_reap(&sp, &status);
	if (!rc && status != 0)
		rc = -ECHILD;
	if (!rc) {
		int64_t t0 = fb_now_ns();
		fb_touch_pages(p, bytes, 2);
		int64_t t1 = fb_now_ns();
		*ns_per_page = (double)(t1 - t0) / (double)(bytes / FB_PAGE_SIZE);
	}
	munmap(p, bytes);
	return rc;
}

int fb_floor_measure(struct fb_floor *f, uint64_t bytes, int samples)
{
	memset(f, 0, sizeof(*f));
	f->fault_ns_per_page = f->copy_ns_per_page = f->reuse_ns_per_page = -1;
	if (samples > FLOOR_MAX_SAMPLES)
		samples = FLOOR_MAX_SAMPLES;
	bytes &= ~(FB_PAGE_SIZE - 1);
	if (samples < 1 || !bytes)
		return -EINVAL;
	f->samples = samples;
	f->bytes = bytes;
	f->llc_bytes = fb_llc_bytes();
	f->copy_bytes = fb_floor_copy_bytes(f->llc_bytes);

	double v[FLOOR_MAX_SAMPLES + 1];
	int n, rc = 0;
	/* Sample 0 is a warm-up, discarded: it may meet pages the host has not backed yet. */
	for (n = 0; n <= samples && !rc && !fb_stop_signal; n++)
		rc = fault_sample(bytes, &v[n]);
	if (!rc && n == samples + 1)
		f->fault_ns_per_page = median(v + 1, samples, &f->fault_min, &f->fault_max);
	if (!rc && !fb_stop_signal)
		rc = copy_samples(f->copy_bytes, samples + 1, v);
	if (!rc && !fb_stop_signal)
		f->copy_ns_per_page = median(v + 1, samples, &f->copy_min, &f->copy_max);
	for (n = 0; n <= samples && !rc && !fb_stop_signal; n++)
		rc = reuse_sample(bytes, &v[n]);
	if (!rc && n == samples + 1)
		f->reuse_ns_per_page = median(v + 1, samples, &f->reuse_min, &f->reuse_max);
	return fb_stop_signal ? -EINTR : rc;
}

static void kv_floor(FILE *side, const char *key, double v, double lo, double hi)
{
	char range[96];
	snprintf(range, sizeof(range), "%s_range", key);
	/* Integers, empty when not measured: the same rule as the CSV. */
	if (v < 0) {
		fb_sidecar_kv(side, key, "%s", "");
		return;
	}
	fb_sidecar_kv(side, key, "%lld", (long long)(v + 0.5));
	fb_sidecar_kv(side, range, "%.0f-%.0f", lo, hi);
}

void fb_floor_sidecar(FILE *side, const struct fb_floor *f)
{
	kv_floor(side, "floor_fault_ns_per_page", f->fault_ns_per_page, f->fault_min, f->fault_max);
	kv_floor(side, "floor_copy_ns_per_page", f->copy_ns_per_page, f->copy_min, f->copy_max);
	kv_floor(side, "floor_reuse_ns_per_page", f->reuse_ns_per_page, f->reuse_min, f->reuse_max);
	fb_sidecar_kv(side, "floor_bytes", "%llu", (unsigned long long)f->bytes);
	fb_sidecar_kv(side, "floor_copy_bytes", "%llu", (unsigned long long)f->copy_bytes);
	fb_sidecar_kv(side, "floor_samples", "%d", f->samples);
	fb_sidecar_kv(side, "llc_bytes", "%llu", (unsigned long long)f->llc_bytes);
	fb_sidecar_kv(side, "floor_copy_capped", "%d", 2 * f->llc_bytes > f->copy_bytes);
}
