/* table: CSV columns defined once. A driver declares its columns in one list
 * (name, role, doc); from it come the header, every row, the summary and the
 * --columns documentation. Raw CSV = header + one row per repetition, written
 * and flushed as each row is measured, so an interrupted run leaves a valid
 * file. Integers only in raw rows; an empty cell means "not available".
 * Rows are not kept in memory: the process being measured must not grow as
 * the run goes on (fork copies its page tables too), so the summary is
 * computed by reading the CSV back at the end. */
#ifndef FORKBENCH_TABLE_H
#define FORKBENCH_TABLE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum fb_col_role {
	FB_KEY,     /* identifies a configuration: summary groups by these */
	FB_INFO,    /* observed context (rss, vmas, rep): raw rows only */
	FB_METRIC,  /* a measurement: summarised per configuration */
};

struct fb_column {
	const char *name;
	enum fb_col_role role;
	const char *doc;
};

enum fb_cell_type { FB_EMPTY, FB_INT, FB_STR };
struct fb_cell {
	enum fb_cell_type type;
	int64_t i;
	char *s;
};

#define FB_MAX_COLUMNS 96

struct fb_table {
	struct fb_column cols[FB_MAX_COLUMNS];
	char *owned_names[FB_MAX_COLUMNS];
	size_t ncols;
	FILE *out;
	char path[4096];        /* the CSV, read back for the summary; empty for stdout */
	size_t nrows;           /* rows committed */
	size_t nerrors, nok;    /* of them: status "error", status "ok" */
	char first_error[256];  /* the error cell of the first "error" row */
	struct fb_cell row[FB_MAX_COLUMNS];
	struct fb_cell *cur;    /* row being filled (NULL between rows) */
	int status_col, error_col;  /* rows with a non-"ok" status are not summarised */
	long long good_bytes;   /* file size after the last complete row */
	int write_error;        /* -errno of the first failed write; 0 while all went well */
};

int fb_table_init(struct fb_table *t, const struct fb_column *cols, size_t n);
/* Adds a column (name copied) before the header is written. Returns its index. */
int fb_table_add(struct fb_table *t, const char *name, enum fb_col_role role, const char *doc);
int fb_table_index(const struct fb_table *t, const char *name);
/* Takes over fd (already opened and locked by the caller, truncated), records
 * path for the summary, writes the header. */
int fb_table_open_fd(struct fb_table *t, int fd, const char *path);
/* Opens path (NULL or "-": stdout) and writes the header. */
int fb_table_open(struct fb_table *t, const char *path);

/* Starts a row with every cell empty; set cells; commit writes and flushes it. */
void fb_row_begin(struct fb_table *t);
void fb_row_int(struct fb_table *t, int col, int64_t v);
void fb_row_str(struct fb_table *t, int col, const char *s);
int fb_row_commit(struct fb_table *t);

/* Per configuration (distinct FB_KEY tuple) and metric: n, median, mean, stddev,
 * MAD, min, p5, p95, p99, max — rows whose status is not "ok" only counted —
 * and, when the rows carry a `run` column, the between-run spread: runs (with
 * a value), run_median_min and run_median_max (the extremes of the per-run
 * medians) and run_cv_pct (their coefficient of variation, percent).
 * Reads the table's CSV back (flushed row by row); -EINVAL for stdout. */
int fb_table_write_summary(const struct fb_table *t, const char *path);
/* For --columns: name, role and doc of every column. */
void fb_table_print_columns(const struct fb_table *t, FILE *f);
void fb_table_close(struct fb_table *t);

/* "results/spawn.csv" + ".summary.csv" -> "results/spawn.summary.csv". */
void fb_sibling_path(const char *csv, const char *suffix, char *buf, size_t len);
#endif
