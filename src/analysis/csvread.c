/* csvread: CSV and sidecar readers for after-the-fact tools (see csvread.h). */
#define _GNU_SOURCE
#include "csvread.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>

const char *fb_warn_prog = "forkbench";
size_t fb_nwarnings;

void fb_warn(const char *file, size_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (line)
		fprintf(stderr, "%s: warning: %s:%zu: ", fb_warn_prog, file, line);
	else
		fprintf(stderr, "%s: warning: %s: ", fb_warn_prog, file);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	fb_nwarnings++;
}

/* Splits one record starting at *p (which may span lines inside quotes)
 * into a freshly allocated array of cells; advances *p past the record. */
static char **parse_record(char **p, size_t *n, size_t *lines)
{
	size_t cap = 16, cnt = 0;
	char **cells = malloc(cap * sizeof(*cells));
	char *s = *p;
	if (!cells)
		return NULL;
	for (;;) {
		size_t len = 0, bcap = 64;
		char *buf = malloc(bcap);
		if (!buf)
			break;
		bool quoted = *s == '"';
		if (quoted)
			s++;
		for (;;) {
			char ch = *s;
			if (!ch)
				break;
			if (quoted && ch == '"') {
				if (s[1] == '"') {
					s++;
				} else {
					quoted = false;
					s++;
					continue;
				}
			} else if (!quoted && (ch == ',' || ch == '\n' || ch == '\r')) {
				break;
			}
			if (ch == '\n')
				(*lines)++;
			if (len + 2 > bcap) {
				bcap *= 2;
				char *nb = realloc(buf, bcap);
				if (!nb)
					break;
				buf = nb;
			}
			buf[len++] = ch;
			s++;
		}
		buf[len] = '\0';
		if (cnt == cap) {
			cap *= 2;
			char **nc = realloc(cells, cap * sizeof(*cells));
			if (!nc)
				break;
			cells = nc;
		}
		cells[cnt++] = buf;
		if (*s == ',') {
			s++;
			continue;
		}
		if (*s == '\r')
			s++;
		if (*s == '\n') {
			s++;
			(*lines)++;
		}
		break;
	}
	*p = s;
	*n = cnt;
	return cells;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap);
	size_t got;
	while (buf && (got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += got;
		if (len + 1 == cap) {
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
	}
	int err = errno;
	fclose(f);
	if (buf)
		buf[len] = '\0';
	errno = buf ? 0 : (err ? err : ENOMEM);
	return buf;
}

int fb_csv_read(const char *path, struct fb_csv *out)
{
	memset(out, 0, sizeof(*out));
	char *text = slurp(path);
	if (!text)
		return -errno;
	char *p = text;
	if (!p[strspn(p, " \t\r\n")]) {
		free(text);
		return -ENODATA; /* empty: not even a header */
	}
	size_t lines = 0; /* newlines consumed so far */
	out->header = parse_record(&p, &out->ncols, &lines);
	if (!out->header || !out->ncols || !*out->header[0]) {
		free(text);
		return -EINVAL;
	}
	/* Columns renamed, read under their new names for one release (a CSV
	 * written before the rename still compares with one written after). */
	static const char *const renamed[][2] = {
		{ "mode", "call" },   /* forkbench-footprint: --modes became --calls */
	};
	for (size_t i = 0; i < out->ncols; i++)
		for (size_t r = 0; r < sizeof(renamed) / sizeof(renamed[0]); r++)
			if (strcmp(out->header[i], renamed[r][0]) == 0) {
				free(out->header[i]);
				out->header[i] = strdup(renamed[r][1]);
				if (!out->header[i])
					abort();   /* out of memory reading a header */
			}
	size_t cap = 0;
	while (*p) {
		if (*p == '\n' || *p == '\r') { /* blank line */
			lines += *p == '\n';
			p++;
			continue;
		}
		size_t n, at = lines + 1;
		char **cells = parse_record(&p, &n, &lines);
		if (!cells)
			break;
		bool cut = !*p && p > text && p[-1] != '\n';
		if (n != out->ncols) {
			if (!out->nbad++) {
				out->bad_line = at;
				out->bad_cells = n;
			}
			for (size_t i = 0; i < n; i++)
				free(cells[i]);
			free(cells);
			continue;
		}
		if (out->nrows == cap) {
			cap = cap ? cap * 2 : 256;
			char ***nr = realloc(out->rows, cap * sizeof(*nr));
			size_t *nl = realloc(out->line, cap * sizeof(*nl));
			if (nr)
				out->rows = nr;
			if (nl)
				out->line = nl;
			if (!nr || !nl)
				break;
		}
		out->unterminated = cut; /* only ever true for the last row kept */
		out->line[out->nrows] = at;
		out->rows[out->nrows++] = cells;
	}
	free(text);
	return 0;
}

int fb_csv_col(const struct fb_csv *c, const char *name)
{
	for (size_t i = 0; i < c->ncols; i++)
		if (strcmp(c->header[i], name) == 0)
			return (int)i;
	return -1;
}

void fb_csv_free(struct fb_csv *c)
{
	for (size_t r = 0; r < c->nrows; r++) {
		for (size_t i = 0; i < c->ncols; i++)
			free(c->rows[r][i]);
		free(c->rows[r]);
	}
	for (size_t i = 0; i < c->ncols; i++)
		free(c->header[i]);
	free(c->rows);
	free(c->line);
	free(c->header);
	memset(c, 0, sizeof(*c));
}

int fb_meta_read(const char *path, struct fb_meta *out)
{
	memset(out, 0, sizeof(*out));
	FILE *f = fopen(path, "re");
	if (!f)
		return -errno;
	char *line = NULL;
	size_t cap = 0, mcap = 0;
	while (getline(&line, &cap, f) > 0) {
		line[strcspn(line, "\r\n")] = '\0';
		char *eq = strchr(line, '=');
		if (!eq || eq == line)
			continue;
		*eq = '\0';
		const char *v = eq + 1;
		size_t i;
		for (i = 0; i < out->n; i++)
			if (strcmp(out->key[i], line) == 0)
				break;
		if (i < out->n) {
			char *joined;
			if (asprintf(&joined, "%s; %s", out->value[i], v) >= 0) {
				free(out->value[i]);
				out->value[i] = joined;
			}
			continue;
		}
		if (out->n == mcap) {
			mcap = mcap ? mcap * 2 : 64;
			char **k = realloc(out->key, mcap * sizeof(*k));
			if (k)
				out->key = k;
			char **val = realloc(out->value, mcap * sizeof(*val));
			if (val)
				out->value = val;
			if (!k || !val)
				break;
		}
		out->key[out->n] = strdup(line);
		out->value[out->n] = strdup(v);
		out->n++;
	}
	free(line);
	fclose(f);
	return 0;
}

const char *fb_meta_get(const struct fb_meta *m, const char *key)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->key[i], key) == 0)
			return m->value[i];
	return NULL;
}

