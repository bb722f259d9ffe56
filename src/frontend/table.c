/* table: header, rows and summary from one column list. */
#define _GNU_SOURCE
#include "table.h"
#include "csvread.h"
#include "stats.h"
#include "util.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int fb_table_init(struct fb_table *t, const struct fb_column *cols, size_t n)
{
	memset(t, 0, sizeof(*t));
	if (n > FB_MAX_COLUMNS)
		return -E2BIG;
	memcpy(t->cols, cols, n * sizeof(*cols));
	t->ncols = n;
	t->status_col = fb_table_index(t, "status");
	t->error_col = fb_table_index(t, "error");
	return 0;
}

int fb_table_add(struct fb_table *t, const char *name, enum fb_col_role role, const char *doc)
{
	if (t->ncols == FB_MAX_COLUMNS || t->out)
		return -E2BIG;
	char *copy = strdup(name);
	if (!copy)
		return -ENOMEM;
	t->owned_names[t->ncols] = copy;
	t->cols[t->ncols] = (struct fb_column){ copy, role, doc };
	return (int)t->ncols++;
}

int fb_table_index(const struct fb_table *t, const char *name)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i].name, name) == 0)
			return (int)i;
	return -1;
}

int fb_table_open_fd(struct fb_table *t, int fd, const char *path)
{
	t->out = fdopen(fd, "w");
	if (!t->out)
		return -errno;
	snprintf(t->path, sizeof(t->path), "%s", path);
	for (size_t i = 0; i < t->ncols; i++)
		fprintf(t->out, "%s%s", i ? "," : "", t->cols[i].name);
	fputc('\n', t->out);
	if (fflush(t->out))
		return t->write_error = -errno;
	t->good_bytes = ftello(t->out);
	return 0;
}

int fb_table_open(struct fb_table *t, const char *path)
{
	bool to_stdout = !path || strcmp(path, "-") == 0;
	t->out = to_stdout ? stdout : fopen(path, "we");
	if (!t->out)
		return -errno;
	snprintf(t->path, sizeof(t->path), "%s", to_stdout ? "" : path);
	for (size_t i = 0; i < t->ncols; i++)
		fprintf(t->out, "%s%s", i ? "," : "", t->cols[i].name);
	fputc('\n', t->out);
	return fflush(t->out) ? -errno : 0;
}

static void clear_row(struct fb_table *t)
{
	for (size_t i = 0; i < t->ncols; i++)
		free(t->row[i].s);
	memset(t->row, 0, sizeof(t->row));
}

void fb_row_begin(struct fb_table *t)
{
	clear_row(t);
	t->cur = t->row;
}

void fb_row_int(struct fb_table *t, int col, int64_t v)
{
	if (t->cur && col >= 0)
		t->cur[col] = (struct fb_cell){ FB_INT, v, NULL };
}

void fb_row_str(struct fb_table *t, int col, const char *s)
{
	if (!t->cur || col < 0 || !s)
		return;
	free(t->cur[col].s);
	t->cur[col] = (struct fb_cell){ FB_STR, 0, strdup(s) };
}

static void write_cell(FILE *f, const struct fb_cell *c)
{
	char buf[1024];
	switch (c->type) {
	case FB_INT:
		fprintf(f, "%" PRId64, c->i);
		break;
	case FB_STR:
		fb_csv_escape(c->s, buf, sizeof(buf));
		fputs(buf, f);
		break;
	case FB_EMPTY:
		break;
	}
}

