/* forkbench-spawn: what each way of creating a process costs as the parent's
 * heap grows. Declares the sweep (methods x child actions x heap kinds x
 * sizes) and hands it to the runner in src/spawn/spawn_run.c, which owns the
 * protocol. Does not measure copy-on-write faults after creation: that is
 * forkbench-cow. */
#define _GNU_SOURCE
#include "cli.h"
#include "runctl.h"
#include "driver.h"
#include "exec_target.h"
#include "like.h"
#include "parent_state.h"
#include "runs.h"
#include "sidecar.h"
#include "spawn_run.h"
#include "spawn_sidecar.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *prog = "forkbench-spawn";

enum { OPT_SETTLE = FB_OPT_DRIVER, OPT_ROUNDS, OPT_EXEC_TARGET, OPT_FDS, OPT_THREADS, OPT_GAP };

/* Iterations of each bare loop a run times before its sweep (baseline_*). */
#define BASELINE_LOOPS 200

static void usage(void)
{
	printf("usage: %s [options]\n\n"
	       "Times process creation (fork, vfork, clone, clone_vm, clone3, posix_spawn)\n"
	       "as the parent's heap grows. Writes a raw CSV (one row per repetition), a\n"
	       "summary CSV and a .meta sidecar describing the machine.\n\n"
	       "  --methods LIST     creation methods (default: all but the [opt-in] rows; all: every\n"
	       "                     row; see --list)\n"
	       "  --child LIST       child actions: exit, exec (default: both)\n"
	       "  --settle N         discarded vfork+exec creations after each measured one,\n"
	       "                     so a large fork's cold caches do not land on the next\n"
	       "                     variant (default 1; 0 keeps the after-effect)\n"
	       "  --exec-target LIST image the exec child starts: static, dynamic, shell,\n"
	       "                     large:SIZE (default static; see --list)\n"
	       "  --fds LIST         descriptors the parent holds open, e.g. 0,1000,50000\n"
	       "                     (default 0; at most what RLIMIT_NOFILE allows)\n"
	       "  --threads LIST     idle sibling threads in the parent, e.g. 0,16,64 (default 0)\n"
	       "  --like PID         the parent is a replica of process PID's shape (VMAs, anonymous\n"
	       "                     and THP bytes, shared and file mappings, threads, fds; docs/like.md)\n"
	       "  --like-file FILE   the same from a capture (forkbench capture PID > FILE)\n"
	       "  --gap MS           sleep MS milliseconds before each measured creation, as a\n"
	       "                     process that forks now and then (default 0: back to back,\n"
	       "                     its page tables and struct pages still in cache)\n"
	       FB_COMMON_HELP
	       "\nDefaults: --sizes 0,1M,16M,256M,1G,4G (those that fit) --heap every kind but mthp:SIZE and thp-pte --reps 11 --warmup 2\n"
	       "          --runs 3 --settle 1\n"
	       "          -o results/spawn.csv\n"
	       "--quick:  --sizes 0,16M,128M --heap untouched,touched,thp --reps 5 --warmup 1\n"
	       "Exit status: 0 ok, 1 failure, 2 bad usage, 128+N stopped by signal N.\n",
	       prog);
}

static void list_tables(void)
{
	fb_list_methods();
	printf("exec targets:\n");
	for (size_t i = 0; i < fb_exec_kind_count; i++)
		printf("  %-15s %s\n", fb_exec_kinds[i].name, fb_exec_kinds[i].desc);
	fb_list_heap_kinds();
}

/* --fds/--threads: a comma list of whole numbers from 0 to max; returns the count. */
static int parse_counts(const char *opt, const char *s, uint64_t max, uint64_t *out)
{
	char buf[1024], *items[FB_SPAWN_MAX_AXIS];
	snprintf(buf, sizeof(buf), "%s", s);
	int n = fb_split_list(buf, items, FB_SPAWN_MAX_AXIS);
	if (n <= 0)
		fb_usage_error(prog, "bad %s value '%s': a comma list of at most %d whole numbers", opt, s,
			       FB_SPAWN_MAX_AXIS);
	for (int i = 0; i < n; i++)
		if (fb_parse_uint(items[i], max, &out[i]))
			fb_usage_error(prog, "bad %s value '%s': a whole number from 0 to %llu", opt, items[i],
				       (unsigned long long)max);
	return n;
}

