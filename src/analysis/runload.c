/* runload: adds one result directory's raw CSV to a side (fb_runset_add),
 * after checking it against the directory's summary: the summary's key
 * columns must be in the header, and for every metric the raw ok rows must
 * give the summary's median and count per configuration — a header with
 * swapped or renamed columns, or a raw file that is not the one the summary
 * was made from, fails that check, and the metric is left out of that file
 * with a warning naming it. Rows are grouped by `run` when the column exists
 * (one worker process per run); a file without it is one run. */
#define _GNU_SOURCE
#include "runset.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static struct fb_cfg *cfg_get(struct fb_runset *rs, char **row, const int *kc)
{
	char *key = NULL, *label = NULL;
	size_t kl = 0, ll = 0;
	FILE *fk = open_memstream(&key, &kl), *fl = open_memstream(&label, &ll);
	for (size_t k = 0; k < rs->nkeys; k++) {
		char l[128];
		cell_label(rs->keys[k], row[kc[k]], l, sizeof(l));
		fprintf(fk, "%s%s=%s", k ? ";" : "", rs->keys[k], row[kc[k]]);
		fprintf(fl, "%s%s", k ? "/" : "", l);
	}
	fclose(fk);
	fclose(fl);
	struct fb_cfg *c = fb_runset_find(rs, key);
	if (c) {
		free(key);
		free(label);
		return c;
	}
	if (rs->ncfg == rs->cfgcap) {
		rs->cfgcap = rs->cfgcap ? rs->cfgcap * 2 : 64;
		rs->cfg = fb_xrealloc(rs->cfg, rs->cfgcap, sizeof(*rs->cfg));
	}
	c = &rs->cfg[rs->ncfg++];
	c->key = key;
	c->label = label;
	c->kv = fb_xcalloc(rs->nkeys, sizeof(char *));
	for (size_t k = 0; k < rs->nkeys; k++)
		c->kv[k] = fb_xstrdup(row[kc[k]]);
	c->s = fb_xcalloc(rs->nmetrics, sizeof(*c->s));
	return c;
}

static void push(struct fb_sample *s, double v, unsigned run)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->v = fb_xrealloc(s->v, s->cap, sizeof(double));
		s->run = fb_xrealloc(s->run, s->cap, sizeof(unsigned));
	}
	s->v[s->n] = v;
	s->run[s->n++] = run;
}


/* Row indices sorted by their summary key (the summary's key columns joined by ','). */
struct keyed {
	char *key;
	size_t row;
};

static int keyed_cmp(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->row > y->row) - (x->row < y->row);
}

/* First index in ks[0..n) with key >= k. */
static size_t lower_bound(const struct keyed *ks, size_t n, const char *k)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(ks[mid].key, k) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Does metric column mc of the ok rows (sorted in ks) give the summary's medians and counts?
 * Returns the number of summary rows of metric m that disagree; *first names the first.
 * A configuration with fewer values than the summary says is not held against
 * the column when the file lost at least as many rows (cut or torn: warned). */
static size_t check_metric(const struct fb_csv *c, const struct keyed *ks, size_t nk, int mc,
			   const struct fb_summary *sum, int m, char *first, size_t flen)
{
	size_t bad = 0;
	double *v = fb_xcalloc(nk, sizeof(double));
	for (size_t r = 0; r < sum->nrows; r++) {
		if (sum->rowmetric[r] != m)
			continue;
		size_t n = 0;
		for (size_t i = lower_bound(ks, nk, sum->rowkey[r]); i < nk && !strcmp(ks[i].key, sum->rowkey[r]); i++)
			if (fb_cell_number(c->rows[ks[i].row][mc], &v[n]))
				n++;
		double med = n ? fb_median_of(v, n) : NAN;
		size_t lost = c->nbad + (size_t)c->unterminated;
		if ((long)n < sum->n[r] && (size_t)(sum->n[r] - (long)n) <= lost)
			continue;
		bool same = (long)n == sum->n[r] &&
			    (!n || fabs(med - sum->median[r]) <= 0.05 + 1e-9 * fabs(med));
		if (!same && !bad++)
			snprintf(first, flen, "%s: %zu values, median %.1f here, summary %ld and %.1f", sum->rowkey[r], n,
				 med, sum->n[r], sum->median[r]);
	}
	free(v);
	return bad;
}

/* The side-wide index of run `value` of the directory being added. */
static unsigned run_id(struct fb_runset *rs, long value, long **seen, size_t *nseen, size_t base)
{
	for (size_t i = 0; i < *nseen; i++)
		if ((*seen)[i] == value)
			return (unsigned)(base + i);
	*seen = fb_xrealloc(*seen, *nseen + 1, sizeof(long));
	(*seen)[(*nseen)++] = value;
	rs->nruns = base + *nseen > rs->nruns ? base + *nseen : rs->nruns;
	return (unsigned)(base + *nseen - 1);
}

