/* pattern: the write patterns of forkbench-cow, one function + one row each.
 * Each pass stores the stamp in the first word of a page (volatile, so the
 * compiler keeps exactly one store per page, in the order written here).
 * Measures nothing; does not decide what is timed — the runner does. */
#define _GNU_SOURCE
#include "pattern.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define PAGE_WORD(base, i) (*(volatile uint64_t *)((base) + (i) * FB_PAGE_SIZE))

static uint64_t run_seq(char *base, uint64_t pages, uint64_t param, uint64_t stamp)
{
	for (uint64_t i = 0; i < pages; i++)
		PAGE_WORD(base, i) = stamp;
	return 0;
}

static uint64_t run_rev(char *base, uint64_t pages, uint64_t param, uint64_t stamp)
{
	for (uint64_t i = pages; i-- > 0;)
		PAGE_WORD(base, i) = stamp;
	return 0;
}

unsigned fb_rand_bits(uint64_t pages)
{
	unsigned bits = 0;
	while (bits < 63 && (1ULL << bits) < pages)
		bits++;
	return bits;
}

static uint64_t run_rand(char *base, uint64_t pages, uint64_t param, uint64_t stamp)
{
	/* Walk the whole power-of-two domain, skip the indices past the end: every
	 * page exactly once, at most 2x the steps, a few multiplies each. */
	const unsigned bits = fb_rand_bits(pages);
	const uint64_t n = 1ULL << bits;
	for (uint64_t k = 0; k < n; k++) {
		uint64_t i = fb_rand_perm(k, bits);
		if (i < pages)
			PAGE_WORD(base, i) = stamp;
	}
	return 0;
}

static uint64_t run_stride(char *base, uint64_t pages, uint64_t step, uint64_t stamp)
{
	for (uint64_t i = 0; i < pages; i += step)
		PAGE_WORD(base, i) = stamp;
	return 0;
}

static uint64_t run_frac(char *base, uint64_t pages, uint64_t pct, uint64_t stamp)
{
	/* Bresenham: page i is written when floor((i+1)P/100) steps past floor(iP/100). */
	uint64_t acc = 0;
	for (uint64_t i = 0; i < pages; i++) {
		acc += pct;
		if (acc >= 100) {
			acc -= 100;
			PAGE_WORD(base, i) = stamp;
		}
	}
	return 0;
}

static uint64_t run_full(char *base, uint64_t pages, uint64_t param, uint64_t stamp)
{
	/* Every word of every page: the fault plus a whole-page store, as memset would. */
	for (uint64_t i = 0; i < pages; i++) {
		uint64_t *w = (uint64_t *)(base + i * FB_PAGE_SIZE);
		for (size_t k = 0; k < FB_PAGE_SIZE / sizeof(*w); k++)
			w[k] = stamp;
		__asm__ volatile("" : : "r"(w) : "memory");   /* keep the stores, in page order */
	}
	return 0;
}

static uint64_t run_read(char *base, uint64_t pages, uint64_t param, uint64_t stamp)
{
	uint64_t sum = 0;
	for (uint64_t i = 0; i < pages; i++)
		sum += PAGE_WORD(base, i);
	return sum;
}

static uint64_t run_none(char *base, uint64_t pages, uint64_t param, uint64_t stamp)
{
	return 0;
}

static bool hits_all(uint64_t i, uint64_t pages, uint64_t param)
{
	return i < pages;
}

static bool hits_none(uint64_t i, uint64_t pages, uint64_t param)
{
	return false;
}

static bool hits_stride(uint64_t i, uint64_t pages, uint64_t step)
{
	return i < pages && i % step == 0;
}

static bool hits_frac(uint64_t i, uint64_t pages, uint64_t pct)
{
	return i < pages && (i + 1) * pct / 100 != i * pct / 100;
}

