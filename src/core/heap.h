/* heap: the parent's memory, built in one of several kinds and then verified.
 * A kind is one row of fb_heap_kinds[]. Building does not time anything; the
 * verification reads back from /proc what the kernel really gave us so every
 * CSV row can carry the observed state, and a setup that did not happen (no
 * THP obtained) is skipped with a reason instead of measured as if it had. */
#ifndef FORKBENCH_HEAP_H
#define FORKBENCH_HEAP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "procinfo.h"

/* A kind is data: how it is mapped and what the kernel must have given for
 * it to count (one generic check reads the observed state against it), so a
 * new kind — an mTHP size — is one row. */
struct fb_heap_kind {
	const char *name;      /* CLI, CSV and plot identifier */
	const char *desc;      /* one line for --list */
	bool populated;        /* every page written before timing */
	bool cow;              /* private anonymous: fork shares it copy-on-write */
	bool writable;         /* every page writable: a write pattern may run over it */
	bool shared;           /* MAP_SHARED instead of MAP_PRIVATE */
	int advice;            /* madvise() before populating; 0: none */
	size_t folio_bytes;    /* the folio size it promises: 4 KiB, an mTHP size or 2 MiB (the heap is aligned to it) */
	bool pte_folio;        /* a large folio mapped by PTEs (mTHP, thp-pte): checked by the folio
	                        * census (folio.h), not by AnonHugePages, which counts PMD mappings only */
	bool split_pmd;        /* built PMD-mapped, then every PMD split by a one-page mprotect() round trip */
	bool fragmented;       /* split into params.fragments VMAs by alternating protections */
};

extern const struct fb_heap_kind fb_heap_kinds[];
extern const size_t fb_heap_kind_count;
const struct fb_heap_kind *fb_heap_kind_find(const char *name);

struct fb_heap_params {
	uint64_t fragments;    /* fragmented: how many VMAs the heap is split into */
	bool set_mthp;         /* pte_folio kinds: set the per-size knobs for the build (root; mthp.h) */
};

/* What the folio check of a pte_folio kind saw (empty for other kinds). */
struct fb_heap_folios {
	uint64_t chunks;       /* folio_bytes chunks of the heap */
	uint64_t whole;        /* of them, one folio of folio_bytes each; share = whole / chunks */
	const char *how;       /* pagemap+kpageflags, pagemap, or anon_fault_alloc (the per-size counter) */
	uint64_t fault_alloc, fault_fallback;   /* the size's counters over the population */
};

struct fb_heap {
	const struct fb_heap_kind *kind;
	struct fb_heap_params params;
	char *base;            /* first byte the benchmarks use */
	size_t len;            /* bytes asked for */
	size_t mapped_len;     /* bytes mapped: len rounded up to a page (0: nothing mapped) */
	char *map;             /* what to munmap */
	size_t map_len;
	struct fb_mem_usage range;    /* observed: the heap's own VMAs */
	struct fb_mem_usage process;  /* observed: the whole process */
	struct fb_heap_folios folios; /* observed: pte_folio kinds */
	char skip_reason[256]; /* non-empty: setup did not happen, do not measure */
};

/* Maps, populates and verifies. Returns 0 (check skip_reason) or -errno;
 * skip_reason is filled in either case when the heap is not usable, and
 * kind and len are always set, so the caller can write skip rows. */
int fb_heap_create(struct fb_heap *h, const struct fb_heap_kind *kind, size_t len,
		   const struct fb_heap_params *params);
/* Re-reads the observed usage (after a pass that may have changed it). */
int fb_heap_observe(struct fb_heap *h);
/* Does the heap still hold what its kind promises (a pass may have split
 * its huge pages or broken its folios)? False when it cannot be told. */
bool fb_heap_intact(struct fb_heap *h);
/* Share of the heap in folios of its kind's size, percent: AnonHugePages for
 * PMD kinds, the census for pte_folio kinds; -1 for 4 KiB kinds. */
int fb_heap_folio_pct(const struct fb_heap *h);
void fb_heap_destroy(struct fb_heap *h);

/* Bytes a heap of len needs with `copies` full copies of it (what children may
 * duplicate), the page tables of the parent and of one child (8 bytes per
 * 4 KiB page each: a child copies PTEs, not pages), and 256 MiB slack. */
uint64_t fb_heap_need_bytes(uint64_t len, unsigned copies);
/* What may still be allocated: MemAvailable, and under an address-space
 * limit (RLIMIT_AS) what is left of it. */
int fb_mem_room(uint64_t *avail);
/* Refuses, up front, a heap that would not fit: fb_heap_need_bytes against
 * fb_mem_room. Returns 0, or -ENOMEM with need/avail filled in. */
int fb_heap_fits(uint64_t len, unsigned copies, uint64_t *need, uint64_t *avail);
#endif
