/* table: header, rows and summary from one column list. */
#define _GNU_SOURCE
#include "table.h"
#include "stats.h"
#include "util.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

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

int fb_table_open(struct fb_table *t, const char *path)
{
	t->out = (!path || strcmp(path, "-") == 0) ? stdout : fopen(path, "we");
	if (!t->out)
		return -errno;
	for (size_t i = 0; i < t->ncols; i++)
		fprintf(t->out, "%s%s", i ? "," : "", t->cols[i].name);
	fputc('\n', t->out);
	return fflush(t->out) ? -errno : 0;
}

void fb_row_begin(struct fb_table *t)
{
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 256;
		struct fb_cell *r = realloc(t->rows, cap * t->ncols * sizeof(*r));
		if (!r) {
			t->cur = NULL;
			return;
		}
		t->rows = r;
		t->cap = cap;
	}
	t->cur = &t->rows[t->nrows * t->ncols];
	memset(t->cur, 0, t->ncols * sizeof(*t->cur));
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

void fb_row_copy_keys(struct fb_table *t, const struct fb_cell *from)
{
	for (size_t i = 0; t->cur && i < t->ncols; i++)
		if (t->cols[i].role == FB_KEY && from[i].type == FB_STR)
			fb_row_str(t, (int)i, from[i].s);
		else if (t->cols[i].role == FB_KEY)
			t->cur[i] = from[i];
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
		return -ENOMEM;
	for (size_t i = 0; t->out && i < t->ncols; i++) {
		if (i)
			fputc(',', t->out);
		write_cell(t->out, &t->cur[i]);
	}
	if (t->out)
		fputc('\n', t->out);
	t->nrows++;
	t->cur = NULL;
	return t->out && fflush(t->out) ? -errno : 0;
}

const struct fb_cell *fb_table_row(const struct fb_table *t, size_t r)
{
	return &t->rows[r * t->ncols];
}

static bool same_keys(const struct fb_table *t, const struct fb_cell *a, const struct fb_cell *b)
{
	for (size_t i = 0; i < t->ncols; i++) {
		if (t->cols[i].role != FB_KEY)
			continue;
		if (a[i].type != b[i].type)
			return false;
		if (a[i].type == FB_INT && a[i].i != b[i].i)
			return false;
		if (a[i].type == FB_STR && strcmp(a[i].s, b[i].s) != 0)
			return false;
	}
	return true;
}

static bool row_ok(const struct fb_table *t, const struct fb_cell *r)
{
	if (t->status_col < 0)
		return true;
	const struct fb_cell *c = &r[t->status_col];
	return c->type == FB_STR && strcmp(c->s, "ok") == 0;
}

int fb_table_write_summary(const struct fb_table *t, const char *path)
{
	FILE *f = fopen(path, "we");
	if (!f)
		return -errno;
	for (size_t i = 0; i < t->ncols; i++)
		if (t->cols[i].role == FB_KEY)
			fprintf(f, "%s,", t->cols[i].name);
	fputs("metric,n,not_ok,median,mean,stddev,mad,min,p5,p95,p99,max\n", f);

	bool *done = calloc(t->nrows + 1, sizeof(*done));
	double *v = malloc((t->nrows + 1) * sizeof(*v));
	if (!done || !v) {
		free(done);
		free(v);
		fclose(f);
		return -ENOMEM;
	}
	for (size_t r = 0; r < t->nrows; r++) {
		if (done[r])
			continue;
		const struct fb_cell *first = fb_table_row(t, r);
		size_t not_ok = 0;
		for (size_t q = r; q < t->nrows; q++)
			if (same_keys(t, first, fb_table_row(t, q))) {
				done[q] = true;
				not_ok += !row_ok(t, fb_table_row(t, q));
			}
		for (size_t c = 0; c < t->ncols; c++) {
			if (t->cols[c].role != FB_METRIC)
				continue;
			size_t n = 0;
			for (size_t q = r; q < t->nrows; q++) {
				const struct fb_cell *row = fb_table_row(t, q);
				if (same_keys(t, first, row) && row_ok(t, row) && row[c].type == FB_INT)
					v[n++] = (double)row[c].i;
			}
			for (size_t k = 0; k < t->ncols; k++)
				if (t->cols[k].role == FB_KEY) {
					write_cell(f, &first[k]);
					fputc(',', f);
				}
			fprintf(f, "%s,%zu,%zu", t->cols[c].name, n, not_ok);
			struct fb_stats s;
			fb_stats_compute(v, n, &s);
			if (n)
				fprintf(f, ",%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f\n", s.median, s.mean,
					s.stddev, s.mad, s.min, s.p5, s.p95, s.p99, s.max);
			else
				fputs(",,,,,,,,,\n", f);
		}
	}
	free(done);
	free(v);
	return fclose(f) ? -errno : 0;
}

void fb_table_print_columns(const struct fb_table *t, FILE *f)
{
	static const char *const role[] = { "key", "info", "metric" };
	for (size_t i = 0; i < t->ncols; i++)
		fprintf(f, "| `%s` | %s | %s |\n", t->cols[i].name, role[t->cols[i].role],
			t->cols[i].doc ? t->cols[i].doc : "");
}

void fb_table_close(struct fb_table *t)
{
	if (t->out && t->out != stdout)
		fclose(t->out);
	else if (t->out)
		fflush(t->out);
	t->out = NULL;
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++)
			free(t->rows[r * t->ncols + c].s);
	free(t->rows);
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
