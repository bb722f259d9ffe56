/* forkbench-compare: what changed between result directories, and whether
 * it is more than this machine's noise. Sides are lists of directories
 * pooled (`A1 A2 -- B1 B2`), or one directory each (`A B [C ...]`: each
 * later one against the first). For every driver, configuration and metric
 * both sides hold it estimates the B/A ratio of medians with an interval over
 * the independent runs (src/analysis/interval.c), controls the false discovery rate
 * over each driver's primary metric (src/analysis/fdr.c) and writes the report (src/analysis/report.c): the text on
 * stdout and in compare.txt, compare.md, compare.csv, summary.csv and
 * runs.csv. Broken input files are warned about with file and line
 * (src/analysis/runload.c). Measures nothing. */
#define _GNU_SOURCE
#include "comparison.h"
#include "report.h"
#include "runset.h"
#include "util.h"
#include "cli.h"
#include "version.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *prog = "forkbench-compare";

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s [options] A B [C ...]\n"
		"       %s [options] A1 [A2 ...] -- B1 [B2 ...] [-- C1 ...]\n\n"
		"Compares result directories (each holding spawn/cow/footprint .csv,\n"
		".summary.csv and .meta). In the first form each directory is a side and\n"
		"every later one is compared with A; in the second the directories between\n"
		"'--' are pooled into one side (their runs are independent runs). Options\n"
		"come before the directories.\n\n"
		"  -o DIR          output directory (default ./compare-out): compare.txt,\n"
		"                  compare.md, compare.csv, summary.csv, runs.csv\n"
		"  --alpha P       false discovery rate across rows, and 1 - the interval's\n"
		"                  level (default 0.05: 95%% intervals, FDR 5%%)\n"
		"  --min-change PCT  the margin (default 5): higher/lower when the interval\n"
		"                  lies beyond +-PCT %%, same when it lies inside, else can't tell\n"
		"  --resamples N, --seed N  accepted and ignored (the interval is a t interval\n"
		"                  over runs now, not a bootstrap: the report is deterministic)\n"
		"  --metrics LIST  compare only these metrics (default: all; text and\n"
		"                  Markdown show the timing metrics and flagged rows)\n"
		"  --all           show every compared row in the text and Markdown\n"
		"  --paired        run i of A and run i of B were taken alternately (scripts/ab):\n"
		"                  a t interval on the run-by-run differences (>= 3 pairs)\n"
		"Exit status: 0 compared (differences are not failures), 1 nothing\n"
		"comparable or cannot write, 2 bad usage.\n",
		prog, prog);
}

static int bad(const char *opt, const char *want, const char *v)
{
	fprintf(stderr, "%s: %s wants %s, not '%s'\n", prog, opt, want, v);
	return FB_EXIT_USAGE;
}

/* A side's label: the last component of its first directory, "+N" when pooled. */
static void make_label(char *out, size_t len, char **dirs, size_t n)
{
	char tmp[4096];
	snprintf(tmp, sizeof(tmp), "%s", dirs[0]);
	size_t l = strlen(tmp);
	while (l > 1 && tmp[l - 1] == '/')
		tmp[--l] = '\0';
	const char *base = strrchr(tmp, '/') ? strrchr(tmp, '/') + 1 : tmp;
	if (n > 1)
		snprintf(out, len, "%.24s+%d", base, (int)(n - 1) % 1000);
	else
		snprintf(out, len, "%.24s", base);
	for (char *p = out; *p; p++)
		if (*p == ',' || *p == '|' || *p == '"' || *p == ' ')
			*p = '_';
}

struct side {
	char **dirs;
	size_t n;
	char label[64];
};

