/* folio: which folios really back a range of this process — the check behind
 * the mthp and thp-pte heap kinds. /proc/self/pagemap gives each virtual
 * page's PFN (only with CAP_SYS_ADMIN; others read 0) and /proc/kpageflags
 * says whether a PFN is the head or a tail of a compound page. A chunk of
 * folio_bytes counts as one whole folio when its pages are present,
 * physically contiguous from a folio-aligned PFN, the first a compound head
 * and the others tails (as tools/testing/selftests/mm/cow.c checks every THP
 * size). Measures nothing. */
#ifndef FORKBENCH_FOLIO_H
#define FORKBENCH_FOLIO_H
#include <stddef.h>
#include <stdint.h>

struct fb_folio_census {
	uint64_t chunks;    /* folio-sized, folio-aligned chunks in the range */
	uint64_t whole;     /* of them, backed by one folio of that size */
	const char *how;    /* "pagemap+kpageflags" or "pagemap" (contiguity only) */
};

/* addr must be folio_bytes-aligned. 0; -EPERM when the PFNs are hidden
 * (not CAP_SYS_ADMIN); -errno otherwise. */
int fb_folio_census(const void *addr, size_t len, size_t folio_bytes, struct fb_folio_census *out);
#endif
