/* sidecar: the machine and kernel state a run was taken in, written next to
 * the CSV as "key=value" lines (one per line, values never contain newlines),
 * so that two runs can be compared by what differs between them. */
#ifndef FORKBENCH_SIDECAR_H
#define FORKBENCH_SIDECAR_H
#include <stdio.h>

/* Opens path and writes everything common to all drivers. */
FILE *fb_sidecar_open(const char *path, const char *driver, int argc, char **argv);
/* One more key=value line (printf-style value). */
void fb_sidecar_kv(FILE *f, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int fb_sidecar_close(FILE *f);
#endif
