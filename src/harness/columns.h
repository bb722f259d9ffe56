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
#endif
