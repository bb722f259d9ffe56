/* comparison: builds the rows of one A-vs-B comparison (see comparison.h). */
#define _GNU_SOURCE
#include "comparison.h"
#include "comparison_rows.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The drivers whose files a results directory may hold. */
static const char *const drivers[] = { "spawn", "cow", "footprint" };

void fb_cmp_note(struct fb_cmp *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s;
	if (vasprintf(&s, fmt, ap) < 0)
		fb_die_oom();
	va_end(ap);
	c->notes = fb_xrealloc(c->notes, c->nnotes + 1, sizeof(char *));
	c->notes[c->nnotes++] = s;
}

/* Timing metrics shown by default: *_ns and *_ns_per_page, not task-clock. */
bool fb_main_metric(const char *m)
{
	size_t l = strlen(m);
	bool ns = (l > 3 && strcmp(m + l - 3, "_ns") == 0) || (l > 12 && strcmp(m + l - 12, "_ns_per_page") == 0);
	return ns && !strstr(m, "task_clock");
}

const char *fb_primary_metric(const char *driver)
{
	if (strcmp(driver, "spawn") == 0)
		return "create_ns";
	if (strcmp(driver, "cow") == 0)
		return "cow_ns_per_page";
	if (strcmp(driver, "footprint") == 0)
		return "call_ns";
	return "";
}

static bool ends(const char *s, const char *suffix)
{
	size_t l = strlen(s), k = strlen(suffix);
	return l >= k && strcmp(s + l - k, suffix) == 0;
}

/* Counts of pages, faults and bytes are exact under emulation; timings and
 * scheduler counts are not the kernel's native cost. */
enum fb_kind fb_metric_kind(const char *m)
{
	if (strstr(m, "fault") || ends(m, "_minflt") || ends(m, "_bytes") || ends(m, "_pages") ||
	    strcmp(m, "pages_written") == 0)
		return FB_KIND_COUNT;
	return FB_KIND_TIME;
}

/* Sidecar keys that can explain a difference (prefix* matches a family). */
static const char *const explanatory[] = {
	"kernel_release", "kernel_version", "kernel_cmdline", "cpu_model", "cpus_online", "arch", "virtualization",
	"dmi_system", "clocksource", "cpufreq_governor", "thp_*", "perf_event_paranoid", "perf_scope",
	"perf_event_status*", "overcommit_memory", "max_map_count", "aslr", "page_size_bytes", "vuln_*", "glibc",
	"compiler", "build_type", "suite_version", "suite_commit", "reps", "warmup", "rounds", "runs", "settle",
	"fragments", "pinned_cpu", "vm_*", "qemu_version",
};

static bool is_explanatory(const char *k)
{
	for (size_t i = 0; i < FB_ARRAY_LEN(explanatory); i++) {
		const char *e = explanatory[i];
		size_t l = strlen(e);
		if (e[l - 1] == '*' ? strncmp(k, e, l - 1) == 0 : strcmp(k, e) == 0)
			return true;
	}
	return false;
}

static void diff_meta(struct fb_cmp *c, const char *driver, const struct fb_meta *a, const struct fb_meta *b)
{
	for (int pass = 0; pass < 2; pass++) {
		const struct fb_meta *m = pass ? b : a;
		for (size_t i = 0; i < m->n; i++) {
			const char *k = m->key[i];
			if (!is_explanatory(k) || (pass && fb_meta_get(a, k)))
				continue;
			const char *va = fb_meta_get(a, k), *vb = fb_meta_get(b, k);
			if (va && vb && strcmp(va, vb) == 0)
				continue;
			char *tail;
			if (asprintf(&tail, " sidecar %s: %s %s, %s %s", k, c->la, va ? va : "(absent)", c->lb,
				     vb ? vb : "(absent)") < 0)
				fb_die_oom();
			/* The same difference in another driver's sidecar: one note naming both. */
			size_t i2, lt = strlen(tail);
			for (i2 = 0; i2 < c->nnotes; i2++) {
				size_t ln = strlen(c->notes[i2]);
				if (ln > lt && strcmp(c->notes[i2] + ln - lt, tail) == 0)
					break;
			}
			if (i2 < c->nnotes) {
				char *joined;
				size_t head = strlen(c->notes[i2]) - lt;
				if (asprintf(&joined, "%.*s, %s%s", (int)head, c->notes[i2], driver, tail) < 0)
					fb_die_oom();
				free(c->notes[i2]);
				c->notes[i2] = joined;
			} else {
				fb_cmp_note(c, "%s%s", driver, tail);
			}
			free(tail);
		}
	}
}

