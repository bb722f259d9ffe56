/* cli: shared option parsing and the usage-error path. */
#define _GNU_SOURCE
#include "cli.h"
#include "exec_target.h"
#include "method.h"
#include "util.h"
#include "version.h"

#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fb_print_version(const char *prog)
{
	printf("%s %s (commit %s, %s build)\n", prog, fb_suite_version, fb_suite_commit, fb_build_type);
}

/* Edit distance between a and b (short option names only), for "did you mean". */
int fb_getopt(struct fb_common_opts *o, int argc, char **argv, const struct option *longopts)
{
	static bool checked;
	if (!checked) {
		fb_check_long_options(o->prog, argc, argv, "o:h", longopts);
		checked = true;
	}
	return getopt_long(argc, argv, "o:h", longopts, NULL);
}

void fb_cli_parse(struct fb_common_opts *o, const char *prog, void (*usage)(void), int argc, char **argv,
		  const struct option *rows, void (*own)(void *ctx, int opt, char *arg), void *ctx)
{
	static const struct option common[] = { FB_COMMON_LONGOPTS };
	static struct option all[FB_ARRAY_LEN(common) + 32];
	size_t n = 0;
	for (size_t i = 0; i < FB_ARRAY_LEN(common); i++)
		all[n++] = common[i];
	for (; rows && rows->name && n + 1 < FB_ARRAY_LEN(all); rows++)
		all[n++] = *rows;
	all[n] = (struct option){ 0, 0, 0, 0 };
	fb_common_defaults(o, prog, usage);
	int opt;
	while ((opt = fb_getopt(o, argc, argv, all)) != -1)
		if (!fb_common_option(o, opt, optarg))
			own(ctx, opt, optarg);
}

bool fb_create_option(struct fb_create_picks *p, const char *prog, int opt, char *arg)
{
	if (opt == FB_OPT_METHODS)
		p->nmethods = fb_pick_methods(prog, arg, p->methods);
	else if (opt == FB_OPT_CHILD)
		p->nmodes = fb_pick_child(prog, arg, p->modes);
	return opt == FB_OPT_METHODS || opt == FB_OPT_CHILD;
}

void fb_common_defaults(struct fb_common_opts *o, const char *prog, void (*usage)(void))
{
	memset(o, 0, sizeof(*o));
	o->prog = prog;
	o->usage = usage;
	o->reps = 11;
	o->warmup = 2;
	o->cpu = -1;
	o->fragments = 4096;
}

static uint64_t parse_count(const char *prog, const char *option, const char *arg, uint64_t lo,
			    uint64_t hi)
{
	uint64_t v;
	if (fb_parse_uint(arg, hi, &v) || v < lo)
		fb_usage_error(prog, "bad %s value '%s': a whole number from %llu to %llu", option, arg,
			       (unsigned long long)lo, (unsigned long long)hi);
	return v;
}

bool fb_common_option(struct fb_common_opts *o, int opt, char *arg)
{
	switch (opt) {
	case FB_OPT_SIZES: {
		char *items[FB_MAX_SIZES + 1];
		int n = fb_cli_list(o->prog, "--sizes", arg, items, FB_MAX_SIZES);
		for (int i = 0; i < n; i++)
			if (fb_parse_size(items[i], &o->sizes[i]) || o->sizes[i] > (1ULL << 46))
				fb_usage_error(o->prog,
					       "bad --sizes value '%s': a byte count with an optional K, M, G or T suffix (e.g. 0, 4096, 16M, 1G), at most 64T",
					       items[i]);
		o->nsizes = n;
		return true;
	}
	case FB_OPT_HEAP: {
		int idx[FB_MAX_PICK];
		char *heaps = fb_mthp_expand_heaps(arg);
		o->nheaps = fb_pick(o->prog, "--heap", heaps, fb_heap_kinds, sizeof(fb_heap_kinds[0]),
				    fb_heap_kind_count, idx, FB_MAX_PICK);
		for (int i = 0; i < o->nheaps; i++)
			o->heaps[i] = &fb_heap_kinds[idx[i]];
		free(heaps);
		return true;
	}
	case FB_OPT_REPS:
		o->reps = parse_count(o->prog, "--reps", arg, 1, 1000000);
		o->reps_given = true;
		return true;
	case FB_OPT_WARMUP:
		o->warmup = parse_count(o->prog, "--warmup", arg, 0, 1000000);
		o->warmup_given = true;
		return true;
	case FB_OPT_RUNS:
		o->runs = parse_count(o->prog, "--runs", arg, 1, 1000);
		return true;
	case FB_OPT_CPU:
		o->cpu = (int)parse_count(o->prog, "--cpu", arg, 0, CPU_SETSIZE - 1);
		return true;
	case 'o':
		if (!*arg)
			fb_usage_error(o->prog, "-o needs a file name");
		o->output = arg;
		return true;
	case FB_OPT_BUDGET: {
		/* A whole number of seconds, minutes or hours: 90, 90s, 5m, 1h. */
		char *end;
		errno = 0;
		unsigned long long v = strtoull(arg, &end, 10);
		long long mul = *end == 0 || strcmp(end, "s") == 0 ? 1 : strcmp(end, "m") == 0 ? 60
			      : strcmp(end, "h") == 0 ? 3600 : 0;
		if (errno || end == arg || !mul || v == 0 || v * (unsigned long long)mul > 86400)
			fb_usage_error(o->prog, "bad --budget value '%s': a duration from 1s to 24h, as seconds, or with s, m or h (e.g. 90s, 5m, 1h)",
				       arg);
		o->budget_ns = (int64_t)(v * (unsigned long long)mul) * 1000000000LL;
		return true;
	}
	case FB_OPT_SET_MTHP:
		o->set_mthp = true;
		return true;
	case FB_OPT_QUICK:
		o->quick = true;
		return true;
	case FB_OPT_EVENTS:
		o->events_arg = arg;
		return true;
	case FB_OPT_LIST_EVENTS:
		o->list_events = true;
		return true;
	case FB_OPT_FRAGMENTS:
		o->fragments = parse_count(o->prog, "--fragments", arg, 1, 1000000);
		return true;
	case FB_OPT_LIST:
		o->want_list = true;
		return true;
	case FB_OPT_COLUMNS:
		o->want_columns = true;
		return true;
	case 'h':
		o->usage();
		exit(FB_EXIT_OK);
	case FB_OPT_VERSION:
		fb_print_version(o->prog);
		exit(FB_EXIT_OK);
	case '?':   /* getopt has named the option already */
		fb_usage_error(o->prog, "unknown option or missing value");
	}
	return false;
}

