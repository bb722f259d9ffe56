/* csvread: reads a whole CSV file (header + rows, RFC 4180 quoting) into
 * memory, and a key=value sidecar (.meta) likewise. For the tools that look
 * at results after the fact (forkbench-compare); nothing here runs during a
 * measurement. Columns are found by name, never by position. */
#ifndef FORKBENCH_CSVREAD_H
#define FORKBENCH_CSVREAD_H
#include <stdbool.h>
#include <stddef.h>

struct fb_csv {
	size_t ncols, nrows;
	char **header;   /* ncols names */
	char ***rows;    /* nrows arrays of ncols cells */
	size_t *line;    /* 1-based line of the file each row starts on */
	/* Records whose width is not the header's (a row cut mid-line, a torn
	 * write): left out of rows, counted here so a reader can say so. */
	size_t nbad, bad_line, bad_cells; /* how many; the first one's line and width */
	int unterminated;                 /* the last row kept has no newline: cut? */
};

/* 0, or -errno: -ENODATA when the file is empty (or blank), -EINVAL when its
 * first line is not a header. Records narrower or wider than the header are not kept
 * (nbad counts them); a file with a header and no row is valid. */
int fb_csv_read(const char *path, struct fb_csv *out);
/* Warns (fb_warn, file and line) about bad or repeated column names and
 * about the rows fb_csv_read left out or found cut. */
void fb_csv_check_shape(const char *path, const struct fb_csv *c);
/* A whole finite number; false for "" and anything else. */
bool fb_cell_number(const char *s, double *out);
/* A column or metric name as the drivers write them: [a-z0-9_]+. */
bool fb_name_ok(const char *s);
/* Column index, or -1. */
int fb_csv_col(const struct fb_csv *c, const char *name);
void fb_csv_free(struct fb_csv *c);

struct fb_meta {
	size_t n;
	char **key, **value; /* a key given twice (perf_event_status) is joined with "; " */
};

int fb_meta_read(const char *path, struct fb_meta *out);
const char *fb_meta_get(const struct fb_meta *m, const char *key);
void fb_meta_free(struct fb_meta *m);
/* Warnings about the files read, on stderr: "PROG: warning: FILE:LINE: ..." (line 0: none). */
extern const char *fb_warn_prog; /* prefix of the warnings (the tool's name) */
void fb_warn(const char *file, size_t line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
extern size_t fb_nwarnings;

#endif
