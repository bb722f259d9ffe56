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
	char (*keys)[512] = malloc((c.nrows + 1) * sizeof(*keys));
	if (!f || !done || !v || !keys) {
		rc = f ? -ENOMEM : -errno;
		goto out;
	}
	for (size_t i = 0; i < t->ncols; i++)
		if (t->cols[i].role == FB_KEY)
			fprintf(f, "%s,", t->cols[i].name);
	fputs("metric,n,not_ok,median,mean,stddev,mad,min,p5,p95,p99,max\n", f);
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
				    cell[0])
					v[n++] = strtod(cell, NULL);
			}
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
				fprintf(f, ",%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f\n", s.median, s.mean,
					s.stddev, s.mad, s.min, s.p5, s.p95, s.p99, s.max);
			else
				fputs(",,,,,,,,,\n", f);
		}
	}
out:
	free(done);
	free(v);
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
