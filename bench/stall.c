/* forkbench-stall: what creating a child costs the parent's *other* threads.
 * A sibling thread loops on mmap + write + munmap of one page while the main
 * thread creates children with each method as the heap grows; the runner in
 * src/stall/stall_run.c owns the protocol and runs in the worker, one fresh
 * process per run (--runs), like every driver's. fork copies the page tables with the
 * address space locked, so the sibling waits about as long as the copy;
 * vfork and posix_spawn copy none. Does not measure the creation itself
 * beyond create_ns: that is forkbench-spawn. */
#define _GNU_SOURCE
#include "cli.h"
#include "like.h"
#include "driver.h"
#include "runs.h"
#include "sidecar.h"
#include "stall_run.h"
#include "util.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *prog = "forkbench-stall";

enum { OPT_SIBLING_CPU = FB_OPT_DRIVER };

static void usage(void)
{
	printf("usage: %s [options]\n\n"
	       "Measures how long a sibling thread of the parent is held up while the main\n"
	       "thread creates a child (fork, vfork, posix_spawn, ...), as the heap grows,\n"
	       "against an equally long quiet window with no creation. Writes a raw CSV (one\n"
	       "row per repetition), a summary CSV and a .meta sidecar.\n\n"
	       "  --methods LIST     creation methods (default: fork,vfork,posix_spawn; see --list)\n"
	       "  --child exit|exec  child action (default: exit, exec for exec-only methods)\n"
	       "  --sibling-cpu N    pin the sibling thread to CPU N (default: a CPU other than\n"
	       "                     the main thread's, when there is one; the main thread is\n"
	       "                     then pinned too, to the first other CPU, unless --cpu)\n"
	       "  --like PID         the parent is a replica of process PID's shape, the sibling\n"
	       "                     one of its threads (docs/like.md)\n"
	       "  --like-file FILE   the same from a capture (forkbench capture PID > FILE)\n"
	       FB_COMMON_HELP
	       "\nDefaults: --sizes 0,256M,1G,4G (those that fit) --heap touched,thp --reps 11 --warmup 2\n"
	       "          -o results/stall.csv\n"
	       "--quick:  --sizes 0,64M --heap touched --reps 3 --warmup 1\n"
	       "Exit status: 0 ok, 1 failure, 2 bad usage, 128+N stopped by signal N.\n",
	       prog);
}

static void list_tables(void)
{
	fb_list_methods();
	fb_list_heap_kinds();
	printf("sibling operation:\n  %-15s %s\n", "mmap_touch",
	       "mmap one 4 KiB anonymous page, write it, munmap it (needs the address space lock)");
}

/* A CPU this process may run on other than main_cpu; -1 when there is none. */
static int other_cpu(int main_cpu)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof(set), &set))
		return -1;
	int first = -1;
	for (int c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &set)) {
			if (first < 0)
				first = c;
			if (c != main_cpu && (main_cpu >= 0 || c != first))
				return c;
		}
	return -1;
}

/* What the command line picked beyond the shared options. */
struct stall_args {
	struct fb_create_picks c;
	int sibling_cpu;
	struct fb_like_opt like;
};

static const struct option stall_options[] = {
	FB_CREATE_LONGOPTS,
	FB_LIKE_LONGOPTS,
	{ "sibling-cpu", required_argument, 0, OPT_SIBLING_CPU },
	{ 0, 0, 0, 0 },
};

static void on_option(void *ctx, int opt, char *arg)
{
	struct stall_args *a = ctx;
	uint64_t v;
	cpu_set_t set;
	if (fb_create_option(&a->c, prog, opt, arg) || fb_like_option(&a->like, prog, opt, arg)) {
		if (opt == FB_OPT_CHILD && a->c.nmodes != 1)
			fb_usage_error(prog, "bad --child value '%s': one of exit, exec", arg);
		return;
	}
	switch (opt) {
	case OPT_SIBLING_CPU:
		if (fb_parse_uint(arg, CPU_SETSIZE - 1, &v) || sched_getaffinity(0, sizeof(set), &set) ||
		    !CPU_ISSET((int)v, &set))
			fb_usage_error(prog, "bad --sibling-cpu value '%s': a CPU this process may run on", arg);
		a->sibling_cpu = (int)v;
		break;
	}
}

