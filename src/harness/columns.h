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

/* What the measured process held before timing, read back from /proc once
 * the heap (and any parent state) was set up: the whole process, the heap's
 * own VMAs, and the folios under the heap. Consecutive columns, in this
 * order: fb_wrow_observed (wire.h) fills them from a built heap. */
#define FB_OBSERVED_COLUMNS(X)                                                                       \
	X(rss_bytes, FB_INFO, "observed Rss of the measured process before timing (smaps_rollup)")    \
	X(thp_bytes, FB_INFO, "observed AnonHugePages of the measured process before timing")         \
	X(vmas, FB_INFO, "observed VMA count of the measured process before timing, its threads' stacks included (/proc/self/maps)") \
	X(heap_rss_bytes, FB_INFO, "observed Rss of the heap's own VMAs before timing (smaps)")       \
	X(heap_thp_bytes, FB_INFO, "observed AnonHugePages (PMD-mapped THP) of the heap's own VMAs before timing") \
	X(heap_vmas, FB_INFO, "observed number of VMAs making up the heap")                          \
	FB_FOLIO_COLUMNS(X)

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