int fb_row_commit(struct fb_table *t)
{
	if (!t->cur)
		return -EINVAL;
	if (t->status_col >= 0 && t->cur[t->status_col].type == FB_STR) {
		const char *st = t->cur[t->status_col].s;
		if (strcmp(st, "ok") == 0)
			t->nok++;
		else if (strcmp(st, "error") == 0 && t->nerrors++ == 0 && t->error_col >= 0 &&
			 t->cur[t->error_col].type == FB_STR)
			snprintf(t->first_error, sizeof(t->first_error), "%s", t->cur[t->error_col].s);
	}
	for (size_t i = 0; t->out && i < t->ncols; i++) {
		if (i)
			fputc(',', t->out);
		write_cell(t->out, &t->cur[i]);
	}
	if (t->out)
		fputc('\n', t->out);
	clear_row(t);
	t->cur = NULL;
	if (t->out && fflush(t->out)) {
		/* A full disk or an I/O error: cut the torn row off, so the file
		 * holds every complete row and nothing else, and stop the run. */
		t->write_error = errno ? -errno : -EIO;
		if (t->good_bytes > 0 && ftruncate(fileno(t->out), t->good_bytes) == 0)
			lseek(fileno(t->out), t->good_bytes, SEEK_SET);
		return t->write_error;
	}
	if (t->out)
		t->good_bytes = ftello(t->out);
	t->nrows++;
	return 0;
}

/* Key cells of CSV row r joined, to group rows by configuration. */
static void row_key(const struct fb_table *t, const struct fb_csv *c, const int *map, size_t r,
		    char *buf, size_t len)
{
	buf[0] = '\0';
	for (size_t i = 0; i < t->ncols; i++)
		if (t->cols[i].role == FB_KEY && map[i] >= 0) {
			size_t used = strlen(buf);
			snprintf(buf + used, len - used, "%s\x1f", c->rows[r][map[i]]);
		}
}

/* The between-run spread of one configuration's metric: the median of each
 * run's values, then the number of runs, the smallest and largest of those
 * medians and their coefficient of variation (stddev / mean, percent).
 * v is sorted afterwards by fb_stats_compute. */
static void run_spread(const double *v, const long *run, double *tmp, size_t n, char *out, size_t len)
{
	double med[1024];
	size_t nm = 0;
	long seen[1024];
	for (size_t i = 0; i < n && nm < 1024; i++) {
		bool dup = false;
		for (size_t k = 0; k < nm && !dup; k++)
			dup = seen[k] == run[i];
		if (dup || run[i] < 0)
			continue;
		size_t m = 0;
		for (size_t j = i; j < n; j++)
			if (run[j] == run[i])
				tmp[m++] = v[j];
		struct fb_stats s;
		fb_stats_compute(tmp, m, &s);
		seen[nm] = run[i];
		med[nm++] = s.median;
	}
	if (!nm) {
		snprintf(out, len, ",0,,,");
		return;
	}
	struct fb_stats s;
	fb_stats_compute(med, nm, &s);
	if (s.mean != 0 && nm > 1)
		snprintf(out, len, ",%zu,%.1f,%.1f,%.1f", nm, s.min, s.max, 100.0 * s.stddev / s.mean);
	else
		snprintf(out, len, ",%zu,%.1f,%.1f,", nm, s.min, s.max);
}

