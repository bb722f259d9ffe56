/* spawn_run: what one repetition of forkbench-spawn does, in order, and why.
 *
 * Measures: the creation call in the parent (create_ns), call -> the child's
 * first instruction (ready_ns: the child, or the exec target, stores a
 * CLOCK_MONOTONIC timestamp in a shared memfd page), call -> child reaped
 * (total_ns), faults and perf counters of the parent over the call and of the
 * child over its life; and, once per run, bare fork/vfork+_exit+waitpid loops
 * (the floor the harness is compared against). Does not measure: heap
 * construction, verification, row sending — all outside the timed region.
 * An exec variant execs its own target (--exec-target: path and argv resolved at
 * init); each configuration's parent state (--fds, --threads) is set up and
 * counted back by src/spawn/spawn_state.c through the sweep's state hooks.
 * Runs in the worker: no stdio, no allocation in any timed region. */
#define _GNU_SOURCE
#include "spawn_run.h"
#include "counted.h"
#include "spawn_rows.h"
#include "exec_target.h"
#include "spawn_state.h"
#include "spawn_baseline.h"
#include "procinfo.h"
#include "spawn_targets.h"
#include "runctl.h"
#include "util.h"
#include "wire.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { BLOCK = 8, MAX_ZERO = FB_SPAWN_MAX_ZERO, STACK_BYTES = 64 << 10 };

/* In the process image, not mapped: no VMA of their own (every VMA is one more
 * that each fork copies), and only the pages a run uses are ever touched.
 * The CLONE_VM child's stack: it only calls its body (a clock read and exit,
 * or execve). */
static struct fb_spawn_sample block_samples[BLOCK * FB_SPAWN_MAX_VARIANTS];
static char clone_stack[STACK_BYTES] __attribute__((aligned(64)));

/* Everything a run needs, prepared before any timing. */
struct rep_ctx {
	const struct fb_spawn_config *cfg;
	struct fb_ready ready;
	struct fb_child child_exit, child_exec;   /* child_exec: the static target (settle) */
	struct fb_child target_exec[FB_SPAWN_MAX_TARGETS];   /* an exec variant's child, per target */
	struct fb_spawn_state state;              /* the parent state being measured */
	struct fb_spawn_parent parent;            /* its descriptors and idle threads */
	char *exec_argv[3];
	char *exec_envp[1];
	void *stack;
	size_t stack_len;
	struct fb_counted counted;                /* the counted passes of every block */
	struct fb_perf_tally tally;               /* every counted window, for the sidecar */
	const struct fb_method *settle_method;    /* vfork+exec after each measured creation */
	const struct fb_child_mode *settle_mode;
	struct fb_spawn_sample *smp;              /* one block: BLOCK x nvariants of block_samples */
	/* The worker's own heap-0 fork/vfork+exit totals, against the bare loops. */
	int64_t zero_fork[MAX_ZERO], zero_vfork[MAX_ZERO];
	int nzero_fork, nzero_vfork;
};

/* One creation, in the order that keeps the timed region to the call alone.
 * pc NULL: the timed pass, no counter open. Otherwise a counted pass (see
 * perf.h): the same steps with its counters enabled only where the pass
 * wants them, and the counts merged into dst's window entries (dst NULL: a
 * settle creation, counts discarded). */
static void measure(struct rep_ctx *x, const struct fb_method *method, const struct fb_child_mode *mode,
		    struct fb_spawn_sample *s, struct fb_perf_counted *pc, struct fb_spawn_sample *dst)
{
	memset(s, 0, sizeof(*s));
	s->ready_ns = s->touched_ns = s->touch_minflt = -1;
	const struct fb_child *c = mode->exec ? &x->child_exec : &x->child_exit;
	struct fb_spawned sp = { .pid = -1, .pidfd = -1 };