void fb_meta_free(struct fb_meta *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->key[i]);
		free(m->value[i]);
	}
	free(m->key);
	free(m->value);
	memset(m, 0, sizeof(*m));
}

bool fb_cell_number(const char *s, double *out)
{
	char *end;
	if (!*s)
		return false;
	errno = 0;
	*out = strtod(s, &end);
	return !*end && !errno && isfinite(*out);
}

/* A column name as the drivers write them: [a-z0-9_]+. */
bool fb_name_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

/* Warnings about the shape of a file: bad names, torn or cut rows. */
void fb_csv_check_shape(const char *path, const struct fb_csv *c)
{
	for (size_t i = 0; i < c->ncols; i++) {
		if (!fb_name_ok(c->header[i]))
			fb_warn(path, 1, "unknown column name '%.40s' in the header", c->header[i]);
		for (size_t j = 0; j < i; j++)
			if (strcmp(c->header[i], c->header[j]) == 0)
				fb_warn(path, 1, "column %s appears twice in the header", c->header[i]);
	}
	if (c->nbad)
		fb_warn(path, c->bad_line, "row has %zu cells, the header %zu (cut or torn row): %zu such row%s ignored",
			c->bad_cells, c->ncols, c->nbad, c->nbad == 1 ? "" : "s");
	if (c->unterminated)
		fb_warn(path, c->line[c->nrows - 1], "last row has no newline (file cut mid-line?): ignored");
}