/* What the command line picked beyond the shared options. */
struct spawn_args {
	struct fb_create_picks c;
	unsigned settle, gap_ms;
	struct fb_exec_target targets[FB_SPAWN_MAX_TARGETS];
	int ntargets, nfds, nthreads;
	uint64_t fds[FB_SPAWN_MAX_AXIS], threads[FB_SPAWN_MAX_AXIS];
	struct fb_like_opt like;
};

static const struct option spawn_options[] = {
	FB_CREATE_LONGOPTS,
	FB_LIKE_LONGOPTS,
	{ "settle", required_argument, 0, OPT_SETTLE },
	{ "rounds", required_argument, 0, OPT_ROUNDS },
	{ "exec-target", required_argument, 0, OPT_EXEC_TARGET },
	{ "fds", required_argument, 0, OPT_FDS },
	{ "threads", required_argument, 0, OPT_THREADS },
	{ "gap", required_argument, 0, OPT_GAP },
	{ 0, 0, 0, 0 },
};

static void on_option(void *ctx, int opt, char *arg)
{
	struct spawn_args *a = ctx;
	uint64_t v;
	char msg[256];
	if (fb_create_option(&a->c, prog, opt, arg) || fb_like_option(&a->like, prog, opt, arg))
		return;
	switch (opt) {
	case OPT_EXEC_TARGET:
		a->ntargets = fb_exec_target_parse_list(arg, a->targets, FB_SPAWN_MAX_TARGETS, msg, sizeof(msg));
		if (a->ntargets < 0)
			fb_usage_error(prog, "--exec-target: %s", msg);
		break;
	case OPT_FDS:
		a->nfds = parse_counts("--fds", arg, UINT32_MAX, a->fds);
		break;
	case OPT_THREADS:
		a->nthreads = parse_counts("--threads", arg, FB_THREADS_MAX, a->threads);
		break;
	case OPT_GAP:
		if (fb_parse_uint(arg, 10000, &v))
			fb_usage_error(prog, "bad --gap value '%s': milliseconds, a whole number from 0 to 10000", arg);
		a->gap_ms = (unsigned)v;
		break;
	case OPT_ROUNDS:
		fb_usage_error(prog, "--rounds was replaced by --runs N: each run is a fresh measured process");
	case OPT_SETTLE:
		if (fb_parse_uint(arg, 100, &v))
			fb_usage_error(prog, "bad --settle value '%s': a whole number from 0 to 100", arg);
		a->settle = (unsigned)v;
		break;
	}
}

