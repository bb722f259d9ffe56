/* like_report: the one-paragraph answer of a --like run (see like_report.h). */
#define _GNU_SOURCE
#include "like_report.h"
#include "csvread.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_RUNS = 64, MAX_VALUES = 100000 };

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_d);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void fmt_ns(double ns, char *buf, size_t len)
{
	if (ns >= 1e6)
		snprintf(buf, len, "%.3g ms", ns / 1e6);
	else
		snprintf(buf, len, "%.3g us", ns / 1e3);
}

int fb_like_report(FILE *out, const char *csv, const char *who, const char *exit_metric, const char *exec_metric,
		   const char *note)
{
	struct fb_csv c;
	int rc = fb_csv_read(csv, &c);
	if (rc)
		return rc;
	const int cm = fb_csv_col(&c, "method"), cc = fb_csv_col(&c, "child"), ct0 = fb_csv_col(&c, "exec_target"),
		  cr = fb_csv_col(&c, "run"), cs = fb_csv_col(&c, "status"), ccr = fb_csv_col(&c, exit_metric),
		  crd = fb_csv_col(&c, exec_metric);
	const int ct = ct0 >= 0 ? ct0 : cc;   /* no exec_target column: one target */
	if (cm < 0 || cc < 0 || cs < 0 || ccr < 0 || crd < 0) {
		fb_csv_free(&c);
		return -EINVAL;
	}
	double *all = malloc(MAX_VALUES * sizeof(double)), *per = malloc(MAX_VALUES * sizeof(double));
	char (*done)[128] = calloc(64, sizeof(*done));
	int ndone = 0;
	size_t nruns_seen = 0;
	fprintf(out, "A process shaped like %s:", who);
	bool any = false;
	for (size_t i = 0; all && per && done && i < c.nrows && ndone < 64; i++) {
		const char **row = (const char **)c.rows[i];
		char key[128];
		snprintf(key, sizeof(key), "%s|%s|%s", row[cm], row[cc], row[ct]);
		bool seen = false;
		for (int k = 0; k < ndone && !seen; k++)
			seen = strcmp(done[k], key) == 0;
		if (seen)
			continue;
		snprintf(done[ndone++], sizeof(done[0]), "%s", key);
		const bool exec = strcmp(row[cc], "exec") == 0;
		const int col = exec ? crd : ccr;
		size_t n = 0;
		double lo = 0, hi = 0;
		int nruns = 0;
		for (int run = 0; run < MAX_RUNS; run++) {
			size_t m = 0;
			for (size_t j = i; j < c.nrows; j++) {
				const char **r = (const char **)c.rows[j];
				double v, rv;
				if (strcmp(r[cm], row[cm]) || strcmp(r[cc], row[cc]) || strcmp(r[ct], row[ct]) ||
				    strcmp(r[cs], "ok") || (cr >= 0 && (!fb_cell_number(r[cr], &rv) || (int)rv != run)) ||
				    (cr < 0 && run) ||
				    !fb_cell_number(r[col], &v) || n >= MAX_VALUES)
					continue;
				all[n++] = v;
				per[m++] = v;
			}
			if (!m)
				continue;
			double med = median(per, m);
			lo = nruns ? (med < lo ? med : lo) : med;
			hi = nruns ? (med > hi ? med : hi) : med;
			nruns++;
		}
		if (!n)
			continue;
		char a[32], b[32], d[32];
		fmt_ns(median(all, n), a, sizeof(a));
		fmt_ns(lo, b, sizeof(b));
		fmt_ns(hi, d, sizeof(d));
		fprintf(out, "%s %s%s%s %s [%s, %s]", any ? "," : "", row[cm], exec ? (ct0 >= 0 ? "+exec " : "+exec") : "",
			exec && ct0 >= 0 ? row[ct] : "", a, b, d);
		any = true;
		nruns_seen = (size_t)nruns > nruns_seen ? (size_t)nruns : nruns_seen;
	}
	if (!any)
		fprintf(out, " nothing measured (see the status and error columns)");
	fprintf(out, ".\n  (%s; median of every rep, [lowest, highest] median of the %zu runs)\n", note, nruns_seen);
	free(all);
	free(per);
	free(done);
	fb_csv_free(&c);
	return 0;
}