const struct fb_pattern fb_patterns[] = {
	/* The common case: one store per page, in address order (prefetch-friendly). */
	{ "seq", "one store per page, first to last", 0, NULL, 0, 0, run_seq, hits_all },
	/* Same pages backwards: does the kernel or the prefetcher favour ascending faults? */
	{ "rev", "one store per page, last to first", 0, NULL, 0, 0, run_rev, hits_all },
	/* Same pages in a fixed scattered order: no locality between consecutive faults. */
	{ "rand", "one store per page, fixed permutation (odd multiply + xor-shift)", 0, NULL, 0, 0,
	  run_rand, hits_all },
	/* Sparse writes: the COW cost scales with pages written, not with the heap. */
	{ "stride", "one store every Nth page (pages 0, N, 2N, ...)", FB_PAT_PARAM, "N", 1,
	  1ULL << 20, run_stride, hits_stride },
	/* A share of the heap spread evenly over it (Bresenham). */
	{ "frac", "P% of the pages, spread evenly", FB_PAT_PARAM, "P", 1, 100, run_frac, hits_frac },
	/* Every byte: fault + copy + a whole-page store; the rewrite is the store alone. */
	{ "full", "every word of every page, first to last", 0, NULL, 0, 0, run_full, hits_all },
	/* Reads share the page: expect no COW fault and no copy. */
	{ "read", "one load per page, first to last (no COW expected)", FB_PAT_READ_ONLY, NULL, 0, 0,
	  run_read, hits_none },
	/* The empty pass: the clock and counter overhead of the protocol itself. */
	{ "none", "nothing: the clock and counter overhead", FB_PAT_READ_ONLY, NULL, 0, 0, run_none,
	  hits_none },
	/* After the child exited: write-protect faults that copy nothing (the kernel reuses the page). */
	{ "reuse", "seq after the child exited and was reaped (parent only)", FB_PAT_AFTER_EXIT, NULL,
	  0, 0, run_seq, hits_all },
};
const size_t fb_pattern_count = FB_ARRAY_LEN(fb_patterns);

void fb_pattern_names(char *buf, size_t len)
{
	buf[0] = '\0';
	for (size_t i = 0; i < fb_pattern_count; i++) {
		const struct fb_pattern *p = &fb_patterns[i];
		size_t used = strlen(buf);
		if (p->flags & FB_PAT_PARAM)
			snprintf(buf + used, len - used, "%s%s:%s (%s %llu-%llu)", i ? ", " : "", p->name,
				 p->param, p->param, (unsigned long long)p->param_min,
				 (unsigned long long)p->param_max);
		else
			snprintf(buf + used, len - used, "%s%s", i ? ", " : "", p->name);
	}
}

int fb_pattern_parse(const char *text, struct fb_pattern_sel *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	const char *colon = strchr(text, ':');
	size_t nlen = colon ? (size_t)(colon - text) : strlen(text);
	char allowed[512];
	fb_pattern_names(allowed, sizeof(allowed));
	for (size_t i = 0; i < fb_pattern_count; i++) {
		const struct fb_pattern *p = &fb_patterns[i];
		if (strlen(p->name) != nlen || strncmp(p->name, text, nlen) != 0)
			continue;
		if (!(p->flags & FB_PAT_PARAM) && colon) {
			snprintf(err, errlen, "bad --patterns value '%s': %s takes no parameter", text,
				 p->name);
			return -EINVAL;
		}
		if ((p->flags & FB_PAT_PARAM) &&
		    (!colon || fb_parse_uint(colon + 1, p->param_max, &out->param) ||
		     out->param < p->param_min)) {
			snprintf(err, errlen, "bad --patterns value '%s': write %s:%s with %s a whole number from %llu to %llu",
				 text, p->name, p->param, p->param, (unsigned long long)p->param_min,
				 (unsigned long long)p->param_max);
			return -EINVAL;
		}
		if (strlen(text) >= sizeof(out->text)) {
			snprintf(err, errlen, "bad --patterns value '%s': too long", text);
			return -EINVAL;
		}
		out->pat = p;
		snprintf(out->text, sizeof(out->text), "%s", text);
		return 0;
	}
	snprintf(err, errlen, "unknown --patterns value '%s'; allowed: %s", text, allowed);
	return -EINVAL;
}

uint64_t fb_pattern_pages(const struct fb_pattern_sel *s, uint64_t pages)
{
	uint64_t n = 0;
	for (uint64_t i = 0; i < pages; i++)
		n += s->pat->hits(i, pages, s->param);
	return n;
}

uint64_t fb_pattern_groups(const struct fb_pattern_sel *s, uint64_t pages, uint64_t group)
{
	uint64_t n = 0;
	for (uint64_t g = 0; g * group < pages; g++)
		for (uint64_t i = g * group; i < pages && i < (g + 1) * group; i++)
			if (s->pat->hits(i, pages, s->param)) {
				n++;
				break;
			}
	return n;
}
