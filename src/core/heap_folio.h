/* heap_folio: the large-folio half of heap building (internal to heap.c):
 * populating a pte_folio kind under the per-size knobs, splitting PMDs for
 * thp-pte, and checking the folios obtained. Measures nothing. */
#ifndef FORKBENCH_HEAP_FOLIO_H
#define FORKBENCH_HEAP_FOLIO_H
#include "heap.h"

/* Populates h (mapped and advised), with the size's knob set when asked,
 * and records the size's fault counters over the population. 0 or -errno;
 * a knob that cannot be set fills skip_reason. */
int fb_heap_folio_populate(struct fb_heap *h);
/* thp-pte: splits every PMD mapping of h into PTEs, keeping the folios. */
int fb_heap_split_pmds(struct fb_heap *h);
/* Fills h->folios and, when the folios are not there, skip_reason. */
void fb_heap_folio_verify(struct fb_heap *h);
#endif
