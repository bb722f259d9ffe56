/* forkbench-compare: what changed between two (or more) result directories.
 * For each driver whose files both runs hold, it diffs the .meta sidecars,
 * then, for every configuration and metric present in both, compares the raw
 * repetitions: medians, B/A ratio, and a two-sided Mann-Whitney U test
 * (src/mannwhitney.c). Does not re-measure anything, does not average over
 * configurations except the geometric mean of the B/A ratios per metric, and
 * never flags a row with fewer than --min-reps ok repetitions on a side.
 * Runs after the first are each compared with the first. Writes
 * compare.csv (every row), compare.md (main metrics and significant rows) and
 * runs.csv (label,dir) into the output directory; scripts/compare draws them. */
#define _GNU_SOURCE
#include "csvread.h"
#include "runset.h"
#include "mannwhitney.h"
#include "stats.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *prog = "forkbench-compare";

/* The drivers whose files a results directory may hold. */
static const char *const drivers[] = { "spawn", "cow", "footprint" };

/* Sidecar keys that differ on every run: shown in the header, never diffed. */
static const char *const noise_keys[] = { "date", "command", "hostname", "loadavg",
					   "mem_available_bytes", "exec_target", "driver" };

struct opts {
	double alpha;
	size_t min_reps;
	double min_change;   /* |B/A - 1| below this is "~" even when significant */
	const char *outdir;
	bool all;
	char *metrics[64];
	int nmetrics;
};

struct out {
	FILE *csv, *md;
	const struct opts *o;
};

/* Timing metrics shown by default: *_ns and *_ns_per_page, but not the
 * task-clock perf events (they are counters, compared in the CSV). */
static bool is_main_metric(const struct opts *o, const char *m)
{
	if (o->nmetrics)
		return fb_in_list(o->metrics, (size_t)o->nmetrics, m);
	size_t l = strlen(m);
	bool ns = (l > 3 && strcmp(m + l - 3, "_ns") == 0) ||
		  (l > 12 && strcmp(m + l - 12, "_ns_per_page") == 0);
	return ns && !strstr(m, "task_clock");
}

/* Both to stdout and into compare.md: the note lines of a comparison. */
static void note(struct out *w, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printf("  %s\n", buf);
	fprintf(w->md, "- %s\n", buf);
}

static bool is_noise(const char *k)
{
	for (size_t i = 0; i < FB_ARRAY_LEN(noise_keys); i++)
		if (strcmp(k, noise_keys[i]) == 0)
			return true;
	return false;
}

static void diff_meta(struct out *w, const struct fb_meta *a, const struct fb_meta *b,
		      const char *la, const char *lb)
{
	int diffs = 0;
	fprintf(w->md, "\nSidecar differences:\n\n");
	for (int pass = 0; pass < 2; pass++) {
		const struct fb_meta *m = pass ? b : a;
		for (size_t i = 0; i < m->n; i++) {
			const char *k = m->key[i];
			if (is_noise(k) || (pass && fb_meta_get(a, k)))
				continue;
			const char *va = fb_meta_get(a, k), *vb = fb_meta_get(b, k);
			if (va && vb && strcmp(va, vb) == 0)
				continue;
			if (!diffs++)
				printf("  sidecar differences:\n");
			printf("    %-28s %s: %s\n    %-28s %s: %s\n", k, la, va ? va : "(absent)", "", lb,
			       vb ? vb : "(absent)");
			fprintf(w->md, "- `%s`: %s = `%s`; %s = `%s`\n", k, la, va ? va : "(absent)", lb,
				vb ? vb : "(absent)");
		}
	}
	if (!diffs) {
		printf("  sidecars: no differences (outside date, command, hostname, load)\n");
		fprintf(w->md, "- none (outside date, command, hostname, load)\n");
	}
}

static void csv_row(struct out *w, const char *la, const char *lb, const char *driver,
		    const char *cfg, const char *metric, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fprintf(w->csv, "%s,%s,%s,%s,%s,%s\n", la, lb, driver, cfg, metric, buf);
}

