/* stall_run: what one repetition of forkbench-stall does, in order, and why.
 *
 * Measures: how long the parent's other thread is held up while the main
 * thread creates a child. The sibling (stall_sibling.c) loops on mmap + write
 * + munmap of one page and records each operation; the main thread reads the
 * clock around the creation call (t0, t1), reaps the child, then spins for a
 * quiet window as long as the call (b0, b1), doing nothing — same CPUs busy,
 * no creation. Per window: the operations overlapping it, their median, p99
 * and longest latency; stall_ns is the longest over the creation call. Does
 * not measure: the creation's own cost beyond create_ns (forkbench-spawn does),
 * the heap's construction, the reap, CSV writing (the sibling is idle then). */
#define _GNU_SOURCE
#include "stall_run.h"
#include "columns.h"
#include "heap.h"
#include "procinfo.h"
#include "runctl.h"
#include "stall_sibling.h"
#include "stats.h"
#include "util.h"
#include "wire.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* The CSV columns of forkbench-stall: src/stall/columns.tbl. */
#include "stall_columns.h"

enum { STALL_COLUMNS(FB_COL_ENUM) COL_FIXED };
static const struct fb_column stall_columns[] = { STALL_COLUMNS(FB_COL_ROW) };

int fb_stall_table(struct fb_table *t, const struct fb_perf_spec *perf)
{
	/* no per-event columns: the measurement is the sibling's clock */
	return fb_columns_table(t, stall_columns, FB_ARRAY_LEN(stall_columns), NULL, 0, perf);
}

struct window {
	int64_t ops, p50_ns, p99_ns, max_ns;
};

struct sample {
	int64_t create_ns;
	struct window during, base;
	char error[160];
};

/* Everything a repetition needs, prepared before any timing. */
struct ctx {
	const struct fb_stall_config *cfg;
	struct fb_sibling sib;
	double *scratch;          /* latencies of one window, sorted */
	struct fb_ready ready;
	struct fb_child child_exit, child_exec;
	char *exec_argv[3], *exec_envp[1];
	void *stack;
	size_t stack_len;
	struct fb_like_replica like;   /* --like: the replica and its totals read back */
};

/* The operations overlapping [w0, w1]: an operation blocked across the whole
 * window overlaps it, which is the point. */
static void window_stats(struct ctx *x, size_t n, int64_t w0, int64_t w1, struct window *w)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const struct fb_stall_op *op = &x->sib.ops[i];
		if (op->start_ns < w1 && op->end_ns > w0)
			x->scratch[k++] = (double)(op->end_ns - op->start_ns);
	}
	memset(w, 0, sizeof(*w));
	w->ops = (int64_t)k;
	if (!k)
		return;
	struct fb_stats st;
	fb_stats_compute(x->scratch, k, &st);
	w->p50_ns = (int64_t)st.median;
	w->p99_ns = (int64_t)st.p99;
	w->max_ns = (int64_t)st.max;
}

static void measure(struct ctx *x, const struct fb_stall_variant *p, struct sample *s)
{
	memset(s, 0, sizeof(*s));
	const struct fb_method *method = &fb_methods[p->method];
	const struct fb_child *c = fb_child_modes[p->mode].exec ? &x->child_exec : &x->child_exit;
	struct fb_spawned sp = { .pid = -1, .pidfd = -1 };
	*x->ready.ns = 0;
	int rc = fb_sibling_run(&x->sib);        /* 1. the sibling's loop is steady */
	if (rc) {
		fb_sibling_pause(&x->sib);
		snprintf(s->error, sizeof(s->error), "sibling loop did not start: %s", strerror(-rc));
		return;
	}
	int64_t t0 = fb_now_ns();                /* 2. the creation call */
	rc = method->spawn(c, &sp);
	int64_t t1 = fb_now_ns();
	int status = -1;
	if (!rc) {                               /* 3. reap: outside both windows */
		fb_child_track(sp.pid);
		rc = fb_reap(&sp, &status);
		fb_child_untrack(sp.pid);
		if (rc)
			snprintf(s->error, sizeof(s->error), "reaping failed: %s", strerror(-rc));
	} else {
		snprintf(s->error, sizeof(s->error), "%s failed: %s", method->name, strerror(-rc));
	}
	/* 4. the quiet window: as long as the call, the main thread spinning so
	 *    both CPUs are as busy as during the call, only no creation going on */
	int64_t b0 = fb_now_ns(), b1 = b0 + (t1 - t0);
	while (fb_now_ns() < b1)
		;
	size_t n = fb_sibling_pause(&x->sib);   /* 5. idle again before any reading */
	if (s->error[0])
		return;
	if (atomic_load(&x->sib.overflow))
		snprintf(s->error, sizeof(s->error), "sibling buffer full (%u operations)", FB_STALL_OPS_CAP);
	else if (atomic_load(&x->sib.err))
		snprintf(s->error, sizeof(s->error), "sibling operation failed: %s", strerror(-atomic_load(&x->sib.err)));
	else if (status != 0)
		snprintf(s->error, sizeof(s->error), "child exit status %d", status);
	else if (!*x->ready.ns)
		snprintf(s->error, sizeof(s->error), "child never stored its ready timestamp");
	s->create_ns = t1 - t0;
	window_stats(x, n, t0, t1, &s->during);
	window_stats(x, n, b0, b1, &s->base);
}