int main(int argc, char **argv)
{
	struct fb_common_opts o;
	static struct stall_args a = { .sibling_cpu = -2 };
	fb_cli_parse(&o, prog, usage, argc, argv, stall_options, on_option, &a);
	/* No counters: the measurement is the sibling's own clock (an open inherited
	 * counter would also be cloned into every child inside the timed call). */
	if (o.events_arg && strcmp(o.events_arg, "none") != 0)
		fb_usage_error(prog, "bad --events value '%s': %s opens no counters; allowed: none", o.events_arg, prog);
	static char none[] = "none";
	o.events_arg = none;
	fb_cli_finish(&o, argc, argv, list_tables, fb_stall_table);

	if (a.like.given)   /* one zero-byte heap: the replica is the parent */
		fb_like_opt_finish(&a.like, prog, &o, false);
	if (!o.nsizes) {
		static const uint64_t def[] = { 0, 256 << 20, 1ULL << 30, 4ULL << 30 };
		static const uint64_t quick[] = { 0, 64 << 20 };
		fb_default_sizes(&o, o.quick ? quick : def, o.quick ? FB_ARRAY_LEN(quick) : FB_ARRAY_LEN(def), 1);
	}
	if (!o.nheaps) {
		o.heaps[o.nheaps++] = fb_heap_kind_find("touched");
		if (!o.quick)
			o.heaps[o.nheaps++] = fb_heap_kind_find("thp");
	}
	if (o.quick && !o.reps_given)
		o.reps = 3;
	if (o.quick && !o.warmup_given)
		o.warmup = 1;
	if (!a.c.nmethods) {
		const char *def[] = { "fork", "vfork", "posix_spawn" };
		for (size_t i = 0; i < FB_ARRAY_LEN(def); i++)
			a.c.methods[a.c.nmethods++] = (int)(fb_method_find(def[i]) - fb_methods);
	}

	const unsigned runs = fb_common_runs(&o);
	static struct fb_stall_config cfg;   /* plain data: the worker gets a copy of its bytes */
	bool any_exec = false;
	for (int m = 0; m < a.c.nmethods; m++) {
		const struct fb_method *me = &fb_methods[a.c.methods[m]];
		const struct fb_child_mode *mo = a.c.nmodes ? &fb_child_modes[a.c.modes[0]] : fb_child_mode_find("exit");
		if (!fb_method_supports(me, mo)) {
			const struct fb_child_mode *other = fb_child_mode_find(mo->exec ? "exit" : "exec");
			if (a.c.nmodes)   /* asked for by name: say what is measured instead */
				fprintf(stderr, "%s: note: %s is %s only; measuring %s+%s\n", prog, me->name,
					other->name, me->name, other->name);
			mo = other;
		}
		cfg.variants[cfg.nvariants++] = (struct fb_stall_variant){ (uint32_t)a.c.methods[m], (uint32_t)(mo - fb_child_modes) };
		any_exec |= mo->exec;
	}
	if (any_exec) {
		if (fb_cli_exec_target(prog, cfg.exec_target, sizeof(cfg.exec_target)))
			return FB_EXIT_FAIL;
	}
	/* The sibling on another CPU than the main thread, and the main thread (so
	 * its children, which inherit it) pinned by default: otherwise a stall could
	 * be a child or the main thread taking the sibling's CPU, not a lock. The
	 * worker pins its main thread to --cpu; the sibling pins itself. */
	if (o.cpu < 0 && other_cpu(-1) >= 0) {
		cpu_set_t set;
		sched_getaffinity(0, sizeof(set), &set);
		for (int c = 0; c < CPU_SETSIZE && o.cpu < 0; c++)
			if (CPU_ISSET(c, &set) && c != a.sibling_cpu)
				o.cpu = c;
	}
	cfg.sibling_cpu = a.sibling_cpu >= -1 ? a.sibling_cpu : other_cpu(o.cpu);
	if (o.cpu >= 0 && cfg.sibling_cpu == o.cpu)
		fprintf(stderr, "%s: note: main thread and sibling share CPU %d; stalls include sharing it\n",
			prog, o.cpu);
	for (int s = 0; s < o.nsizes; s++)
		for (int h = 0; h < o.nheaps; h++)
			fb_check_fits(prog, o.sizes[s], o.heaps[h]->populated ? 1 : 0);
	if (fb_runs_check_worker(prog))
		return FB_EXIT_FAIL;
	fb_runs_plan(&cfg.plan, &o, runs);

	struct fb_run run;
	fb_run_begin(&run, &o, "results/stall.csv", argc, argv);
	fb_sidecar_kv(run.side, "sibling_op", "%s", "mmap_touch: mmap 4 KiB anonymous, write it, munmap");
	fb_sidecar_kv(run.side, "sibling_cpu", "%d", cfg.sibling_cpu);
	fb_sidecar_kv(run.side, "sibling_ops_cap", "%u", FB_STALL_OPS_CAP);
	fb_sidecar_kv(run.side, "quiet_window", "%s", "after the reap, as long as the creation call, main thread spinning");
	fb_sidecar_kv(run.side, "exec_target", "%s", cfg.exec_target);
	fb_sidecar_kv(run.side, "fragments", "%llu", (unsigned long long)o.fragments);
	fb_sidecar_kv(run.side, "runs", "%u", runs);
	int rc = fb_stall_table(&run.table, &o.perf);
	if (rc) {
		fprintf(stderr, "%s: %s\n", prog, strerror(-rc));
		return FB_EXIT_FAIL;
	}
	cfg.like.own_threads = 1;   /* the sibling is one of the original's threads */
	if (a.like.given && fb_like_opt_start(&a.like, prog, &run, &cfg.like))
		return FB_EXIT_FAIL;
	fb_run_start(&run);
	struct fb_runs rs = {
		.driver = FB_WIRE_STALL, .config = &cfg, .config_len = sizeof(cfg),
		.nvariants = cfg.nvariants,
	};
	rc = fb_run_workers(&run, &rs);
	const int ec = fb_run_finish(&run, rc);
	fb_like_opt_end(&a.like, &run, "stall_ns", "stall_ns",
			"stall_ns: the longest operation of a sibling thread overlapping the creation call");
	return ec;
}