/* What a side's machine is, per category of the "differ in" line. */
enum { D_CPU, D_NCPU, D_KERNEL, D_THP, D_MITIG, D_SIZES, D_ACCEL, D_N };
static const char *const dname[D_N] = { "CPU model", "CPU count", "kernel", "THP mode", "mitigations", "sizes run",
					"clock (native, emulated, instructions)" };

static void machine(const struct fb_meta *m, char *v[D_N])
{
	const char *keys[] = { "cpu_model", "cpus_online", "kernel_release", "thp_enabled" };
	for (int d = 0; d < 4; d++) {
		const char *x = fb_meta_get(m, keys[d]);
		free(v[d]);
		v[d] = fb_xstrdup(x ? x : "");
	}
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);
	const char *cmd = fb_meta_get(m, "kernel_cmdline"), *mi = cmd ? strstr(cmd, "mitigations=") : NULL;
	if (mi)
		fprintf(f, "%.*s;", (int)strcspn(mi, " "), mi);
	for (size_t i = 0; i < m->n; i++)
		if (strncmp(m->key[i], "vuln_", 5) == 0)
			fprintf(f, "%s=%s;", m->key[i], m->value[i]);
	fclose(f);
	free(v[D_MITIG]);
	v[D_MITIG] = s;
	free(v[D_ACCEL]);
	v[D_ACCEL] = fb_xstrdup(fb_clock_name(fb_clock_of(m)));
}

/* heap_bytes values a side ran, as one sorted-by-appearance string. */
static void sizes_run(const struct fb_runset *rs, char **out)
{
	int k = -1;
	for (size_t i = 0; i < rs->nkeys; i++)
		if (strcmp(rs->keys[i], "heap_bytes") == 0)
			k = (int)i;
	if (k < 0)
		return;
	for (size_t i = 0; i < rs->ncfg; i++) {
		char tok[80];
		snprintf(tok, sizeof(tok), ",%s,", rs->cfg[i].kv[k]);
		if (*out && strstr(*out, tok))
			continue;
		char *n;
		if (asprintf(&n, "%s%s", *out ? *out : ",", tok + 1) < 0)
			fb_die_oom();
		free(*out);
		*out = n;
	}
}

static void differ_line(struct fb_cmp *c)
{
	char *va[D_N] = { 0 }, *vb[D_N] = { 0 }, *first[D_N] = { 0 };
	bool mixed_a[D_N] = { 0 }, mixed_b[D_N] = { 0 };
	for (int side = 0; side < 2; side++) {
		char **v = side ? vb : va;
		bool *mixed = side ? mixed_b : mixed_a;
		for (size_t d = 0; d < c->ndrivers; d++) {
			const struct fb_runset *rs = side ? &c->b[d] : &c->a[d];
			for (size_t i = 0; i < rs->ndirs; i++) {
				machine(&rs->meta[i], v);
				for (int k = 0; k < D_SIZES; k++) {
					if (!first[k])
						first[k] = fb_xstrdup(v[k]);
					else if (strcmp(first[k], v[k]) != 0)
						mixed[k] = true;
				}
			}
			sizes_run(rs, &v[D_SIZES]);
		}
		for (int k = 0; k < D_N; k++) {
			free(first[k]);
			first[k] = NULL;
		}
	}
	char *s = c->differ;
	size_t n = 0, room = sizeof(c->differ);
	for (int k = 0; k < D_N; k++) {
		if (strcmp(va[k] ? va[k] : "", vb[k] ? vb[k] : "") != 0)
			n += (size_t)snprintf(s + strlen(s), room - strlen(s), "%s%s", n ? ", " : "", dname[k]) > 0;
		if (mixed_a[k] || mixed_b[k])
			fb_cmp_note(c, "%s pools directories that differ in %s", mixed_a[k] ? c->la : c->lb, dname[k]);
		free(va[k]);
		free(vb[k]);
	}
	if (n > 1)
		snprintf(s + strlen(s), room - strlen(s), " — a change mixes %s", n == 2 ? "both" : "all of them");
}

