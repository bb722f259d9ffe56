/* perf: opening, starting, stopping and reading counters on already-encoded
 * attrs, the window planner and the exactness of every count. No libpfm4
 * here (encoding is src/core/perf_encode.c): a static measuring worker links this
 * alone. Every syscall goes through fb_perf_ops() so a fake PMU can stand in.
 * Measures nothing itself; what a count means is in perf.h. */
#define _GNU_SOURCE
#include "perf.h"
#include "util.h"

#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

const char *const fb_perf_default_events[] = {
	"page-faults", "minor-faults", "context-switches", "cpu-migrations", "task-clock",
	"cycles", "instructions", "dTLB-load-misses",
};
const int fb_perf_default_count = FB_ARRAY_LEN(fb_perf_default_events);

static int sys_open(struct perf_event_attr *a, pid_t pid, int cpu, int group, unsigned long flags)
{
	int fd = (int)syscall(SYS_perf_event_open, a, pid, cpu, group, flags);
	return fd < 0 ? -errno : fd;
}

static ssize_t sys_read(int fd, void *buf, size_t len)
{
	ssize_t n = read(fd, buf, len);
	return n < 0 ? -errno : n;
}

static int sys_ioctl(int fd, unsigned long req, unsigned long arg)
{
	return ioctl(fd, req, arg) < 0 ? -errno : 0;
}

const struct fb_perf_ops fb_perf_sys_ops = {
	.open = sys_open, .read = sys_read, .ioctl = sys_ioctl, .close = close,
	.encode = NULL, .sysfs_root = "/sys", .proc_root = "/proc",
};
static const struct fb_perf_ops *ops_now = &fb_perf_sys_ops;

const struct fb_perf_ops *fb_perf_ops(void)
{
	return ops_now;
}

void fb_perf_use_ops(const struct fb_perf_ops *ops)
{
	ops_now = ops ? ops : &fb_perf_sys_ops;
}

const char *fb_count_why_str(int why)
{
	static const char *const s[] = {
		[FB_COUNT_EXACT] = "exact",
		[FB_COUNT_NOT_OPEN] = "not open (event unusable)",
		[FB_COUNT_NOT_IN_WINDOW] = "counted in another window",
		[FB_COUNT_NEVER_RAN] = "never scheduled (time_running = 0)",
		[FB_COUNT_PARTIAL] = "multiplexed (time_running < time_enabled), not scaled",
		[FB_COUNT_READ_FAILED] = "counter read failed",
		[FB_COUNT_TERM_INEXACT] = "a term of the difference was not exact",
		[FB_COUNT_NEGATIVE] = "difference negative",
	};
	return why >= 0 && why < (int)FB_ARRAY_LEN(s) && s[why] ? s[why] : "unknown";
}

void fb_perf_init(struct fb_perf_set *set)
{
	memset(set, 0, sizeof(*set));
	for (int i = 0; i < FB_PERF_MAX; i++)
		for (int j = 0; j < FB_PERF_MAX_PMU; j++)
			set->fd[i][j] = -1;
}

void fb_perf_close(struct fb_perf_set *set)
{
	for (int i = 0; i < FB_PERF_MAX; i++)
		for (int j = 0; j < FB_PERF_MAX_PMU; j++)
			if (set->fd[i][j] >= 0) {
				fb_perf_ops()->close(set->fd[i][j]);
				set->fd[i][j] = -1;
			}
	set->ngroups = 0;
}

/* The attr of copy j of event e: generic hardware events on a hybrid CPU
 * name their PMU in config's upper half (PERF_PMU_TYPE_SHIFT). */
static struct perf_event_attr sub_attr(const struct fb_perf_event *e, int j)
{
	struct perf_event_attr a = e->attr;
	if (e->sub_type[j])
		a.config = (a.config & 0xffffffffULL) | ((uint64_t)e->sub_type[j] << 32);
	return a;
}

/* Which group a copy joins. One group for the whole window unless the CPU is
 * hybrid: then one per core PMU (a task on an E-core must not stop the
 * P-core group's software members), software events in their own. */
static uint64_t group_key(const struct fb_perf_spec *s, const struct fb_perf_event *e, int j)
{
	if (s->npmu <= 1)
		return 0;
	if (!e->hardware)
		return 1;
	return 2 + (e->sub_type[j] ? e->sub_type[j] : e->attr.type);
}

