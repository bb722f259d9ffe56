/* mthp: the kernel's multi-size THP knobs (Linux >= 6.8), read and — as root,
 * only when asked — set for the length of a heap build, then put back.
 * /sys/kernel/mm/transparent_hugepage/hugepages-<N>kB/enabled chooses, per
 * folio size, whether an anonymous fault may allocate a folio of that size
 * (always, madvise: only in MADV_HUGEPAGE regions, inherit: the top-level
 * `enabled`, never). The kernel takes the largest allowed size that fits, so
 * a heap of one size needs every larger size off while it is populated.
 * Measures nothing; the folio check is in folio.h. */
#ifndef FORKBENCH_MTHP_H
#define FORKBENCH_MTHP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FB_MTHP_DIR "/sys/kernel/mm/transparent_hugepage"
#define FB_MTHP_MAX 16

struct fb_mthp_knob {
	uint32_t kb;          /* folio size, KiB */
	char enabled[16];     /* always, inherit, madvise or never */
};

/* Every size with an `enabled` file (a directory without one, as
 * hugepages-8kB for shmem on some kernels, is not an anonymous size),
 * smallest first, and the top-level `enabled` that `inherit` follows. */
struct fb_mthp_state {
	int n;
	struct fb_mthp_knob k[FB_MTHP_MAX];
	char global[16];
};

/* 0, or -ENOENT when the kernel has no per-size knobs (before 6.8). */
int fb_mthp_read(struct fb_mthp_state *s);
const struct fb_mthp_knob *fb_mthp_find(const struct fb_mthp_state *s, uint32_t kb);
/* Does a populated MADV_HUGEPAGE region get folios of this size? */
bool fb_mthp_allows(const struct fb_mthp_state *s, uint32_t kb);
/* The larger sizes a MADV_HUGEPAGE fault would try before kb, "128K,2M" (empty: none). */
void fb_mthp_preferred(const struct fb_mthp_state *s, uint32_t kb, char *buf, size_t len);
/* "16K=never,...,2M=inherit,global=madvise" for the sidecar. */
void fb_mthp_format(const struct fb_mthp_state *s, char *buf, size_t len);
/* "64K" / "2M". */
void fb_mthp_size_name(uint32_t kb, char *buf, size_t len);

/* Root only: kb to madvise and every other size to never, so a MADV_HUGEPAGE
 * fault gets kb or 4 KiB. 0 or -errno. */
int fb_mthp_exclusive(const struct fb_mthp_state *now, uint32_t kb);
/* Writes back every size whose value differs from orig. 0 or the first -errno. */
int fb_mthp_restore(const struct fb_mthp_state *orig);

/* The per-size fault counters, summed since boot (stats/anon_fault_alloc,
 * anon_fault_fallback): what a population allocated, when pagemap cannot say. */
int fb_mthp_fault_stats(uint32_t kb, uint64_t *alloc, uint64_t *fallback);
#endif
