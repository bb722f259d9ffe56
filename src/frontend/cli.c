/* cli: shared option parsing and the usage-error path. */
#define _GNU_SOURCE
#include "cli.h"
#include "method.h"
#include "util.h"
#include "version.h"

#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

void fb_usage_error(const char *prog, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(see %s --help)\n", prog);
	exit(FB_EXIT_USAGE);
}

void fb_print_version(const char *prog)
{
	printf("%s %s (commit %s, %s build)\n", prog, fb_suite_version, fb_suite_commit, fb_build_type);
}

/* Edit distance between a and b (short option names only), for "did you mean". */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), d[64];
	if (la >= 63 || lb >= 63)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		d[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = d[0];
		d[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = d[j], best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (d[j - 1] + 1 < best)
				best = d[j - 1] + 1;
			d[j] = best;
			diag = up;
		}
	}
	return d[lb];
}

void fb_check_long_options(const char *prog, int argc, char **argv, const char *shortopts,
			   const struct option *longopts)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0)
			return;
		if (a[0] != '-' || !a[1])
			continue;   /* an operand: getopt permutes, fb_cli_finish refuses strays */
		if (a[1] != '-') {   /* a cluster of short options: skip the value of one that takes it */
			for (const char *c = a + 1; *c; c++) {
				const char *s = strchr(shortopts, *c);
				if (s && s[1] == ':') {
					if (!c[1])
						i++;
					break;
				}
			}
			continue;
		}
		char name[128];
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(a + 2, "="), a + 2);
		const struct option *hit = NULL, *near = NULL;
		size_t best = 99;
		for (const struct option *lo = longopts; lo->name; lo++) {
			if (strcmp(lo->name, name) == 0)
				hit = lo;
			size_t d = strncmp(lo->name, name, strlen(name)) == 0 ? 0 : edit_distance(lo->name, name);
			if (d < best)
				best = d, near = lo;
		}
		if (!hit) {
			/* getopt_long would take an unambiguous prefix (--method as --methods)
			 * and start a sweep the user did not ask for: exact names only. */
			if (near && best <= 3)
				fb_usage_error(prog, "unknown option '--%s'; did you mean --%s?", name, near->name);
			fb_usage_error(prog, "unknown option '--%s'", name);
		}
		if (hit->has_arg == required_argument && !strchr(a, '='))
			i++;
	}
}

int fb_getopt(struct fb_common_opts *o, int argc, char **argv, const struct option *longopts)
{
	static bool checked;
	if (!checked) {
		fb_check_long_options(o->prog, argc, argv, "o:h", longopts);
		checked = true;
	}
	return getopt_long(argc, argv, "o:h", longopts, NULL);
}

void fb_list_methods(void)
{
	printf("methods:\n");
	for (size_t i = 0; i < fb_method_count; i++)
		printf("  %-15s %s%s\n", fb_methods[i].name, fb_methods[i].desc,
		       fb_method_only_label(&fb_methods[i]));
	printf("child actions:\n");
	for (size_t i = 0; i < fb_child_mode_count; i++)
		printf("  %-15s %s\n", fb_child_modes[i].name, fb_child_modes[i].desc);
}

void fb_list_heap_kinds(void)
{
	printf("heap kinds:\n");
	for (size_t i = 0; i < fb_heap_kind_count; i++)
		printf("  %-15s %s\n", fb_heap_kinds[i].name, fb_heap_kinds[i].desc);
}

void fb_names(const void *table, size_t stride, size_t nrows, char *buf, size_t len)
{
	buf[0] = '\0';
	for (size_t i = 0; i < nrows; i++) {
		const char *name = *(const char *const *)((const char *)table + i * stride);
		size_t used = strlen(buf);
		snprintf(buf + used, len - used, "%s%s", i ? ", " : "", name);
	}
}

int fb_cli_list(const char *prog, const char *option, char *arg, char **items, int max)
{
	int n = fb_split_list(arg, items, max);
	if (n == -EINVAL)
		fb_usage_error(prog, "bad %s value '%s': an item of the list is empty (a doubled, leading or trailing comma); give a comma-separated list such as a,b,c",
			       option, arg);
	if (n == -E2BIG)
		fb_usage_error(prog, "bad %s value '%s': at most %d items", option, arg, max);
	if (n < 0)
		fb_usage_error(prog, "%s: %s", option, strerror(-n));
	return n;
}

