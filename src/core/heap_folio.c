/* heap_folio: build and check heaps of large folios mapped by PTEs (mthp:SIZE
 * and thp-pte). The kernel picks, at each anonymous fault in a MADV_HUGEPAGE
 * region, the largest folio size whose knob allows it and that fits, so a
 * heap of one size is built with that size on and every larger size off
 * (set for the population only, with --set-mthp; mthp.h). What was obtained
 * is counted, never assumed: by PFN runs and compound heads where pagemap
 * shows PFNs (root), else by the size's own anon_fault_alloc counter.
 * Measures nothing. */
#define _GNU_SOURCE
#include "heap_folio.h"
#include "folio.h"
#include "mthp.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

int fb_heap_folio_populate(struct fb_heap *h)
{
	const uint32_t kb = (uint32_t)(h->kind->folio_bytes >> 10);
	struct fb_mthp_state before;
	bool set = false, knobs = fb_mthp_read(&before) == 0 && fb_mthp_find(&before, kb);
	/* A size below the PMD needs its own knob; a PMD folio (thp-pte) is
	 * governed by the top-level `enabled` on kernels before 6.8. */
	if (!knobs && !h->kind->split_pmd) {
		snprintf(h->skip_reason, sizeof(h->skip_reason),
			 "this kernel has no %u KiB anonymous mTHP size (no %s/hugepages-%ukB/enabled; mTHP needs Linux 6.8 or later)",
			 kb, FB_MTHP_DIR, kb);
		return 0;
	}
	if (h->params.set_mthp && knobs) {
		int rc = fb_mthp_exclusive(&before, kb);
		if (rc) {
			fb_mthp_restore(&before);
			snprintf(h->skip_reason, sizeof(h->skip_reason),
				 "cannot set hugepages-%ukB/enabled for the build: %s", kb, strerror(-rc));
			return 0;
		}
		set = true;
	}
	uint64_t a0 = 0, f0 = 0, a1 = 0, f1 = 0;
	int st = fb_mthp_fault_stats(kb, &a0, &f0);
	fb_touch_pages(h->base, h->len, 1);
	if (!st)
		st = fb_mthp_fault_stats(kb, &a1, &f1);
	/* Back to what it was before this build at once: the knobs are the
	 * whole machine's, and fork and COW do not read them. */
	if (set)
		fb_mthp_restore(&before);
	if (!st) {
		h->folios.fault_alloc = a1 - a0;
		h->folios.fault_fallback = f1 - f0;
	}
	return 0;
}

int fb_heap_split_pmds(struct fb_heap *h)
{
	/* Changing the protection of one page inside a PMD mapping splits the
	 * PMD into 512 PTEs (the folio stays whole); changing it back merges
	 * the VMAs again, so the heap keeps one VMA. */
	for (size_t at = 0; at + FB_HUGE_SIZE <= h->mapped_len; at += FB_HUGE_SIZE) {
		char *p = h->base + at + FB_PAGE_SIZE;
		if (mprotect(p, FB_PAGE_SIZE, PROT_READ) ||
		    mprotect(p, FB_PAGE_SIZE, PROT_READ | PROT_WRITE))
			return -errno;
	}
	return 0;
}

void fb_heap_folio_verify(struct fb_heap *h)
{
	const size_t fb = h->kind->folio_bytes;
	struct fb_heap_folios *f = &h->folios;
	struct fb_folio_census c;
	int rc = fb_folio_census(h->base, h->mapped_len, fb, &c);
	f->chunks = h->mapped_len / fb;
	if (rc == 0) {
		f->whole = c.whole;
		f->how = c.how;
	} else if (rc == -EPERM) {
		/* PFNs hidden (not root): the size's own counter says how many
		 * folios of it the population allocated (machine-wide, so a
		 * concurrent allocation of that size could add to it). */
		f->whole = f->fault_alloc < f->chunks ? f->fault_alloc : f->chunks;
		f->how = "anon_fault_alloc";
	} else {
		snprintf(h->skip_reason, sizeof(h->skip_reason), "cannot read the folios back: %s",
			 strerror(-rc));
		return;
	}
	if (f->chunks == 0) {
		snprintf(h->skip_reason, sizeof(h->skip_reason), "heap smaller than one %zu KiB folio",
			 fb >> 10);
	} else if (h->range.thp_bytes) {
		snprintf(h->skip_reason, sizeof(h->skip_reason),
			 "%llu bytes are PMD-mapped THP, not %zu KiB folios mapped by PTEs (a larger size is enabled: use --set-mthp as root, or set it to never)",
			 (unsigned long long)h->range.thp_bytes, fb >> 10);
	} else if (f->whole < f->chunks - f->chunks / 10) {
		snprintf(h->skip_reason, sizeof(h->skip_reason),
			 "%zu KiB folios not obtained: %llu of %llu chunks whole by %s (%llu fallbacks; knob, defrag or fragmentation)",
			 fb >> 10, (unsigned long long)f->whole, (unsigned long long)f->chunks, f->how,
			 (unsigned long long)f->fault_fallback);
	}
}