	*x->ready.ns = 0;                        /* 1. clear the slots the child will stamp */
	*x->ready.touched_ns = 0;
	*x->ready.touch_minflt = -1;
	int64_t flt_self = fb_minflt(RUSAGE_SELF);  /* 2. fault baselines, outside the clock */
	int64_t flt_kids = fb_minflt(RUSAGE_CHILDREN);
	if (pc)
		fb_perf_pass_begin(pc);          /* 3. a counted pass: its window opens last */
	int64_t t0 = fb_now_ns();
	int rc = method->spawn(c, &sp);          /* 4. the operation */
	int64_t t1 = fb_now_ns();
	if (pc)
		fb_perf_pass_call_end(pc);       /*    call counters stop before getrusage */
	/* Until the child is reaped, write nothing but this frame: a page the parent
	 * writes while a fork child still shares it is a copy-on-write copy inside
	 * total_ns that the bare loop does not pay (the stack page it pays too). */
	const int64_t parent_minflt = fb_minflt(RUSAGE_SELF) - flt_self;
	if (rc) {
		if (pc)
			fb_perf_pass_reaped(pc);  /* no child: the life pair stops, nothing collected */
		s->parent_minflt = parent_minflt;
		snprintf(s->error, sizeof(s->error), "%s failed: %s", method->name, strerror(-rc));
		return;
	}
	/* 5. Not tracked: the child leaves on its own at once (raw exit, or exec of
	 *    a target that exits), so a stop need not kill it — and a pid that is
	 *    never tracked can never be killed after it was reaped and reused. */
	int status = -1;
	rc = fb_reap(&sp, &status);              /* 6. reap: the end of total_ns */
	int64_t t2 = fb_now_ns();
	if (pc)
		fb_perf_pass_reaped(pc);          /*    life counters stop once the child is reaped */
	s->parent_minflt = parent_minflt;
	s->child_minflt = fb_minflt(RUSAGE_CHILDREN) - flt_kids;

	s->create_ns = t1 - t0;
	s->total_ns = t2 - t0;
	int64_t ready = *x->ready.ns;
	if (ready)
		s->ready_ns = ready - t0;
	const int64_t touched = *x->ready.touched_ns, touch_flt = *x->ready.touch_minflt;
	if (touched)
		s->touched_ns = touched - t0;
	if (touch_flt >= 0)
		s->touch_minflt = touch_flt;
	if (rc)
		snprintf(s->error, sizeof(s->error), "reaping failed: %s", strerror(-rc));
	else if (status != 0)
		snprintf(s->error, sizeof(s->error), "child exit status %d%s", status,
			 status == 127 ? " (execve of the target failed)" : "");
	else if (!ready)
		snprintf(s->error, sizeof(s->error), "child never stored its ready timestamp");
	/* 7. only a creation that worked, and was not interrupted, gives counts;
	 *    the child's come from fb_count_child inside collect (exact terms, >= 0) */
	if (pc && dst && !s->error[0] && !fb_stop_signal)
		fb_perf_pass_collect(pc, dst->parent, dst->child, &x->tally);
}

/* An exec variant's child execs its own target; the settle creations keep the
 * static one. pc/dst as in measure(): the timed pass passes NULL. --gap: an
 * idle wait first, outside the clock — a process that forks now and then
 * meets its page tables and struct pages cold (back to back they stay in
 * cache: a replica of a 191 MiB Redis forked in 1.4 ms back to back, 3.5 ms
 * after 300 ms idle, as Redis's own BGSAVE fork). */
static void measure_variant(struct rep_ctx *x, int p, struct fb_spawn_sample *s,
			 struct fb_perf_counted *pc, struct fb_spawn_sample *dst)
{
	if (x->cfg->gap_ms) {
		struct timespec ts = { x->cfg->gap_ms / 1000, (long)(x->cfg->gap_ms % 1000) * 1000000L };
		while (nanosleep(&ts, &ts) && errno == EINTR && !fb_stop_signal)
			;
	}
	const struct fb_child_mode *mode = fb_spawn_variant_mode(x->cfg, p);
	const struct fb_child settle = x->child_exec;
	if (mode->exec)
		x->child_exec = x->target_exec[x->cfg->variants[p].target];
	measure(x, fb_spawn_variant_method(x->cfg, p), mode, s, pc, dst);
	x->child_exec = settle;
}

/* One counted creation of the block (settle creations included, their
 * counts discarded): the counts go into the timed sample's entries, the
 * timings are discarded. */
static void counted_again(void *ctx, struct fb_heap *h, int p, size_t slot, struct fb_perf_counted *c)
{
	struct rep_ctx *x = ctx;
	(void)h;
	struct fb_spawn_sample twin;
	measure_variant(x, p, &twin, c, &x->smp[slot]);
	for (unsigned i = 0; i < x->cfg->settle && !fb_stop_signal; i++)
		measure(x, x->settle_method, x->settle_mode, &twin, c, NULL);
}

