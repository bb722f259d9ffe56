/* perf: hardware and software counters through perf_event_open, events named
 * in libpfm4 syntax. The sequence follows libpfm4's self_basic: encode each
 * event by name (src/core/perf_encode.c, the only file that calls libpfm4), open
 * disabled, enable, work, disable, read with time enabled and running.
 *
 * What a count means here:
 * - exact or empty: a count is valid only when time_running == time_enabled
 *   over its window; a multiplexed or never-scheduled window leaves the cell
 *   empty with the reason (fb_count.why), it is never scaled;
 * - an event that cannot be opened is kept as unusable: empty cells, one
 *   warning, never 0;
 * - kernel+user where allowed; where perf_event_paranoid refuses the kernel
 *   part an event falls back to user space only and its column says so
 *   (suffix _u) — unless that would count nothing: events that count only in
 *   the kernel (context switches, migrations, anything with :k) become
 *   unusable instead. Clocks (task-clock, cpu-clock) ignore the exclusion
 *   bits in the kernel, so they keep their name and count all time;
 * - hybrid CPUs (cpu_core + cpu_atom, Arm clusters): a generic hardware event
 *   is opened once per core PMU and the copies are summed; the sum is exact
 *   when the copies together ran for the whole window.
 *
 * What it does not do: sampling, per-CPU counting, uncore PMUs.
 *
 * THE COUNTED-PASS PROTOCOL the runners must follow (see README, Counters):
 * 1. At start (fb_perf_spec_init did this): spec->capacity is how many hardware
 *    events count together here. fb_perf_plan(spec, capacity, w) splits the
 *    usable events into windows that fit: software events in window 0,
 *    hardware events spread so no window holds more than `capacity`.
 * 2. The timed pass runs with NO counter open (an inherited counter is cloned
 *    into every child, ~3 us per event, inside the call).
 * 3. For each window w[i], two counted passes, each repeating the timed pass
 *    exactly (same reps, same shuffled order, the settle creations included):
 *    a. call pass: one set, fb_perf_open_window(&call, spec, &w[i], false);
 *       per creation: fb_perf_start(&call); t0; creation; t1; fb_perf_stop(&call);
 *       then (outside) getrusage, fb_perf_read(&call, c), fb_perf_merge(parent, c, &w[i]).
 *       Nothing else sits between start and stop: start/stop are one ioctl
 *       per group (one group per window unless hybrid).
 *    b. life pass (only when child counts are wanted), planned with
 *       capacity / 2 since two sets are open at once: open life_all
 *       (inherit=true) then life_parent (inherit=false) on the same window;
 *       per creation: fb_perf_start_pair(&life_all, &life_parent); creation;
 *       reap; fb_perf_stop_pair(&life_all, &life_parent); then read both and
 *       child = fb_count_child(&all[k], &par[k]) per event (all - parent then
 *       holds the child and the parent set's own enable+disable ioctl only).
 *    The call set and the inherited life sets are NEVER open at the same
 *    time: close one pass's sets (fb_perf_close) before opening the next.
 * 4. Every count of a counted window goes through fb_perf_tally_add; at the
 *    end fb_perf_sidecar_tally writes the share of never-scheduled and
 *    partial windows per event.
 * fb_perf_open (all usable events in one window) is kept for callers that
 * count one window (cow, footprint); with more hardware events than the
 * capacity that window is never scheduled and its cells stay empty. */
#ifndef FORKBENCH_PERF_H
#define FORKBENCH_PERF_H
#include "perf_ops.h"

#include <linux/perf_event.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define FB_PERF_MAX 16
#define FB_PERF_MAX_PMU 4    /* core PMUs of one machine (hybrid: 2, Arm: up to 3-4) */

/* One event as asked for. Plain data (no pointers): a spec's bytes can be
 * copied to another process. */