/* --like: the original's totals, and the replica's when it was built (else empty). */
static void put_like(struct fb_wire_msg *m, const struct fb_stall_config *cfg, const struct fb_like_replica *r)
{
	fb_wrow_str(m, COL_like, cfg->like.path[0] ? cfg->like.label : "-");
	if (!cfg->like.path[0])
		return;
	const struct fb_like_totals *o = &cfg->like.orig, *g = &r->got;
	const uint64_t ov[6] = { o->vmas, o->anon_bytes, o->thp_bytes, o->shared_bytes, o->threads, o->fds };
	const uint64_t rv[6] = { g->vmas, g->anon_bytes, g->thp_bytes, g->shared_bytes, g->threads, g->fds };
	for (int i = 0; i < 6; i++) {
		fb_wrow_int(m, COL_like_vmas_original + 2 * i, (int64_t)ov[i]);
		if (r->built)
			fb_wrow_int(m, COL_like_vmas_replica + 2 * i, (int64_t)rv[i]);
	}
}
_Static_assert(COL_like_fds_replica == COL_like_vmas_original + 11,
	       "LIKE_COLUMNS: original and replica columns alternate, six pairs");

static void put_common(struct fb_wire_msg *m, const struct fb_stall_config *cfg, const struct fb_stall_variant *p,
		       const struct fb_heap *h, const struct fb_like_replica *like)
{
	fb_wrow_str(m, COL_method, fb_methods[p->method].name);
	fb_wrow_str(m, COL_child, fb_child_modes[p->mode].name);
	fb_wrow_str(m, COL_heap, h->kind->name);
	fb_wrow_int(m, COL_heap_bytes, (int64_t)h->len);
	fb_wrow_observed(m, COL_rss_bytes, h);
	if (cfg->sibling_cpu >= 0)
		fb_wrow_int(m, COL_sibling_cpu, cfg->sibling_cpu);
	put_like(m, cfg, like);
}

static int send_sample(const struct ctx *x, const struct fb_stall_variant *p, const struct fb_heap *h,
		       uint64_t rep, const struct sample *s)
{
	struct fb_wire_msg m;
	fb_wrow_begin(&m);
	put_common(&m, x->cfg, p, h, &x->like);
	fb_wrow_int(&m, COL_rep, (int64_t)rep);
	if (s->create_ns) {
		fb_wrow_int(&m, COL_create_ns, s->create_ns);
		fb_wrow_int(&m, COL_during_ops, s->during.ops);
		fb_wrow_int(&m, COL_base_ops, s->base.ops);
		if (s->during.ops) {
			fb_wrow_int(&m, COL_stall_ns, s->during.max_ns);
			fb_wrow_int(&m, COL_during_p50_ns, s->during.p50_ns);
			fb_wrow_int(&m, COL_during_p99_ns, s->during.p99_ns);
		}
		if (s->base.ops) {
			fb_wrow_int(&m, COL_base_p50_ns, s->base.p50_ns);
			fb_wrow_int(&m, COL_base_p99_ns, s->base.p99_ns);
			fb_wrow_int(&m, COL_base_max_ns, s->base.max_ns);
		}
	}
	fb_wrow_str(&m, COL_status, s->error[0] ? "error" : "ok");
	fb_wrow_str(&m, COL_error, s->error);
	return fb_wire_send(&m);
}

