/* forkbench-spawn: what each way of creating a process costs as the parent's
 * heap grows. Declares the sweep (methods x child actions x heap kinds x
 * sizes) and hands it to the runner in src/spawn_run.c, which owns the
 * protocol. Does not measure copy-on-write faults after creation: that is
 * forkbench-cow. */
#define _GNU_SOURCE
#include "cli.h"
#include "runctl.h"
#include "driver.h"
#include "sidecar.h"
#include "spawn_run.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *prog = "forkbench-spawn";

enum { OPT_METHODS = FB_OPT_DRIVER, OPT_CHILD, OPT_SETTLE, OPT_ROUNDS };

static void usage(void)
{
	printf("usage: %s [options]\n\n"
	       "Times process creation (fork, vfork, clone, clone_vm, clone3, posix_spawn)\n"
	       "as the parent's heap grows. Writes a raw CSV (one row per repetition), a\n"
	       "summary CSV and a .meta sidecar describing the machine.\n\n"
	       "  --methods LIST     creation methods (default: all; see --list)\n"
	       "  --child LIST       child actions: exit, exec (default: both)\n"
	       "  --settle N         discarded vfork+exec creations after each measured one,\n"
	       "                     so a large fork's cold caches do not land on the next\n"
	       "                     pair (default 1; 0 keeps the after-effect)\n"
	       "  --rounds N         run the sweep N times, each with a share of the reps, so\n"
	       "                     host drift does not hit one configuration only\n"
	       "                     (default 3, or --reps when smaller)\n"
	       FB_COMMON_HELP
	       "\nDefaults: --sizes 0,1M,16M,256M,1G,4G (those that fit) --heap all --reps 11 --warmup 2\n"
	       "          --rounds 3 --settle 1\n"
	       "          -o results/spawn.csv\n"
	       "--quick:  --sizes 0,16M,128M --heap untouched,touched,thp --reps 5 --warmup 1\n"
	       "Exit status: 0 ok, 1 failure, 2 bad usage, 128+N stopped by signal N.\n",
	       prog);
}