static int ctx_init(struct rep_ctx *x, const struct fb_spawn_config *cfg)
{
	memset(x, 0, sizeof(*x));
	x->cfg = cfg;
	x->settle_method = fb_method_find("vfork");
	x->settle_mode = fb_child_mode_find("exec");
	fb_counted_init(&x->counted, &cfg->perf, true, counted_again, x);
	x->ready.fd = -1;
	x->smp = block_samples;
	memset(x->smp, 0, BLOCK * (size_t)cfg->nvariants * sizeof(*x->smp));
	int rc = fb_ready_init(&x->ready);
	if (rc)
		return rc;
	/* The CLONE_VM child's stack, touched now, not in the call. */
	x->stack = clone_stack;
	x->stack_len = sizeof(clone_stack);
	fb_touch_pages(x->stack, x->stack_len, 0);
	x->exec_argv[0] = (char *)cfg->exec_target;
	x->exec_argv[1] = x->ready.fd_arg;
	x->exec_argv[2] = NULL;
	x->exec_envp[0] = NULL;   /* an empty environment: exec cost independent of the caller's */
	x->child_exec = (struct fb_child){ fb_body_exec, &x->child_exec, cfg->exec_target,
					   x->exec_argv, x->exec_envp, x->stack, x->stack_len };
	x->child_exit = (struct fb_child){ fb_body_exit, (void *)x->ready.ns, cfg->exec_target,
					   x->exec_argv, x->exec_envp, x->stack, x->stack_len };
	/* Each exec target's path and argv (the shell's -c line, large's SIZE);
	 * the body's arg is child_exec, where measure_variant puts the variant's copy. */
	return fb_spawn_targets_resolve(cfg, &x->child_exec, x->ready.fd_arg, x->exec_envp, x->stack,
					x->stack_len, x->target_exec);
}

/* Hooks: the parent state of each configuration (src/spawn/spawn_state.c). */
static int state_enter(void *ctx, struct fb_heap *h, int s, bool set_up, char *why, size_t len)
{
	struct rep_ctx *x = ctx;
	return fb_spawn_state_enter(x->cfg, &x->parent, h, s, set_up, &x->state, why, len);
}

static void state_leave(void *ctx, int s)
{
	struct rep_ctx *x = ctx;
	(void)s;
	fb_spawn_state_leave(&x->parent);
}

static void ctx_close(struct rep_ctx *x)
{
	if (x->ready.ns)
		fb_ready_close(&x->ready);
}

/* Hook: warm the process itself once (caches, its page tables, the exec
 * target in the page cache), so the first configuration is not special. */
static void warm(void *ctx)
{
	struct rep_ctx *x = ctx;
	const uint64_t n = x->cfg->plan.warmup ? x->cfg->plan.warmup : 1;
	for (uint64_t r = 0; r < n && !fb_stop_signal; r++)
		for (int p = 0; p < x->cfg->nvariants && !fb_stop_signal; p++) {
			struct fb_spawn_sample s;
			measure_variant(x, p, &s, NULL, NULL);
		}
}

/* Hook, timed pass: the variant once with no counter open, then `settle`
 * discarded vfork+exec creations — a large fork leaves the caches cold (it
 * walked every PTE and struct page), and this brings every variant back to the
 * same starting state. The sample waits in the block for its counted twin. */
static int sample(void *ctx, struct fb_heap *h, const struct fb_sweep_pos *pos)
{
	struct rep_ctx *x = ctx;
	const uint64_t r0 = pos->r / BLOCK * BLOCK;
	struct fb_spawn_sample *s = &x->smp[(pos->r - r0) * (uint64_t)x->cfg->nvariants + (uint64_t)pos->variant];
	measure_variant(x, pos->variant, s, NULL, NULL);
	s->measured = !fb_stop_signal;   /* an interrupted one is dropped */
	s->slot = pos->slot;
	s->prev = pos->prev;
	for (unsigned i = 0; i < x->cfg->settle && !fb_stop_signal; i++) {
		struct fb_spawn_sample discard;
		measure(x, x->settle_method, x->settle_mode, &discard, NULL, NULL);
	}
	return 0;
}

static void note_zero(struct rep_ctx *x, int p, const struct fb_heap *h, const struct fb_spawn_sample *s)
{
	if (h->len != 0 || s->error[0] || fb_spawn_variant_mode(x->cfg, p)->exec ||
	    fb_spawn_state_fds(x->cfg, x->state.index) || fb_spawn_state_threads(x->cfg, x->state.index))
		return;
	const char *m = fb_spawn_variant_method(x->cfg, p)->name;
	if (strcmp(m, "fork") == 0 && x->nzero_fork < MAX_ZERO)
		x->zero_fork[x->nzero_fork++] = s->total_ns;
	else if (strcmp(m, "vfork") == 0 && x->nzero_vfork < MAX_ZERO)
		x->zero_vfork[x->nzero_vfork++] = s->total_ns;
}

