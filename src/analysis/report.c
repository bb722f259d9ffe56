/* report: text, Markdown and CSV forms of a comparison (see report.h). */
#define _GNU_SOURCE
#include "report.h"
#include "report_lines.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Unit of a row: times scaled to ns, µs, ms or s by the larger median. */
static double scale(const struct fb_row *r, const char **unit)
{
	double m = fmax(r->bt.a.median, r->bt.b.median);
	*unit = "";
	if (r->kind != FB_KIND_TIME || !strstr(r->metric, "_ns"))
		return 1;
	if (r->instr) /* the icount clock: a count of guest instructions, never a time */
		return fb_clock_instr_scale(m, unit);
	static const char *const time_units[] = { "s", "ms", "µs", "ns" };
	return fb_clock_scale(m, time_units, unit);
}

static void value(char *buf, size_t len, const struct fb_boot_side *s, double div, const char *unit)
{
	double m = s->median / div, h = (s->hi - s->lo) / 2 / div;
	int d = fabs(m) >= 100 ? 0 : fabs(m) >= 10 ? 1 : 2;
	if (isfinite(h))
		snprintf(buf, len, "%.*f±%.*f%s", d, m, d, h, unit);
	else
		snprintf(buf, len, "%.*f%s", d, m, unit);
	/* A half-interval many times the median (a few wild runs) would not fit its column. */
	if (fb_report_cols(buf) > 11 && isfinite(h))
		snprintf(buf, len, "%.*f%s ±wide", d, m, unit);
}

/* A change in %: one decimal below 100 (bounds: below 10), whole above. */
static void pct(char *buf, size_t len, double ratio, double whole_from)
{
	double x = (ratio - 1) * 100;
	if (whole_from < 100 && x >= 999.5) /* an interval's bound: past +999% says enough */
		snprintf(buf, len, ">+999");
	else
		snprintf(buf, len, "%+.*f", fabs(x) < whole_from - 0.05 ? 1 : 0, x);
}

static void change(char *buf, size_t len, double ratio, double lo, double hi, int ok)
{
	char a[16], b[16], c[16];
	if (!isfinite(ratio)) {
		snprintf(buf, len, "n/a");
		return;
	}
	pct(a, sizeof(a), ratio, 100);
	if (!ok || !isfinite(lo) || !isfinite(hi)) {
		snprintf(buf, len, "%s%%", a);
		return;
	}
	pct(b, sizeof(b), lo, 10);
	pct(c, sizeof(c), hi, 10);
	snprintf(buf, len, "%s%% [%s,%s]", a, b, c);
}

static const struct fb_cmp *sort_cmp;

/* Rows of a metric: larger |log ratio| first; ties (and rows without a ratio) by position. */
static int by_change(const void *x, const void *y)
{
	const struct fb_row *a = &sort_cmp->rows[*(const size_t *)x], *b = &sort_cmp->rows[*(const size_t *)y];
	double la = a->bt.ok ? fabs(log(a->bt.ratio)) : -1, lb = b->bt.ok ? fabs(log(b->bt.ratio)) : -1;
	if (la != lb)
		return la > lb ? -1 : 1;
	return (*(const size_t *)x > *(const size_t *)y) - (*(const size_t *)x < *(const size_t *)y);
}

/* Indices of the shown rows of one metric, sorted. */
static size_t metric_rows(const struct fb_cmp *c, const struct fb_metric_sum *s, size_t *idx)
{
	size_t n = 0;
	for (size_t i = 0; i < c->nrows; i++)
		if (c->rows[i].driver == s->driver && strcmp(c->rows[i].metric, s->metric) == 0 && c->rows[i].shown)
			idx[n++] = i;
	sort_cmp = c;
	qsort(idx, n, sizeof(*idx), by_change);
	return n;
}