int fb_pick(const char *prog, const char *option, char *arg, const void *table, size_t stride,
	    size_t nrows, int *idx, int max)
{
	char *items[FB_MAX_PICK];
	int n = fb_cli_list(prog, option, arg, items, FB_MAX_PICK);
	int out = 0;
	for (int k = 0; k < n; k++) {
		bool all = strcmp(items[k], "all") == 0, found = false;
		for (size_t i = 0; i < nrows; i++) {
			const char *name = *(const char *const *)((const char *)table + i * stride);
			if (!all && strcmp(name, items[k]) != 0)
				continue;
			found = true;
			bool dup = false;
			for (int j = 0; j < out; j++)
				dup |= idx[j] == (int)i;
			if (!dup && out < max)
				idx[out++] = (int)i;
		}
		if (!found) {
			char allowed[512];
			fb_names(table, stride, nrows, allowed, sizeof(allowed));
			fb_usage_error(prog, "unknown %s value '%s'; allowed: %s, all", option, items[k],
				       allowed);
		}
	}
	return out;
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
		o->nheaps = fb_pick(o->prog, "--heap", arg, fb_heap_kinds, sizeof(fb_heap_kinds[0]),
				    fb_heap_kind_count, idx, FB_MAX_PICK);
		for (int i = 0; i < o->nheaps; i++)
			o->heaps[i] = &fb_heap_kinds[idx[i]];
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

void fb_check_fits(const char *prog, uint64_t bytes, unsigned copies)
{
	uint64_t need, avail;
	if (fb_heap_fits(bytes, copies, &need, &avail) == -ENOMEM) {
		char b[32];
		fb_format_size(bytes, b, sizeof(b));
		fb_usage_error(prog,
			       "heap size %s does not fit: it needs about %llu MiB (heap%s, page tables, slack) and MemAvailable is %llu MiB",
			       b, (unsigned long long)(need >> 20),
			       copies ? " plus what the child may copy" : "",
			       (unsigned long long)(avail >> 20));
	}
}

unsigned fb_common_runs(const struct fb_common_opts *o)
{
	if (o->runs > o->reps)
		fb_usage_error(o->prog, "bad --runs value '%llu': at most --reps (%llu) runs, each measures a share of the reps",
			       (unsigned long long)o->runs, (unsigned long long)o->reps);
	if (o->runs)
		return (unsigned)o->runs;
	return o->reps < 3 ? (unsigned)o->reps : 3;
}

int fb_make_parent_dir(const char *path)
{
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s", path);
	char *slash = strrchr(dir, '/');
	if (!slash)
		return 0;
	*slash = '\0';
	for (char *p = dir + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(dir, 0777);
			*p = '/';
		}
	if (mkdir(dir, 0777) && errno != EEXIST)
		return -errno;
	return 0;
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

static int read_cpu_times(unsigned long long *busy, unsigned long long *total)
{
	FILE *f = fopen("/proc/stat", "re");
	if (!f)
		return -errno;
	unsigned long long v[10] = { 0 };
	int n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2],
		       &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]);
	fclose(f);
	if (n < 5)
		return -EINVAL;
	*total = 0;
	for (int i = 0; i < 8; i++)
		*total += v[i];
	*busy = *total - v[3] - v[4];   /* minus idle and iowait */
	return 0;
}

int fb_check_quiet(const char *prog)
{
	unsigned long long b0, t0, b1, t1;
	if (read_cpu_times(&b0, &t0))
		return -1;
	struct timespec ts = { 0, 200000000 };
	nanosleep(&ts, NULL);
	if (read_cpu_times(&b1, &t1) || t1 == t0)
		return -1;
	int pct = (int)(100 * (b1 - b0) / (t1 - t0));
	if (pct >= 10)
		fprintf(stderr, "%s: warning: the CPUs were %d%% busy before the run: other work skews timings (recorded in the sidecar as busy_pct_before)\n",
			prog, pct);
	return pct;
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
