/* columns: the CSV columns every driver shares, each described once. A
 * driver's column list (an X-macro: X(name, role, doc)) includes these where
 * its rows carry them; the harness fills run, worker_pid and cpu (runs.c),
 * the sweep numbers rep, and a row's status/error say whether it is a
 * measurement. FB_COL_ENUM / FB_COL_ROW turn a list into the column indexes
 * and the table's rows, so a list is written once. Measures nothing. */
#ifndef FORKBENCH_COLUMNS_H
#define FORKBENCH_COLUMNS_H
#include "table.h"

/* What the parent holds: the sweep's heap axis. */
#define FB_HEAP_COLUMNS(X)                                                                           \
	X(heap, FB_KEY, "parent heap kind (see --list)")                                               \
	X(heap_bytes, FB_KEY, "heap size asked for, bytes (--sizes)")

/* The folios under the heap, verified before timing (three consecutive
 * columns; fb_wrow_folio fills them from a built heap). */
#define FB_FOLIO_COLUMNS(X)                                                                          \
	X(heap_folio_bytes, FB_INFO, "folio size the heap kind promises: 4096, an mTHP size or 2 MiB") \
	X(heap_folio_pct, FB_INFO, "percent of the heap verified in folios of that size before timing; empty for 4 KiB kinds") \
	X(heap_folio_check, FB_INFO, "how heap_folio_pct was read: AnonHugePages (PMD THP), pagemap+kpageflags, pagemap (PFN runs) or anon_fault_alloc (the size's counter, when PFNs are hidden)")

/* Which run, which measured process, which repetition. */
#define FB_RUN_COLUMNS(X)                                                                            \
	X(run, FB_INFO, "run number, 0-based: each run is a fresh measured process (see --runs)")     \
	X(worker_pid, FB_INFO, "pid of the measured process of this run")                              \
	X(rep, FB_INFO, "repetition number, 0-based, after warm-up, numbered across runs; empty on a heap-skipped row")

/* Where the row was measured and whether it is a measurement at all. */
#define FB_END_COLUMNS(X)                                                                            \
	X(cpu, FB_INFO, "CPU the measured process (its main thread) was pinned to (--cpu); empty when not pinned") \
	X(status, FB_INFO, "ok, error or skipped")                                                     \
	X(error, FB_INFO, "why a row is not ok; empty otherwise")

/* A list's column indexes (COL_<name>) and its table rows. */
#define FB_COL_ENUM(name, role, doc) COL_##name,
#define FB_COL_ROW(name, role, doc) { #name, role, doc },
#endif
