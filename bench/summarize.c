/* forkbench-summarize DRIVER RAW.csv: writes RAW.summary.csv from a
 * raw CSV with the drivers' own summary code (the table a driver builds for
 * its run, from the registry row's columns function, and
 * fb_table_write_summary reading the rows back) — what a driver writes at the
 * end of a run, for a CSV made elsewhere (the test fixtures). The CSV's
 * header must be the driver's fixed columns followed by counter columns
 * (summarised as metrics). Measures nothing. */
#define _GNU_SOURCE
#include "drivers.h"
#include "table.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *prog = "forkbench-summarize";

/* The CSV's header: the driver's fixed columns first, then one metric per
 * counter column (their names come from the events the run had). 1 when it
 * is such a header (the counter columns added to t), 0 when not, -1 unreadable. */
static int take_header(struct fb_table *t, const char *csv)
{
	FILE *f = fopen(csv, "re");
	if (!f)
		return -1;
	static char line[65536];
	int ok = fgets(line, sizeof(line), f) != NULL;
	fclose(f);
	if (!ok)
		return 0;
	line[strcspn(line, "\r\n")] = '\0';
	const size_t fixed = t->ncols;
	size_t i = 0;
	for (char *save = NULL, *name = strtok_r(line, ",", &save); name; name = strtok_r(NULL, ",", &save), i++) {
		if (i < fixed && strcmp(name, t->cols[i].name) != 0)
			return 0;
		if (i >= fixed && fb_table_add(t, name, FB_METRIC, "perf event column") < 0)
			return 0;
	}
	return i >= fixed;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s DRIVER RAW.csv\n", prog);
		return FB_EXIT_USAGE;
	}
	const struct fb_driver *d = fb_driver_find(argv[1]);
	if (!d) {
		fprintf(stderr, "%s: unknown driver '%s' (see forkbench --drivers)\n", prog, argv[1]);
		return FB_EXIT_USAGE;
	}
	struct fb_perf_spec perf;
	memset(&perf, 0, sizeof(perf));   /* no events: the counter columns come from the CSV */
	struct fb_table t;
	int rc = d->columns(&t, &perf);
	if (rc) {
		fprintf(stderr, "%s: %s\n", prog, strerror(-rc));
		return FB_EXIT_FAIL;
	}
	int m = take_header(&t, argv[2]);
	if (m <= 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, argv[2],
			m < 0 ? "cannot read it" : "its header is not this driver's (its fixed columns, then counter columns)");
		fb_table_close(&t);
		return FB_EXIT_FAIL;
	}
	snprintf(t.path, sizeof(t.path), "%s", argv[2]);
	char out[4096];
	fb_sibling_path(argv[2], ".summary.csv", out, sizeof(out));
	rc = fb_table_write_summary(&t, out);
	fb_table_close(&t);
	if (rc) {
		fprintf(stderr, "%s: cannot write %s: %s\n", prog, out, strerror(-rc));
		return FB_EXIT_FAIL;
	}
	return FB_EXIT_OK;
}
