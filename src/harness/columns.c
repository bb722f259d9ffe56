/* columns: a driver's CSV table from its column table (columns.tbl): the
 * fixed columns, then one column per perf event for each per-event line.
 * Measures nothing. */
#include "columns.h"
#include "perf.h"

#include <stdio.h>

int fb_columns_table(struct fb_table *t, const struct fb_column *cols, size_t n,
		     const struct fb_per_event *ev, size_t nev, const struct fb_perf_spec *perf)
{
	int rc = fb_table_init(t, cols, n);
	for (size_t f = 0; rc >= 0 && f < nev; f++)
		for (int i = 0; rc >= 0 && i < perf->n; i++) {
			char name[96];
			snprintf(name, sizeof(name), "%s_%s", ev[f].prefix, perf->ev[i].column);
			rc = fb_table_add(t, name, ev[f].role, ev[f].doc);
		}
	return rc < 0 ? rc : 0;
}