/* The comparison of one driver between the baseline A and run B. */
static void compare_driver(struct out *w, const char *driver, struct fb_runset *a, struct fb_runset *b,
			   const char *la, const char *lb)
{
	const struct opts *o = w->o;
	printf("\n== %s: %s vs %s ==\n", driver, lb, la);
	fprintf(w->md, "\n## %s: %s vs %s\n", driver, lb, la);
	diff_meta(w, &a->meta, &b->meta, la, lb);
	fprintf(w->md, "\nNotes:\n\n");

	/* Mismatched columns and configurations: reported, never fatal. */
	for (size_t i = 0; i < b->nkeys; i++)
		if (!fb_in_list(a->keys, a->nkeys, b->keys[i]))
			note(w, "key column %s only in %s: its values are ignored", b->keys[i], lb);
	for (size_t i = 0; i < a->nkeys; i++)
		if (!fb_in_list(b->keys, b->nkeys, a->keys[i]))
			note(w, "key column %s only in %s: its values are ignored", a->keys[i], la);
	for (size_t i = 0; i < a->nmetrics; i++)
		if (fb_runset_metric(b, a->metrics[i]) < 0)
			note(w, "metric %s only in %s", a->metrics[i], la);
	for (size_t i = 0; i < b->nmetrics; i++)
		if (fb_runset_metric(a, b->metrics[i]) < 0)
			note(w, "metric %s only in %s", b->metrics[i], lb);
	size_t both = 0;
	for (int pass = 0; pass < 2; pass++) {
		struct fb_runset *x = pass ? b : a, *y = pass ? a : b;
		for (size_t i = 0; i < x->ncfg; i++) {
			if (fb_runset_find(y, x->cfg[i].key, false, NULL)) {
				both += !pass;
				continue;
			}
			note(w, "configuration %s only in %s", x->cfg[i].label, pass ? lb : la);
			csv_row(w, la, lb, driver, x->cfg[i].label, "", ",,,,,,,,,only in %s",
				pass ? lb : la);
		}
	}

	printf("  %-36s %-22s %5s %5s %12s %12s %8s %9s  %s\n", "configuration", "metric", "n_a", "n_b",
	       "median_a", "median_b", "change", "p", "verdict");
	fprintf(w->md, "\n| configuration | metric | n %s | n %s | median %s | median %s | change | p | verdict |\n"
		       "|---|---|--:|--:|--:|--:|--:|--:|---|\n", la, lb, la, lb);
	size_t nsig = 0, nrows = 0;
	for (size_t m = 0; m < a->nmetrics; m++) {
		const char *metric = a->metrics[m];
		int mb = fb_runset_metric(b, metric);
		if (mb < 0)
			continue;
		double logsum = 0;
		size_t nlog = 0, empty_a = 0, empty_b = 0, empty_both = 0;
		bool show_metric = o->all || is_main_metric(o, metric);
		if (o->nmetrics && !is_main_metric(o, metric))
			continue;
		for (size_t i = 0; i < a->ncfg; i++) {
			struct fb_cfg *ca = &a->cfg[i], *cb = fb_runset_find(b, ca->key, false, NULL);
			if (!cb)
				continue;
			size_t na = ca->n[m], nb = cb->n[mb];
			if (!na || !nb) {
				empty_both += !na && !nb;
				empty_a += !na && nb;
				empty_b += na && !nb;
				if (na || nb)
					csv_row(w, la, lb, driver, ca->label, metric, "%zu,%zu,,,,,,,,no data in %s",
						na, nb, na ? lb : la);
				continue;
			}
			double ma = fb_median_of(ca->v[m], na), mbv = fb_median_of(cb->v[mb], nb);
			struct fb_mw_result r;
			fb_mw_test(ca->v[m], na, cb->v[mb], nb, FB_MW_AUTO, &r);
			const char *verdict = "~";
			double ratio = ma != 0 ? mbv / ma : (mbv == 0 ? 1 : INFINITY);
			if (na < o->min_reps || nb < o->min_reps)
				verdict = o->min_reps == 9 ? "n<9" : "few reps";
			else if (r.p < o->alpha && mbv != ma && fabs(ratio - 1) >= o->min_change)
				verdict = mbv > ma ? "higher" : "lower";
			if (ma > 0 && mbv > 0) {
				logsum += log(ratio);
				nlog++;
			}
			bool sig = verdict[0] == 'h' || verdict[0] == 'l';
			nsig += sig;
			nrows++;
			char change[32];
			if (isfinite(ratio))
				snprintf(change, sizeof(change), "%+.1f%%", (ratio - 1) * 100);
			else
				snprintf(change, sizeof(change), "n/a");
			csv_row(w, la, lb, driver, ca->label, metric, "%zu,%zu,%.1f,%.1f,%.4f,%s,%.1f,%.6g,%s,%s",
				na, nb, ma, mbv, ratio, isfinite(ratio) ? change : "", r.u, r.p,
				r.exact ? "exact" : "normal", verdict);
			if (show_metric || sig) {
				printf("  %-36s %-22s %5zu %5zu %12.1f %12.1f %8s %9.4f  %s\n", ca->label, metric,
				       na, nb, ma, mbv, change, r.p, verdict);
				fprintf(w->md, "| %s | %s | %zu | %zu | %.1f | %.1f | %s | %.4f | %s |\n", ca->label,
					metric, na, nb, ma, mbv, change, r.p, verdict);
			}
		}
		if (nlog) {
			double g = exp(logsum / (double)nlog);
			csv_row(w, la, lb, driver, "geomean", metric, "%zu,,,,%.4f,%+.1f%%,,,,geomean of %zu ratios",
				nlog, g, (g - 1) * 100, nlog);
			if (show_metric) {
				printf("  %-36s %-22s %5s %5s %12s %12s %+7.1f%% %9s  (geometric mean of %zu B/A ratios)\n",
				       "geomean", metric, "", "", "", "", (g - 1) * 100, "", nlog);
				fprintf(w->md, "| **geomean** (%zu) | %s | | | | | %+.1f%% | | |\n", nlog, metric,
					(g - 1) * 100);
			}
		}
		if (empty_a)
			note(w, "metric %s: no data in %s for %zu configurations that %s has", metric, la, empty_a, lb);
		if (empty_b)
			note(w, "metric %s: no data in %s for %zu configurations that %s has", metric, lb, empty_b, la);
		if (empty_both && !nlog && !empty_a && !empty_b)
			note(w, "metric %s: no data in either run (event not available)", metric);
	}
	printf("  %zu configurations in both; %zu rows compared, %zu significant at p < %g (n >= %zu)\n",
	       both, nrows, nsig, o->alpha, o->min_reps);
	fprintf(w->md, "\n%zu configurations in both; %zu rows compared, %zu significant at p < %g (n >= %zu).\n",
		both, nrows, nsig, o->alpha, o->min_reps);
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s [options] A B [C ...]\n\n"
		"Compares result directories (each holding spawn/cow/footprint .csv,\n"
		".summary.csv and .meta); every run after A is compared with A.\n\n"
		"  -o DIR          output directory (default ./compare-out): compare.csv,\n"
		"                  compare.md, runs.csv\n"
		"  --alpha P       significance level of the two-sided Mann-Whitney test (0.05)\n"
		"  --min-reps N    fewer ok repetitions than this on a side: never flagged (9)\n"
		"  --min-change PCT  a significant change smaller than PCT %% is shown as ~\n"
		"                  (default 0: every significant change is flagged)\n"
		"  --metrics LIST  compare only these metrics (default: all; the screen and\n"
		"                  Markdown show the timing metrics and significant rows)\n"
		"  --all           show every compared row on screen and in Markdown\n"
		"Exit status: 0 compared (differences are not failures), 1 nothing\n"
		"comparable or cannot write, 2 bad usage.\n",
		prog);
}