int fb_cmp_run(struct fb_cmp *c, char **adirs, size_t na, char **bdirs, size_t nb, const char *la,
	       const char *lb, const struct fb_cmp_opts *o)
{
	memset(c, 0, sizeof(*c));
	c->la = la;
	c->lb = lb;
	c->o = *o;
	c->a = fb_xcalloc(FB_ARRAY_LEN(drivers), sizeof(*c->a));
	c->b = fb_xcalloc(FB_ARRAY_LEN(drivers), sizeof(*c->b));
	c->drivers = fb_xcalloc(FB_ARRAY_LEN(drivers), sizeof(char *));
	for (size_t d = 0; d < FB_ARRAY_LEN(drivers); d++) {
		struct fb_runset *ra = &c->a[c->ndrivers], *rb = &c->b[c->ndrivers];
		int got = fb_cmp_load_driver(c, drivers[d], adirs, na, bdirs, nb, ra, rb);
		if (got == 3) {
			c->drivers[c->ndrivers++] = drivers[d];
			continue;
		}
		if (got)
			fb_cmp_note(c, "%s: only %s has usable results; not compared", drivers[d], got == 1 ? la : lb);
		fb_runset_free(ra);
		fb_runset_free(rb);
	}
	if (!c->ndrivers)
		return -ENODATA;
	size_t seen_a = 0, seen_b = 0;
	for (size_t d = 0; d < c->ndrivers; d++) {
		struct fb_runset *ra = &c->a[d], *rb = &c->b[d];
		c->runs_a = ra->nruns > c->runs_a ? ra->nruns : c->runs_a;
		c->runs_b = rb->nruns > c->runs_b ? rb->nruns : c->runs_b;
		c->dirs_a = ra->ndirs > c->dirs_a ? ra->ndirs : c->dirs_a;
		c->dirs_b = rb->ndirs > c->dirs_b ? rb->ndirs : c->dirs_b;
		for (size_t i = 0; i < ra->ndirs; i++, seen_a++)
			c->clock_a = fb_clock_pool(c->clock_a, fb_clock_of(&ra->meta[i]), !seen_a);
		for (size_t i = 0; i < rb->ndirs; i++, seen_b++)
			c->clock_b = fb_clock_pool(c->clock_b, fb_clock_of(&rb->meta[i]), !seen_b);
		if (ra->ndirs && rb->ndirs)
			diff_meta(c, c->drivers[d], &ra->meta[0], &rb->meta[0]);
	}
	/* Timings are judged only between sides on one clock that measures cost
	 * (native time, or instructions under icount on both sides). */
	if (!fb_clock_judgeable(c->clock_a, c->clock_b, &c->clock_why))
		c->emu_a = c->emu_b = true;
	differ_line(c);
	for (size_t d = 0; d < c->ndrivers; d++)
		fb_cmp_rows(c, c->drivers[d], &c->a[d], &c->b[d]);
	fb_cmp_verdicts(c);
	return 0;
}

void fb_cmp_free(struct fb_cmp *c)
{
	for (size_t d = 0; d < c->ndrivers; d++) {
		fb_runset_free(&c->a[d]);
		fb_runset_free(&c->b[d]);
	}
	for (size_t i = 0; i < c->nnotes; i++)
		free(c->notes[i]);
	free(c->notes);
	free(c->a);
	free(c->b);
	free(c->drivers);
	free(c->rows);
	free(c->sums);
	free(c->fams);
	memset(c, 0, sizeof(*c));
}
