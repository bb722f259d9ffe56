/* csvread: reads a whole CSV file (header + rows, RFC 4180 quoting) into
 * memory, and a key=value sidecar (.meta) likewise. For the tools that look
 * at results after the fact (forkbench-compare); nothing here runs during a
 * measurement. Columns are found by name, never by position. */
#ifndef FORKBENCH_CSVREAD_H
#define FORKBENCH_CSVREAD_H
#include <stddef.h>

struct fb_csv {
	size_t ncols, nrows;
	char **header;   /* ncols names */
	char ***rows;    /* nrows arrays of ncols cells ("" when absent) */
};

/* 0, or -errno. Rows shorter than the header are padded with "". */
int fb_csv_read(const char *path, struct fb_csv *out);
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
#endif
