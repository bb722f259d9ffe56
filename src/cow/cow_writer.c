/* cow_writer: the timed passes of the writing side, and why each read sits
 * where it does. Nothing but the pattern lies between the two clock reads. */
#define _GNU_SOURCE
#include "cow_writer.h"
#include "folio.h"
#include "procinfo.h"
#include "util.h"

#include <string.h>
#include <sys/resource.h>

/* Pages of [base, base+len) whose first word holds the stamp: what the other side saw change. */
int64_t fb_cow_count_stamped(const char *base, size_t len, uint64_t stamp)
{
	int64_t n = 0;
	for (size_t off = 0; off < len; off += FB_PAGE_SIZE)
		n += *(const volatile uint64_t *)(base + off) == stamp;
	return n;
}

/* The writer's side: two timed passes, each between fault and counter reads. */
void fb_cow_writer_passes(const struct fb_cow_job *j, struct fb_perf_set *ps, uint64_t stamp,
			  struct fb_cow_sample *s)
{
	const uint64_t pages = j->len / FB_PAGE_SIZE;
	struct fb_mem_usage before, after;
	/* Prime what the protocol itself touches between the fault reads (the
	 * counters' slots, the report, this frame, and in a fresh child the vDSO
	 * pages the clock reads, which fork does not copy): their faults belong
	 * outside the pass. */
	(void)fb_now_ns();
	fb_perf_start(ps);
	fb_perf_stop(ps);
	struct fb_count prime[FB_PERF_MAX];
	fb_perf_read(ps, prime);
	memset(s->cow_ev, 0, sizeof(s->cow_ev));
	memset(s->rewrite_ev, 0, sizeof(s->rewrite_ev));
	s->sink = 0;
	/* Private_Dirty of the heap's own VMAs (not the whole process: other
	 * memory of the process moves that by hundreds of pages on a loaded
	 * host), before, after the priming: the growth is the first pass's alone. */
	bool dirty_ok = fb_mem_range(0, j->base, j->len, &before) == 0;

	int64_t f0 = fb_minflt(RUSAGE_SELF);
	fb_perf_start(ps);
	int64_t t0 = fb_now_ns();
	uint64_t sink = fb_pattern_run(j->pattern, j->base, pages, stamp);   /* COW pass */
	int64_t t1 = fb_now_ns();
	fb_perf_stop(ps);
	int64_t f1 = fb_minflt(RUSAGE_SELF);
	fb_perf_read(ps, s->cow_ev);

	/* What the pass left behind: memory really duplicated, huge mapping kept or split. */
	if (fb_mem_range(0, j->base, j->len, &after) == 0) {
		if (dirty_ok) {
			s->dirty_growth_bytes = (int64_t)after.private_dirty_bytes -
						(int64_t)before.private_dirty_bytes;
			s->dirty_valid = true;
		}
		s->thp_after_bytes = (int64_t)after.thp_bytes;
		s->range_valid = true;
	}
	/* Large folios mapped by PTEs: did the pass keep the writer's folios
	 * (reused in place) or replace pages by copies? Private_Dirty cannot
	 * tell once the other side has gone (a copy frees as much as it adds);
	 * the PFNs can (root only). */
	struct fb_folio_census fc;
	s->folio_whole_pct_after = -1;
	if (j->pte_folio_bytes && fb_folio_census(j->base, j->len, j->pte_folio_bytes, &fc) == 0 && fc.chunks)
		s->folio_whole_pct_after = (int64_t)(100 * fc.whole / fc.chunks);

	/* The same pass again: the pages are private now, so this is the no-fault baseline. */
	int64_t f2 = fb_minflt(RUSAGE_SELF);
	fb_perf_start(ps);
	int64_t t2 = fb_now_ns();
	sink += fb_pattern_run(j->pattern, j->base, pages, stamp);
	int64_t t3 = fb_now_ns();
	fb_perf_stop(ps);
	int64_t f3 = fb_minflt(RUSAGE_SELF);
	fb_perf_read(ps, s->rewrite_ev);

	s->sink = sink;
	s->cow_ns = t1 - t0;
	s->rewrite_ns = t3 - t2;
	s->cow_minflt = f1 - f0;
	s->rewrite_minflt = f3 - f2;
	s->measured = true;
}

