/* heap: builders for each heap kind, and the check that the build happened.
 * Measures nothing. Does not decide what to time — the runners do. */
#define _GNU_SOURCE
#include "heap.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

/* Maps the heap at an `align`-aligned address between two PROT_NONE guard
 * pages: it can never merge with a neighbouring mapping, so the VMAs, Rss and
 * THP share read back for its range are its own (without guards, a small heap
 * built next to a compatible mapping merged into it and read as 0 bytes). */
static int map_guarded(struct fb_heap *h, size_t align, int flags)
{
	size_t len = h->len ? (h->len + FB_PAGE_SIZE - 1) & ~(FB_PAGE_SIZE - 1) : FB_PAGE_SIZE;
	size_t span = len + align + 2 * FB_PAGE_SIZE;
	char *r = mmap(NULL, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (r == MAP_FAILED)
		return -errno;
	char *base = (char *)(((uintptr_t)r + FB_PAGE_SIZE + align - 1) & ~(uintptr_t)(align - 1));
	if (mmap(base, len, PROT_READ | PROT_WRITE, flags | MAP_ANONYMOUS | MAP_FIXED, -1, 0) ==
	    MAP_FAILED) {
		int e = -errno;
		munmap(r, span);
		return e;
	}
	h->map = r;
	h->map_len = span;
	h->base = base;
	return 0;
}

static int build_untouched(struct fb_heap *h)
{
	return map_guarded(h, FB_PAGE_SIZE, MAP_PRIVATE);
}

static int build_touched(struct fb_heap *h)
{
	int rc = map_guarded(h, FB_PAGE_SIZE, MAP_PRIVATE);
	if (rc)
		return rc;
	/* Keep it 4 KiB even if THP is "always": this kind is the page-table-heavy case. */
	madvise(h->base, h->len ? h->len : FB_PAGE_SIZE, MADV_NOHUGEPAGE);
	fb_touch_pages(h->base, h->len, 1);
	return 0;
}

static int build_thp(struct fb_heap *h)
{
	/* 2 MiB aligned so every full 2 MiB of the heap can be one PMD. */
	int rc = map_guarded(h, FB_HUGE_SIZE, MAP_PRIVATE);
	if (rc)
		return rc;
	if (madvise(h->base, h->len ? h->len : FB_PAGE_SIZE, MADV_HUGEPAGE))
		snprintf(h->skip_reason, sizeof(h->skip_reason),
			 "madvise(MADV_HUGEPAGE) failed: %s", strerror(errno));
	fb_touch_pages(h->base, h->len, 1);
	return 0;
}

static int build_shared(struct fb_heap *h)
{
	int rc = map_guarded(h, FB_PAGE_SIZE, MAP_SHARED);
	if (rc)
		return rc;
	fb_touch_pages(h->base, h->len, 1);
	return 0;
}

static int build_fragmented(struct fb_heap *h)
{
	int rc = build_touched(h);
	if (rc || !h->len)
		return rc;
	/* Alternate protections so neighbouring chunks cannot merge: one VMA per chunk. */
	size_t pages = h->len / FB_PAGE_SIZE;
	uint64_t frags = h->params.fragments ? h->params.fragments : 1;
	size_t chunk = pages / frags ? pages / frags : 1;
	for (size_t i = 1; i * chunk < pages; i += 2) {
		size_t n = chunk;
		if ((i + 1) * chunk > pages)
			n = pages - i * chunk;
		if (mprotect(h->base + i * chunk * FB_PAGE_SIZE, n * FB_PAGE_SIZE, PROT_READ))
			return -errno;
	}
	return 0;
}

const struct fb_heap_kind fb_heap_kinds[] = {
	/* Mapped, never written: fork copies no PTEs, the baseline for "size alone". */
	{ "untouched", "mapped, never written (no resident pages)", false, true, true, build_untouched },
	/* Every 4 KiB page resident: fork copies one PTE per page. */
	{ "touched", "4 KiB pages (MADV_NOHUGEPAGE), every page written", true, true, true, build_touched },
	/* PMD-mapped THP: fork copies one PMD per 2 MiB. */
	{ "thp", "MADV_HUGEPAGE, 2 MiB aligned, every page written", true, true, true, build_thp },
	/* Shared anonymous: fork copies no PTEs, the child faults them in lazily. */
	{ "shared", "MAP_SHARED|MAP_ANONYMOUS, every page written", true, false, true, build_shared },
	/* Same bytes as touched, split into many VMAs: the per-VMA cost of fork. */
	{ "fragmented", "touched, split into --fragments VMAs by alternating protections",
	  true, true, false, build_fragmented },
};
const size_t fb_heap_kind_count = FB_ARRAY_LEN(fb_heap_kinds);

const struct fb_heap_kind *fb_heap_kind_find(const char *name)
{
	for (size_t i = 0; i < fb_heap_kind_count; i++)
		if (strcmp(fb_heap_kinds[i].name, name) == 0)
			return &fb_heap_kinds[i];
	return NULL;
}

int fb_heap_observe(struct fb_heap *h)
{
	int rc = fb_mem_range(0, h->base, h->len, &h->range);
	if (!rc)
		rc = fb_mem_process(0, &h->process);
	return rc;
}

/* Did the kernel give what the kind promises? Fills skip_reason when not. */
static void verify(struct fb_heap *h)
{
	const uint64_t len = h->len;
	const struct fb_mem_usage *r = &h->range;
	if (h->skip_reason[0] || !len)
		return;
	if (h->kind->populated && r->rss_bytes < len - len / 100)
		snprintf(h->skip_reason, sizeof(h->skip_reason),
			 "only %llu of %llu bytes resident after populating",
			 (unsigned long long)r->rss_bytes, (unsigned long long)len);
	if (h->kind->build == build_thp) {
		uint64_t want = len & ~(uint64_t)(FB_HUGE_SIZE - 1);
		if (want == 0)
			snprintf(h->skip_reason, sizeof(h->skip_reason),
				 "heap smaller than one 2 MiB huge page");
		else if (r->thp_bytes < want - want / 10)
			snprintf(h->skip_reason, sizeof(h->skip_reason),
				 "THP not obtained: AnonHugePages %llu of %llu bytes (THP mode/defrag, fragmentation)",
				 (unsigned long long)r->thp_bytes, (unsigned long long)want);
	} else if (r->thp_bytes && h->kind->build != build_untouched) {
		/* A 4 KiB kind that got huge pages would measure the wrong thing. */
		snprintf(h->skip_reason, sizeof(h->skip_reason),
			 "expected 4 KiB pages but %llu bytes are THP",
			 (unsigned long long)r->thp_bytes);
	}
}

int fb_heap_create(struct fb_heap *h, const struct fb_heap_kind *kind, size_t len,
		   const struct fb_heap_params *params)
{
	memset(h, 0, sizeof(*h));
	h->kind = kind;
	h->len = len;
	if (params)
		h->params = *params;
	int rc = kind->build(h);
	if (rc) {
		fb_heap_destroy(h);
		return rc;
	}
	rc = fb_heap_observe(h);
	if (rc)
		return rc;
	verify(h);
	return 0;
}

void fb_heap_destroy(struct fb_heap *h)
{
	if (h->map)
		munmap(h->map, h->map_len);
	h->map = h->base = NULL;
}

int fb_heap_fits(uint64_t len, unsigned copies, uint64_t *need, uint64_t *avail)
{
	int rc = fb_mem_available(avail);
	if (rc)
		return rc;
	/* The heap, what children may copy, 8 bytes of PTE per 4 KiB page each, 256 MiB slack. */
	uint64_t tables = len / FB_PAGE_SIZE * 8;
	*need = (len + tables) * (1 + (uint64_t)copies) + (256ULL << 20);
	return *need > *avail ? -ENOMEM : 0;
}
