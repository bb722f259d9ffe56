/* counted: the block / counted-pass protocol every counting driver shares
 * (spawn, footprint). Opens, replays and closes; never times anything. */
#define _GNU_SOURCE
#include "counted.h"
#include "runctl.h"
#include "wire.h"

#include <stdio.h>
#include <string.h>

void fb_counted_init(struct fb_counted *k, const struct fb_perf_spec *perf, bool with_child,
		     void (*again)(void *, struct fb_heap *, int, size_t, struct fb_perf_counted *), void *ctx)
{
	memset(k, 0, sizeof(*k));
	k->perf = perf;
	k->npasses = fb_perf_passes(perf, with_child, k->passes);
	k->again = again;
	k->ctx = ctx;
}

static void one_pass(struct fb_counted *k, struct fb_heap *h, const struct fb_sweep_block *b,
		     const struct fb_perf_pass *pass)
{
	const int n = b->n;
	struct fb_perf_counted c;
	int orc = fb_perf_pass_open(&c, k->perf, pass);
	if (orc) {   /* nothing is left open: this pass's cells stay empty */
		if (!k->warned) {
			char msg[160];
			snprintf(msg, sizeof(msg), "opening a counted pass failed: %s; its counter cells stay empty",
				 strerror(-orc));
			fb_wire_error(msg);
			k->warned = true;
		}
		return;
	}
	for (uint64_t r = b->r0; r < b->r1 && !fb_stop_signal; r++)
		for (int i = 0; i < n && !fb_stop_signal; i++) {
			const int v = b->orders[(r - b->r0) * (uint64_t)n + (uint64_t)i];
			k->again(k->ctx, h, v, (size_t)((r - b->r0) * (uint64_t)n + (uint64_t)v), &c);
		}
	fb_perf_pass_close(&c);   /* before the next pass: a call set and the inherited pair never together */
}

void fb_counted_block(struct fb_counted *k, struct fb_heap *h, const struct fb_sweep_block *b)
{
	for (int i = 0; i < k->npasses && !fb_stop_signal; i++)
		one_pass(k, h, b, &k->passes[i]);
}
