/* spawn_run: what one repetition of forkbench-spawn does, in order, and why.
 *
 * Measures: the creation call in the parent (create_ns), call -> the child's
 * first instruction (ready_ns: the child, or the exec target, stores a
 * CLOCK_MONOTONIC timestamp in a shared memfd page), call -> child reaped
 * (total_ns), faults and perf counters of the parent over the call and of the
 * child over its life. Does not measure: heap construction, verification, CSV
 * writing — all outside the timed region. */
#define _GNU_SOURCE
#include "spawn_run.h"
#include "spawn_rows.h"
#include "procinfo.h"
#include "runctl.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>


/* Everything one repetition needs, prepared before any timing. */
struct rep_ctx {
	const struct fb_spawn_config *cfg;
	struct fb_ready ready;
	struct fb_child child_exit, child_exec;
	char *exec_argv[3];
	char *exec_envp[1];
	void *stack;
	size_t stack_len;
	struct fb_perf_set call, life_parent, life_all;
};

static int64_t minflt(int who)
{
	struct rusage ru;
	getrusage(who, &ru);
	return ru.ru_minflt;
}

/* One creation, in the order that keeps the timed region to the call alone. */
static void measure(struct rep_ctx *x, const struct fb_spawn_pair *p, struct fb_spawn_sample *s)
{
	memset(s, 0, sizeof(*s));
	s->ready_ns = -1;
	const struct fb_child *c = p->mode->exec ? &x->child_exec : &x->child_exit;
	struct fb_spawned sp = { .pid = -1, .pidfd = -1 };

	*x->ready.ns = 0;                        /* 1. clear the slot the child will stamp */
	int64_t flt_self = minflt(RUSAGE_SELF);  /* 2. fault baselines, outside the clock */
	int64_t flt_kids = minflt(RUSAGE_CHILDREN);
	fb_perf_start(&x->life_all);             /* 3. life counters first, call counters last, */
	fb_perf_start(&x->life_parent);          /*    so only the call sits between t0 and t1 */
	fb_perf_start(&x->call);
	int64_t t0 = fb_now_ns();
	int rc = p->method->spawn(c, &sp);       /* 4. the operation */
	int64_t t1 = fb_now_ns();
	s->parent_minflt = minflt(RUSAGE_SELF) - flt_self;
	fb_perf_stop(&x->call);
	if (rc) {
		fb_perf_stop(&x->life_parent);
		fb_perf_stop(&x->life_all);
		snprintf(s->error, sizeof(s->error), "%s failed: %s", p->method->name, strerror(-rc));
		return;
	}
	fb_child_track(sp.pid);                  /* 5. a signal from here on kills it */
	int status = -1;
	rc = fb_reap(&sp, &status);              /* 6. reap: the end of total_ns */
	int64_t t2 = fb_now_ns();
	fb_child_untrack(sp.pid);
	fb_perf_stop(&x->life_parent);
	fb_perf_stop(&x->life_all);
	s->child_minflt = minflt(RUSAGE_CHILDREN) - flt_kids;

	s->create_ns = t1 - t0;
	s->total_ns = t2 - t0;
	int64_t ready = *x->ready.ns;
	if (ready)
		s->ready_ns = ready - t0;
	fb_perf_read(&x->call, s->parent);
	struct fb_count lp[FB_PERF_MAX], la[FB_PERF_MAX];
	fb_perf_read(&x->life_parent, lp);
	fb_perf_read(&x->life_all, la);
	for (int i = 0; i < FB_PERF_MAX; i++) {   /* 7. child = (parent + reaped children) - parent */
		s->child[i].valid = lp[i].valid && la[i].valid;
		s->child[i].value = la[i].value - lp[i].value;
	}
	if (rc)
		snprintf(s->error, sizeof(s->error), "reaping failed: %s", strerror(-rc));
	else if (status != 0)
		snprintf(s->error, sizeof(s->error), "child exit status %d%s", status,
			 status == 127 ? " (execve of the target failed)" : "");
	else if (!ready)
		snprintf(s->error, sizeof(s->error), "child never stored its ready timestamp");
}

/* A different, reproducible order of the n pairs for repetition r (Fisher-Yates
 * driven by a 64-bit LCG seeded with r), computed outside any timed region. */
