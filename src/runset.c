/* runset: loading one run's results for forkbench-compare. */
#define _GNU_SOURCE
#include "runset.h"
#include "stats.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void fb_die_oom(void)
{
	fprintf(stderr, "forkbench: out of memory\n");
	exit(FB_EXIT_FAIL);
}

void *fb_xcalloc(size_t n, size_t s)
{
	void *p = calloc(n ? n : 1, s);
	if (!p)
		fb_die_oom();
	return p;
}

char *fb_xstrdup(const char *s)
{
	char *p = strdup(s);
	if (!p)
		fb_die_oom();
	return p;
}

bool fb_in_list(char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

/* Summary header: key columns come before "metric"; the metric names are
 * the distinct values of that column. */
int fb_runset_load_summary(const char *path, struct fb_runset *rs)
{
	struct fb_csv s;
	int rc = fb_csv_read(path, &s);
	if (rc)
		return rc;
	int mc = fb_csv_col(&s, "metric");
	if (mc < 0) {
		fb_csv_free(&s);
		return -EINVAL;
	}
	rs->keys = fb_xcalloc((size_t)mc, sizeof(char *));
	for (int i = 0; i < mc; i++)
		rs->keys[rs->nkeys++] = fb_xstrdup(s.header[i]);
	rs->metrics = fb_xcalloc(s.nrows, sizeof(char *));
	for (size_t r = 0; r < s.nrows; r++)
		if (!fb_in_list(rs->metrics, rs->nmetrics, s.rows[r][mc]))
			rs->metrics[rs->nmetrics++] = fb_xstrdup(s.rows[r][mc]);
	fb_csv_free(&s);
	return 0;
}

static void cell_label(const char *col, const char *v, char *buf, size_t len)
{
	size_t l = strlen(col);
	char *end;
	unsigned long long b = strtoull(v, &end, 10);
	if (l > 6 && strcmp(col + l - 6, "_bytes") == 0 && *v && !*end)
		fb_format_size(b, buf, len);
	else
		snprintf(buf, len, "%s", v);
}

struct fb_cfg *fb_runset_find(struct fb_runset *rs, const char *key, bool create, const char *label)
{
	for (size_t i = rs->ncfg; i-- > 0;)
		if (strcmp(rs->cfg[i].key, key) == 0)
			return &rs->cfg[i];
	if (!create)
		return NULL;
	if (rs->ncfg == rs->cfgcap) {
		rs->cfgcap = rs->cfgcap ? rs->cfgcap * 2 : 64;
		rs->cfg = realloc(rs->cfg, rs->cfgcap * sizeof(*rs->cfg));
		if (!rs->cfg)
			fb_die_oom();
	}
	struct fb_cfg *c = &rs->cfg[rs->ncfg++];
	c->key = fb_xstrdup(key);
	c->label = fb_xstrdup(label);
	c->v = fb_xcalloc(rs->nmetrics, sizeof(*c->v));
	c->n = fb_xcalloc(rs->nmetrics, sizeof(*c->n));
	c->cap = fb_xcalloc(rs->nmetrics, sizeof(*c->cap));
	return c;
}

/* Raw rows with status ok, grouped by the key columns `keys`. */
int fb_runset_load_raw(const char *path, struct fb_runset *rs, char **keys, size_t nkeys)
{
	struct fb_csv c;
	int rc = fb_csv_read(path, &c);
	if (rc)
		return rc;
	int st = fb_csv_col(&c, "status");
	int kc[64], mcol[512];
	for (size_t k = 0; k < nkeys && k < 64; k++)
		kc[k] = fb_csv_col(&c, keys[k]);
	for (size_t m = 0; m < rs->nmetrics && m < 512; m++)
		mcol[m] = fb_csv_col(&c, rs->metrics[m]);
	for (size_t r = 0; r < c.nrows; r++) {
		char **row = c.rows[r];
		if (st >= 0 && strcmp(row[st], "ok") != 0)
			continue;
		char key[1024] = "", label[512] = "";
		for (size_t k = 0; k < nkeys && k < 64; k++) {
			const char *v = kc[k] >= 0 ? row[kc[k]] : "";
			char l[128];
			cell_label(keys[k], v, l, sizeof(l));
			size_t kl = strlen(key), ll = strlen(label);
			snprintf(key + kl, sizeof(key) - kl, "%s%s=%s", k ? ";" : "", keys[k], v);
			snprintf(label + ll, sizeof(label) - ll, "%s%s", k ? "/" : "", l);
		}
		struct fb_cfg *g = fb_runset_find(rs, key, true, label);
		for (size_t m = 0; m < rs->nmetrics && m < 512; m++) {
			if (mcol[m] < 0 || !row[mcol[m]][0])
				continue; /* empty cell: not available, never 0 */
			if (g->n[m] == g->cap[m]) {
				g->cap[m] = g->cap[m] ? g->cap[m] * 2 : 16;
				g->v[m] = realloc(g->v[m], g->cap[m] * sizeof(double));
				if (!g->v[m])
					fb_die_oom();
			}
			g->v[m][g->n[m]++] = strtod(row[mcol[m]], NULL);
		}
	}
	fb_csv_free(&c);
	return 0;
}

void fb_runset_free(struct fb_runset *rs)
{
	for (size_t i = 0; i < rs->ncfg; i++) {
		for (size_t m = 0; m < rs->nmetrics; m++)
			free(rs->cfg[i].v[m]);
		free(rs->cfg[i].v);
		free(rs->cfg[i].n);
		free(rs->cfg[i].cap);
		free(rs->cfg[i].key);
		free(rs->cfg[i].label);
	}
	for (size_t i = 0; i < rs->nkeys; i++)
		free(rs->keys[i]);
	for (size_t i = 0; i < rs->nmetrics; i++)
		free(rs->metrics[i]);
	free(rs->cfg);
	free(rs->keys);
	free(rs->metrics);
	fb_meta_free(&rs->meta);
	memset(rs, 0, sizeof(*rs));
}

int fb_runset_metric(const struct fb_runset *rs, const char *m)
{
	for (size_t i = 0; i < rs->nmetrics; i++)
		if (strcmp(rs->metrics[i], m) == 0)
			return (int)i;
	return -1;
}

double fb_median_of(const double *v, size_t n)
{
	double *t = fb_xcalloc(n, sizeof(double));
	memcpy(t, v, n * sizeof(double));
	struct fb_stats s;
	fb_stats_compute(t, n, &s);
	free(t);
	return s.median;
}

bool fb_runset_load(const char *prog, const char *dir, const char *driver, struct fb_runset *rs, char **keys,
		    size_t nkeys)
{
	char raw[4096], sum[4096], meta[4096];
	snprintf(raw, sizeof(raw), "%s/%s.csv", dir, driver);
	snprintf(sum, sizeof(sum), "%s/%s.summary.csv", dir, driver);
	snprintf(meta, sizeof(meta), "%s/%s.meta", dir, driver);
	memset(rs, 0, sizeof(*rs));
	if (access(raw, R_OK) != 0)
		return false;
	if (fb_runset_load_summary(sum, rs)) {
		fprintf(stderr, "%s: %s: no readable summary (%s); %s skipped\n", prog, dir, sum, driver);
		fb_runset_free(rs);
		return false;
	}
	if (fb_meta_read(meta, &rs->meta))
		fprintf(stderr, "%s: %s: no sidecar %s\n", prog, dir, meta);
	if (fb_runset_load_raw(raw, rs, keys ? keys : rs->keys, keys ? nkeys : rs->nkeys)) {
		fprintf(stderr, "%s: %s: cannot read %s; %s skipped\n", prog, dir, raw, driver);
		fb_runset_free(rs);
		return false;
	}
	rs->present = true;
	return true;
}