static int ctx_init(struct ctx *x, const struct fb_stall_config *cfg)
{
	memset(x, 0, sizeof(*x));
	x->cfg = cfg;
	x->ready.fd = -1;
	int rc = fb_ready_init(&x->ready);
	if (rc)
		return rc;
	x->scratch = malloc(FB_STALL_OPS_CAP * sizeof(double));
	if (!x->scratch)
		return -ENOMEM;
	fb_touch_pages((volatile char *)x->scratch, FB_STALL_OPS_CAP * sizeof(double), 0);
	/* The CLONE_VM children need their own stack; mapped and touched now. */
	x->stack_len = 256 << 10;
	x->stack = mmap(NULL, x->stack_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (x->stack == MAP_FAILED) {
		x->stack = NULL;
		return -errno;
	}
	fb_touch_pages(x->stack, x->stack_len, 0);
	x->exec_argv[0] = (char *)cfg->exec_target;
	x->exec_argv[1] = x->ready.fd_arg;
	x->exec_argv[2] = NULL;
	x->exec_envp[0] = NULL;
	x->child_exec = (struct fb_child){ .body = fb_body_exec, .arg = &x->child_exec,
		.exec_path = cfg->exec_target, .exec_argv = x->exec_argv, .exec_envp = x->exec_envp,
		.stack = x->stack, .stack_len = x->stack_len };
	x->child_exit = x->child_exec;
	x->child_exit.body = fb_body_exit;
	x->child_exit.arg = (void *)x->ready.ns;
	return fb_sibling_start(&x->sib, cfg->sibling_cpu, FB_STALL_OPS_CAP);
}

static void ctx_close(struct ctx *x)
{
	fb_sibling_stop(&x->sib);
	free(x->scratch);
	if (x->stack)
		munmap(x->stack, x->stack_len);
	fb_ready_close(&x->ready);
}

/* Hook: one sample of variant pos->variant; its row unless warm-up or stopped. */
static int sample(void *ctx, struct fb_heap *h, const struct fb_sweep_pos *pos)
{
	struct ctx *x = ctx;
	const struct fb_stall_variant *p = &x->cfg->variants[pos->variant];
	struct sample s;
	measure(x, p, &s);
	if (pos->warmup || fb_stop_signal)
		return 0;
	return send_sample(x, p, h, pos->rep, &s);
}

/* Hook: a configuration whose heap could not be set up (or verified). */
static int skip(void *ctx, const struct fb_heap *h, int variant, int64_t rep, const char *why)
{
	struct ctx *x = ctx;
	struct fb_wire_msg m;
	fb_wrow_begin(&m);
	put_common(&m, x->cfg, &x->cfg->variants[variant], h, &x->like);
	if (rep >= 0)
		fb_wrow_int(&m, COL_rep, rep);
	fb_wrow_str(&m, COL_status, "skipped");
	fb_wrow_str(&m, COL_error, why);
	return fb_wire_send(&m);
}

/* Hook, with --like only: the replica beside the (zero-byte) heap, built and
 * read back before timing; outside the tolerances its configuration is skip rows. */
static int like_enter(void *ctx, struct fb_heap *h, int state, bool set_up, char *why, size_t len)
{
	struct ctx *x = ctx;
	if (!set_up)
		return 0;
	int rc = fb_like_build(&x->cfg->like, &x->like, why, len);
	if (rc == 0 && h->process.vmas && (rc = fb_mem_process(0, &h->process)))
		snprintf(why, len, "reading /proc/self/smaps_rollup failed: %s", strerror(-rc));
	return rc < 0 ? 1 : rc;
}

static void like_leave(void *ctx, int state)
{
	fb_like_teardown(&((struct ctx *)ctx)->like);
}

int fb_stall_worker(const struct fb_stall_config *cfg)
{
	if (cfg->nvariants < 1 || cfg->nvariants > FB_STALL_MAX_VARIANTS)
		return -EINVAL;
	for (int p = 0; p < cfg->nvariants; p++)
		if (cfg->variants[p].method >= fb_method_count || cfg->variants[p].mode >= fb_child_mode_count)
			return -EINVAL;
	static struct ctx x;
	int rc = ctx_init(&x, cfg);
	if (!rc) {
		/* A new reproducible order of the variants in every repetition, so drift
		 * does not always land on the same variant. */
		const struct fb_sweep_hooks hk = {
			.ctx = &x, .nvariants = cfg->nvariants, .shuffle = true, .sample = sample, .skip = skip,
			.state_enter = cfg->like.path[0] ? like_enter : NULL,
			.state_leave = cfg->like.path[0] ? like_leave : NULL,
		};
		rc = fb_sweep_run(&cfg->plan, &hk);
	}
	fb_kill_children();
	ctx_close(&x);
	return rc;
}
