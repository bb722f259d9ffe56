/* perf_pass: the counted-pass protocol of perf.h as a few calls, so a runner
 * writes one measure() for every pass: fb_perf_passes lists the passes (a call
 * pass per window, then a life pass per half-capacity window), and per
 * creation begin -> creation -> call_end -> reap -> reaped -> collect. A call
 * pass opens only the non-inherited call set; a life pass opens only the
 * inherited pair; they are never open together. No libpfm4. Measures nothing
 * by itself: the caller's clock reads go between begin and call_end. */
#define _GNU_SOURCE
#include "perf.h"

#include <stdio.h>
#include <string.h>

int fb_perf_passes(const struct fb_perf_spec *s, bool life, struct fb_perf_pass out[FB_PERF_MAX_PASSES])
{
	struct fb_perf_window w[FB_PERF_MAX];
	int n = 0, nw = fb_perf_plan(s, s->capacity, w);
	for (int k = 0; k < nw; k++)
		out[n++] = (struct fb_perf_pass){ .kind = FB_PERF_PASS_CALL, .w = w[k] };
	if (life) {
		/* Two sets in the parent at once: each window gets half the counters. */
		nw = fb_perf_plan(s, s->capacity / 2, w);
		for (int k = 0; k < nw; k++)
			out[n++] = (struct fb_perf_pass){ .kind = FB_PERF_PASS_LIFE, .w = w[k] };
	}
	return n;
}

int fb_perf_pass_open(struct fb_perf_counted *c, const struct fb_perf_spec *s, const struct fb_perf_pass *p)
{
	memset(c, 0, sizeof(*c));
	c->pass = *p;
	fb_perf_init(&c->a);
	fb_perf_init(&c->b);
	if (p->kind == FB_PERF_PASS_CALL)
		return fb_perf_open_window(&c->a, s, &p->w, false);
	int rc = fb_perf_open_window(&c->a, s, &p->w, true);   /* life_all: the children's too */
	if (!rc)
		rc = fb_perf_open_window(&c->b, s, &p->w, false);   /* life_parent */
	if (rc)
		fb_perf_pass_close(c);
	return rc;
}

void fb_perf_pass_begin(struct fb_perf_counted *c)
{
	if (c->pass.kind == FB_PERF_PASS_CALL)
		fb_perf_start(&c->a);
	else
		fb_perf_start_pair(&c->a, &c->b);
}

void fb_perf_pass_call_end(struct fb_perf_counted *c)
{
	if (c->pass.kind == FB_PERF_PASS_CALL)
		fb_perf_stop(&c->a);
}

void fb_perf_pass_reaped(struct fb_perf_counted *c)
{
	if (c->pass.kind == FB_PERF_PASS_LIFE)
		fb_perf_stop_pair(&c->a, &c->b);
}

void fb_perf_pass_collect(const struct fb_perf_counted *c, struct fb_count parent[FB_PERF_MAX],
			  struct fb_count child[FB_PERF_MAX], struct fb_perf_tally *t)
{
	struct fb_count x[FB_PERF_MAX], y[FB_PERF_MAX], d[FB_PERF_MAX];
	fb_perf_read(&c->a, x);
	if (c->pass.kind == FB_PERF_PASS_CALL) {
		fb_perf_merge(parent, x, &c->pass.w);
		if (t)
			fb_perf_tally_add(t, x);
		return;
	}
	fb_perf_read(&c->b, y);
	for (int i = 0; i < FB_PERF_MAX; i++)
		d[i] = fb_count_child(&x[i], &y[i]);
	fb_perf_merge(child, d, &c->pass.w);
	if (t) {
		fb_perf_tally_add(t, x);
		fb_perf_tally_add(t, y);
	}
}

void fb_perf_pass_close(struct fb_perf_counted *c)
{
	fb_perf_close(&c->b);
	fb_perf_close(&c->a);
}

void fb_perf_counts_clear(struct fb_count c[FB_PERF_MAX])
{
	for (int i = 0; i < FB_PERF_MAX; i++)
		c[i] = (struct fb_count){ .why = FB_COUNT_NOT_OPEN };
}

int fb_perf_pass_residual(const struct fb_perf_spec *s, const struct fb_perf_pass *p,
			  struct fb_count out[FB_PERF_MAX])
{
	fb_perf_counts_clear(out);
	if (p->kind != FB_PERF_PASS_LIFE)
		return 0;
	struct fb_perf_counted c;
	int rc = fb_perf_pass_open(&c, s, p);
	if (rc)
		return rc;
	struct fb_count parent[FB_PERF_MAX];
	fb_perf_pass_begin(&c);   /* an empty life window: no creation, no reap */
	fb_perf_pass_reaped(&c);
	fb_perf_pass_collect(&c, parent, out, NULL);
	fb_perf_pass_close(&c);
	return 0;
}

void fb_perf_sidecar_residual(FILE *f, const struct fb_perf_spec *s)
{
	struct fb_perf_pass p[FB_PERF_MAX_PASSES];
	struct fb_count res[FB_PERF_MAX], all[FB_PERF_MAX];
	fb_perf_counts_clear(all);
	int np = fb_perf_passes(s, true, p);
	for (int k = 0; k < np; k++)
		if (p[k].kind == FB_PERF_PASS_LIFE && fb_perf_pass_residual(s, &p[k], res) == 0)
			fb_perf_merge(all, res, &p[k].w);
	for (int i = 0; i < s->n; i++) {
		if (all[i].valid)
			fprintf(f, "perf_event_life_residual.%s=%lld\n", s->ev[i].id, (long long)all[i].value);
		else
			fprintf(f, "perf_event_life_residual.%s=\n", s->ev[i].id);
	}
}
