/* runset: loading and checking one side's results for forkbench-compare
 * (see runset.h). What it refuses is said on stderr with file and line. */
#define _GNU_SOURCE
#include "runset.h"
#include "stats.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
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

void *fb_xrealloc(void *p, size_t n, size_t s)
{
	p = realloc(p, (n ? n : 1) * s);
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

double fb_median_of(const double *v, size_t n)
{
	double *t = fb_xcalloc(n, sizeof(double));
	memcpy(t, v, n * sizeof(double));
	struct fb_stats s;
	fb_stats_compute(t, n, &s);
	free(t);
	return s.median;
}

int fb_summary_load(const char *path, struct fb_summary *s)
{
	memset(s, 0, sizeof(*s));
	struct fb_csv c;
	int rc = fb_csv_read(path, &c);
	if (rc) {
		fb_warn(path, 0, "cannot read the summary: %s",
			rc == -ENODATA ? "the file is empty" : rc == -EINVAL ? "no header line" : strerror(-rc));
		return rc;
	}
	fb_csv_check_shape(path, &c);
	int mc = fb_csv_col(&c, "metric"), medc = fb_csv_col(&c, "median"), nc = fb_csv_col(&c, "n");
	if (mc <= 0 || medc < 0 || nc < 0) {
		fb_warn(path, 1, "not a summary: the header needs key columns, then metric, n and median");
		fb_csv_free(&c);
		return -EINVAL;
	}
	size_t rows = c.nrows - (c.unterminated ? 1 : 0), bad = 0, badline = 0;
	s->keys = fb_xcalloc((size_t)mc, sizeof(char *));
	for (int i = 0; i < mc; i++)
		s->keys[s->nkeys++] = fb_xstrdup(c.header[i]);
	s->metrics = fb_xcalloc(rows, sizeof(char *));
	s->rowkey = fb_xcalloc(rows, sizeof(char *));
	s->rowmetric = fb_xcalloc(rows, sizeof(int));
	s->median = fb_xcalloc(rows, sizeof(double));
	s->n = fb_xcalloc(rows, sizeof(long));
	for (size_t r = 0; r < rows; r++) {
		char **row = c.rows[r];
		double med, n;
		bool medok = fb_cell_number(row[medc], &med), nok = fb_cell_number(row[nc], &n);
		if (!fb_name_ok(row[mc]) || !nok || n < 0 || (!medok && row[medc][0]) || (n > 0 && !medok)) {
			if (!bad++)
				badline = c.line[r];
			continue;
		}
		int m;
		for (m = 0; m < (int)s->nmetrics; m++)
			if (strcmp(s->metrics[m], row[mc]) == 0)
				break;
		if (m == (int)s->nmetrics)
			s->metrics[s->nmetrics++] = fb_xstrdup(row[mc]);
		char *key = NULL;
		size_t kl = 0;
		FILE *f = open_memstream(&key, &kl);
		for (int k = 0; k < mc; k++)
			fprintf(f, "%s%s", k ? "," : "", row[k]);
		fclose(f);
		s->rowkey[s->nrows] = key;
		s->rowmetric[s->nrows] = m;
		s->median[s->nrows] = medok ? med : NAN;
		s->n[s->nrows++] = (long)n;
	}
	if (bad)
		fb_warn(path, badline, "summary row with a bad metric name, n or median: %zu such row%s ignored", bad,
			bad == 1 ? "" : "s");
	fb_csv_free(&c);
	if (!s->nrows) {
		fb_warn(path, 0, "no usable summary row");
		fb_summary_free(s);
		return -ENODATA;
	}
	return 0;
}

void fb_summary_free(struct fb_summary *s)
{
	for (size_t i = 0; i < s->nkeys; i++)
		free(s->keys[i]);
	for (size_t i = 0; i < s->nmetrics; i++)
		free(s->metrics[i]);
	for (size_t i = 0; i < s->nrows; i++)
		free(s->rowkey[i]);
	free(s->keys);
	free(s->metrics);
	free(s->rowkey);
	free(s->rowmetric);
	free(s->median);
	free(s->n);
	memset(s, 0, sizeof(*s));
}

static char **copy_list(char *const *l, size_t n)
{
	char **c = fb_xcalloc(n, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		c[i] = fb_xstrdup(l[i]);
	return c;
}

void fb_runset_init(struct fb_runset *rs, char *const *keys, size_t nkeys, char *const *metrics, size_t nmetrics)
{
	memset(rs, 0, sizeof(*rs));
	rs->keys = copy_list(keys, nkeys);
	rs->nkeys = nkeys;
	rs->metrics = copy_list(metrics, nmetrics);
	rs->nmetrics = nmetrics;
}

struct fb_cfg *fb_runset_find(const struct fb_runset *rs, const char *key)
{
	for (size_t i = rs->ncfg; i-- > 0;)
		if (strcmp(rs->cfg[i].key, key) == 0)
			return &rs->cfg[i];
	return NULL;
}

int fb_runset_metric(const struct fb_runset *rs, const char *m)
{
	for (size_t i = 0; i < rs->nmetrics; i++)
		if (strcmp(rs->metrics[i], m) == 0)
			return (int)i;
	return -1;
}

size_t fb_sample_runs(const struct fb_sample *s, size_t nruns)
{
	bool *seen = fb_xcalloc(nruns, sizeof(bool));
	size_t k = 0;
	for (size_t i = 0; i < s->n; i++)
		if (s->run[i] < nruns && !seen[s->run[i]]) {
			seen[s->run[i]] = true;
			k++;
		}
	free(seen);
	return k;
}

void fb_runset_free(struct fb_runset *rs)
{
	for (size_t i = 0; i < rs->ncfg; i++) {
		struct fb_cfg *c = &rs->cfg[i];
		for (size_t m = 0; m < rs->nmetrics; m++) {
			free(c->s[m].v);
			free(c->s[m].run);
		}
		for (size_t k = 0; k < rs->nkeys; k++)
			free(c->kv[k]);
		free(c->kv);
		free(c->s);
		free(c->key);
		free(c->label);
	}
	for (size_t i = 0; i < rs->nkeys; i++)
		free(rs->keys[i]);
	for (size_t i = 0; i < rs->nmetrics; i++)
		free(rs->metrics[i]);
	for (size_t i = 0; i < rs->ndirs; i++) {
		fb_meta_free(&rs->meta[i]);
		free(rs->dir[i]);
	}
	free(rs->meta);
	free(rs->dir);
	free(rs->cfg);
	free(rs->keys);
	free(rs->metrics);
	memset(rs, 0, sizeof(*rs));
}
