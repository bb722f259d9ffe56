/* forkbench-footprint: what it costs to keep a function's memory out of the
 * parent by running it in a child (TLPI Listing 24.3), as the parent's heap
 * grows. Declares the sweep (workloads x alloc sizes x calls x heap
 * kinds x sizes) and hands it to the runner in src/footprint/footprint_run.c, which
 * owns the protocol. Does not measure creation alone (forkbench-spawn) nor
 * the copy-on-write faults a child takes on the parent's heap (forkbench-cow):
 * here the child never writes the heap. */
#define _GNU_SOURCE
#include "cli.h"
#include "driver.h"
#include "footprint_run.h"
#include "runctl.h"
#include "runs.h"
#include "sidecar.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *prog = "forkbench-footprint";

enum { OPT_CALLS = FB_OPT_DRIVER, OPT_WORKLOADS, OPT_ALLOC, OPT_OLD_MODES };

static void usage(void)
{
	printf("usage: %s [options]\n\n"
	       "Times a function called directly vs in a child (TLPI Listing 24.3: fork,\n"
	       "run it, result in the exit status or through a pipe, reap) as the parent's\n"
	       "heap grows, and checks that the isolated call leaves the parent's memory\n"
	       "as it was while a direct leaking call does not. Writes a raw CSV (one row\n"
	       "per call), a summary CSV and a .meta sidecar describing the machine.\n\n"
	       "  --calls LIST       how to call the function: direct, or in a child by a method\n"
	       "                     (see --list; 'all' for every one; --modes is the old name)\n"
	       "  --workloads LIST   functions to call: free, leak (see --list)\n"
	       "  --alloc LIST       bytes the function allocates, K/M/G suffixes (e.g. 0,1M,16M)\n"
	       FB_COMMON_HELP
	       "\nDefaults: --calls direct,fork,fork_pipe,clone,clone3 --workloads free,leak\n"
	       "          --alloc 16M --sizes 0,64M,256M,1G --heap touched,thp --reps 7\n"
	       "          --warmup 1 -o results/footprint.csv\n"
	       "--quick:  --workloads leak --sizes 0,64M --reps 5 --warmup 1\n"
	       "Exit status: 0 ok, 1 failure, 2 bad usage, 128+N stopped by signal N.\n",
	       prog);
}

static void list_tables(void)
{
	size_t n;
	const struct fb_call_mode *m = fb_call_modes(&n);
	printf("calls:\n");
	for (size_t i = 0; i < n; i++)
		printf("  %-12s %s\n", m[i].name, m[i].desc);
	printf("methods that do not apply (no copy-on-write copy: the function's memory\n"
	       "would land in the parent, or the method can only exec):\n");
	for (size_t i = 0; i < fb_method_count; i++)
		if (!fb_call_method_isolates(&fb_methods[i]))
			printf("  %-12s %s\n", fb_methods[i].name, fb_methods[i].desc);
	printf("workloads:\n");
	for (size_t i = 0; i < fb_workload_count; i++)
		printf("  %-12s %s\n", fb_workloads[i].name, fb_workloads[i].desc);
	printf("heap kinds:\n");
	for (size_t i = 0; i < fb_heap_kind_count; i++)
		printf("  %-12s %s\n", fb_heap_kinds[i].name, fb_heap_kinds[i].desc);
}

static int parse_allocs(char *arg, uint64_t *out)
{
	char *items[FB_MAX_SIZES + 1];
	int n = fb_cli_list(prog, "--alloc", arg, items, FB_MAX_SIZES);
	for (int i = 0; i < n; i++)
		if (fb_parse_size(items[i], &out[i]) || out[i] > (1ULL << 46))
			fb_usage_error(prog,
				       "bad --alloc value '%s': a byte count with an optional K, M, G or T suffix (e.g. 0, 4096, 16M, 1G), at most 64T",
				       items[i]);
	return n;
}

/* A creation method that cannot isolate gets its own message, not just "unknown". */
static void refuse_sharing_methods(const char *arg)
{
	char copy[1024], *items[FB_MAX_PICK];
	snprintf(copy, sizeof(copy), "%s", arg);
	int n = fb_split_list(copy, items, FB_MAX_PICK);
	for (int i = 0; i < n; i++) {
		const struct fb_method *m = fb_method_find(items[i]);
		if (m && !fb_call_method_isolates(m))
			fb_usage_error(prog,
				       "--calls value '%s' does not apply: %s gives the child no copy-on-write copy (it shares the parent's memory or can only exec), so nothing is isolated; see --list",
				       items[i], m->name);
	}
}