int fb_perf_open_window(struct fb_perf_set *set, const struct fb_perf_spec *spec,
			const struct fb_perf_window *w, bool inherit)
{
	fb_perf_init(set);
	set->spec = spec;
	uint64_t keys[FB_PERF_MAX * FB_PERF_MAX_PMU];
	int nkeys = 0;
	for (int k = 0; k < w->n; k++) {
		if (w->ev[k] < 0 || w->ev[k] >= spec->n || !spec->ev[w->ev[k]].usable)
			continue;
		const struct fb_perf_event *e = &spec->ev[w->ev[k]];
		set->in[w->ev[k]] = true;
		for (int j = 0; j < (e->nsub ? e->nsub : 1); j++) {
			uint64_t key = group_key(spec, e, j);
			int seen = 0;
			for (int q = 0; q < nkeys; q++)
				seen |= keys[q] == key;
			if (!seen)
				keys[nkeys++] = key;
		}
	}
	/* Per group: hardware copies first so the leader is on the PMU that can
	 * refuse to schedule; the leader opens disabled, members enabled, so one
	 * ioctl on the leader starts and stops the whole group at once. */
	for (int g = 0; g < nkeys; g++) {
		int leader = -1;
		for (int hw = 1; hw >= 0; hw--)
			for (int k = 0; k < w->n; k++) {
				int i = w->ev[k];
				if (i < 0 || i >= spec->n || !spec->ev[i].usable || spec->ev[i].hardware != hw)
					continue;
				const struct fb_perf_event *e = &spec->ev[i];
				for (int j = 0; j < (e->nsub ? e->nsub : 1); j++) {
					if (group_key(spec, e, j) != keys[g] || set->fd[i][j] >= 0)
						continue;
					struct perf_event_attr a = sub_attr(e, j);
					a.disabled = leader < 0;
					a.inherit = inherit;
					int fd = fb_perf_ops()->open(&a, 0, -1, leader, PERF_FLAG_FD_CLOEXEC);
					if (fd < 0) {
						fb_perf_close(set);
						return fd;
					}
					set->fd[i][j] = fd;
					if (leader < 0)
						set->leader[set->ngroups++] = leader = fd;
				}
			}
	}
	return 0;
}

int fb_perf_open(struct fb_perf_set *set, const struct fb_perf_spec *spec, bool inherit)
{
	struct fb_perf_window all = { 0 };
	for (int i = 0; i < spec->n; i++)
		if (spec->ev[i].usable)
			all.ev[all.n++] = i;
	return fb_perf_open_window(set, spec, &all, inherit);
}

static bool read_raw(int fd, uint64_t v[3])
{
	return fb_perf_ops()->read(fd, v, 3 * sizeof(uint64_t)) == (ssize_t)(3 * sizeof(uint64_t));
}

static void baseline(struct fb_perf_set *set)
{
	for (int i = 0; i < FB_PERF_MAX; i++) {
		set->base_ok[i] = true;
		for (int j = 0; j < FB_PERF_MAX_PMU; j++)
			if (set->fd[i][j] >= 0 && !read_raw(set->fd[i][j], set->base[i][j]))
				set->base_ok[i] = false;   /* a delta from nothing is not a delta */
	}
}

static void enable(struct fb_perf_set *set)
{
	for (int g = 0; g < set->ngroups; g++)
		fb_perf_ops()->ioctl(set->leader[g], PERF_EVENT_IOC_ENABLE, 0);
}

void fb_perf_start(struct fb_perf_set *set)
{
	baseline(set);
	enable(set);
}

void fb_perf_stop(struct fb_perf_set *set)
{
	for (int g = set->ngroups - 1; g >= 0; g--)
		fb_perf_ops()->ioctl(set->leader[g], PERF_EVENT_IOC_DISABLE, 0);
}

void fb_perf_start_pair(struct fb_perf_set *outer, struct fb_perf_set *inner)
{
	baseline(outer);
	baseline(inner);   /* before either enable: no read inside the outer window */
	enable(outer);
	enable(inner);
}

void fb_perf_stop_pair(struct fb_perf_set *outer, struct fb_perf_set *inner)
{
	fb_perf_stop(inner);
	fb_perf_stop(outer);
}