int fb_runset_add(struct fb_runset *rs, const char *dir, const char *driver, const struct fb_summary *sum)
{
	char raw[4096], meta[4096];
	snprintf(raw, sizeof(raw), "%s/%s.csv", dir, driver);
	snprintf(meta, sizeof(meta), "%s/%s.meta", dir, driver);
	struct fb_csv c;
	int rc = fb_csv_read(raw, &c);
	if (rc) {
		fb_warn(raw, 0, "cannot read it (%s): %s skipped in %s",
			rc == -ENODATA ? "the file is empty" : rc == -EINVAL ? "no header line" : strerror(-rc), driver, dir);
		return rc;
	}
	fb_csv_check_shape(raw, &c);
	size_t rows = c.nrows - (c.unterminated ? 1 : 0);
	int skc[64], kc[64];
	char missing[512] = "";
	for (size_t k = 0; k < sum->nkeys && k < 64; k++)
		if ((skc[k] = fb_csv_col(&c, sum->keys[k])) < 0)
			snprintf(missing + strlen(missing), sizeof(missing) - strlen(missing), "%s%s", *missing ? ", " : "",
				 sum->keys[k]);
	if (*missing) {
		fb_warn(raw, 1, "the header lacks key column(s) %s of %s.summary.csv: not a %s CSV? file ignored", missing,
			driver, driver);
		fb_csv_free(&c);
		return -ENODATA;
	}
	for (size_t k = 0; k < rs->nkeys; k++)
		kc[k] = fb_csv_col(&c, rs->keys[k]); /* the compared keys are some of the summary's */
	int st = fb_csv_col(&c, "status"), runc = fb_csv_col(&c, "run");
	if (st < 0)
		fb_warn(raw, 1, "no status column: every row taken as ok");

	/* The ok rows, sorted by summary key, for the check against the summary. */
	struct keyed *ks = fb_xcalloc(rows, sizeof(*ks));
	size_t nk = 0;
	for (size_t r = 0; r < rows; r++) {
		if (st >= 0 && strcmp(c.rows[r][st], "ok") != 0)
			continue;
		size_t len = 0;
		FILE *f = open_memstream(&ks[nk].key, &len);
		for (size_t k = 0; k < sum->nkeys; k++)
			fprintf(f, "%s%s", k ? "," : "", c.rows[r][skc[k]]);
		fclose(f);
		ks[nk++].row = r;
	}
	qsort(ks, nk, sizeof(*ks), keyed_cmp);

	int *mcol = fb_xcalloc(rs->nmetrics, sizeof(int));
	for (size_t m = 0; m < rs->nmetrics; m++) {
		mcol[m] = fb_csv_col(&c, rs->metrics[m]);
		int sm = -1;
		for (size_t i = 0; i < sum->nmetrics; i++)
			if (strcmp(sum->metrics[i], rs->metrics[m]) == 0)
				sm = (int)i;
		if (mcol[m] < 0 || sm < 0) {
			if ((mcol[m] < 0) != (sm < 0))
				fb_warn(raw, 1, "metric %s is %s: left out of this file", rs->metrics[m],
					sm < 0 ? "a column here but not in the summary" : "in the summary but not a column here");
			mcol[m] = -1;
			continue;
		}
		char first[512];
		size_t bad = check_metric(&c, ks, nk, mcol[m], sum, sm, first, sizeof(first));
		if (bad) {
			fb_warn(raw, 1, "column %s does not match the summary in %zu configuration(s) (first %s): columns "
				"swapped or file edited? %s left out of this file", rs->metrics[m], bad, first, rs->metrics[m]);
			mcol[m] = -1;
		}
	}

	/* The values, grouped by the compared keys, each with its run. */
	size_t added = 0, badcells = 0, badcell_line = 0, badrun = 0, badrun_line = 0, nseen = 0, base = rs->nruns;
	long *seen = NULL;
	for (size_t i = 0; i < nk; i++) {
		char **row = c.rows[ks[i].row];
		double run = 0;
		if (runc >= 0 && (!fb_cell_number(row[runc], &run) || run < 0 || run != floor(run) || run > 1e6)) {
			if (!badrun++)
				badrun_line = c.line[ks[i].row];
			continue;
		}
		unsigned id = run_id(rs, (long)run, &seen, &nseen, base);
		struct fb_cfg *g = cfg_get(rs, row, kc);
		for (size_t m = 0; m < rs->nmetrics; m++) {
			double v;
			if (mcol[m] < 0 || !row[mcol[m]][0])
				continue; /* empty cell: not available, never 0 */
			if (!fb_cell_number(row[mcol[m]], &v)) {
				if (!badcells++)
					badcell_line = c.line[ks[i].row];
				continue;
			}
			push(&g->s[m], v, id);
			added++;
		}
	}
	if (badcells)
		fb_warn(raw, badcell_line, "metric cell that is not a number: %zu such cell(s) ignored", badcells);
	if (badrun)
		fb_warn(raw, badrun_line, "run cell that is not a run number: %zu such row(s) ignored", badrun);
	rs->run_column |= runc >= 0;
	for (size_t i = 0; i < nk; i++)
		free(ks[i].key);
	free(ks);
	free(mcol);
	free(seen);
	fb_csv_free(&c);
	if (!added) {
		fb_warn(raw, 0, "no usable value left: %s skipped in %s", driver, dir);
		return -ENODATA;
	}
	rs->meta = fb_xrealloc(rs->meta, rs->ndirs + 1, sizeof(*rs->meta));
	rs->dir = fb_xrealloc(rs->dir, rs->ndirs + 1, sizeof(*rs->dir));
	if (fb_meta_read(meta, &rs->meta[rs->ndirs]))
		fb_warn(meta, 0, "no sidecar: machine and kernel unknown for this directory");
	rs->dir[rs->ndirs++] = fb_xstrdup(dir);
	return 0;
}
