/* replica: building a parent shaped like a captured process (see replica.h).
 * Nothing here is timed: it runs in the worker's state setup, before the
 * sweep's configuration starts. */
#define _GNU_SOURCE
#include "replica.h"
#include "util.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define THP_BYTES (2UL << 20)

struct plan {
	struct fb_like_vma v;   /* what to build (anon adjusted) */
	size_t off;             /* offset in the span */
	size_t file_off;        /* offset in the memfd (file kind) */
	uint64_t key;           /* drop order: lowest dropped first */
};

/* What a replica loses least by not building: the per-process specials
 * (the worker has its own), then mappings with nothing resident, then clean
 * file mappings, then by resident bytes (the anonymous ones made up below;
 * a shared mapping has no Anonymous, only Rss). */
static uint64_t drop_key(const struct fb_like_vma *v)
{
	if (v->kind == FB_LIKE_SPECIAL)
		return 0;
	if (!v->rss && !v->anon)
		return 1;
	if (v->kind == FB_LIKE_FILE && !v->anon)
		return 2;
	return 3 + v->rss + v->anon;
}

static int cmp_key(const void *a, const void *b)
{
	const struct plan *x = a, *y = b;
	return (x->key > y->key) - (x->key < y->key);
}

static int cmp_anon_desc(const void *a, const void *b)
{
	const struct plan *x = a, *y = b;
	return (x->v.anon < y->v.anon) - (x->v.anon > y->v.anon);
}

/* The anonymous bytes of the dropped VMAs and of the worker itself are
 * made up (or taken back) in the largest private anonymous VMAs kept, in
 * their 4 KiB part. */
static void balance(struct plan *p, size_t n, int64_t deficit)
{
	qsort(p, n, sizeof(*p), cmp_anon_desc);
	for (size_t i = 0; i < n && deficit; i++) {
		struct fb_like_vma *v = &p[i].v;
		if (v->kind != FB_LIKE_ANON)
			continue;
		if (deficit > 0) {
			uint64_t room = v->size > v->rss ? (v->size - v->rss) & ~(FB_PAGE_SIZE - 1) : 0;
			uint64_t add = (uint64_t)deficit < room ? ((uint64_t)deficit + FB_PAGE_SIZE - 1) & ~(FB_PAGE_SIZE - 1) : room;
			add = add > room ? room : add;
			v->anon += add;
			v->rss += add;
			deficit -= (int64_t)add;
		} else {
			uint64_t small = v->anon - v->thp, take = (uint64_t)-deficit < small ? (uint64_t)-deficit : small;
			take &= ~(FB_PAGE_SIZE - 1);
			v->anon -= take;
			v->rss -= take < v->rss ? take : v->rss;
			deficit += (int64_t)take;
		}
	}
}

static int prot_of(const char *perms)
{
	return (perms[0] == 'r' ? PROT_READ : 0) | (perms[1] == 'w' ? PROT_WRITE : 0) |
	       (perms[2] == 'x' ? PROT_EXEC : 0);
}

static void read_pages(const char *p, size_t len)
{
	for (size_t o = 0; o < len; o += FB_PAGE_SIZE)
		(void)*(const volatile char *)(p + o);
}

/* One VMA at addr (inside the span, holes on both sides): map, advise,
 * populate, then its own permissions. */