/* Words of s wrapped at 78 columns, continuation lines indented by 4. */
static void wrapped(FILE *f, const char *lead, const char *s)
{
	size_t col = fb_report_cols(lead);
	fputs(lead, f);
	while (*s) {
		size_t w = strcspn(s, " ");
		char word[1024];
		snprintf(word, sizeof(word), "%.*s", (int)(w < 1000 ? w : 1000), s);
		if (col + 1 + fb_report_cols(word) > 78 && col > 4) {
			fputs("\n   ", f);
			col = 3;
		}
		if (fb_report_cols(word) > 74)
			snprintf(word + 70, sizeof(word) - 70, "…");
		fprintf(f, " %s", word);
		col += 1 + fb_report_cols(word);
		s += w;
		while (*s == ' ')
			s++;
	}
	fputc('\n', f);
}

/* The verdict after a text line of `col` columns: on the same line when it fits in 80. */
static void verdict_tail(FILE *f, size_t col, const char *v)
{
	if (col + 1 + fb_report_cols(v) > 80)
		fprintf(f, "\n%*s", (int)(80 - fb_report_cols(v) - 1), "");
	fprintf(f, " %s\n", v);
}

static bool family_shown(const struct fb_cmp *c, const struct fb_family *m)
{
	bool primary = c->o.nmetrics || strcmp(m->metric, fb_primary_metric(m->driver)) == 0;
	return c->o.all || primary || m->v == FB_V_HIGHER || m->v == FB_V_LOWER;
}

/* The families: per driver, method and metric, the geometric-mean change. */
static void families(FILE *f, const struct fb_cmp *c, bool md)
{
	if (md)
		fprintf(f, "\n### Families (geometric mean over configurations, runs as the unit)\n\n"
			   "| driver | method | metric | configs | runs A/B | change [interval] | verdict |\n"
			   "|---|---|---|--:|--:|--:|---|\n");
	else
		fprintf(f, "\nFamilies (geometric mean over configurations, runs as the unit)\n  %-30s %4s %5s %19s %s\n",
			"driver method metric", "cfgs", "runs", "change [interval]", "verdict");
	size_t shown = 0;
	for (size_t i = 0; i < c->nfams; i++) {
		const struct fb_family *m = &c->fams[i];
		if (!family_shown(c, m))
			continue;
		shown++;
		char g[64], v[64], runs[32], name[256];
		change(g, sizeof(g), m->bt.ratio, m->bt.lo, m->bt.hi, m->bt.ok);
		fb_verdict_text(v, sizeof(v), m->v, m->detectable);
		if (m->emulated)
			snprintf(v, sizeof(v), "emulated: not judged");
		snprintf(runs, sizeof(runs), "%zu/%zu", m->runs_a, m->runs_b);
		if (md) {
			fprintf(f, "| %s | %s | %s | %zu | %s | %s | %s |\n", m->driver, m->method, m->metric, m->configs, runs, g, v);
			continue;
		}
		snprintf(name, sizeof(name), "%s %s %s", m->driver, m->method, m->metric);
		if (fb_report_cols(name) > 30)
			fprintf(f, "  %s\n%32s", name, "");
		else
			fprintf(f, "  %-30s", name);
		fprintf(f, " %4zu %5s ", m->configs, runs);
		fb_report_pad(f, g, 19, 1);
		verdict_tail(f, 2 + 30 + 1 + 4 + 1 + 5 + 1 + 19, v);
	}
	if (!shown)
		fprintf(f, md ? "| (none: no configuration has %d runs a side) | | | | | | |\n" :
				"  (none: no configuration has %d runs a side)\n", FB_MIN_RUNS);
}

/* One line of the header: wrapped under tlabel in text, a bullet in markdown
 * (mlabel before it, the whole line bold when it is a warning). */
static void item(FILE *f, bool md, const char *tlabel, const char *mlabel, const char *text, bool bold)
{
	if (md)
		fprintf(f, "- %s%s%s%s%s\n", bold ? "**" : "", mlabel, *mlabel ? " " : "", text, bold ? "**" : "");
	else
		wrapped(f, tlabel, text);
}