int main(int argc, char **argv)
{
	struct fb_common_opts o;
	static struct spawn_args a = { .settle = 1 };
	fb_cli_parse(&o, prog, usage, argc, argv, spawn_options, on_option, &a);
	fb_cli_finish(&o, argc, argv, list_tables, fb_spawn_table);

	/* --like: one parent state, the replica, on no heap of its own */
	if (a.like.given)
		fb_like_opt_finish(&a.like, prog, &o, a.nfds || a.nthreads);
	/* Defaults, then --quick, then whatever was given explicitly wins. */
	if (!o.nsizes) {
		static const uint64_t def[] = { 0, 1 << 20, 16 << 20, 256 << 20, 1ULL << 30, 4ULL << 30 };
		static const uint64_t quick[] = { 0, 16 << 20, 128 << 20 };
		fb_default_sizes(&o, o.quick ? quick : def,
				 o.quick ? FB_ARRAY_LEN(quick) : FB_ARRAY_LEN(def), 0);
	}
	if (!o.nheaps) {
		const char *q[] = { "untouched", "touched", "thp" };
		if (o.quick)
			for (size_t i = 0; i < FB_ARRAY_LEN(q); i++)
				o.heaps[o.nheaps++] = fb_heap_kind_find(q[i]);
		else
			for (size_t i = 0; i < fb_heap_kind_count; i++)
				if (!fb_heap_kinds[i].pte_folio)   /* mTHP kinds need knobs: asked for */
					o.heaps[o.nheaps++] = &fb_heap_kinds[i];
	}
	if (o.quick && !o.reps_given)
		o.reps = 5;
	if (o.quick && !o.warmup_given)
		o.warmup = 1;
	bool picked = a.c.nmethods && a.c.nmodes;
	if (!a.c.nmethods)   /* the default sweep: every row but the opt-in ones (--methods all adds them) */
		for (size_t i = 0; i < fb_method_count; i++)
			if (!(fb_methods[i].flags & FB_M_OPT_IN))
				a.c.methods[a.c.nmethods++] = (int)i;
	if (!a.c.nmodes)
		for (size_t i = 0; i < fb_child_mode_count; i++)
			a.c.modes[a.c.nmodes++] = (int)i;

	if (!a.ntargets)
		fb_exec_target_parse("static", &a.targets[a.ntargets++], NULL, 0);
	if (!a.nfds)
		a.fds[a.nfds++] = 0;
	if (!a.nthreads)
		a.threads[a.nthreads++] = 0;
	/* Descriptors above the limit are refused before anything runs (the check
	 * raises the soft limit as far as the largest needs; the worker inherits it). */
	uint64_t most_fds = 0;
	for (int i = 0; i < a.nfds; i++)
		most_fds = a.fds[i] > most_fds ? a.fds[i] : most_fds;
	char fmsg[320];
	int frc = fb_fds_check(most_fds, fmsg, sizeof(fmsg));
	if (frc == -EMFILE)
		fb_usage_error(prog, "%s", fmsg);
	if (frc) {
		fprintf(stderr, "%s: %s\n", prog, fmsg);
		return FB_EXIT_FAIL;
	}

	static struct fb_spawn_config cfg;   /* plain data: the worker gets a copy of its bytes */
	for (int i = 0; i < a.nfds; i++)
		cfg.fds[cfg.nfds++] = a.fds[i];
	for (int i = 0; i < a.nthreads; i++)
		cfg.threads[cfg.nthreads++] = (uint32_t)a.threads[i];
	const unsigned runs = fb_common_runs(&o);
	fb_runs_plan(&cfg.plan, &o, runs);
	cfg.settle = a.settle;
	cfg.gap_ms = a.gap_ms;
	cfg.baseline_loops = BASELINE_LOOPS;
	cfg.perf = o.perf;
	cfg.plan.states = (uint32_t)(a.nfds * a.nthreads);
	bool any_exec = false, explicit_pick = picked;
	for (int m = 0; m < a.c.nmethods; m++)
		for (int c = 0; c < a.c.nmodes; c++) {
			const struct fb_method *me = &fb_methods[a.c.methods[m]];
			const struct fb_child_mode *mo = &fb_child_modes[a.c.modes[c]];
			if (!fb_method_supports(me, mo)) {
				const char *can = mo->exec ? "exit" : "exec";
				if (a.c.nmodes == 1)
					fb_usage_error(prog, "method %s can only %s: it has no '--child %s' form (use --child %s)",
						       me->name, can, mo->name, can);
				if (explicit_pick)   /* asked for by name: say what is not measured */
					fprintf(stderr, "%s: note: %s is %s only; measuring %s+%s, not %s+%s\n",
						prog, me->name, can, me->name, can, me->name, mo->name);
				continue;
			}
			for (int t = 0; t < (mo->exec ? a.ntargets : 1); t++) {   /* exec: one variant per target */
				if (cfg.nvariants == FB_SPAWN_MAX_VARIANTS)
					fb_usage_error(prog, "too many method x child x exec target combinations: at most %d",
						       FB_SPAWN_MAX_VARIANTS);
				cfg.variants[cfg.nvariants].method = (uint32_t)a.c.methods[m];
				cfg.variants[cfg.nvariants].mode = (uint32_t)a.c.modes[c];
				cfg.variants[cfg.nvariants].target = (uint32_t)t;
				cfg.nvariants++;
			}
			any_exec |= mo->exec;
		}
	if (any_exec) {
		if (fb_cli_exec_target(prog, cfg.exec_target, sizeof(cfg.exec_target)))
			return FB_EXIT_FAIL;
		/* Each target resolved here too, so a missing binary or a large:SIZE the
		 * image cannot hold is said before anything runs (the worker resolves again). */
		for (int t = 0; t < a.ntargets; t++) {
			static struct fb_exec_cmd cmd;
			char msg[320];
			int rc = fb_exec_target_resolve(&a.targets[t], "0", &cmd, msg, sizeof(msg));
			if (rc == -EINVAL)
				fb_usage_error(prog, "--exec-target: %s", msg);
			if (rc) {
				fprintf(stderr, "%s: %s\n", prog, msg);
				return FB_EXIT_FAIL;
			}
			cfg.targets[t].kind = (uint32_t)(a.targets[t].kind - fb_exec_kinds);
			cfg.targets[t].touch_bytes = a.targets[t].touch_bytes;
			snprintf(cfg.targets[t].spec, sizeof(cfg.targets[t].spec), "%s", a.targets[t].spec);
		}
		cfg.ntargets = a.ntargets;
	}
	/* Refuse, before allocating anything, a heap that would not fit: the heap
	 * and the page tables of the parent and of one child (a child copies PTEs,
	 * at most a few pages, never the heap). */
	for (int s = 0; s < o.nsizes; s++)
		fb_check_fits(prog, o.sizes[s], 0);
	if (fb_runs_check_worker(prog))
		return FB_EXIT_FAIL;

	struct fb_run run;
	fb_run_begin(&run, &o, "results/spawn.csv", argc, argv);
	fb_sidecar_kv(run.side, "fragments", "%llu", (unsigned long long)o.fragments);
	fb_sidecar_kv(run.side, "settle", "%u", a.settle);
	fb_sidecar_kv(run.side, "gap_ms", "%u", a.gap_ms);
	fb_sidecar_kv(run.side, "runs", "%u", runs);
	fb_sidecar_kv(run.side, "exec_target", "%s", cfg.exec_target);
	char list[512] = "";
	for (int t = 0; t < cfg.ntargets; t++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", t ? "," : "", cfg.targets[t].spec);
	fb_sidecar_kv(run.side, "exec_targets", "%s", list);
	fb_sidecar_kv(run.side, "fds_reserve", "%d", FB_FDS_RESERVE);
	fb_sidecar_kv(run.side, "baseline_loops", "%u", cfg.baseline_loops);
	if (a.like.given && fb_like_opt_start(&a.like, prog, &run, &cfg.like))
		return FB_EXIT_FAIL;
	int rc = fb_spawn_table(&run.table, &o.perf);
	if (rc) {
		fprintf(stderr, "%s: %s\n", prog, strerror(-rc));
		return FB_EXIT_FAIL;
	}
	fb_run_start(&run);
	static struct fb_spawn_baselines bl;
	struct fb_runs rs = {
		.driver = FB_WIRE_SPAWN, .config = &cfg, .config_len = sizeof(cfg),
		.nvariants = cfg.nvariants, .on_info = fb_spawn_baselines_info, .info_ctx = &bl,
	};
	rc = fb_run_workers(&run, &rs);
	fb_spawn_baselines_write(run.side, &bl, cfg.plan.runs);   /* --budget may have changed it */
	const int ec = fb_run_finish(&run, rc);
	char note[256];
	snprintf(note, sizeof(note), "exit rows: create_ns, the call in the parent; exec rows: ready_ns, call -> the\n"
		 "  target's first instruction; %s", a.gap_ms ? "after --gap idle" : "back to back, caches warm (--gap for a process that forks now and then)");
	if (a.gap_ms)
		snprintf(note + strlen(note), sizeof(note) - strlen(note), " %u ms", a.gap_ms);
	fb_like_opt_end(&a.like, &run, "create_ns", "ready_ns", note);
	return ec;
}
