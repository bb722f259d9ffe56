/* perf: hardware and software counters through libpfm4 + perf_event_open.
 * The sequence follows libpfm4's self_basic: initialise, encode each event
 * by name, open disabled, enable, work, disable, read with time enabled and
 * running so multiplexing shows. An event that cannot be opened here is kept
 * in the list as unusable: its cells stay empty (never 0) and the run says
 * why once. Counting is kernel+user; where perf_event_paranoid forbids the
 * kernel part it falls back to user-only and records that. */
#ifndef FORKBENCH_PERF_H
#define FORKBENCH_PERF_H
#include <linux/perf_event.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FB_PERF_MAX 16

struct fb_perf_event {
	char name[64];          /* as the user wrote it (libpfm4 syntax) */
	char column[64];        /* CSV-safe identifier, with _ns for clocks */
	struct perf_event_attr attr;
	bool usable;
	bool user_only;         /* kernel part refused: counts user space only */
	char why[160];          /* why unusable */
};

struct fb_perf_spec {
	struct fb_perf_event ev[FB_PERF_MAX];
	int n;
};

/* The default list: software events, then hardware ones where the PMU has them. */
extern const char *const fb_perf_default_events[];
extern const int fb_perf_default_count;

/* Encodes and probes each name. Returns -EINVAL (with why in err) for a name
 * libpfm4 does not know — a usage error; unopenable events are not errors. */
int fb_perf_spec_init(struct fb_perf_spec *s, char *const *names, int n, char *err, size_t errlen);
/* One warning line per unusable event, on stderr. */
void fb_perf_spec_warn(const struct fb_perf_spec *s, const char *prog);
/* "kernel+user", "user" or "mixed", for the sidecar. */
const char *fb_perf_scope(const struct fb_perf_spec *s);

/* An opened set of counters on the calling thread. inherit: children created
 * while it is enabled add their counts when they are reaped. */
struct fb_perf_set {
	const struct fb_perf_spec *spec;
	int fd[FB_PERF_MAX];
	uint64_t base[FB_PERF_MAX][3];  /* value, enabled, running at start */
};

struct fb_count {
	bool valid;             /* false: not available — leave the cell empty */
	int64_t value;          /* scaled by enabled/running when multiplexed */
	bool multiplexed;
};

/* A set with nothing open: start, stop and read are no-ops, cells stay empty. */
void fb_perf_init(struct fb_perf_set *set);
int fb_perf_open(struct fb_perf_set *set, const struct fb_perf_spec *spec, bool inherit);
void fb_perf_close(struct fb_perf_set *set);
/* start/stop: one ioctl per event, so they sit outside the caller's clock reads.
 * Counts are deltas from start, which also holds for inherited counters whose
 * children's totals a reset would not clear. */
void fb_perf_start(struct fb_perf_set *set);
void fb_perf_stop(struct fb_perf_set *set);
void fb_perf_read(const struct fb_perf_set *set, struct fb_count out[FB_PERF_MAX]);

/* Prints every event of the PMUs present here and whether it opens. */
int fb_perf_list(void);
#endif
