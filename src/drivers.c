/* drivers: the one table of drivers (see drivers.h). */
#define _GNU_SOURCE
#include "drivers.h"
#include "cow_run.h"
#include "footprint_run.h"
#include "spawn_run.h"
#include "stall_run.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

/* Each worker entry takes its own config type; the table calls them alike. */
static int spawn_entry(const void *c) { return fb_spawn_worker(c); }
static int cow_entry(const void *c) { return fb_cow_worker(c); }
static int footprint_entry(const void *c) { return fb_fp_worker(c); }
static int stall_entry(const void *c) { return fb_stall_worker(c); }

/* One row a driver. Keep `.name` and `.in_run` first on the row's first line:
 * scripts/lib/drivers.sh reads them from this file when no worker is built. */
const struct fb_driver fb_drivers[] = {
	{ .name = "spawn", .in_run = true, .wire = FB_WIRE_SPAWN, .config_len = sizeof(struct fb_spawn_config),
	  .worker = spawn_entry, .columns = fb_spawn_table,
	  .desc = "what each way of creating a process costs as the parent's heap grows" },
	{ .name = "cow", .in_run = true, .wire = FB_WIRE_COW, .config_len = sizeof(struct fb_cow_config),
	  .worker = cow_entry, .columns = fb_cow_table,
	  .desc = "copy-on-write faults after creation, by write pattern and heap kind" },
	{ .name = "footprint", .in_run = true, .wire = FB_WIRE_FOOTPRINT, .config_len = sizeof(struct fb_fp_config),
	  .worker = footprint_entry, .columns = fb_fp_table,
	  .desc = "a function called directly vs in a child, as the heap grows" },
	{ .name = "stall", .in_run = false, .wire = FB_WIRE_STALL, .config_len = sizeof(struct fb_stall_config),
	  .worker = stall_entry, .columns = fb_stall_table,
	  .desc = "how long creating a child holds up the parent's other threads" },
};
const size_t fb_driver_count = FB_ARRAY_LEN(fb_drivers);

const struct fb_driver *fb_driver_by_wire(uint32_t wire)
{
	for (size_t i = 0; i < fb_driver_count; i++)
		if ((uint32_t)fb_drivers[i].wire == wire)
			return &fb_drivers[i];
	return NULL;
}

const struct fb_driver *fb_driver_find(const char *name)
{
	return fb_row_find(fb_drivers, sizeof(fb_drivers[0]), fb_driver_count, name);
}

static union {
	struct fb_spawn_config spawn;
	struct fb_cow_config cow;
	struct fb_fp_config footprint;
	struct fb_stall_config stall;
} config_buf;

void *fb_driver_config_buf(size_t *cap)
{
	*cap = sizeof(config_buf);
	return &config_buf;
}

void fb_drivers_print(int fd)
{
	for (size_t i = 0; i < fb_driver_count; i++)
		dprintf(fd, "%s %s %s\n", fb_drivers[i].name, fb_drivers[i].in_run ? "yes" : "no", fb_drivers[i].desc);
}