static void shuffle(int *order, int n, uint64_t r)
{
	uint64_t x = r * 0x9E3779B97F4A7C15ULL + 1;
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

static int ctx_init(struct rep_ctx *x, const struct fb_spawn_config *cfg)
{
	memset(x, 0, sizeof(*x));
	x->cfg = cfg;
	int rc = fb_ready_init(&x->ready);
	if (rc)
		return rc;
	/* The CLONE_VM child needs its own stack; mapped and touched now, not in the call. */
	x->stack_len = 256 << 10;
	x->stack = mmap(NULL, x->stack_len, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (x->stack == MAP_FAILED)
		return -errno;
	fb_touch_pages(x->stack, x->stack_len, 0);
	x->exec_argv[0] = (char *)cfg->exec_target;
	x->exec_argv[1] = x->ready.fd_arg;
	x->exec_argv[2] = NULL;
	x->exec_envp[0] = NULL;   /* an empty environment: exec cost independent of the caller's */
	x->child_exec = (struct fb_child){ fb_body_exec, &x->child_exec, cfg->exec_target,
					   x->exec_argv, x->exec_envp, x->stack, x->stack_len };
	x->child_exit = (struct fb_child){ fb_body_exit, (void *)x->ready.ns, cfg->exec_target,
					   x->exec_argv, x->exec_envp, x->stack, x->stack_len };
	fb_perf_init(&x->call);
	fb_perf_init(&x->life_parent);
	fb_perf_init(&x->life_all);
	return 0;
}

/* Counters are open only around the counted twin of a measurement: an open
 * inherited counter is cloned into every child the kernel creates (about 3 us
 * per event here), which would otherwise sit inside every timed call. */
static int counters_open(struct rep_ctx *x)
{
	const struct fb_perf_spec *ps = &x->cfg->common->perf;
	int rc = fb_perf_open(&x->call, ps, false);
	if (!rc)
		rc = fb_perf_open(&x->life_parent, ps, false);
	if (!rc)
		rc = fb_perf_open(&x->life_all, ps, true);
	return rc;
}

static void counters_close(struct rep_ctx *x)
{
	fb_perf_close(&x->call);
	fb_perf_close(&x->life_parent);
	fb_perf_close(&x->life_all);
}

static void ctx_close(struct rep_ctx *x)
{
	counters_close(x);
	if (x->stack && x->stack != MAP_FAILED)
		munmap(x->stack, x->stack_len);
	fb_ready_close(&x->ready);
}

static bool counting(const struct fb_common_opts *o)
{
	for (int i = 0; i < o->perf.n; i++)
		if (o->perf.ev[i].usable)
			return true;
	return false;
}

/* One heap configuration, in two phases.
 * Timed phase: warm-up then measured reps, every pair once per rep, in a new
 * reproducible order each rep (drift hits all alike, and whatever one pair
 * leaves behind does not always land on the same next pair; slot and after
 * are in each row), no counter open anywhere — an open inherited counter is
 * cloned into every child (about 3 us per event here) and would sit inside
 * every timed call. After each measured pair, `settle` discarded vfork+exec
 * creations: a large fork leaves the caches cold (it walked every PTE and
 * struct page), and this brings every pair back to the same starting state.
 * Counted phase: the same reps in the same order again with the counters open;
 * their counts go in the timed phase's rows, their timings are discarded.
 * Both phases run per block of reps; the block's rows are written when it
 * ends, or at a stop with what was measured (counter cells of reps not counted
 * yet stay empty). */
static int measure_config(struct rep_ctx *x, const struct fb_heap *h, struct fb_table *t,
			  struct fb_progress *prog, const char *label, uint64_t first_rep, uint64_t nmeasured)
{
	enum { BLOCK = 8 };   /* reps per block: bounded memory, rows written as blocks end */
	const struct fb_spawn_config *cfg = x->cfg;
	const struct fb_common_opts *o = cfg->common;
	const struct fb_spawn_pair settler = { fb_method_find("vfork"), fb_child_mode_find("exec") };
	const uint64_t nreps = o->warmup + nmeasured;
	const int n = cfg->npairs;
	struct fb_spawn_sample *smp = calloc(BLOCK * (size_t)n, sizeof(*smp));
	if (!smp)
		return -ENOMEM;
	int last = -1, rc = 0;
	for (uint64_t r0 = 0; r0 < nreps && !rc && !fb_stop_signal; r0 += BLOCK) {
		const uint64_t r1 = r0 + BLOCK < nreps ? r0 + BLOCK : nreps;
		memset(smp, 0, BLOCK * (size_t)n * sizeof(*smp));
		for (uint64_t r = r0; r < r1 && !fb_stop_signal; r++) {
			int order[64];
			shuffle(order, n, first_rep + r);
			for (int k = 0; k < n && !fb_stop_signal; k++) {
				struct fb_spawn_sample *s = &smp[(r - r0) * (uint64_t)n + (uint64_t)order[k]];
				measure(x, &cfg->pairs[order[k]], s);
				s->measured = !fb_stop_signal;   /* an interrupted one is dropped */
				s->slot = k;
				s->prev = last;
				last = order[k];
				for (unsigned i = 0; i < cfg->settle && !fb_stop_signal; i++) {
					struct fb_spawn_sample discard;
					measure(x, &settler, &discard);
				}
				fb_progress_step(prog, label);
			}
		}
		int orc = 0;
		if (counting(o) && !fb_stop_signal && (orc = counters_open(x)) == 0) {
			for (uint64_t r = r0; r < r1 && !fb_stop_signal; r++) {
				int order[64];
				shuffle(order, n, first_rep + r);
				for (int k = 0; k < n && !fb_stop_signal; k++) {
					struct fb_spawn_sample twin, *s = &smp[(r - r0) * (uint64_t)n + (uint64_t)order[k]];
					measure(x, &cfg->pairs[order[k]], &twin);
					if (!fb_stop_signal && !twin.error[0]) {
						memcpy(s->parent, twin.parent, sizeof(s->parent));
						memcpy(s->child, twin.child, sizeof(s->child));
					}
					fb_progress_step(prog, label);
				}
			}
			counters_close(x);
		}
		if (orc)
			fprintf(stderr, "forkbench-spawn: opening counters failed: %s; counter cells stay empty\n",
				strerror(-orc));
		for (uint64_t r = r0 > o->warmup ? r0 : o->warmup; r < r1 && !rc; r++) {
			int order[64];
			shuffle(order, n, first_rep + r);
			for (int k = 0; k < n && !rc; k++) {
				const struct fb_spawn_sample *s = &smp[(r - r0) * (uint64_t)n + (uint64_t)order[k]];
				if (s->measured)
					rc = fb_spawn_write_sample(t, &cfg->pairs[order[k]], h, o->cpu,
								   first_rep + r - o->warmup, s,
							  s->prev >= 0 ? &cfg->pairs[s->prev] : NULL, o->perf.n);
			}
		}
	}
	free(smp);
	return rc;
}

/* One configuration of one round: build the heap and read back what we got
 * (before any timing); a setup that did not happen is reported, never
 * measured; else time it. */
static int sweep_one(struct rep_ctx *x, struct fb_table *t, struct fb_progress *prog,
		     const struct fb_heap_kind *kind, uint64_t size, uint64_t first, uint64_t count)
{
	const struct fb_spawn_config *cfg = x->cfg;
	const struct fb_common_opts *o = cfg->common;
	struct fb_heap_params hp = { .fragments = o->fragments };
	struct fb_heap h;
	int rc = fb_heap_create(&h, kind, size, &hp);
	if (rc) {
		snprintf(h.skip_reason, sizeof(h.skip_reason), "heap setup failed: %s", strerror(-rc));
		h.kind = kind;
		h.len = size;
	}
	if (h.skip_reason[0]) {
		for (int p = 0; p < cfg->npairs; p++)
			fb_spawn_write_skip(t, &cfg->pairs[p], &h, o->cpu, h.skip_reason);
		fb_heap_destroy(&h);
		prog->done += (o->warmup + count) * (uint64_t)cfg->npairs * (counting(o) ? 2 : 1);
		return 0;
	}
	char label[128], sz[32];
	fb_format_size(h.len, sz, sizeof(sz));
	snprintf(label, sizeof(label), "%s %s", h.kind->name, sz);
	rc = measure_config(x, &h, t, prog, label, first, count);
	fb_heap_destroy(&h);
	return rc;
}

int fb_spawn_sweep(const struct fb_spawn_config *cfg, struct fb_table *t)
{
	const struct fb_common_opts *o = cfg->common;
	struct rep_ctx x;
	int rc = ctx_init(&x, cfg);
	if (rc) {
		ctx_close(&x);
		return rc;
	}
	struct fb_progress prog;
	fb_progress_init(&prog, (uint64_t)o->nheaps * (uint64_t)o->nsizes *
				       (o->warmup * cfg->rounds + o->reps) * (uint64_t)cfg->npairs *
				       (counting(o) ? 2 : 1));
	/* 0. warm the process itself once (caches, page tables of the runner, the
	 *    exec target in the page cache): the first configuration is not special */
	for (uint64_t r = 0; r < (o->warmup ? o->warmup : 1) && !fb_stop_signal; r++)
		for (int p = 0; p < cfg->npairs && !fb_stop_signal; p++) {
			struct fb_spawn_sample s;
			measure(&x, &cfg->pairs[p], &s);
		}
	/* Rounds: the whole sweep again, with a share of the reps each time, so a
	 * slow stretch of the host lands on one round of a configuration, not on all
	 * of its repetitions (configurations are otherwise timed in one window each). */
	for (unsigned round = 0; round < cfg->rounds && !fb_stop_signal; round++) {
		uint64_t first = o->reps / cfg->rounds * round + (round < o->reps % cfg->rounds ? round : o->reps % cfg->rounds);
		uint64_t count = o->reps / cfg->rounds + (round < o->reps % cfg->rounds);
		for (int hi = 0; hi < o->nheaps && !fb_stop_signal; hi++) {
			for (int si = 0; si < o->nsizes && !fb_stop_signal; si++) {
				rc = sweep_one(&x, t, &prog, o->heaps[hi], o->sizes[si], first, count);
				if (rc) {
					ctx_close(&x);
					return rc;
				}
			}
		}
	}
	fb_progress_end(&prog);
	fb_kill_children();
	ctx_close(&x);
	return fb_stop_signal ? -EINTR : 0;
}