int fb_table_write_summary(const struct fb_table *t, const char *path)
{
	if (!t->path[0])
		return -EINVAL;
	if (t->out)
		fflush(t->out);
	struct fb_csv c;
	int rc = fb_csv_read(t->path, &c);
	if (rc)
		return rc;
	int map[FB_MAX_COLUMNS];
	for (size_t i = 0; i < t->ncols; i++)
		map[i] = fb_csv_col(&c, t->cols[i].name);
	int st = fb_csv_col(&c, "status");
	/* Written whole or not at all: into a temporary beside it, renamed at the end. */
	char tmp[4200];
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	FILE *f = fopen(tmp, "we");
	bool *done = calloc(c.nrows + 1, sizeof(*done));
	double *v = malloc((c.nrows + 1) * sizeof(*v));
	double *rv = malloc((c.nrows + 1) * sizeof(*rv));
	long *vr = malloc((c.nrows + 1) * sizeof(*vr));
	char (*keys)[512] = malloc((c.nrows + 1) * sizeof(*keys));
	if (!f || !done || !v || !keys || !rv || !vr) {
		rc = f ? -ENOMEM : -errno;
		goto out;
	}
	for (size_t i = 0; i < t->ncols; i++)
		if (t->cols[i].role == FB_KEY)
			fprintf(f, "%s,", t->cols[i].name);
	const int run_col = fb_csv_col(&c, "run");
	fputs("metric,n,not_ok,median,mean,stddev,mad,min,p5,p95,p99,max", f);
	fputs(run_col >= 0 ? ",runs,run_median_min,run_median_max,run_cv_pct\n" : "\n", f);
	for (size_t r = 0; r < c.nrows; r++)
		row_key(t, &c, map, r, keys[r], sizeof(keys[r]));
	for (size_t r = 0; r < c.nrows; r++) {
		if (done[r])
			continue;
		size_t not_ok = 0;
		for (size_t q = r; q < c.nrows; q++)
			if (strcmp(keys[q], keys[r]) == 0) {
				done[q] = true;
				not_ok += st >= 0 && strcmp(c.rows[q][st], "ok") != 0;
			}
		for (size_t col = 0; col < t->ncols; col++) {
			if (t->cols[col].role != FB_METRIC || map[col] < 0)
				continue;
			size_t n = 0;
			for (size_t q = r; q < c.nrows; q++) {
				const char *cell = c.rows[q][map[col]];
				if (strcmp(keys[q], keys[r]) == 0 && (st < 0 || strcmp(c.rows[q][st], "ok") == 0) &&
				    cell[0]) {
					vr[n] = run_col >= 0 && c.rows[q][run_col][0] ? strtol(c.rows[q][run_col], NULL, 10) : -1;
					v[n++] = strtod(cell, NULL);
				}
			}
			char spread[160] = "";
			if (run_col >= 0)
				run_spread(v, vr, rv, n, spread, sizeof(spread));
			for (size_t k = 0; k < t->ncols; k++)
				if (t->cols[k].role == FB_KEY) {
					char buf[1024];
					fb_csv_escape(map[k] >= 0 ? c.rows[r][map[k]] : "", buf, sizeof(buf));
					fprintf(f, "%s,", buf);
				}
			fprintf(f, "%s,%zu,%zu", t->cols[col].name, n, not_ok);
			struct fb_stats s;
			fb_stats_compute(v, n, &s);
			if (n)
				fprintf(f, ",%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f", s.median, s.mean,
					s.stddev, s.mad, s.min, s.p5, s.p95, s.p99, s.max);
			else
				fputs(",,,,,,,,,", f);
			fprintf(f, "%s\n", spread);
		}
	}
out:
	free(done);
	free(v);
	free(rv);
	free(vr);
	free(keys);
	fb_csv_free(&c);
	if (f && (ferror(f) | fclose(f)) && !rc)
		rc = errno ? -errno : -EIO;
	if (f && !rc && rename(tmp, path))
		rc = -errno;
	if (f && rc)
		unlink(tmp);
	return rc;
}

void fb_table_print_columns(const struct fb_table *t, FILE *f)
{
	static const char *const role[] = { "key", "info", "metric" };
	for (size_t i = 0; i < t->ncols; i++)
		fprintf(f, "| `%s` | %s | %s |\n", t->cols[i].name, role[t->cols[i].role],
			t->cols[i].doc ? t->cols[i].doc : "");
	if (fb_table_index(t, "run") >= 0)
		fprintf(f, "\nSummary (FILE.summary.csv), per configuration and metric over the ok rows:\n"
			   "n, not_ok, median, mean, stddev, mad, min, p5, p95, p99, max; then the\n"
			   "between-run spread: runs (runs with a value), run_median_min and\n"
			   "run_median_max (the smallest and largest of the per-run medians) and\n"
			   "run_cv_pct (the coefficient of variation of the per-run medians, percent;\n"
			   "empty with one run).\n");
}

void fb_table_close(struct fb_table *t)
{
	if (t->out && t->out != stdout)
		fclose(t->out);
	else if (t->out)
		fflush(t->out);
	t->out = NULL;
	clear_row(t);
	for (size_t i = 0; i < t->ncols; i++)
		free(t->owned_names[i]);
	memset(t, 0, sizeof(*t));
}

void fb_sibling_path(const char *csv, const char *suffix, char *buf, size_t len)
{
	size_t n = strlen(csv);
	if (n > 4 && strcmp(csv + n - 4, ".csv") == 0)
		n -= 4;
	snprintf(buf, len, "%.*s%s", (int)n, csv, suffix);
}