static void list_tables(void)
{
	printf("methods:\n");
	for (size_t i = 0; i < fb_method_count; i++)
		printf("  %-12s %s%s\n", fb_methods[i].name, fb_methods[i].desc,
		       fb_methods[i].flags & FB_M_EXEC_ONLY ? " [exec only]" : "");
	printf("child actions:\n");
	for (size_t i = 0; i < fb_child_mode_count; i++)
		printf("  %-12s %s\n", fb_child_modes[i].name, fb_child_modes[i].desc);
	printf("heap kinds:\n");
	for (size_t i = 0; i < fb_heap_kind_count; i++)
		printf("  %-12s %s\n", fb_heap_kinds[i].name, fb_heap_kinds[i].desc);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		FB_COMMON_LONGOPTS,
		{ "methods", required_argument, 0, OPT_METHODS },
		{ "child", required_argument, 0, OPT_CHILD },
		{ "settle", required_argument, 0, OPT_SETTLE },
		{ "rounds", required_argument, 0, OPT_ROUNDS },
		{ 0, 0, 0, 0 },
	};
	struct fb_common_opts o;
	fb_common_defaults(&o, prog, usage);
	int methods[FB_MAX_PICK], nmethods = 0, modes[FB_MAX_PICK], nmodes = 0;
	unsigned settle = 1, rounds = 0;   /* 0: the default, 3 rounds (at most --reps) */
	int opt;
	while ((opt = fb_getopt(&o, argc, argv, longopts)) != -1) {
		if (fb_common_option(&o, opt, optarg))
			continue;
		switch (opt) {
		case OPT_METHODS:
			nmethods = fb_pick(prog, "--methods", optarg, fb_methods, sizeof(fb_methods[0]),
					   fb_method_count, methods, FB_MAX_PICK);
			break;
		case OPT_CHILD:
			nmodes = fb_pick(prog, "--child", optarg, fb_child_modes, sizeof(fb_child_modes[0]),
					 fb_child_mode_count, modes, FB_MAX_PICK);
			break;
		case OPT_ROUNDS: {
			uint64_t v;
			if (fb_parse_uint(optarg, 1000, &v) || v == 0)
				fb_usage_error(prog, "bad --rounds value '%s': a whole number from 1 to 1000", optarg);
			rounds = (unsigned)v;
			break;
		}
		case OPT_SETTLE: {
			uint64_t v;
			if (fb_parse_uint(optarg, 100, &v))
				fb_usage_error(prog, "bad --settle value '%s': a whole number from 0 to 100", optarg);
			settle = (unsigned)v;
			break;
		}
		default:
			fb_usage_error(prog, "unknown option");
		}
	}
	fb_cli_finish(&o, argc, argv, list_tables, fb_spawn_table);

	/* Defaults, then --quick, then whatever was given explicitly wins. */
	if (!o.nsizes) {
		static const uint64_t def[] = { 0, 1 << 20, 16 << 20, 256 << 20, 1ULL << 30, 4ULL << 30 };
		static const uint64_t quick[] = { 0, 16 << 20, 128 << 20 };
		fb_default_sizes(&o, o.quick ? quick : def,
				 o.quick ? FB_ARRAY_LEN(quick) : FB_ARRAY_LEN(def), 1);
	}
	if (!o.nheaps) {
		const char *q[] = { "untouched", "touched", "thp" };
		if (o.quick)
			for (size_t i = 0; i < FB_ARRAY_LEN(q); i++)
				o.heaps[o.nheaps++] = fb_heap_kind_find(q[i]);
		else
			for (size_t i = 0; i < fb_heap_kind_count; i++)
				o.heaps[o.nheaps++] = &fb_heap_kinds[i];
	}
	if (o.quick && !o.reps_given)
		o.reps = 5;
	if (o.quick && !o.warmup_given)
		o.warmup = 1;
	bool picked = nmethods && nmodes;
	if (!nmethods)
		for (size_t i = 0; i < fb_method_count; i++)
			methods[nmethods++] = (int)i;
	if (!nmodes)
		for (size_t i = 0; i < fb_child_mode_count; i++)
			modes[nmodes++] = (int)i;

	struct fb_spawn_config cfg;
	memset(&cfg, 0, sizeof(cfg));
	cfg.common = &o;
	cfg.settle = settle;
	cfg.rounds = rounds ? rounds : (o.reps < 3 ? (unsigned)o.reps : 3);
	if (rounds > o.reps)
		fb_usage_error(prog, "bad --rounds value '%u': at most --reps (%llu) rounds", rounds,
			       (unsigned long long)o.reps);
	bool any_exec = false, explicit_pick = picked;
	for (int m = 0; m < nmethods; m++)
		for (int c = 0; c < nmodes; c++) {
			const struct fb_method *me = &fb_methods[methods[m]];
			const struct fb_child_mode *mo = &fb_child_modes[modes[c]];
			if ((me->flags & FB_M_EXEC_ONLY) && !mo->exec) {
				if (nmodes == 1)
					fb_usage_error(prog, "method %s can only exec: it has no '--child exit' form (use --child exec)",
						       me->name);
				if (explicit_pick)   /* asked for by name: say what is not measured */
					fprintf(stderr, "%s: note: %s is exec only; measuring %s+exec, not %s+exit\n",
						prog, me->name, me->name, me->name);
				continue;
			}
			cfg.pairs[cfg.npairs++] = (struct fb_spawn_pair){ me, mo };
			any_exec |= mo->exec;
		}
	if (any_exec) {
		int rc = fb_exec_target_path(cfg.exec_target, sizeof(cfg.exec_target));
		if (rc) {
			fprintf(stderr, "%s: exec target %s not usable: %s (build it, or set FORKBENCH_EXEC_TARGET to an absolute path)\n",
				prog, cfg.exec_target, strerror(-rc));
			return FB_EXIT_FAIL;
		}
	}
	/* Refuse, before allocating anything, a heap that would not fit. */
	for (int s = 0; s < o.nsizes; s++)
		for (int h = 0; h < o.nheaps; h++)
			fb_check_fits(prog, o.sizes[s], o.heaps[h]->populated ? 1 : 0);

	struct fb_run run;
	fb_run_begin(&run, &o, "results/spawn.csv", argc, argv);
	fb_sidecar_kv(run.side, "fragments", "%llu", (unsigned long long)o.fragments);
	fb_sidecar_kv(run.side, "settle", "%u", settle);
	fb_sidecar_kv(run.side, "rounds", "%u", cfg.rounds);
	fb_sidecar_kv(run.side, "exec_target", "%s", cfg.exec_target);
	int rc = fb_spawn_table(&run.table, &o.perf);
	if (rc) {
		fprintf(stderr, "%s: %s\n", prog, strerror(-rc));
		return FB_EXIT_FAIL;
	}
	fb_run_start(&run);
	return fb_run_finish(&run, fb_spawn_sweep(&cfg, &run.table));
}