static int build_one(char *addr, const struct plan *p, int memfd)
{
	const struct fb_like_vma *v = &p->v;
	const size_t size = v->size;
	char *m;
	if (v->kind == FB_LIKE_SHARED)
		m = mmap(addr, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	else if (v->kind == FB_LIKE_FILE)
		m = mmap(addr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, memfd, (off_t)p->file_off);
	else
		m = mmap(addr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (m == MAP_FAILED)
		return -errno;
	const uint64_t rss = v->rss > size ? size : v->rss;
	if (v->kind == FB_LIKE_SHARED) {
		fb_touch_pages(m, rss, 1);
	} else if (v->kind == FB_LIKE_FILE) {
		uint64_t anon = v->anon > rss ? rss : v->anon;
		fb_touch_pages(m, anon, 1);                 /* the written share: private copies */
		read_pages(m + size - (rss - anon), rss - anon);   /* the read share: page-cache pages */
	} else if (v->kind == FB_LIKE_ANON) {
		/* 4 KiB pages at the end, no THP there; then THP from the (2 MiB
		 * aligned) start: the VMA's advice changes, its 4 KiB pages stay. */
		uint64_t small = v->anon - v->thp;
		if (small > size - v->thp)
			small = size - v->thp;
		madvise(m, size, MADV_NOHUGEPAGE);
		fb_touch_pages(m + size - small, small, 1);
		if (v->thp || (v->flags & FB_LIKE_HG))
			madvise(m, size, MADV_HUGEPAGE);
		fb_touch_pages(m, v->thp, 1);
	}
	if (v->flags & FB_LIKE_DC)
		madvise(m, size, MADV_DONTFORK);
	if ((v->flags & FB_LIKE_WF) && v->kind == FB_LIKE_ANON)
		madvise(m, size, MADV_WIPEONFORK);
	if (mprotect(m, size, prot_of(v->perms)))
		return -errno;
	return 0;
}

static bool within(uint64_t a, uint64_t b, unsigned pct, uint64_t min)
{
	uint64_t d = a > b ? a - b : b - a, tol = b / 100 * pct;
	return d <= (tol > min ? tol : min);
}

static int build_vmas(struct fb_like_shape *s, const struct fb_like_totals *self, unsigned nthreads,
		      struct fb_like_replica *r, char *why, size_t len)
{
	/* 1. which VMAs to build: the replica's total is the worker's own
	 *    mappings + the idle threads' stacks (two each) + these */
	const uint64_t have = self->vmas + 2ULL * nthreads;
	const size_t nbuild = s->nvma > have ? s->nvma - have : 0;
	struct plan *p = calloc(s->nvma ? s->nvma : 1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	for (size_t i = 0; i < s->nvma; i++) {
		p[i].v = s->vma[i];
		p[i].key = drop_key(&s->vma[i]);
		if (p[i].v.kind == FB_LIKE_SPECIAL)
			p[i].v = (struct fb_like_vma){ .size = s->vma[i].size, .perms = "r--p", .kind = FB_LIKE_ANON };
	}
	qsort(p, s->nvma, sizeof(*p), cmp_key);
	struct plan *keep = p + (s->nvma - nbuild);
	/* 2. the anonymous bytes of what was dropped and of the worker itself */
	int64_t deficit = (int64_t)s->t.anon_bytes - (int64_t)self->anon_bytes;
	for (size_t i = 0; i < nbuild; i++)
		deficit -= (int64_t)keep[i].v.anon;
	balance(keep, nbuild, deficit);
	/* 3. the layout: one PROT_NONE span, each VMA at its offset with a hole
	 *    below it (a hole, not a guard mapping: no VMA of its own, and
	 *    neighbours never merge); THP VMAs 2 MiB aligned */
	size_t span = FB_PAGE_SIZE, file_bytes = 0;
	for (size_t i = 0; i < nbuild; i++)
		span += keep[i].v.size + FB_PAGE_SIZE + (keep[i].v.thp ? THP_BYTES : 0);
	char *res = mmap(NULL, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (res == MAP_FAILED) {
		int e = -errno;
		snprintf(why, len, "reserving %zu MiB of address space for the replica failed: %s", span >> 20,
			 strerror(errno));
		free(p);
		return e == -ENOMEM ? 1 : e;
	}
	r->map = res;
	r->map_len = span;
	uintptr_t cur = (uintptr_t)res + FB_PAGE_SIZE;
	for (size_t i = 0; i < nbuild; i++) {
		if (keep[i].v.thp)
			cur = (cur + THP_BYTES - 1) & ~(uintptr_t)(THP_BYTES - 1);
		keep[i].off = cur - (uintptr_t)res;
		cur += keep[i].v.size + FB_PAGE_SIZE;
		if (keep[i].v.kind == FB_LIKE_FILE) {
			keep[i].file_off = file_bytes;   /* its own range: reads never fault around another's pages */
			file_bytes += keep[i].v.size;
		}
	}
	int memfd = -1, rc = 0;
	if (file_bytes && ((memfd = memfd_create("forkbench-like", MFD_CLOEXEC)) < 0 ||
			   ftruncate(memfd, (off_t)file_bytes))) {
		rc = -errno;
		snprintf(why, len, "the temporary file for %zu MiB of file mappings: %s", file_bytes >> 20, strerror(errno));
	}
	/* Holes first, all of them: a VMA is never placed beside the span's rest. */
	if (!rc && munmap(res, span))
		rc = -errno;
	for (size_t i = 0; i < nbuild && !rc; i++)
		if ((rc = build_one(res + keep[i].off, &keep[i], memfd)))
			snprintf(why, len, "building a %s VMA of %llu KiB failed: %s", keep[i].v.perms,
				 (unsigned long long)(keep[i].v.size >> 10), strerror(-rc));
	if (memfd >= 0)
		close(memfd);   /* the mappings hold the file; the descriptor count is the original's */
	free(p);
	return rc ? (rc == -ENOMEM ? 1 : rc) : 0;
}

int fb_like_build(const struct fb_like_spec *spec, struct fb_like_replica *r, char *why, size_t len)
{
	memset(r, 0, sizeof(*r));
	struct fb_like_shape s;
	int rc = fb_like_read_file(spec->path, &s, why, len);
	if (rc)
		return 1;
	struct fb_like_totals self;
	if ((rc = fb_like_self_totals(&self))) {
		snprintf(why, len, "reading /proc/self/smaps failed: %s", strerror(-rc));
		fb_like_free(&s);
		return 1;
	}
	/* the measuring thread is one of the original's threads, and so is any the process runs already */
	const uint64_t have_threads = 1 + (uint64_t)spec->own_threads;
	const unsigned nthreads = s.t.threads > have_threads ? (unsigned)(s.t.threads - have_threads) : 0;
	rc = build_vmas(&s, &self, nthreads, r, why, len);
	const uint64_t fds = s.t.fds;
	fb_like_free(&s);
	if (rc)
		return rc;
	if ((rc = fb_threads_start(&r->threads, nthreads))) {
		snprintf(why, len, "starting %u idle threads failed: %s", nthreads, strerror(-rc));
		return 1;
	}
	uint64_t open_now = 0;
	if (!(rc = fb_count_fds(&open_now)) && fds > open_now)
		rc = fb_fds_open(&r->fds, fds - open_now);
	if (rc) {
		snprintf(why, len, "opening %llu descriptors failed: %s", (unsigned long long)(fds - open_now),
			 strerror(-rc));
		return 1;
	}
	/* Verify: the replica's own totals by the same parser as the original's. */
	if ((rc = fb_like_self_totals(&r->got))) {
		snprintf(why, len, "reading /proc/self/smaps failed: %s", strerror(-rc));
		return 1;
	}
	r->built = 1;
	const struct fb_like_totals *o = &spec->orig, *g = &r->got;
	if (!within(g->vmas, o->vmas, FB_LIKE_VMA_TOL_PCT, FB_LIKE_VMA_TOL_MIN) ||
	    !within(g->anon_bytes, o->anon_bytes, FB_LIKE_ANON_TOL_PCT, FB_LIKE_ANON_TOL_MIN)) {
		snprintf(why, len, "the replica has %llu VMAs and %llu KiB anonymous, the original %llu and %llu KiB: outside the tolerance (VMAs %d%% or %d, Anonymous %d%% or %llu MiB)",
			 (unsigned long long)g->vmas, (unsigned long long)(g->anon_bytes >> 10),
			 (unsigned long long)o->vmas, (unsigned long long)(o->anon_bytes >> 10), FB_LIKE_VMA_TOL_PCT,
			 FB_LIKE_VMA_TOL_MIN, FB_LIKE_ANON_TOL_PCT, FB_LIKE_ANON_TOL_MIN >> 20);
		return 1;
	}
	return 0;
}

void fb_like_teardown(struct fb_like_replica *r)
{
	fb_threads_stop(&r->threads);
	fb_fds_close(&r->fds);
	if (r->map)
		munmap(r->map, r->map_len);   /* every built VMA and the holes between */
	r->map = NULL;
}