/* What was picked on the command line, by index into the tables. */
struct pick {
	int calls[FB_MAX_PICK], ncalls;
	int workloads[FB_MAX_PICK], nworkloads;
	uint64_t allocs[FB_MAX_SIZES];
	int nallocs;
};

/* Defaults, then --quick, then whatever was given explicitly wins. */
static void apply_defaults(struct fb_common_opts *o, struct pick *cfg)
{
	if (!o->nsizes) {
		static const uint64_t def[] = { 0, 64 << 20, 256 << 20, 1ULL << 30 };
		static const uint64_t quick[] = { 0, 64 << 20 };
		o->nsizes = o->quick ? (int)FB_ARRAY_LEN(quick) : (int)FB_ARRAY_LEN(def);
		memcpy(o->sizes, o->quick ? quick : def, (size_t)o->nsizes * sizeof(uint64_t));
	}
	if (!o->nheaps) {
		o->heaps[o->nheaps++] = fb_heap_kind_find("touched");
		o->heaps[o->nheaps++] = fb_heap_kind_find("thp");
	}
	o->reps = o->reps_given ? o->reps : o->quick ? 5 : 7;
	o->warmup = o->warmup_given ? o->warmup : 1;
	if (!cfg->ncalls) {
		const char *def[] = { "direct", "fork", "fork_pipe", "clone", "clone3" };
		size_t n;
		const struct fb_call_mode *all = fb_call_modes(&n);
		for (size_t i = 0; i < FB_ARRAY_LEN(def); i++)
			if (fb_call_mode_find(def[i]))
				cfg->calls[cfg->ncalls++] = (int)(fb_call_mode_find(def[i]) - all);
	}
	if (!cfg->nworkloads) {
		/* --quick keeps the one workload that shows the difference. */
		cfg->workloads[cfg->nworkloads++] = (int)(fb_workload_find(o->quick ? "leak" : "free") - fb_workloads);
		if (!o->quick)
			cfg->workloads[cfg->nworkloads++] = (int)(fb_workload_find("leak") - fb_workloads);
	}
	if (!cfg->nallocs)
		cfg->allocs[cfg->nallocs++] = 16 << 20;
}

static void write_sidecar(FILE *side, const struct fb_common_opts *o, const struct pick *cfg)
{
	fb_sidecar_kv(side, "fragments", "%llu", (unsigned long long)o->fragments);
	fb_sidecar_kv(side, "rss_tolerance", "max(1 MiB, alloc/20)");
	fb_sidecar_kv(side, "direct_leak_policy", "reclaimed after each row is observed");
	char list[512] = "";
	for (int i = 0; i < cfg->nallocs; i++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%llu", i ? "," : "",
			 (unsigned long long)cfg->allocs[i]);
	fb_sidecar_kv(side, "alloc_bytes", "%s", list);
}

/* What the workers report beyond rows: whether malloc's policy could be pinned (all of them). */
static void on_info(void *ctx, uint32_t run, const char *key, int64_t value)
{
	int *fixed = ctx;
	if (strcmp(key, "malloc_fixed") == 0)
		*fixed = *fixed != 0 && value != 0;
}

static const struct option footprint_options[] = {
	{ "calls", required_argument, 0, OPT_CALLS },
	{ "modes", required_argument, 0, OPT_OLD_MODES },   /* the old name, for one release */
	{ "workloads", required_argument, 0, OPT_WORKLOADS },
	{ "alloc", required_argument, 0, OPT_ALLOC },
	{ 0, 0, 0, 0 },
};

static void on_option(void *ctx, int opt, char *arg)
{
	struct pick *cfg = ctx;
	size_t ncalls;
	const struct fb_call_mode *calls = fb_call_modes(&ncalls);
	int idx[FB_MAX_PICK];
	switch (opt) {
	case OPT_OLD_MODES:
		fprintf(stderr, "%s: note: --modes is now --calls (the CSV column mode is now call)\n", prog);
		/* fall through */
	case OPT_CALLS:
		refuse_sharing_methods(arg);
		cfg->ncalls = fb_pick(prog, "--calls", arg, calls, sizeof(calls[0]), ncalls, idx, FB_MAX_PICK);
		for (int i = 0; i < cfg->ncalls; i++)
			cfg->calls[i] = idx[i];
		break;
	case OPT_WORKLOADS:
		cfg->nworkloads = fb_pick(prog, "--workloads", arg, fb_workloads, sizeof(fb_workloads[0]),
					  fb_workload_count, idx, FB_MAX_PICK);
		for (int i = 0; i < cfg->nworkloads; i++)
			cfg->workloads[i] = idx[i];
		break;
	case OPT_ALLOC:
		cfg->nallocs = parse_allocs(arg, cfg->allocs);
		break;
	}
}