void fb_perf_read(const struct fb_perf_set *set, struct fb_count out[FB_PERF_MAX])
{
	for (int i = 0; i < FB_PERF_MAX; i++) {
		struct fb_count *c = &out[i];
		*c = (struct fb_count){ .why = FB_COUNT_NOT_OPEN };
		if (!set->spec || i >= set->spec->n)
			continue;
		if (!set->in[i]) {
			c->why = set->spec->ev[i].usable && set->ngroups ? FB_COUNT_NOT_IN_WINDOW
									 : FB_COUNT_NOT_OPEN;
			continue;
		}
		uint64_t val = 0, run = 0, en_min = UINT64_MAX, en_max = 0;
		bool ok = set->base_ok[i], any = false;
		for (int j = 0; j < FB_PERF_MAX_PMU && ok; j++) {
			uint64_t v[3];
			if (set->fd[i][j] < 0)
				continue;
			if (!read_raw(set->fd[i][j], v)) {
				ok = false;
				break;
			}
			any = true;
			uint64_t en = v[1] - set->base[i][j][1];
			val += v[0] - set->base[i][j][0];
			run += v[2] - set->base[i][j][2];
			en_min = en < en_min ? en : en_min;
			en_max = en > en_max ? en : en_max;
		}
		if (!ok || !any) {
			c->why = FB_COUNT_READ_FAILED;
			continue;
		}
		c->value = (int64_t)val;
		c->enabled_ns = en_max;
		c->running_ns = run;
		/* One copy: exact when it ran all the time it was enabled. Copies on
		 * several core PMUs: the task ran on one at a time, so together they
		 * must cover the window (each was enabled by the same ioctl sequence;
		 * the smallest enabled time is the window all of them saw). */
		if (run == 0)
			c->why = FB_COUNT_NEVER_RAN;
		else if (run < en_min)
			c->why = FB_COUNT_PARTIAL, c->multiplexed = true;
		else
			c->why = FB_COUNT_EXACT, c->valid = true;
	}
}

void fb_perf_merge(struct fb_count dst[FB_PERF_MAX], const struct fb_count src[FB_PERF_MAX],
		   const struct fb_perf_window *w)
{
	for (int k = 0; k < w->n; k++)
		if (w->ev[k] >= 0 && w->ev[k] < FB_PERF_MAX)
			dst[w->ev[k]] = src[w->ev[k]];
}

struct fb_count fb_count_child(const struct fb_count *all, const struct fb_count *parent)
{
	struct fb_count c = { .why = FB_COUNT_TERM_INEXACT };
	if (all->why == FB_COUNT_NOT_OPEN || parent->why == FB_COUNT_NOT_OPEN)
		c.why = FB_COUNT_NOT_OPEN;
	else if (all->why == FB_COUNT_NOT_IN_WINDOW || parent->why == FB_COUNT_NOT_IN_WINDOW)
		c.why = FB_COUNT_NOT_IN_WINDOW;
	if (!all->valid || !parent->valid)
		return c;
	c.value = all->value - parent->value;
	c.enabled_ns = all->enabled_ns;
	c.running_ns = all->running_ns;
	c.valid = c.value >= 0;
	c.why = c.valid ? FB_COUNT_EXACT : FB_COUNT_NEGATIVE;
	return c;
}

int fb_perf_plan(const struct fb_perf_spec *s, int capacity, struct fb_perf_window w[FB_PERF_MAX])
{
	int hw[FB_PERF_MAX], nhw = 0, nsw = 0;
	memset(w, 0, FB_PERF_MAX * sizeof(*w));
	for (int i = 0; i < s->n; i++) {
		if (!s->ev[i].usable)
			continue;
		if (s->ev[i].hardware)
			hw[nhw++] = i;
		else
			w[0].ev[w[0].n++] = i, nsw++;
	}
	int cap = capacity > 0 ? capacity : 1;
	int nwin = (nhw + cap - 1) / cap;
	/* Spread evenly (8 over 4 -> 4+4, 5 over 4 -> 3+2), in the order asked. */
	for (int k = 0; k < nwin; k++)
		for (int q = nhw * k / nwin; q < nhw * (k + 1) / nwin; q++)
			w[k].ev[w[k].n++] = hw[q];
	return nwin ? nwin : nsw ? 1 : 0;
}

void fb_perf_tally_add(struct fb_perf_tally *t, const struct fb_count c[FB_PERF_MAX])
{
	for (int i = 0; i < FB_PERF_MAX; i++) {
		if (c[i].why == FB_COUNT_NOT_OPEN || c[i].why == FB_COUNT_NOT_IN_WINDOW)
			continue;
		t->windows[i]++;
		t->exact[i] += c[i].why == FB_COUNT_EXACT;
		t->never[i] += c[i].why == FB_COUNT_NEVER_RAN;
		t->partial[i] += c[i].why == FB_COUNT_PARTIAL;
	}
}
