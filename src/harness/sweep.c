/* sweep: the harness loop (see sweep.h). Nothing here sits inside a timed
 * region: the hooks own the clock. */
#define _GNU_SOURCE
#include "sweep.h"
#include "runctl.h"
#include "wire.h"

#include <errno.h>
#include <string.h>

void fb_sweep_share(const struct fb_sweep_plan *p, uint32_t run, uint64_t *first, uint64_t *count)
{
	uint64_t runs = p->runs ? p->runs : 1, reps = p->reps, base = 0;
	if (p->first_reps && runs > 1) {   /* run 0 the probe, the others share the rest */
		if (run == 0) {
			*first = 0;
			*count = p->first_reps;
			return;
		}
		base = p->first_reps;
		reps -= p->first_reps;
		runs--;
		run--;
	}
	const uint64_t q = reps / runs, rem = reps % runs;
	*first = base + q * run + (run < rem ? run : rem);
	*count = q + (run < rem);
}

uint64_t fb_sweep_samples(const struct fb_sweep_plan *p, int nvariants, uint32_t run)
{
	uint64_t total = 0;
	for (uint32_t k = 0; k < (p->runs ? p->runs : 1); k++) {
		uint64_t first, count;
		fb_sweep_share(p, k, &first, &count);
		if (run == UINT32_MAX || run == k)
			total += (uint64_t)p->nheaps * (uint64_t)p->nsizes * (p->warmup + count) *
				 (uint64_t)nvariants * (p->states ? p->states : 1);
	}
	return total;
}

void fb_sweep_order(int *order, int n, uint64_t seed)
{
	uint64_t x = seed * 0x9E3779B97F4A7C15ULL + 1;
	for (int i = 0; i < n; i++)
		order[i] = i;
	for (int i = n - 1; i > 0; i--) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		int j = (int)((x >> 33) % (uint64_t)(i + 1));
		int tmp = order[i];
		order[i] = order[j];
		order[j] = tmp;
	}
}

enum { MAX_BLOCK = 64 };

struct loop {
	const struct fb_sweep_plan *p;
	const struct fb_sweep_hooks *hk;
	uint64_t first, count, done;
	int orders[MAX_BLOCK * FB_SWEEP_MAX_VARIANTS];
};

/* Every variant of a configuration that could not be set up: one skip row each. */
static int skip_all(struct loop *l, const struct fb_heap *h, const char *why)
{
	int rc = 0;
	for (int v = 0; v < l->hk->nvariants && !rc; v++)
		rc = l->hk->skip(l->hk->ctx, h, v, -1, why);
	l->done += (l->p->warmup + l->count) * (uint64_t)l->hk->nvariants;
	return rc ? rc : fb_wire_progress(l->done);
}

/* One configuration: warm-up then measured reps in blocks; every variant once
 * per rep, in a new order each rep (drift hits all alike, and whatever one
 * variant leaves behind does not always land on the same next one). */
static int one_config(struct loop *l, struct fb_heap *h)
{
	const struct fb_sweep_hooks *hk = l->hk;
	const int n = hk->nvariants;
	const uint64_t nreps = l->p->warmup + l->count;
	const unsigned block = hk->block ? (hk->block < MAX_BLOCK ? hk->block : MAX_BLOCK) : 1;
	int prev = -1, rc = 0;
	for (uint64_t r0 = 0; r0 < nreps && !rc && !fb_stop_signal; r0 += block) {
		const uint64_t r1 = r0 + block < nreps ? r0 + block : nreps;
		uint64_t r = r0;
		for (; r < r1 && !rc && !fb_stop_signal; r++) {
			int *order = &l->orders[(r - r0) * (uint64_t)n];
			/* The seed names the run and the rep: reproducible, different everywhere. */
			if (hk->shuffle)
				fb_sweep_order(order, n, ((uint64_t)l->p->run << 32) + r);
			else
				for (int k = 0; k < n; k++)
					order[k] = k;
			const bool warm = r < l->p->warmup;
			for (int k = 0; k < n && !rc && !fb_stop_signal; k++) {
				struct fb_sweep_pos pos = {
					.r = r, .warmup = warm, .rep = warm ? 0 : l->first + r - l->p->warmup,
					.variant = order[k], .slot = k, .prev = prev,
				};
				if (hk->before)
					hk->before(hk->ctx, h);
				if (h->skip_reason[0]) {
					if (!warm)
						rc = hk->skip(hk->ctx, h, order[k], (int64_t)pos.rep, h->skip_reason);
				} else {
					rc = hk->sample(hk->ctx, h, &pos);
				}
				prev = order[k];
				l->done++;
			}
			if (!rc)
				rc = fb_wire_progress(l->done);
		}
		/* Also after a stop: the hook writes what the block measured. */
		if (hk->end_block && !rc) {
			struct fb_sweep_block b = { .r0 = r0, .r1 = r, .warmup = l->p->warmup,
						    .first_rep = l->first, .orders = l->orders, .n = n };
			rc = hk->end_block(hk->ctx, h, &b);
		}
	}
	return rc;
}

/* The parent states inside one heap: each set up and verified before its
 * configuration, torn down after it; a heap that failed is skip rows in each. */
static int states_config(struct loop *l, struct fb_heap *h)
{
	const struct fb_sweep_hooks *hk = l->hk;
	const int n = l->p->states > 1 && hk->state_enter ? (int)l->p->states : 1;
	int rc = 0;
	for (int s = 0; s < n && !rc && !fb_stop_signal; s++) {
		char why[200] = "";
		if (h->skip_reason[0]) {
			if (hk->state_enter)
				hk->state_enter(hk->ctx, h, s, false, why, sizeof(why));
			rc = skip_all(l, h, h->skip_reason);
			continue;
		}
		int src = hk->state_enter ? hk->state_enter(hk->ctx, h, s, true, why, sizeof(why)) : 0;
		if (src < 0)
			rc = src;
		else if (src > 0)
			rc = skip_all(l, h, why);
		else
			rc = one_config(l, h);   /* the measurement */
		if (hk->state_leave)
			hk->state_leave(hk->ctx, s);
	}
	return rc;
}

int fb_sweep_run(const struct fb_sweep_plan *p, const struct fb_sweep_hooks *hk)
{
	if (hk->nvariants < 1 || hk->nvariants > FB_SWEEP_MAX_VARIANTS)
		return -EINVAL;
	/* Static and not cleared: only the orders a block uses are ever touched,
	 * so the measured process stays as small as its sweep. */
	static struct loop l;
	l.p = p;
	l.hk = hk;
	l.done = 0;
	fb_sweep_share(p, p->run, &l.first, &l.count);
	if (hk->warm)
		hk->warm(hk->ctx);
	const struct fb_heap_params hp = { .fragments = p->fragments, .set_mthp = p->set_mthp != 0 };
	int rc = 0;
	for (int hi = 0; hi < p->nheaps && !rc && !fb_stop_signal; hi++) {
		for (int si = 0; si < p->nsizes && !rc && !fb_stop_signal; si++) {
			struct fb_heap h;
			/* 1. build the heap and read back what we got, before any timing */
			fb_heap_create(&h, &fb_heap_kinds[p->heaps[hi]], p->sizes[si], &hp);
			/* 2. a setup that did not happen is reported, never measured */
			if (hk->heap_ready)
				rc = hk->heap_ready(hk->ctx, &h);
			if (!rc)
				rc = states_config(&l, &h);   /* 3. the measurement, in each parent state */
			fb_heap_destroy(&h);
		}
	}
	fb_kill_children();
	if (rc)
		return rc;
	return fb_stop_signal ? -EINTR : 0;
}