void fb_common_finish(struct fb_common_opts *o)
{
	if (o->list_events) {
		int rc = fb_perf_list();
		exit(rc ? FB_EXIT_FAIL : FB_EXIT_OK);
	}
	char *names[FB_PERF_MAX + 1];
	int n;
	if (o->events_arg) {
		n = fb_cli_list(o->prog, "--events", o->events_arg, names, FB_PERF_MAX);
		if (n == 1 && strcmp(names[0], "none") == 0)
			n = 0;
	} else {
		n = fb_perf_default_count;
		for (int i = 0; i < n; i++)
			names[i] = (char *)fb_perf_default_events[i];
	}
	char err[256];
	if (fb_perf_spec_init(&o->perf, names, n, err, sizeof(err)))
		fb_usage_error(o->prog, "bad --events value %s; see --list-events for names that work here, or 'none'", err);
	if (o->cpu >= 0) {
		cpu_set_t set;
		if (sched_getaffinity(0, sizeof(set), &set) == 0 && !CPU_ISSET(o->cpu, &set))
		{
			char allowed[256] = "";
			for (int c = 0; c < CPU_SETSIZE && strlen(allowed) < sizeof(allowed) - 8; c++)
				if (CPU_ISSET(c, &set))
					snprintf(allowed + strlen(allowed), sizeof(allowed) - strlen(allowed),
						 "%s%d", allowed[0] ? "," : "", c);
			fb_usage_error(o->prog, "bad --cpu value '%d': this process may run on CPUs %s only",
				       o->cpu, allowed);
		}
	}
	uint64_t max_frag = 0;
	FILE *f = fopen("/proc/sys/vm/max_map_count", "re");
	if (f) {
		if (fscanf(f, "%llu", (unsigned long long *)&max_frag) != 1)
			max_frag = 0;
		fclose(f);
	}
	if (max_frag && o->fragments + 1000 > max_frag)
		fb_usage_error(o->prog, "bad --fragments value %llu: vm.max_map_count is %llu, use at most %llu",
			       (unsigned long long)o->fragments, (unsigned long long)max_frag,
			       (unsigned long long)(max_frag - 1000));
}

unsigned fb_common_runs(const struct fb_common_opts *o)
{
	if (o->runs > o->reps)
		fb_usage_error(o->prog, "bad --runs value '%llu': at most --reps (%llu) runs, each measures a share of the reps",
			       (unsigned long long)o->runs, (unsigned long long)o->reps);
	if (o->runs && o->budget_ns)
		fb_usage_error(o->prog, "--runs %llu and --budget: give one (--budget chooses the number of runs)",
			       (unsigned long long)o->runs);
	if (o->runs)
		return (unsigned)o->runs;
	return o->reps < 3 ? (unsigned)o->reps : 3;
}

void fb_default_sizes(struct fb_common_opts *o, const uint64_t *sizes, size_t n, unsigned copies)
{
	o->nsizes = 0;
	for (size_t i = 0; i < n && o->nsizes < FB_MAX_SIZES; i++) {
		uint64_t need, avail;
		if (fb_heap_fits(sizes[i], copies, &need, &avail) == -ENOMEM) {
			char b[32];
			fb_format_size(sizes[i], b, sizeof(b));
			fprintf(stderr, "%s: note: default size %s left out: needs about %llu MiB, MemAvailable %llu MiB\n",
				o->prog, b, (unsigned long long)(need >> 20), (unsigned long long)(avail >> 20));
			continue;
		}
		o->sizes[o->nsizes++] = sizes[i];
	}
}

void fb_cli_finish(struct fb_common_opts *o, int argc, char **argv, void (*list)(void),
		   int (*columns)(struct fb_table *t, const struct fb_perf_spec *perf))
{
	if (optind < argc)
		fb_usage_error(o->prog, "unexpected argument '%s'", argv[optind]);
	if (o->want_list) {
		list();
		exit(FB_EXIT_OK);
	}
	fb_common_finish(o);
	if (o->want_columns) {
		struct fb_table t;
		int rc = columns(&t, &o->perf);
		if (!rc)
			fb_table_print_columns(&t, stdout);
		fb_table_close(&t);
		exit(rc ? FB_EXIT_FAIL : FB_EXIT_OK);
	}
}

int fb_cli_exec_target(const char *prog, char *buf, size_t len)
{
	int rc = fb_exec_target_path(buf, len);
	if (rc == 0)
		return 0;
	fprintf(stderr, "%s: exec target %s not usable: %s (build it, or set FORKBENCH_EXEC_TARGET to an absolute path)\n",
		prog, buf, strerror(-rc));
	return FB_EXIT_FAIL;
}
