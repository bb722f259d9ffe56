/* forkbench-cow: what the copy-on-write faults after fork cost, per page,
 * for each write pattern, for the child and for the parent as the writer,
 * on 4 KiB and THP heaps, against floors measured in the same run (first-touch
 * fault, 4 KiB copy, reuse fault). Declares the sweep (methods x writers x
 * patterns x heap kinds x sizes) and hands it to the runner in src/cow/cow_run.c,
 * which owns the protocol. Does not measure fork itself: that is
 * forkbench-spawn. */
#define _GNU_SOURCE
#include "cli.h"
#include "cow_run.h"
#include "driver.h"
#include "runctl.h"
#include "runs.h"
#include "sidecar.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *prog = "forkbench-cow";

enum { OPT_METHODS = FB_OPT_DRIVER, OPT_WRITER, OPT_PATTERNS };

/* Floors: 32 MiB of 4 KiB pages, median of 5 — a fraction of a second. */
#define FLOOR_BYTES (32ULL << 20)
#define FLOOR_SAMPLES 5

/* Heap kinds a pass can write: resident before the fork (populated) and writable
 * everywhere — not untouched (nothing to share) nor fragmented (read-only chunks). */
static bool heap_allowed(const struct fb_heap_kind *k)
{
	return k->populated && k->writable;
}

static void usage(void)
{
	char pats[512];
	fb_pattern_names(pats, sizeof(pats));
	printf("usage: %s [options]\n\n"
	       "Times the copy-on-write faults after fork: the parent builds a heap and\n"
	       "forks; the writer (child or parent) writes it with a pattern while the\n"
	       "other side keeps its mapping, then writes it again (pages now private) as\n"
	       "the no-fault baseline. Floors (first-touch fault, 4 KiB copy, reuse fault)\n"
	       "are measured first, in the same run. Writes a raw CSV (one row per\n"
	       "repetition), a summary CSV and a .meta sidecar.\n\n"
	       "  --methods LIST     creation methods that share pages copy-on-write\n"
	       "                     (fork, clone, clone3; default: fork)\n"
	       "  --writer LIST      child, parent (default: both)\n"
	       "  --patterns LIST    write patterns (default below; see --list):\n"
	       "                     %s\n"
	       FB_COMMON_HELP
	       "\nHeap kinds: those resident before the fork and writable (touched, thp, shared).\n"
	       "Defaults: --sizes 64M,256M --heap touched,thp,shared --writer child,parent\n"
	       "          --patterns seq,rev,rand,stride:16,frac:25,full,read,none,reuse\n"
	       "          --reps 7 --warmup 1 -o results/cow.csv\n"
	       "--quick:  --sizes 32M --heap touched,thp --patterns seq,rand,stride:16,read,reuse\n"
	       "          --reps 3 --warmup 1\n"
	       "Exit status: 0 ok, 1 failure, 2 bad usage, 128+N stopped by signal N.\n",
	       prog, pats);
}

static void list_tables(void)
{
	printf("methods (copy-on-write only):\n");
	for (size_t i = 0; i < fb_method_count; i++)
		if (fb_methods[i].flags & FB_M_COW)
			printf("  %-12s %s\n", fb_methods[i].name, fb_methods[i].desc);
	printf("heap kinds (resident before the fork, writable):\n");
	for (size_t i = 0; i < fb_heap_kind_count; i++)
		if (heap_allowed(&fb_heap_kinds[i]))
			printf("  %-12s %s%s\n", fb_heap_kinds[i].name, fb_heap_kinds[i].desc,
			       fb_heap_kinds[i].cow ? "" : " [no COW: the control]");
	printf("writers:\n");
	for (size_t i = 0; i < fb_cow_writer_count; i++)
		printf("  %-12s %s\n", fb_cow_writers[i].name, fb_cow_writers[i].desc);
	printf("patterns:\n");
	for (size_t i = 0; i < fb_pattern_count; i++) {
		const struct fb_pattern *p = &fb_patterns[i];
		char name[32];
		snprintf(name, sizeof(name), "%s%s%s", p->name, p->param ? ":" : "", p->param ? p->param : "");
		printf("  %-12s %s", name, p->desc);
		if (p->param)
			printf(" (%s %llu-%llu)", p->param, (unsigned long long)p->param_min,
			       (unsigned long long)p->param_max);
		printf("\n");
	}
}

static int parse_patterns(char *arg, struct fb_pattern_sel *out, int max)
{
	char *items[FB_MAX_PICK + 1];
	int n = fb_cli_list(prog, "--patterns", arg, items, FB_MAX_PICK);
	int k = 0;
	for (int i = 0; i < n && k < max; i++) {
		char err[768];
		if (fb_pattern_parse(items[i], &out[k], err, sizeof(err)))
			fb_usage_error(prog, "%s", err);
		bool dup = false;
		for (int j = 0; j < k; j++)
			dup |= strcmp(out[j].text, out[k].text) == 0;
		k += !dup;
	}
	return k;
}

