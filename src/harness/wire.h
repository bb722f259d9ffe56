/* wire: what a driver and its measured worker process say to each other.
 * Driver -> worker, once: a header and the worker's config (plain data: no
 * pointers, tables by index, the encoded perf_event_attrs copied as bytes).
 * Worker -> driver, as it goes: fixed-format messages of at most PIPE_BUF
 * bytes, so each write(2) is atomic and a killed worker never leaves half a
 * row — a row (column index -> int or string cells), progress, a key=value
 * number for the sidecar, a fatal error text, and "done" with the run's rc.
 * The worker side uses no stdio and no allocation; the driver side turns rows
 * into CSV rows through the table API. Measures nothing. */
#ifndef FORKBENCH_WIRE_H
#define FORKBENCH_WIRE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FB_WIRE_MAGIC 0x66627731u   /* "fbw1" */
#define FB_WIRE_MAX 4000            /* payload bytes: header + payload <= PIPE_BUF */

enum fb_wire_driver { FB_WIRE_SPAWN = 1, FB_WIRE_COW, FB_WIRE_FOOTPRINT, FB_WIRE_STALL };

/* Leads the config the driver sends. */
struct fb_wire_config_hdr {
	uint32_t magic;
	uint32_t driver;        /* enum fb_wire_driver */
	uint64_t len;           /* bytes of config that follow */
};

enum fb_wire_type { FB_MSG_ROW = 1, FB_MSG_PROGRESS, FB_MSG_INFO, FB_MSG_ERROR, FB_MSG_DONE };

struct fb_wire_msg {
	uint32_t type, len;     /* len: payload bytes used */
	uint8_t payload[FB_WIRE_MAX];
};

/* Worker side: build a row, then send it. Cells past the payload size are
 * dropped and the row is sent with an error cell instead (never torn). */
void fb_wrow_begin(struct fb_wire_msg *m);
void fb_wrow_int(struct fb_wire_msg *m, int col, int64_t v);
void fb_wrow_str(struct fb_wire_msg *m, int col, const char *s);
struct fb_heap;
/* FB_OBSERVED_COLUMNS (columns.h) from a built heap; col is rss_bytes's index. */
void fb_wrow_observed(struct fb_wire_msg *m, int col, const struct fb_heap *h);

/* Worker side: the one output channel (set once at worker start). */
void fb_wire_set_fd(int fd);
int fb_wire_send(struct fb_wire_msg *m);                 /* 0 or -errno */
int fb_wire_progress(uint64_t samples_done);
int fb_wire_info(const char *key, int64_t value);
int fb_wire_error(const char *text);
int fb_wire_done(int rc);
/* Worker side, at the end of a run: the counted passes it ran and how its
 * counted windows went (perf.h's tally), as info keys perf_passes,
 * perf_life_passes and perf_tally.<field>.<event index> — the driver sums
 * them over runs (src/harness/runs.c) for the sidecar. */
struct fb_perf_tally;
struct fb_perf_pass;
int fb_wire_perf_tally(const struct fb_perf_tally *t, int nevents, const struct fb_perf_pass *passes,
		       int npasses);

/* Full read/write of n bytes over a pipe, retrying EINTR. 0 or -errno; -EPIPE at EOF. */
int fb_wire_write_all(int fd, const void *buf, size_t n);
int fb_wire_read_all(int fd, void *buf, size_t n);

/* Driver side: reads one message; 0, -EPIPE at a clean EOF, -EPROTO on garbage, -errno. */
int fb_wire_recv(int fd, struct fb_wire_msg *m);

/* Driver side: walks a row's cells. */
struct fb_wire_cell {
	int col;
	bool is_str;
	int64_t i;
	const char *s;          /* NUL-terminated, inside the message */
};
/* Returns 1 and fills c while cells remain, 0 at the end, -EPROTO when malformed. */
int fb_wire_next_cell(const struct fb_wire_msg *m, size_t *off, struct fb_wire_cell *c);
#endif