struct fb_perf_event {
	char name[128];         /* as the user wrote it (libpfm4 syntax) */
	char column[64];        /* CSV-safe identifier, with _ns for clocks, _u for user-only */
	struct perf_event_attr attr;
	bool usable;
	bool user_only;         /* kernel part refused: counts user space only */
	char why[256];          /* why unusable */
	char id[64];            /* identifier of name: the sidecar key, the same for any user */
	char fstr[192];         /* the event string libpfm4 resolved it to */
	char pmu[32];           /* libpfm4's PMU name of the encoding ("perf", "skl", ...) */
	bool hardware;          /* takes a PMU counter: windows are planned around these */
	bool kernel_only;       /* counts nothing in user space (context switches, :k) */
	bool time_based;        /* a clock: the kernel ignores exclusion bits for it */
	int open_errno;         /* the errno of the last failed open, 0 if it opened */
	int nsub;               /* copies opened: one per core PMU for generic hardware events */
	uint32_t sub_type[FB_PERF_MAX_PMU];   /* PMU type of each copy (0: attr as encoded) */
};

/* A core PMU found in sysfs (bus/event_source/devices/<name>/type). */
struct fb_perf_pmu {
	char name[32];
	uint32_t type;
	char cpus[64];          /* cpulist it counts on; "" when it counts on all */
};

struct fb_perf_spec {
	struct fb_perf_event ev[FB_PERF_MAX];
	int n;
	int npmu;               /* core PMUs found; > 1 means hybrid */
	struct fb_perf_pmu pmu[FB_PERF_MAX_PMU];
	int capacity;           /* hardware events that count together; 0: unknown or none usable */
	int paranoid;           /* perf_event_paranoid at init (-9: unreadable) */
	bool vm;                /* this machine is a guest (see vm_why) */
	char vm_why[96];
};

/* The default list: software events, then hardware ones where the PMU has them. */
extern const char *const fb_perf_default_events[];
extern const int fb_perf_default_count;

/* Encodes and probes each name, finds the core PMUs and the capacity.
 * Returns -EINVAL (with why in err) for a name libpfm4 does not know, or two
 * names that give the same column — usage errors; unopenable events are not errors. */
int fb_perf_spec_init(struct fb_perf_spec *s, char *const *names, int n, char *err, size_t errlen);
/* One warning line per unusable or user-only event, on stderr. */
void fb_perf_spec_warn(const struct fb_perf_spec *s, const char *prog);
/* "kernel+user", "user" or "mixed", for the sidecar. */
const char *fb_perf_scope(const struct fb_perf_spec *s);

/* Why a count is or is not available (fb_count.why); fb_count_why_str names it. */
enum fb_count_why {
	FB_COUNT_EXACT = 0,     /* time_running == time_enabled: the cell is written */
	FB_COUNT_NOT_OPEN,      /* event unusable or set not open */
	FB_COUNT_NOT_IN_WINDOW, /* counted in another window/pass */
	FB_COUNT_NEVER_RAN,     /* enabled but never scheduled (time_running == 0) */
	FB_COUNT_PARTIAL,       /* multiplexed: time_running < time_enabled, not scaled */
	FB_COUNT_READ_FAILED,   /* a read (baseline or final) failed */
	FB_COUNT_TERM_INEXACT,  /* child: one of its two terms was not exact */
	FB_COUNT_NEGATIVE,      /* child: life_all - life_parent < 0 */
};
const char *fb_count_why_str(int why);

/* An opened window of counters on the calling thread. inherit: children
 * created while it is enabled add their counts when they are reaped. */
struct fb_perf_set {
	const struct fb_perf_spec *spec;
	int fd[FB_PERF_MAX][FB_PERF_MAX_PMU];
	int leader[FB_PERF_MAX];            /* group leaders, enabled in this order */
	int ngroups;
	bool in[FB_PERF_MAX];               /* event is in this set's window */
	bool base_ok[FB_PERF_MAX];
	uint64_t base[FB_PERF_MAX][FB_PERF_MAX_PMU][3];  /* value, enabled, running at start */
};