int main(int argc, char **argv)
{
	fb_warn_prog = prog;
	struct fb_cmp_opts o = { .alpha = 0.05, .min_change = 0.05 };
	const char *outdir = "compare-out";
	enum { OPT_ALPHA = 256, OPT_METRICS, OPT_ALL, OPT_MINCHANGE, OPT_SEED, OPT_RESAMPLES, OPT_VERSION, OPT_PAIRED };
	static const struct option lo[] = {
		{ "alpha", required_argument, 0, OPT_ALPHA }, { "metrics", required_argument, 0, OPT_METRICS },
		{ "all", no_argument, 0, OPT_ALL }, { "paired", no_argument, 0, OPT_PAIRED }, { "min-change", required_argument, 0, OPT_MINCHANGE },
		{ "seed", required_argument, 0, OPT_SEED }, { "resamples", required_argument, 0, OPT_RESAMPLES },
		{ "version", no_argument, 0, OPT_VERSION },
		{ "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 },
	};
	/* Exact names only: getopt_long would take --min as --min-change. */
	fb_check_long_options(prog, argc, argv, "o:h", lo);
	char *metrics[64], *end;
	struct side *sides = fb_xcalloc((size_t)argc + 1, sizeof(*sides));
	char **plain = fb_xcalloc((size_t)argc + 1, sizeof(char *));
	size_t nsides = 0, nplain = 0;
	int opt, li;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+o:h", lo, &li)) != -1) {
		switch (opt) {
		case 'o':
			outdir = optarg;
			break;
		case OPT_ALPHA:
			o.alpha = strtod(optarg, &end);
			if (*end || !*optarg || !(o.alpha > 0 && o.alpha < 0.5))
				return bad("--alpha", "a number in (0, 0.5)", optarg);
			break;
		case OPT_MINCHANGE:
			o.min_change = strtod(optarg, &end) / 100;
			if (*end || !*optarg || !(o.min_change >= 0 && o.min_change < 10))
				return bad("--min-change", "a percentage from 0 to 1000", optarg);
			break;
		case OPT_SEED:
			errno = 0;
			(void)strtoull(optarg, &end, 10);
			if (*end || !*optarg || errno || *optarg == '-')
				return bad("--seed", "a whole number", optarg);
			break;
		case OPT_RESAMPLES: {
			errno = 0;
			unsigned long n = strtoul(optarg, &end, 10);
			if (*end || !*optarg || errno || *optarg == '-' || n < 200 || n > 1000000)
				return bad("--resamples", "a whole number from 200 to 1000000", optarg);
			break;
		}
		case OPT_METRICS: {
			int n = fb_split_list(optarg, metrics, 64);
			if (n <= 0)
				return bad("--metrics", "a comma list of up to 64 metric names", optarg);
			o.metrics = metrics;
			o.nmetrics = (size_t)n;
			break;
		}
		case OPT_ALL:
			o.all = true;
			break;
		case OPT_PAIRED:
			o.paired = true;
			break;
		case 'h':
			usage(stdout);
			return FB_EXIT_OK;
		case OPT_VERSION:
			fb_print_version(prog);
			return FB_EXIT_OK;
		default:
			fprintf(stderr, "%s: unknown option '%s'\n", prog, argv[optind - 1]);
			usage(stderr);
			return FB_EXIT_USAGE;
		}
	}
	/* Directories: split at "--" into pooled sides, else one side each. */
	bool pooled = false;
	for (int i = optind; i < argc; i++)
		pooled |= strcmp(argv[i], "--") == 0;
	for (int i = optind; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			/* A "--" with no directory before it (after options or another "--") or
			 * after it names an empty side: refused, not dropped. */
			if (!nplain) {
				fprintf(stderr, "%s: side %zu is empty: no directory %s '--' (argument %d); each side "
						"between '--' needs at least one results directory\n",
					prog, nsides + 1, i == optind ? "before the first" : "between this and the previous",
					i - optind + 1);
				return FB_EXIT_USAGE;
			}
			sides[nsides].dirs = plain;
			sides[nsides++].n = nplain;
			plain += nplain + 1;
			nplain = 0;
			if (i == argc - 1) {
				fprintf(stderr, "%s: the side after the last '--' is empty: name at least one results "
						"directory after it\n", prog);
				return FB_EXIT_USAGE;
			}
			continue;
		}
		struct stat st;
		if (stat(argv[i], &st) != 0 || !S_ISDIR(st.st_mode)) {
			fprintf(stderr, "%s: %s is not a results directory\n", prog, argv[i]);
			return FB_EXIT_USAGE;
		}
		plain[nplain++] = argv[i];
		if (!pooled) {
			sides[nsides].dirs = plain;
			sides[nsides++].n = nplain;
			plain += nplain + 1;
			nplain = 0;
		}
	}
	if (nplain) {
		sides[nsides].dirs = plain;
		sides[nsides++].n = nplain;
	}
	if (nsides < 2) {
		fprintf(stderr, "%s: %s\n", prog, nsides ? "only one side: give at least two results directories"
							  : "no results directories given");
		usage(stderr);
		return FB_EXIT_USAGE;
	}
	for (size_t i = 0; i < nsides; i++) {
		make_label(sides[i].label, sizeof(sides[i].label), sides[i].dirs, sides[i].n);
		for (size_t j = 0; j < i; j++)
			if (strcmp(sides[i].label, sides[j].label) == 0) {
				size_t l = strlen(sides[i].label);
				snprintf(sides[i].label + l, sizeof(sides[i].label) - l, "#%d", (int)(i + 1) % 1000);
			}
	}
	if (mkdir(outdir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "%s: cannot create %s: %s\n", prog, outdir, strerror(errno));
		return FB_EXIT_FAIL;
	}

	struct fb_cmp *cs = fb_xcalloc(nsides, sizeof(*cs));
	size_t ncmp = 0;
	for (size_t i = 1; i < nsides; i++) {
		if (fb_cmp_run(&cs[ncmp], sides[0].dirs, sides[0].n, sides[i].dirs, sides[i].n, sides[0].label,
			       sides[i].label, &o) == 0) {
			ncmp++;
			continue;
		}
		fprintf(stderr, "%s: %s vs %s: no driver has usable results on both sides: nothing compared\n", prog,
			sides[i].label, sides[0].label);
		fb_cmp_free(&cs[ncmp]);
	}

	const char *names[] = { "compare.txt", "compare.md", "compare.csv", "summary.csv", "runs.csv" };
	FILE *f[5];
	char path[4096];
	for (int k = 0; k < 5; k++) {
		snprintf(path, sizeof(path), "%s/%s", outdir, names[k]);
		if (!(f[k] = fopen(path, "we"))) {
			fprintf(stderr, "%s: cannot write %s: %s\n", prog, path, strerror(errno));
			return FB_EXIT_FAIL;
		}
	}
	fprintf(f[1], "# forkbench comparison\n\n");
	fb_report_csv_header(f[2], cs, ncmp);
	fb_report_summary_csv_header(f[3]);
	fprintf(f[4], "label,dir\n");
	for (size_t i = 0; i < nsides; i++)
		for (size_t j = 0; j < sides[i].n; j++)
			fprintf(f[4], "%s,%s\n", sides[i].label, sides[i].dirs[j]);
	for (size_t i = 0; i < ncmp; i++) {
		if (i)
			fputc('\n', f[0]);
		fb_report(f[0], &cs[i], false);
		fb_report(f[1], &cs[i], true);
		fb_report_csv(f[2], &cs[i], cs, ncmp);
		fb_report_summary_csv(f[3], &cs[i]);
		if (i)
			fputc('\n', stdout);
		fb_report(stdout, &cs[i], false);
	}
	int rc = 0;
	for (int k = 0; k < 5; k++)
		rc |= fclose(f[k]);
	for (size_t i = 0; i < ncmp; i++)
		fb_cmp_free(&cs[i]);
	if (rc) {
		fprintf(stderr, "%s: cannot write into %s\n", prog, outdir);
		return FB_EXIT_FAIL;
	}
	if (fb_nwarnings)
		fprintf(stderr, "%s: %zu warning%s about the input (above): read them before the verdicts\n", prog,
			fb_nwarnings, fb_nwarnings == 1 ? "" : "s");
	if (!ncmp) {
		fprintf(stderr, "%s: nothing usable to compare\n", prog);
		return FB_EXIT_FAIL;
	}
	printf("\nwrote %s/compare.txt, compare.md, compare.csv, summary.csv, runs.csv\n", outdir);
	return FB_EXIT_OK;
}