static void set_defaults(struct fb_common_opts *o, struct fb_pattern_sel *pats, int *npats)
{
	/* Defaults, then --quick, then whatever was given explicitly wins. */
	if (!o->nsizes) {
		static const uint64_t def[] = { 64 << 20, 256 << 20 }, quick[] = { 32 << 20 };
		o->nsizes = o->quick ? (int)FB_ARRAY_LEN(quick) : (int)FB_ARRAY_LEN(def);
		memcpy(o->sizes, o->quick ? quick : def, (size_t)o->nsizes * sizeof(def[0]));
	}
	if (!o->nheaps) {
		const char *def[] = { "touched", "thp", "shared" };
		for (size_t i = 0; i < (o->quick ? 2 : FB_ARRAY_LEN(def)); i++)
			o->heaps[o->nheaps++] = fb_heap_kind_find(def[i]);
	}
	if (!*npats) {
		char def[] = "seq,rev,rand,stride:16,frac:25,full,read,none,reuse";
		char quick[] = "seq,rand,stride:16,read,reuse";
		*npats = parse_patterns(o->quick ? quick : def, pats, FB_MAX_PICK);
	}
	if (!o->reps_given)
		o->reps = o->quick ? 3 : 7;
	if (!o->warmup_given)
		o->warmup = 1;
}

/* Refuses, before allocating anything, a sweep whose heap plus the pages its
 * passes copy would not fit in MemAvailable. */
static void check_memory(const struct fb_common_opts *o, const struct fb_cow_config *cfg)
{
	/* The floors run first, alone: their buffers (sized from the LLC, capped) must fit too. */
	uint64_t fneed, favail;
	const uint64_t floor_bytes = fb_floor_need_bytes(FLOOR_BYTES);
	if (fb_heap_fits(floor_bytes, 0, &fneed, &favail) == -ENOMEM)
		fb_usage_error(prog, "the floor measurement does not fit: its %llu MiB of buffers need about %llu MiB and only %llu MiB may be allocated (MemAvailable, RLIMIT_AS)",
			       (unsigned long long)(floor_bytes >> 20), (unsigned long long)(fneed >> 20),
			       (unsigned long long)(favail >> 20));
	for (int s = 0; s < o->nsizes; s++) {
		fb_check_fits(prog, o->sizes[s], 0);   /* the heap alone first: bounds the count below */
		for (int h = 0; h < o->nheaps; h++) {
			if (!o->heaps[h]->cow)
				continue;   /* MAP_SHARED: writes copy nothing */
			uint64_t most = 0;
			const char *which = "";
			for (int c = 0; c < cfg->nvariants; c++) {
				struct fb_pattern_sel sel = fb_cow_variant_pattern(&cfg->variants[c]);
				uint64_t pw = fb_pattern_pages(&sel, o->sizes[s] / FB_PAGE_SIZE);
				if (pw > most) {
					most = pw;
					which = cfg->variants[c].text;
				}
			}
			uint64_t need, avail;
			if (fb_heap_fits(o->sizes[s] + most * FB_PAGE_SIZE, 0, &need, &avail) == -ENOMEM) {
				char b[32];
				fb_format_size(o->sizes[s], b, sizeof(b));
				fb_usage_error(prog, "heap %s of %s does not fit: with the %llu pages pattern %s copies it needs about %llu MiB and only %llu MiB may be allocated (MemAvailable, RLIMIT_AS)",
					       o->heaps[h]->name, b, (unsigned long long)most, which,
					       (unsigned long long)(need >> 20), (unsigned long long)(avail >> 20));
			}
		}
	}
}

/* What the workers report beyond rows: the heaps they rebuilt, summed. */
static void on_info(void *ctx, uint32_t run, const char *key, int64_t value)
{
	if (strcmp(key, "heap_rebuilds") == 0)
		*(uint64_t *)ctx += (uint64_t)value;
}

/* What the command line picked beyond the shared options. */
struct cow_args {
	struct fb_pattern_sel pats[FB_MAX_PICK];
	int methods[FB_MAX_PICK], nmethods, writers[FB_MAX_PICK], nwriters, npats;
};

static const struct option cow_options[] = {
	{ "methods", required_argument, 0, OPT_METHODS },
	{ "writer", required_argument, 0, OPT_WRITER },
	{ "patterns", required_argument, 0, OPT_PATTERNS },
	{ 0, 0, 0, 0 },
};

static void on_option(void *ctx, int opt, char *arg)
{
	struct cow_args *a = ctx;
	switch (opt) {
	case OPT_METHODS:
		if (strcmp(arg, "all") == 0) {   /* all = every copy-on-write method */
			a->nmethods = 0;
			for (size_t i = 0; i < fb_method_count; i++)
				if (fb_methods[i].flags & FB_M_COW)
					a->methods[a->nmethods++] = (int)i;
			break;
		}
		a->nmethods = fb_pick_methods(prog, arg, a->methods);
		break;
	case OPT_WRITER:
		a->nwriters = fb_pick(prog, "--writer", arg, fb_cow_writers, sizeof(fb_cow_writers[0]),
				      fb_cow_writer_count, a->writers, FB_MAX_PICK);
		break;
	case OPT_PATTERNS:
		a->npats = parse_patterns(arg, a->pats, FB_MAX_PICK);
		break;
	}
}