/* Hook, after each block: the counted passes over the same reps in the same
 * order (one per window of the PMU, call passes then life passes), then the
 * block's rows. After a stop: the rows measured, counter cells of reps not
 * counted yet left empty. */
static int end_block(void *ctx, struct fb_heap *h, const struct fb_sweep_block *b)
{
	struct rep_ctx *x = ctx;
	const int n = b->n;
	for (uint64_t i = 0; i < (b->r1 - b->r0) * (uint64_t)n; i++) {
		fb_perf_counts_clear(x->smp[i].parent);
		fb_perf_counts_clear(x->smp[i].child);
	}
	fb_counted_block(&x->counted, h, b);
	int rc = 0;
	for (uint64_t r = b->r0 > b->warmup ? b->r0 : b->warmup; r < b->r1 && !rc; r++)
		for (int k = 0; k < n && !rc; k++) {
			const int p = b->orders[(r - b->r0) * (uint64_t)n + (uint64_t)k];
			struct fb_spawn_sample *s = &x->smp[(r - b->r0) * (uint64_t)n + (uint64_t)p];
			if (!s->measured)
				continue;
			note_zero(x, p, h, s);
			rc = fb_spawn_send_sample(x->cfg, p, h, &x->state, b->first_rep + r - b->warmup, s);
		}
	memset(x->smp, 0, BLOCK * (size_t)n * sizeof(*x->smp));
	return rc;
}

/* One creation + exit with the runner's own measure(): total_ns, or -1 on an error. */
static int64_t exit_once(void *ctx, const struct fb_method *m)
{
	struct fb_spawn_sample s;
	measure(ctx, m, fb_child_mode_find("exit"), &s, NULL, NULL);
	return s.error[0] ? -1 : s.total_ns;
}

static int skip(void *ctx, const struct fb_heap *h, int variant, int64_t rep, const char *why)
{
	struct rep_ctx *x = ctx;
	return fb_spawn_send_skip(x->cfg, variant, h, &x->state, rep, why);
}

int fb_spawn_worker(const struct fb_spawn_config *cfg)
{
	if (cfg->nvariants < 1 || cfg->nvariants > FB_SPAWN_MAX_VARIANTS)
		return -EINVAL;
	/* 0. the bare loops, from the process before it holds anything but itself */
	if (cfg->baseline_loops) {
		fb_wire_info("baseline_fork_exit_ns", fb_spawn_bare_loop(false, cfg->baseline_loops));
		fb_wire_info("baseline_vfork_exit_ns", fb_spawn_bare_loop(true, cfg->baseline_loops));
	}
	static struct rep_ctx x;
	int rc = ctx_init(&x, cfg);
	if (rc) {
		ctx_close(&x);
		return rc;
	}
	/* 0b. the runner's own measure() back to back, fork/vfork + exit, in the
	 *     process as the sweep starts it: what the protocol adds to the bare loop,
	 *     apart from what interleaving with other variants does to caches */
	if (cfg->baseline_loops) {
		fb_wire_info("protocol_fork_exit_ns",
			     fb_spawn_protocol_loop(cfg->baseline_loops, fb_method_find("fork"), exit_once, &x));
		fb_wire_info("protocol_vfork_exit_ns",
			     fb_spawn_protocol_loop(cfg->baseline_loops, fb_method_find("vfork"), exit_once, &x));
	}
	const struct fb_sweep_hooks hk = {
		.ctx = &x, .nvariants = cfg->nvariants, .shuffle = true, .block = BLOCK,
		.warm = warm, .sample = sample, .end_block = end_block, .skip = skip,
		.state_enter = state_enter, .state_leave = state_leave,
	};
	rc = fb_sweep_run(&cfg->plan, &hk);
	fb_wire_perf_tally(&x.tally, cfg->perf.n, x.counted.passes, x.counted.npasses);
	if (x.nzero_fork)
		fb_wire_info("worker_fork_exit_ns", fb_spawn_median_ns(x.zero_fork, x.nzero_fork));
	if (x.nzero_vfork)
		fb_wire_info("worker_vfork_exit_ns", fb_spawn_median_ns(x.zero_vfork, x.nzero_vfork));
	ctx_close(&x);
	return rc;
}
