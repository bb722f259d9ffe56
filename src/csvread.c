/* csvread: CSV and sidecar readers for after-the-fact tools (see csvread.h). */
#define _GNU_SOURCE
#include "csvread.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Splits one record starting at *p (which may span lines inside quotes)
 * into a freshly allocated array of cells; advances *p past the record. */
static char **parse_record(char **p, size_t *n)
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
		if (*s == '\n')
			s++;
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
	out->header = parse_record(&p, &out->ncols);
	if (!out->header || !out->ncols) {
		free(text);
		return -EINVAL;
	}
	size_t cap = 0;
	while (*p) {
		if (*p == '\n' || *p == '\r') { /* blank line */
			p++;
			continue;
		}
		size_t n;
		char **cells = parse_record(&p, &n);
		if (!cells)
			break;
		if (n < out->ncols) {
			char **nc = realloc(cells, out->ncols * sizeof(*cells));
			if (!nc)
				break;
			cells = nc;
			for (size_t i = n; i < out->ncols; i++)
				cells[i] = strdup("");
		} else {
			for (size_t i = out->ncols; i < n; i++)
				free(cells[i]); /* wider than the header: extra cells dropped */
		}
		if (out->nrows == cap) {
			cap = cap ? cap * 2 : 256;
			char ***nr = realloc(out->rows, cap * sizeof(*nr));
			if (!nr)
				break;
			out->rows = nr;
		}
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