/* Plain data: cow's child writes these into a shared page. */
struct fb_count {
	bool valid;             /* false: not available — leave the cell empty */
	int64_t value;          /* the raw count (never scaled); meaningful only when valid */
	bool multiplexed;       /* time_running < time_enabled */
	uint8_t why;            /* enum fb_count_why */
	uint64_t enabled_ns, running_ns;
};

/* A set with nothing open: start, stop and read are no-ops, cells stay empty. */
void fb_perf_init(struct fb_perf_set *set);
/* All usable events in one window. On failure nothing stays open. */
int fb_perf_open(struct fb_perf_set *set, const struct fb_perf_spec *spec, bool inherit);
void fb_perf_close(struct fb_perf_set *set);
/* start: baseline reads, then one ENABLE ioctl per group; stop: one DISABLE
 * per group, in reverse order. Counts are deltas from start, which also holds
 * for inherited counters whose children's totals a reset would not clear. */
void fb_perf_start(struct fb_perf_set *set);
void fb_perf_stop(struct fb_perf_set *set);
void fb_perf_read(const struct fb_perf_set *set, struct fb_count out[FB_PERF_MAX]);
/* The life pass's nesting: the baselines of both sets, then enable outer,
 * enable inner; stop: disable inner, disable outer. outer - inner then holds
 * only the inner set's own enable and disable ioctls besides the children. */
void fb_perf_start_pair(struct fb_perf_set *outer, struct fb_perf_set *inner);
void fb_perf_stop_pair(struct fb_perf_set *outer, struct fb_perf_set *inner);

/* Windows: which events one counted pass opens (indices into spec->ev). */
struct fb_perf_window {
	int n;
	int ev[FB_PERF_MAX];
};
/* Splits the usable events into windows with at most `capacity` hardware
 * events each (capacity <= 0: unknown, one hardware event per window);
 * software events go in window 0. Returns the number of windows (0: nothing usable). */
int fb_perf_plan(const struct fb_perf_spec *s, int capacity, struct fb_perf_window w[FB_PERF_MAX]);
/* Opens only the events of one window. On failure nothing stays open. */
int fb_perf_open_window(struct fb_perf_set *set, const struct fb_perf_spec *spec,
			const struct fb_perf_window *w, bool inherit);
/* Copies the window's events of src into dst (the other entries untouched). */
void fb_perf_merge(struct fb_count dst[FB_PERF_MAX], const struct fb_count src[FB_PERF_MAX],
		   const struct fb_perf_window *w);
/* The child's count over its life: valid only when both terms are exact and
 * all - parent >= 0. */
struct fb_count fb_count_child(const struct fb_count *all, const struct fb_count *parent);

/* The protocol above as calls (src/core/perf_pass.c). A runner loops over
 * fb_perf_passes(); for each pass: fb_perf_pass_open, then the timed pass's
 * creations again, each as
 *     fb_perf_pass_begin(&c); t0; creation; t1; fb_perf_pass_call_end(&c);
 *     [getrusage etc.]; reap; fb_perf_pass_reaped(&c);
 *     fb_perf_pass_collect(&c, sample->parent, sample->child, &tally);
 * then fb_perf_pass_close. Clear each sample's counts once with
 * fb_perf_counts_clear before its first pass: every pass fills only its own
 * window's entries (call passes the parent's, life passes the child's). */
#define FB_PERF_MAX_PASSES (2 * FB_PERF_MAX)
struct fb_perf_tally;
enum fb_perf_pass_kind { FB_PERF_PASS_CALL, FB_PERF_PASS_LIFE };
struct fb_perf_pass {
	enum fb_perf_pass_kind kind;
	struct fb_perf_window w;
};
struct fb_perf_counted {
	struct fb_perf_pass pass;
	struct fb_perf_set a, b;   /* call: a; life: a = inherited (all), b = the parent's own */
};
/* The passes: a call pass per window of spec->capacity, then (life) a life
 * pass per window of spec->capacity / 2. Returns how many. */
