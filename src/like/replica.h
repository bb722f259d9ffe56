/* replica: a parent shaped like another process, built in the measured worker
 * from its shape (shape.h) before any timing — the same number of VMAs (the
 * worker's own mappings and the idle threads' stacks counted in), the same
 * anonymous resident bytes, THP where the original has it, MAP_SHARED
 * mappings with their resident pages, private file mappings of the same sizes
 * backed by one temporary file (memfd) with the same written (Anonymous) and
 * read shares, the MADV_DONTFORK / WIPEONFORK flags, the same number of
 * threads (idle) and open descriptors — then verified against the original
 * through its own smaps totals by the same parser. Not reproduced: where in a
 * VMA the pages lie (written from its start, read from its end), swapped
 * pages, mlock, hugetlbfs and device mappings (built as plain ones), what the
 * descriptors are (/dev/null). Measures nothing; 0 or -errno, never exits. */
#ifndef FORKBENCH_LIKE_REPLICA_H
#define FORKBENCH_LIKE_REPLICA_H
#include <stddef.h>
#include <stdint.h>

#include "parent_state.h"
#include "shape.h"

/* What the driver sends the worker: plain data. */
struct fb_like_spec {
	char path[4096];              /* the capture to build from; empty: no --like */
	char label[96];               /* the like cell: comm and pid or file */
	struct fb_like_totals orig;   /* the original's totals */
	uint32_t own_threads;         /* threads the measuring process runs beside the measuring one (stall's sibling) */
};

/* --like: the columns of what the parent is shaped like (src/like/columns.tbl). */
#include "like_columns.h"

/* Tolerances the replica must meet to be measured (else skip rows saying by how much). */
#define FB_LIKE_VMA_TOL_PCT 1      /* VMAs: within 1% or 4, whichever is larger */
#define FB_LIKE_VMA_TOL_MIN 4
#define FB_LIKE_ANON_TOL_PCT 2     /* Anonymous: within 2% or 4 MiB */
#define FB_LIKE_ANON_TOL_MIN (4ULL << 20)

struct fb_like_replica {
	char *map;                    /* one span holding every built VMA and the holes between */
	size_t map_len;
	struct fb_fds fds;
	struct fb_threads threads;
	struct fb_like_totals got;    /* the replica's own totals, read back */
	int built;                    /* 1 once got is filled */
};

/* Builds and verifies. 0; 1 with why filled (it could not be built, or it is
 * outside the tolerances: got still says what was built); or -errno. */
int fb_like_build(const struct fb_like_spec *spec, struct fb_like_replica *r, char *why, size_t len);
void fb_like_teardown(struct fb_like_replica *r);
#endif