/* What both forms open with: the sides, the method, what differs, the families. */
static void header(FILE *f, const struct fb_cmp *c, bool md)
{
	char buf[1024];
	fprintf(f, md ? "## forkbench comparison: %s vs %s (baseline)\n\n" : "forkbench comparison: %s vs %s (baseline)\n",
		c->lb, c->la);
	fb_side_line(buf, sizeof(buf), c, 0);
	item(f, md, "  A", "A =", buf, false);
	fb_side_line(buf, sizeof(buf), c, 1);
	item(f, md, "  B", "B =", buf, false);
	fb_method_line(buf, sizeof(buf), c);
	item(f, md, "  method:", "method:", buf, false);
	if (*c->differ)
		item(f, md, "  these runs differ in:", "these runs differ in:", c->differ, true);
	if (c->emu_a || c->emu_b) {
		fb_emu_line(buf, sizeof(buf), c);
		item(f, md, "  note:", "note:", buf, true);
	}
	if (fb_instr_line(buf, sizeof(buf), c))
		item(f, md, " ", "", buf, true);
	fb_chance_line(buf, sizeof(buf), c);
	if (!md)
		fprintf(f, "\nSummary\n");
	item(f, md, " ", "", buf, false);
	families(f, c, md);
}

/* A configuration's cells: A's and B's medians, the change with its interval, the verdict. */
struct cells {
	char a[48], b[48], ch[64], v[64];
};

static void row_cells(const struct fb_row *r, struct cells *x)
{
	const char *unit;
	double div = scale(r, &unit);
	value(x->a, sizeof(x->a), &r->bt.a, div, unit);
	value(x->b, sizeof(x->b), &r->bt.b, div, unit);
	change(x->ch, sizeof(x->ch), r->bt.ratio, r->bt.lo, r->bt.hi, r->bt.ok);
	fb_verdict_text(x->v, sizeof(x->v), r->v, r->detectable);
}

/* The comparison's notes, after a heading when there are any. */
static void notes(FILE *f, const struct fb_cmp *c, bool md)
{
	if (c->nnotes)
		fputs(md ? "\n### Notes\n\n" : "\nNotes\n", f);
	for (size_t i = 0; i < c->nnotes; i++)
		item(f, md, "  -", "", c->notes[i], false);
}

/* The configurations only one side has, after a heading when there are any. */
static void one_side_only(FILE *f, const struct fb_cmp *c, bool md)
{
	char buf[512];
	bool any = false;
	for (size_t i = 0; i < c->nrows; i++) {
		if (!c->rows[i].only)
			continue;
		if (!any)
			fputs(md ? "\n### Configurations on one side only\n\n" : "\nConfigurations on one side only\n", f);
		any = true;
		snprintf(buf, sizeof(buf), "%s %s: only in %s", c->rows[i].driver, c->rows[i].label, c->rows[i].only);
		item(f, md, "  -", "", buf, false);
	}
}

/* Per metric, over all its configurations: the counts of verdicts and the
 * geometric mean of the changes; the main metrics, flagged ones, or all. */