int fb_perf_passes(const struct fb_perf_spec *s, bool life, struct fb_perf_pass out[FB_PERF_MAX_PASSES]);
int fb_perf_pass_open(struct fb_perf_counted *c, const struct fb_perf_spec *s, const struct fb_perf_pass *p);
void fb_perf_pass_begin(struct fb_perf_counted *c);
void fb_perf_pass_call_end(struct fb_perf_counted *c);
void fb_perf_pass_reaped(struct fb_perf_counted *c);
void fb_perf_pass_collect(const struct fb_perf_counted *c, struct fb_count parent[FB_PERF_MAX],
			  struct fb_count child[FB_PERF_MAX], struct fb_perf_tally *t);
void fb_perf_pass_close(struct fb_perf_counted *c);
void fb_perf_counts_clear(struct fb_count c[FB_PERF_MAX]);
/* What an empty life window (no creation) leaves in all - parent: the parent
 * set's own enable/disable. Record it (sidecar) rather than subtract it. */
int fb_perf_pass_residual(const struct fb_perf_spec *s, const struct fb_perf_pass *p,
			  struct fb_count out[FB_PERF_MAX]);
/* perf_event_life_residual.<id>= per event: the residual of an empty life
 * window of its pass (empty when not exact or not counted). */
void fb_perf_sidecar_residual(FILE *f, const struct fb_perf_spec *s);

/* Hardware events that count together without multiplexing: opens groups of
 * the spec's usable hardware events (copies cycled) until one does not open or
 * does not run for its whole window; on hybrid CPUs the smallest over the core
 * PMUs, each probed on one of its CPUs. 0 when no hardware event is usable. */
int fb_perf_probe_capacity(const struct fb_perf_spec *s);

/* After pinning (--cpu): does every usable hardware event really count on the
 * CPU this thread is on (exact, time_running > 0)? 0, or -ENODEV with the
 * event and reason in why: the run must refuse rather than write empty cells. */
int fb_perf_probe_pinned(const struct fb_perf_spec *s, char *why, size_t len);

/* Per event, how its windows went, for the sidecar. */
struct fb_perf_tally {
	uint32_t windows[FB_PERF_MAX], exact[FB_PERF_MAX], never[FB_PERF_MAX], partial[FB_PERF_MAX];
};
void fb_perf_tally_add(struct fb_perf_tally *t, const struct fb_count c[FB_PERF_MAX]);

/* Sidecar lines, one unique key per line: perf_vm, perf_core_pmus,
 * perf_capacity, and per event (key = its id) perf_event_status.<id>,
 * perf_event_name.<id>, perf_event_column.<id>, perf_event_scope.<id>,
 * perf_event_fstr.<id>, perf_event_pmu.<id>. */
void fb_perf_sidecar(FILE *f, const struct fb_perf_spec *s);
/* End of run: perf_event_windows.<id>, perf_event_never_scheduled_pct.<id>,
 * perf_event_partial_pct.<id>. */
void fb_perf_sidecar_tally(FILE *f, const struct fb_perf_spec *s, const struct fb_perf_tally *t);

/* Machine facts the messages depend on (under fb_perf_ops()->sysfs/proc roots). */
/* Core PMUs in sysfs: "cpu" or any PMU with a cpus file (cpu_core, cpu_atom,
 * armv8_*). Returns how many (0: no hardware PMU). */
int fb_perf_core_pmus(struct fb_perf_pmu out[FB_PERF_MAX_PMU]);
/* true when the machine is a guest: cpuinfo's hypervisor flag, /sys/hypervisor/type,
 * or a hypervisor's DMI vendor; why says which. */
bool fb_perf_is_vm(char *why, size_t len);
int fb_perf_paranoid(void);
/* The real cause of a failed open, in words. */
void fb_perf_explain(int err, const struct fb_perf_spec *s, const struct fb_perf_event *e,
		     char *buf, size_t len);

/* Prints every event of the PMUs present here: whether it opens, whether it
 * counts (ran for its whole window with a non-zero count), and how many fit. */
int fb_perf_list(void);
#endif