int main(int argc, char **argv)
{
	struct fb_common_opts o;
	static struct cow_args a;
	fb_cli_parse(&o, prog, usage, argc, argv, cow_options, on_option, &a);
	static struct fb_cow_config cfg;
	fb_cli_finish(&o, argc, argv, list_tables, fb_cow_table);
	set_defaults(&o, a.pats, &a.npats);

	for (int i = 0; i < o.nheaps; i++)
		if (!heap_allowed(o.heaps[i]))
			fb_usage_error(prog, "--heap %s is not allowed for %s: %s; allowed: touched, thp, shared",
				       o.heaps[i]->name, prog,
				       o.heaps[i]->populated ? "parts of it are read-only, a write pass would crash"
							     : "nothing is resident for fork to share");
	if (!a.nmethods)
		a.methods[a.nmethods++] = (int)(fb_method_find("fork") - fb_methods);
	for (int m = 0; m < a.nmethods; m++)
		if (!(fb_methods[a.methods[m]].flags & FB_M_COW))
			fb_usage_error(prog, "--methods %s is not allowed for %s: it does not share pages copy-on-write; allowed: fork, clone, clone3",
				       fb_methods[a.methods[m]].name, prog);
	if (!a.nwriters)
		for (size_t i = 0; i < fb_cow_writer_count; i++)
			a.writers[a.nwriters++] = (int)i;
	bool parent_writes = false;
	for (int w = 0; w < a.nwriters; w++)
		parent_writes |= a.writers[w] == FB_COW_PARENT;

	const unsigned runs = fb_common_runs(&o);
	fb_runs_plan(&cfg.plan, &o, runs);
	cfg.perf = o.perf;
	for (int m = 0; m < a.nmethods; m++)
		for (int p = 0; p < a.npats; p++) {
			if ((a.pats[p].pat->flags & FB_PAT_AFTER_EXIT) && !parent_writes)
				fb_usage_error(prog, "--patterns %s is a parent-writer pattern (the child has exited before the pass); add --writer parent",
					       a.pats[p].text);
			for (int w = 0; w < a.nwriters; w++) {
				/* After the child exited only the parent is left to write. */
				if ((a.pats[p].pat->flags & FB_PAT_AFTER_EXIT) && a.writers[w] != FB_COW_PARENT)
					continue;
				if (cfg.nvariants == FB_COW_MAX_VARIANTS)
					fb_usage_error(prog, "too many combinations (at most %d)", FB_COW_MAX_VARIANTS);
				struct fb_cow_variant *cb = &cfg.variants[cfg.nvariants++];
				cb->method = (uint32_t)a.methods[m];
				cb->writer = (uint32_t)a.writers[w];
				cb->pattern = (uint32_t)(a.pats[p].pat - fb_patterns);
				cb->param = a.pats[p].param;
				snprintf(cb->text, sizeof(cb->text), "%s", a.pats[p].text);
			}
		}
	check_memory(&o, &cfg);
	if (fb_runs_check_worker(prog))
		return FB_EXIT_FAIL;

	struct fb_run run;
	fb_run_begin(&run, &o, "results/cow.csv", argc, argv);
	int rc = fb_cow_table(&run.table, &o.perf);
	if (rc) {
		fprintf(stderr, "%s: %s\n", prog, strerror(-rc));
		return FB_EXIT_FAIL;
	}
	fb_run_start(&run);
	/* The floors first, on the same machine, before the sweep disturbs the page allocator. */
	rc = fb_floor_measure(&cfg.floor, FLOOR_BYTES, FLOOR_SAMPLES);
	if (rc && rc != -EINTR)
		fprintf(stderr, "%s: floor measurement failed: %s; cow_vs_floor_pct stays empty\n", prog,
			strerror(-rc));
	fb_floor_sidecar(run.side, &cfg.floor);
	fflush(run.side);
	fb_sidecar_kv(run.side, "runs", "%u", runs);
	fflush(run.side);
	uint64_t rebuilds = 0;
	struct fb_runs rs = {
		.driver = FB_WIRE_COW, .config = &cfg, .config_len = sizeof(cfg),
		.nvariants = cfg.nvariants, .on_info = on_info,
		.info_ctx = &rebuilds,
	};
	/* After a stop during the floors this starts no worker and records runs_done=0. */
	const int wrc = fb_run_workers(&run, &rs);
	if (rc != -EINTR)
		rc = wrc;
	fb_sidecar_kv(run.side, "heap_rebuilds", "%llu", (unsigned long long)rebuilds);
	return fb_run_finish(&run, rc);
}
