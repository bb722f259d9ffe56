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

struct fb_heap;
typedef int (*fb_heap_build_fn)(struct fb_heap *h);

struct fb_heap_kind {
	const char *name;      /* CLI, CSV and plot identifier */
	const char *desc;      /* one line for --list */
	bool populated;        /* every page written before timing */
	bool cow;              /* private anonymous: fork shares it copy-on-write */
	bool writable;         /* every page writable: a write pattern may run over it */
	fb_heap_build_fn build;
};

extern const struct fb_heap_kind fb_heap_kinds[];
extern const size_t fb_heap_kind_count;
const struct fb_heap_kind *fb_heap_kind_find(const char *name);

struct fb_heap_params {
	uint64_t fragments;    /* fragmented: how many VMAs the heap is split into */
};

struct fb_heap {
	const struct fb_heap_kind *kind;
	struct fb_heap_params params;
	char *base;            /* first byte the benchmarks use */
	size_t len;            /* bytes asked for */
	char *map;             /* what to munmap */
	size_t map_len;
	struct fb_mem_usage range;    /* observed: the heap's own VMAs */
	struct fb_mem_usage process;  /* observed: the whole process */
	char skip_reason[160]; /* non-empty: setup did not happen, do not measure */
};

/* Maps, populates and verifies. Returns 0 (check skip_reason) or -errno. */
int fb_heap_create(struct fb_heap *h, const struct fb_heap_kind *kind, size_t len,
		   const struct fb_heap_params *params);
/* Re-reads the observed usage (after a pass that may have changed it). */
int fb_heap_observe(struct fb_heap *h);
void fb_heap_destroy(struct fb_heap *h);

/* Refuses, up front, a heap that would not fit: len plus `copies` more
 * (what children may duplicate) plus page tables, against MemAvailable.
 * Returns 0, or -ENOMEM with need/avail filled in. */
int fb_heap_fits(uint64_t len, unsigned copies, uint64_t *need, uint64_t *avail);
#endif