int main(int argc, char **argv)
{
	struct fb_common_opts o;
	static struct pick cfg;
	fb_cli_parse(&o, prog, usage, argc, argv, footprint_options, on_option, &cfg);
	fb_cli_finish(&o, argc, argv, list_tables, fb_fp_table);
	apply_defaults(&o, &cfg);

	/* Refuse, before allocating anything, what would not fit: the heap plus one
	 * block of the largest --alloc (a direct leak is reclaimed after each call,
	 * so leaks never pile up; a child copies page tables, not the heap). */
	uint64_t max_alloc = 0;
	for (int a = 0; a < cfg.nallocs; a++)
		max_alloc = cfg.allocs[a] > max_alloc ? cfg.allocs[a] : max_alloc;
	for (int s = 0; s < o.nsizes; s++) {
		uint64_t need, avail;
		if (fb_heap_fits(o.sizes[s] + max_alloc, 0, &need, &avail) == -ENOMEM) {
			char hb[32], ab[32];
			fb_format_size(o.sizes[s], hb, sizeof(hb));
			fb_format_size(max_alloc, ab, sizeof(ab));
			fb_usage_error(prog,
				       "heap size %s with --alloc %s does not fit: it needs about %llu MiB (heap, block, page tables, slack) and MemAvailable is %llu MiB",
				       hb, ab, (unsigned long long)(need >> 20), (unsigned long long)(avail >> 20));
		}
	}
	if (fb_runs_check_worker(prog))
		return FB_EXIT_FAIL;
	static struct fb_fp_config wc;   /* plain data: the worker gets a copy of its bytes */
	const unsigned runs = fb_common_runs(&o);
	fb_runs_plan(&wc.plan, &o, runs);
	for (int i = 0; i < cfg.ncalls; i++)
		wc.calls[wc.ncalls++] = (uint32_t)cfg.calls[i];
	for (int i = 0; i < cfg.nworkloads; i++)
		wc.workloads[wc.nworkloads++] = (uint32_t)cfg.workloads[i];
	for (int i = 0; i < cfg.nallocs; i++)
		wc.allocs[wc.nallocs++] = cfg.allocs[i];
	wc.perf = o.perf;
	const int nvariants = wc.ncalls * wc.nworkloads * wc.nallocs;
	if (nvariants > FB_SWEEP_MAX_VARIANTS)
		fb_usage_error(prog, "too many combinations of --calls, --workloads and --alloc (%d, at most %d)",
			       nvariants, FB_SWEEP_MAX_VARIANTS);

	struct fb_run run;
	fb_run_begin(&run, &o, "results/footprint.csv", argc, argv);
	write_sidecar(run.side, &o, &cfg);
	fb_sidecar_kv(run.side, "runs", "%u", runs);
	int rc = fb_fp_table(&run.table, &o.perf);
	if (rc) {
		fprintf(stderr, "%s: %s\n", prog, strerror(-rc));
		return FB_EXIT_FAIL;
	}
	fb_run_start(&run);
	int malloc_fixed = 1;
	struct fb_runs rs = {
		.driver = FB_WIRE_FOOTPRINT, .config = &wc, .config_len = sizeof(wc),
		.nvariants = nvariants, .on_info = on_info,
		.info_ctx = &malloc_fixed,
	};
	rc = fb_run_workers(&run, &rs);
	/* Not fatal: a sanitizer's allocator ignores mallopt; the sidecar says so. */
	if (rs.runs_done && !malloc_fixed)
		fprintf(stderr, "%s: note: this allocator ignores mallopt(M_MMAP_THRESHOLD); direct calls may reuse memory a child has to fault in\n",
			prog);
	if (rs.runs_done && malloc_fixed)
		fb_sidecar_kv(run.side, "malloc_mmap_threshold_bytes", "%lu", FB_WORKLOAD_MMAP_THRESHOLD);
	else
		fb_sidecar_kv(run.side, "malloc_mmap_threshold_bytes", "%s", "");
	return fb_run_finish(&run, rc);
}
