/* drivers: the registry — one row per driver. The worker dispatches through
 * it (wire id -> config size and entry), `forkbench --drivers` prints it for
 * the scripts (scripts/lib/drivers.sh), and the build makes forkbench-<name>
 * from bench/<name>.c. A new driver is one row here, its measurement (a
 * folder in src/ with a config, a worker entry and a columns function), its
 * bench/<name>.c and its plot section. Measures nothing. */
#ifndef FORKBENCH_DRIVERS_H
#define FORKBENCH_DRIVERS_H
#include <stdbool.h>
#include <stddef.h>

#include "perf.h"
#include "table.h"
#include "wire.h"

struct fb_driver {
	const char *name;          /* forkbench-<name>, results/<name>.csv, the plot section */
	enum fb_wire_driver wire;  /* the id the config travels under */
	size_t config_len;         /* the worker checks the bytes it got against this */
	int (*worker)(const void *config);   /* the worker's entry: 0, -EINTR or -errno */
	int (*columns)(struct fb_table *t, const struct fb_perf_spec *perf);
	bool in_run;               /* part of scripts/run's default set (and fleet's, kernels') */
	const char *desc;
};

extern const struct fb_driver fb_drivers[];
extern const size_t fb_driver_count;

/* The row of a wire id or a name; NULL when there is none. */
const struct fb_driver *fb_driver_by_wire(uint32_t wire);
const struct fb_driver *fb_driver_find(const char *name);
/* Room for the largest config, for the worker to read into. */
void *fb_driver_config_buf(size_t *cap);
/* One line a driver: name, yes/no (in scripts/run's default set), description. */
void fb_drivers_print(int fd);
#endif