int main(int argc, char **argv)
{
	struct opts o = { .alpha = 0.05, .min_reps = 9, .outdir = "compare-out" };
	enum { OPT_ALPHA = 256, OPT_MIN, OPT_METRICS, OPT_ALL, OPT_MINCHANGE };
	static const struct option lo[] = {
		{ "alpha", required_argument, 0, OPT_ALPHA }, { "min-reps", required_argument, 0, OPT_MIN },
		{ "metrics", required_argument, 0, OPT_METRICS }, { "all", no_argument, 0, OPT_ALL },
		{ "min-change", required_argument, 0, OPT_MINCHANGE },
		{ "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 },
	};
	int opt;
	char *end;
	while ((opt = getopt_long(argc, argv, "o:h", lo, NULL)) != -1) {
		switch (opt) {
		case 'o':
			o.outdir = optarg;
			break;
		case OPT_ALPHA:
			o.alpha = strtod(optarg, &end);
			if (*end || !(o.alpha > 0 && o.alpha < 1)) {
				fprintf(stderr, "%s: --alpha wants a number in (0, 1), not '%s'\n", prog, optarg);
				return FB_EXIT_USAGE;
			}
			break;
		case OPT_MIN:
			o.min_reps = strtoul(optarg, &end, 10);
			if (*end || !*optarg) {
				fprintf(stderr, "%s: --min-reps wants a whole number, not '%s'\n", prog, optarg);
				return FB_EXIT_USAGE;
			}
			break;
		case OPT_MINCHANGE:
			o.min_change = strtod(optarg, &end) / 100;
			if (*end || !*optarg || !(o.min_change >= 0 && o.min_change < 10)) {
				fprintf(stderr, "%s: --min-change wants a percentage from 0 to 1000, not '%s'\n", prog,
					optarg);
				return FB_EXIT_USAGE;
			}
			break;
		case OPT_METRICS:
			o.nmetrics = fb_split_list(optarg, o.metrics, 64);
			if (o.nmetrics < 0) {
				fprintf(stderr, "%s: too many --metrics\n", prog);
				return FB_EXIT_USAGE;
			}
			break;
		case OPT_ALL:
			o.all = true;
			break;
		case 'h':
			usage(stdout);
			return FB_EXIT_OK;
		default:
			usage(stderr);
			return FB_EXIT_USAGE;
		}
	}
	int nruns = argc - optind;
	if (nruns < 2) {
		usage(stderr);
		return FB_EXIT_USAGE;
	}
	char **dirs = argv + optind;
	char (*label)[64] = fb_xcalloc((size_t)nruns, 64);
	for (int i = 0; i < nruns; i++) {
		struct stat st;
		if (stat(dirs[i], &st) != 0 || !S_ISDIR(st.st_mode)) {
			fprintf(stderr, "%s: %s is not a results directory\n", prog, dirs[i]);
			return FB_EXIT_USAGE;
		}
		/* Label: the directory's last component, made unique by its position. */
		char tmp[4096];
		snprintf(tmp, sizeof(tmp), "%s", dirs[i]);
		size_t l = strlen(tmp);
		while (l > 1 && tmp[l - 1] == '/')
			tmp[--l] = '\0';
		const char *base = strrchr(tmp, '/') ? strrchr(tmp, '/') + 1 : tmp;
		snprintf(label[i], 64, "%.40s", base);
		for (int j = 0; j < i; j++)
			if (strcmp(label[i], label[j]) == 0)
				snprintf(label[i], 64, "%.40s#%d", base, i + 1);
		for (char *p = label[i]; *p; p++)
			if (*p == ',' || *p == '|' || *p == '"')
				*p = '_';
	}
	if (mkdir(o.outdir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "%s: cannot create %s: %s\n", prog, o.outdir, strerror(errno));
		return FB_EXIT_FAIL;
	}
	char path[4096];
	struct out w = { .o = &o };
	snprintf(path, sizeof(path), "%s/compare.csv", o.outdir);
	w.csv = fopen(path, "we");
	snprintf(path, sizeof(path), "%s/compare.md", o.outdir);
	w.md = fopen(path, "we");
	snprintf(path, sizeof(path), "%s/runs.csv", o.outdir);
	FILE *runs = fopen(path, "we");
	if (!w.csv || !w.md || !runs) {
		fprintf(stderr, "%s: cannot write into %s: %s\n", prog, o.outdir, strerror(errno));
		return FB_EXIT_FAIL;
	}
	fprintf(w.csv, "baseline,run,driver,config,metric,n_a,n_b,median_a,median_b,ratio,change,u,p,test,verdict\n");
	fprintf(runs, "label,dir\n");
	fprintf(w.md, "# forkbench comparison\n\n| run | directory | date | host | command |\n|---|---|---|---|---|\n");
	printf("forkbench comparison (two-sided Mann-Whitney U, alpha %g, rows with n < %zu never flagged,\n"
	       "  changes under %g%% shown as ~)\n", o.alpha, o.min_reps, o.min_change * 100);
	for (int i = 0; i < nruns; i++) {
		fprintf(runs, "%s,%s\n", label[i], dirs[i]);
		struct fb_meta m = { 0 };
		for (size_t d = 0; d < FB_ARRAY_LEN(drivers) && !m.n; d++) {
			snprintf(path, sizeof(path), "%s/%s.meta", dirs[i], drivers[d]);
			fb_meta_read(path, &m);
		}
		const char *date = fb_meta_get(&m, "date"), *host = fb_meta_get(&m, "hostname");
		const char *cmd = fb_meta_get(&m, "command");
		printf("  %s%-12s %s  (date %s, host %s)\n    command: %s\n", i ? "" : "baseline ",
		       label[i], dirs[i], date ? date : "?", host ? host : "?", cmd ? cmd : "?");
		fprintf(w.md, "| %s | `%s` | %s | %s | `%s` |\n", label[i], dirs[i], date ? date : "?",
			host ? host : "?", cmd ? cmd : "?");
		fb_meta_free(&m);
	}
	fprintf(w.md, "\nVerdicts: `higher`/`lower` = significant at p < %g (two-sided Mann-Whitney U on the raw "
		      "repetitions); `~` = not significant; `n<9` = too few repetitions to say.\n",
		o.alpha);

	int compared = 0;
	for (int i = 1; i < nruns; i++)
		for (size_t d = 0; d < FB_ARRAY_LEN(drivers); d++) {
			struct fb_runset a, b;
			bool ha = fb_runset_load(prog, dirs[0], drivers[d], &a, NULL, 0);
			/* B is grouped by A's key columns (those it also has). */
			char *keys[64];
			size_t nk = 0;
			struct fb_runset probe;
			bool hb = false;
			if (ha) {
				memset(&probe, 0, sizeof(probe));
				snprintf(path, sizeof(path), "%s/%s.summary.csv", dirs[i], drivers[d]);
				if (fb_runset_load_summary(path, &probe) == 0)
					for (size_t k = 0; k < a.nkeys && nk < 64; k++)
						if (fb_in_list(probe.keys, probe.nkeys, a.keys[k]))
							keys[nk++] = a.keys[k];
				fb_runset_free(&probe);
				if (nk < a.nkeys) { /* regroup A on the shared keys too */
					char *shared[64];
					for (size_t k = 0; k < nk; k++)
						shared[k] = fb_xstrdup(keys[k]);
					fb_runset_free(&a);
					ha = fb_runset_load(prog, dirs[0], drivers[d], &a, shared, nk);
					for (size_t k = 0; k < nk; k++)
						keys[k] = shared[k];
					hb = fb_runset_load(prog, dirs[i], drivers[d], &b, keys, nk);
					for (size_t k = 0; k < nk; k++)
						free(shared[k]);
				} else {
					hb = fb_runset_load(prog, dirs[i], drivers[d], &b, keys, nk);
				}
			} else {
				hb = fb_runset_load(prog, dirs[i], drivers[d], &b, NULL, 0);
			}
			if (ha && hb) {
				compare_driver(&w, drivers[d], &a, &b, label[0], label[i]);
				compared++;
			} else if (ha || hb) {
				printf("\n== %s: only %s has it; not compared ==\n", drivers[d], ha ? label[0] : label[i]);
				fprintf(w.md, "\n## %s\n\n- only in %s; not compared\n", drivers[d],
					ha ? label[0] : label[i]);
			}
			if (ha)
				fb_runset_free(&a);
			if (hb)
				fb_runset_free(&b);
		}
	fclose(runs);
	int rc = fclose(w.csv) | fclose(w.md);
	free(label);
	if (rc) {
		fprintf(stderr, "%s: cannot write into %s\n", prog, o.outdir);
		return FB_EXIT_FAIL;
	}
	if (!compared) {
		fprintf(stderr, "%s: no driver has results in both %s and another run: nothing compared\n", prog,
			dirs[0]);
		return FB_EXIT_FAIL;
	}
	printf("\nwrote %s/compare.csv, %s/compare.md, %s/runs.csv\n", o.outdir, o.outdir, o.outdir);
	return FB_EXIT_OK;
}
