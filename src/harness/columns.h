/* columns: the CSV columns every driver shares, each described once in
 * src/harness/columns.tbl (generated into harness_columns.h: FB_HEAP_COLUMNS,
 * FB_OBSERVED_COLUMNS, FB_FOLIO_COLUMNS, FB_RUN_COLUMNS, FB_END_COLUMNS). A
 * driver's own table (src/DRIVER/columns.tbl) includes these lists where its
 * rows carry them; the harness fills run, worker_pid and cpu (runs.c), the
 * sweep numbers rep, and a row's status/error say whether it is a
 * measurement. FB_COL_ENUM / FB_COL_ROW turn a list into the column indexes
 * and the table's rows, so a list is written once. Measures nothing. */
#ifndef FORKBENCH_COLUMNS_H
#define FORKBENCH_COLUMNS_H
#include "harness_columns.h"
#include "table.h"

/* A list's column indexes (COL_<name>) and its table rows. */
#define FB_COL_ENUM(name, role, doc) COL_##name,
#define FB_COL_ROW(name, role, doc) { #name, role, doc },

/* A table's `prefix_*` line: one PREFIX_EVENT column per perf event. */
struct fb_per_event {
	const char *prefix;
	enum fb_col_role role;
	const char *doc;
};
#define FB_PER_EVENT_ROW(prefix, role, doc) { prefix, role, doc },

struct fb_perf_spec;
/* A driver's table: its fixed columns, then for each per-event line (in the
 * table's order) one column per event of perf. 0 or -errno. */
int fb_columns_table(struct fb_table *t, const struct fb_column *cols, size_t n,
		     const struct fb_per_event *ev, size_t nev, const struct fb_perf_spec *perf);
#endif
