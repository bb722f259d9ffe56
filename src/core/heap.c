/* heap: builders for each heap kind, and the check that the build happened.
 * Measures nothing. Does not decide what to time — the runners do. */
#define _GNU_SOURCE
#include "heap.h"
#include "heap_folio.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>

/* Maps the heap at an `align`-aligned address between two PROT_NONE guard
 * pages: it can never merge with a neighbouring mapping, so the VMAs, Rss and
 * THP share read back for its range are its own (without guards, a small heap
 * built next to a compatible mapping merged into it and read as 0 bytes).
 * A size that is not a multiple of 4 KiB is mapped rounded up to one. */
static int map_guarded(struct fb_heap *h, size_t align, int flags)
{
	size_t len = h->mapped_len;
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

/* Alternate protections so neighbouring chunks cannot merge: one VMA per chunk. */
static int fragment(struct fb_heap *h)
{
	size_t pages = h->mapped_len / FB_PAGE_SIZE;
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

/* The one builder: map (aligned to the folio size), advise, populate, split. */
static int build(struct fb_heap *h)
{
	const struct fb_heap_kind *k = h->kind;
	size_t align = k->folio_bytes > FB_PAGE_SIZE ? k->folio_bytes : FB_PAGE_SIZE;
	int rc = map_guarded(h, align, k->shared ? MAP_SHARED : MAP_PRIVATE);
	if (rc)
		return rc;
	if (k->advice && madvise(h->base, h->mapped_len, k->advice))
		snprintf(h->skip_reason, sizeof(h->skip_reason), "madvise(%s) failed: %s",
			 k->advice == MADV_HUGEPAGE ? "MADV_HUGEPAGE" : "MADV_NOHUGEPAGE", strerror(errno));
	if (k->pte_folio && !h->skip_reason[0])
		rc = fb_heap_folio_populate(h);
	else if (k->populated)
		fb_touch_pages(h->base, h->len, 1);
	if (!rc && k->split_pmd)
		rc = fb_heap_split_pmds(h);
	return !rc && k->fragmented && h->len ? fragment(h) : rc;
}

const struct fb_heap_kind fb_heap_kinds[] = {
	/* Mapped, never written: fork copies no PTEs, the baseline for "size alone". */
	{ .name = "untouched", .desc = "mapped, never written (no resident pages)",
	  .cow = true, .writable = true, .folio_bytes = FB_PAGE_SIZE },
	/* Every 4 KiB page resident: fork copies one PTE per page. Kept 4 KiB even
	 * if THP is "always": this kind is the page-table-heavy case. */
	{ .name = "touched", .desc = "4 KiB pages (MADV_NOHUGEPAGE), every page written",
	  .populated = true, .cow = true, .writable = true, .advice = MADV_NOHUGEPAGE,
	  .folio_bytes = FB_PAGE_SIZE },
	/* PMD-mapped THP: fork copies one PMD per 2 MiB. */
	{ .name = "thp", .desc = "MADV_HUGEPAGE, 2 MiB aligned, every page written",
	  .populated = true, .cow = true, .writable = true, .advice = MADV_HUGEPAGE,
	  .folio_bytes = FB_HUGE_SIZE },
	/* Shared anonymous: fork copies no PTEs, the child faults them in lazily. */
	{ .name = "shared", .desc = "MAP_SHARED|MAP_ANONYMOUS, every page written",
	  .populated = true, .writable = true, .shared = true, .folio_bytes = FB_PAGE_SIZE },
	/* Same bytes as touched, split into many VMAs: the per-VMA cost of fork. */
	{ .name = "fragmented", .desc = "touched, split into --fragments VMAs by alternating protections",
	  .populated = true, .cow = true, .advice = MADV_NOHUGEPAGE, .folio_bytes = FB_PAGE_SIZE,
	  .fragmented = true },
	/* A 2 MiB THP mapped by 512 PTEs: fork copies PTEs of one large folio
	 * (the last row of the mm/memory PTE-mapped THP fork series). */
	{ .name = "thp-pte", .desc = "2 MiB THP folios mapped by PTEs (PMDs split by mprotect), every page written",
	  .populated = true, .cow = true, .writable = true, .advice = MADV_HUGEPAGE,
	  .folio_bytes = FB_HUGE_SIZE, .pte_folio = true, .split_pmd = true },
	/* Multi-size THP (Linux >= 6.8): folios of 16 KiB ... 1 MiB mapped by PTEs.
	 * Each needs its hugepages-<N>kB/enabled on and every larger size off
	 * while populating (--set-mthp does that for the build). */
#define MTHP_KIND(label, words, kb)                                                                         \
	{ .name = "mthp:" label, .desc = words "iB mTHP folios mapped by PTEs (MADV_HUGEPAGE), every page written", \
	  .populated = true, .cow = true, .writable = true, .advice = MADV_HUGEPAGE,                  \
	  .folio_bytes = (kb) << 10, .pte_folio = true }
	MTHP_KIND("16K", "16 K", 16), MTHP_KIND("32K", "32 K", 32), MTHP_KIND("64K", "64 K", 64),
	MTHP_KIND("128K", "128 K", 128), MTHP_KIND("256K", "256 K", 256), MTHP_KIND("512K", "512 K", 512),
	MTHP_KIND("1M", "1 M", 1024),
#undef MTHP_KIND
};
const size_t fb_heap_kind_count = FB_ARRAY_LEN(fb_heap_kinds);

const struct fb_heap_kind *fb_heap_kind_find(const char *name)
{
	return fb_row_find(fb_heap_kinds, sizeof(fb_heap_kinds[0]), fb_heap_kind_count, name);
}

int fb_heap_observe(struct fb_heap *h)
{
	int rc = fb_mem_range(0, h->base, h->mapped_len, &h->range);
	if (!rc)
		rc = fb_mem_process(0, &h->process);
	return rc;
}

/* Did the kernel give what the kind promises? Reads the observed state
 * against the kind's data; fills skip_reason when not. */
static void verify(struct fb_heap *h)
{
	const struct fb_heap_kind *k = h->kind;
	const uint64_t len = h->mapped_len;
	const struct fb_mem_usage *r = &h->range;
	if (h->skip_reason[0] || !h->len || !k->populated)
		return;
	if (r->rss_bytes < len - len / 100)
		snprintf(h->skip_reason, sizeof(h->skip_reason),
			 "only %llu of %llu bytes resident after populating",
			 (unsigned long long)r->rss_bytes, (unsigned long long)len);
	else if (k->pte_folio)
		fb_heap_folio_verify(h);
	else if (k->folio_bytes > FB_PAGE_SIZE) {
		uint64_t want = len & ~(uint64_t)(k->folio_bytes - 1);
		if (want == 0)
			snprintf(h->skip_reason, sizeof(h->skip_reason),
				 "heap smaller than one %zu KiB huge page", k->folio_bytes >> 10);
		else if (r->thp_bytes < want - want / 10)
			snprintf(h->skip_reason, sizeof(h->skip_reason),
				 "THP not obtained: AnonHugePages %llu of %llu bytes (THP mode/defrag, fragmentation)",
				 (unsigned long long)r->thp_bytes, (unsigned long long)want);
	} else if (r->thp_bytes) {
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
	h->mapped_len = (len + FB_PAGE_SIZE - 1) & ~(FB_PAGE_SIZE - 1);
	if (params)
		h->params = *params;
	/* Heap 0 is no heap at all: nothing mapped, so the process measured is
	 * the smallest that can do the measurement. */
	int rc = len ? build(h) : 0;
	if (!rc)
		rc = fb_heap_observe(h);
	if (rc) {
		fb_heap_destroy(h);
		snprintf(h->skip_reason, sizeof(h->skip_reason), "heap setup failed: %s", strerror(-rc));
		return rc;
	}
	verify(h);
	return 0;
}

bool fb_heap_intact(struct fb_heap *h)
{
	if (h->skip_reason[0] || !h->len || !h->kind->populated || fb_heap_observe(h))
		return false;
	const struct fb_heap_kind *k = h->kind;
	if (k->pte_folio) {
		struct fb_heap_folios was = h->folios;
		if (strcmp(was.how, "anon_fault_alloc") == 0)
			return false;   /* the counter cannot say what is still whole */
		fb_heap_folio_verify(h);
		bool ok = !h->skip_reason[0] && h->folios.whole >= was.whole - was.whole / 10;
		h->folios = was;
		h->skip_reason[0] = 0;
		return ok;
	}
	if (k->folio_bytes > FB_PAGE_SIZE) {
		uint64_t want = h->mapped_len & ~(uint64_t)(k->folio_bytes - 1);
		return h->range.thp_bytes >= want - want / 10;
	}
	return true;
}

int fb_heap_folio_pct(const struct fb_heap *h)
{
	const struct fb_heap_kind *k = h->kind;
	if (k->folio_bytes <= FB_PAGE_SIZE || !h->len)
		return -1;
	if (k->pte_folio)
		return h->folios.chunks ? (int)(100 * h->folios.whole / h->folios.chunks) : 0;
	uint64_t want = h->mapped_len & ~(uint64_t)(k->folio_bytes - 1);
	return want ? (int)(100 * (h->range.thp_bytes > want ? want : h->range.thp_bytes) / want) : 0;
}

void fb_heap_destroy(struct fb_heap *h)
{
	if (h->map)
		munmap(h->map, h->map_len);
	h->map = h->base = NULL;
}

uint64_t fb_heap_need_bytes(uint64_t len, unsigned copies)
{
	uint64_t tables = len / FB_PAGE_SIZE * 8;
	return len * (1 + (uint64_t)copies) + tables * (2 + (uint64_t)copies) + (256ULL << 20);
}

int fb_mem_room(uint64_t *avail)
{
	int rc = fb_mem_available(avail);
	if (rc)
		return rc;
	struct rlimit rl;
	uint64_t vm;
	if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && fb_vm_bytes(&vm) == 0) {
		uint64_t left = rl.rlim_cur > vm ? rl.rlim_cur - vm : 0;
		if (left < *avail)
			*avail = left;
	}
	return 0;
}

int fb_heap_fits(uint64_t len, unsigned copies, uint64_t *need, uint64_t *avail)
{
	int rc = fb_mem_room(avail);
	if (rc)
		return rc;
	*need = fb_heap_need_bytes(len, copies);
	return *need > *avail ? -ENOMEM : 0;
}
