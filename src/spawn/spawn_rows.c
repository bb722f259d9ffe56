/* spawn_rows: forkbench-spawn's CSV table (header, rows,
 * summary and --columns all come from columns.tbl), and the row writers the
 * worker sends over the wire. Measures nothing. */
#define _GNU_SOURCE
#include "spawn_rows.h"
#include "util.h"

#include <stdio.h>

static const struct fb_column spawn_columns[] = { SPAWN_COLUMNS(FB_COL_ROW) };
static const struct fb_per_event spawn_per_event[] = { SPAWN_COLUMNS_PER_EVENT(FB_PER_EVENT_ROW) };

int fb_spawn_table(struct fb_table *t, const struct fb_perf_spec *perf)
{
	return fb_columns_table(t, spawn_columns, FB_ARRAY_LEN(spawn_columns), spawn_per_event,
				FB_ARRAY_LEN(spawn_per_event), perf);
}

static void put_like(struct fb_wire_msg *m, const struct fb_like_totals *o, const struct fb_like_totals *r)
{
	const uint64_t ov[6] = { o->vmas, o->anon_bytes, o->thp_bytes, o->shared_bytes, o->threads, o->fds };
	for (int i = 0; i < 6; i++)
		fb_wrow_int(m, FB_SPAWN_COL_like_vmas_original + 2 * i, (int64_t)ov[i]);
	if (!r)
		return;   /* not built: its cells stay empty */
	const uint64_t rv[6] = { r->vmas, r->anon_bytes, r->thp_bytes, r->shared_bytes, r->threads, r->fds };
	for (int i = 0; i < 6; i++)
		fb_wrow_int(m, FB_SPAWN_COL_like_vmas_replica + 2 * i, (int64_t)rv[i]);
}

static void put_keys(struct fb_wire_msg *m, const struct fb_spawn_config *cfg, int v,
		     const struct fb_heap *h, const struct fb_spawn_state *st)
{
	const bool exec = fb_spawn_variant_mode(cfg, v)->exec;
	fb_wrow_str(m, FB_SPAWN_COL_method, fb_spawn_variant_method(cfg, v)->name);
	fb_wrow_str(m, FB_SPAWN_COL_child, fb_spawn_variant_mode(cfg, v)->name);
	fb_wrow_str(m, FB_SPAWN_COL_exec_target, exec ? cfg->targets[cfg->variants[v].target].spec : "-");
	fb_wrow_str(m, FB_SPAWN_COL_heap, h->kind->name);
	fb_wrow_int(m, FB_SPAWN_COL_heap_bytes, (int64_t)h->len);
	fb_wrow_int(m, FB_SPAWN_COL_fds, (int64_t)fb_spawn_state_fds(cfg, st->index));
	fb_wrow_int(m, FB_SPAWN_COL_threads, (int64_t)fb_spawn_state_threads(cfg, st->index));
	if (st->fds_observed >= 0)
		fb_wrow_int(m, FB_SPAWN_COL_fds_observed, st->fds_observed);
	if (st->threads_observed >= 0)
		fb_wrow_int(m, FB_SPAWN_COL_threads_observed, st->threads_observed);
	fb_wrow_int(m, FB_SPAWN_COL_heap_mapped_bytes, (int64_t)h->mapped_len);
	fb_wrow_str(m, FB_SPAWN_COL_like, cfg->like.path[0] ? cfg->like.label : "-");
	if (cfg->like.path[0])
		put_like(m, &cfg->like.orig, st->like_built ? &st->like : NULL);
	fb_wrow_observed(m, FB_SPAWN_COL_rss_bytes, h);
}

int fb_spawn_send_sample(const struct fb_spawn_config *cfg, int v, const struct fb_heap *h,
			 const struct fb_spawn_state *st, uint64_t rep, const struct fb_spawn_sample *s)
{
	struct fb_wire_msg m;
	const int nev = cfg->perf.n;
	fb_wrow_begin(&m);
	put_keys(&m, cfg, v, h, st);
	fb_wrow_int(&m, FB_SPAWN_COL_rep, (int64_t)rep);
	fb_wrow_int(&m, FB_SPAWN_COL_slot, s->slot);
	if (s->prev >= 0) {
		char after[64];
		snprintf(after, sizeof(after), "%s/%s", fb_spawn_variant_method(cfg, s->prev)->name,
			 fb_spawn_variant_mode(cfg, s->prev)->name);
		fb_wrow_str(&m, FB_SPAWN_COL_after, after);
	}
	if (s->create_ns || s->total_ns) {
		fb_wrow_int(&m, FB_SPAWN_COL_create_ns, s->create_ns);
		fb_wrow_int(&m, FB_SPAWN_COL_total_ns, s->total_ns);
		fb_wrow_int(&m, FB_SPAWN_COL_parent_minflt, s->parent_minflt);
		fb_wrow_int(&m, FB_SPAWN_COL_child_minflt, s->child_minflt);
	}
	if (s->ready_ns >= 0)
		fb_wrow_int(&m, FB_SPAWN_COL_ready_ns, s->ready_ns);
	if (s->touched_ns >= 0)
		fb_wrow_int(&m, FB_SPAWN_COL_touched_ns, s->touched_ns);
	if (s->touch_minflt >= 0)
		fb_wrow_int(&m, FB_SPAWN_COL_touch_minflt, s->touch_minflt);
	for (int i = 0; i < nev; i++) {
		if (s->parent[i].valid)
			fb_wrow_int(&m, FB_SPAWN_COL_FIXED + i, s->parent[i].value);
		if (s->child[i].valid)
			fb_wrow_int(&m, FB_SPAWN_COL_FIXED + nev + i, s->child[i].value);
	}
	fb_wrow_str(&m, FB_SPAWN_COL_status, s->error[0] ? "error" : "ok");
	fb_wrow_str(&m, FB_SPAWN_COL_error, s->error);
	return fb_wire_send(&m);
}

int fb_spawn_send_skip(const struct fb_spawn_config *cfg, int v, const struct fb_heap *h,
		       const struct fb_spawn_state *st, int64_t rep, const char *why)
{
	struct fb_wire_msg m;
	fb_wrow_begin(&m);
	put_keys(&m, cfg, v, h, st);
	if (rep >= 0)
		fb_wrow_int(&m, FB_SPAWN_COL_rep, rep);
	fb_wrow_str(&m, FB_SPAWN_COL_status, "skipped");
	fb_wrow_str(&m, FB_SPAWN_COL_error, why);
	return fb_wire_send(&m);
}

/* put_like writes each original/replica pair by offset: keep them adjacent. */
_Static_assert(FB_SPAWN_COL_like_fds_replica == FB_SPAWN_COL_like_vmas_original + 11,
	       "LIKE_COLUMNS: original and replica columns alternate, six pairs");