static void per_metric(FILE *f, const struct fb_cmp *c, bool md)
{
	if (md)
		fprintf(f, "\n### Per metric\n\n| driver | metric | rows | higher | lower | same | undecided | geomean [interval] | note |\n"
			   "|---|---|--:|--:|--:|--:|--:|--:|---|\n");
	else
		fprintf(f, "\nPer metric (all configurations)\n  %-9s %-22s %4s %7s %4s %6s %s\n", "driver", "metric", "rows",
			"changed", "same", "undec.", "geomean [interval]");
	for (size_t s = 0; s < c->nsums; s++) {
		const struct fb_metric_sum *m = &c->sums[s];
		if (!m->main && !m->flagged && !c->o.all)
			continue;
		char g[64];
		change(g, sizeof(g), m->g, m->glo, m->ghi, m->ok);
		if (md)
			fprintf(f, "| %s | %s | %zu | %zu | %zu | %zu | %zu | %s | %s%s |\n", m->driver, m->metric, m->rows,
				m->higher, m->lower, m->same, m->undecided, m->ok ? g : "n/a",
				m->emulated ? "emulated: not judged " : "", m->few_runs ? "< 3 runs: too few runs to judge" : "");
		else
			fprintf(f, "  %-9s %-22s %4zu %7zu %4zu %6zu %s%s%s\n", m->driver, m->metric, m->rows, m->flagged,
				m->same, m->undecided, m->ok ? g : "n/a", m->emulated ? " emulated" : "",
				m->few_runs ? " *" : "");
	}
	if (!md && (c->few_a || c->few_b))
		fprintf(f, "  * fewer than %d runs on a side: too few runs to judge (between-run\n"
			   "    noise unknown; take more runs)\n", FB_MIN_RUNS);
}

/* One metric's configurations by |change|, as 80-column text. */
static void text_table(FILE *f, const struct fb_cmp *c, const struct fb_metric_sum *m, const size_t *idx, size_t n)
{
	fprintf(f, "\n%s %s%s, by |change|\n", m->driver, m->metric, m->emulated ? " (emulated: not judged)" : "");
	fb_report_pad(f, "config", 24, 0);
	fputc(' ', f);
	char la[13], lb[13];
	snprintf(la, sizeof(la), "%s", c->la);
	snprintf(lb, sizeof(lb), "%s", c->lb);
	fb_report_pad(f, la, 11, 1);
	fputc(' ', f);
	fb_report_pad(f, lb, 11, 1);
	fputc(' ', f);
	fb_report_pad(f, "change [interval]", 18, 1);
	fputs(" verdict\n", f);
	for (size_t k = 0; k < n; k++) {
		const struct fb_row *r = &c->rows[idx[k]];
		struct cells x;
		row_cells(r, &x);
		if (fb_report_cols(r->label) > 24)
			fprintf(f, "%s\n%24s", r->label, "");
		else
			fb_report_pad(f, r->label, 24, 0);
		fputc(' ', f);
		fb_report_pad(f, x.a, 11, 1);
		fputc(' ', f);
		fb_report_pad(f, x.b, 11, 1);
		fputc(' ', f);
		fb_report_pad(f, x.ch, 18, 1);
		verdict_tail(f, 24 + 1 + 11 + 1 + 11 + 1 + 18, r->emulated ? "emu" : x.v);
	}
}

/* One metric's configurations by |change|, as a markdown table. */
static void md_table(FILE *f, const struct fb_cmp *c, const struct fb_metric_sum *m, const size_t *idx, size_t n)
{
	fprintf(f, "\n### %s %s\n\n| configuration | %s | %s | change [interval] | verdict | note |\n"
		   "|---|--:|--:|--:|---|---|\n", m->driver, m->metric, c->la, c->lb);
	for (size_t k = 0; k < n; k++) {
		const struct fb_row *r = &c->rows[idx[k]];
		struct cells x;
		row_cells(r, &x);
		fprintf(f, "| %s | %s | %s | %s | %s | %s |\n", r->label, x.a, x.b, x.ch, x.v, r->note);
	}
}

void fb_report(FILE *f, const struct fb_cmp *c, bool md)
{
	header(f, c, md);
	per_metric(f, c, md);
	notes(f, c, md);
	size_t *idx = fb_xcalloc(c->nrows, sizeof(size_t));
	for (size_t s = 0; s < c->nsums; s++) {
		size_t n = metric_rows(c, &c->sums[s], idx);
		if (n)
			(md ? md_table : text_table)(f, c, &c->sums[s], idx, n);
	}
	one_side_only(f, c, md);
	if (md)
		fputc('\n', f);
	free(idx);
}
