/* perf_probe: can the asked-for events really count together on this machine
 * — how many fit in one PMU window (the capacity probe, which plans the
 * counted passes) and whether they count on a pinned CPU at all. Opens real
 * counters briefly, once, before any sweep; measures nothing that lands in a
 * row. Goes through fb_perf_ops() so tests can hand it a fake kernel. */
#define _GNU_SOURCE
#include "perf.h"
#include "perf_ops.h"
#include "util.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The first CPU of cpulist that this thread may run on, or -1. */
static int first_allowed(const char *list, const cpu_set_t *allowed)
{
	const char *p = list;
	while (*p) {
		char *end;
		long a = strtol(p, &end, 10), b = a;
		if (end == p)
			return -1;
		if (*end == '-')
			b = strtol(end + 1, &end, 10);
		for (long c = a; c <= b && c < CPU_SETSIZE; c++)
			if (c >= 0 && CPU_ISSET(c, allowed))
				return (int)c;
		p = *end == ',' ? end + 1 : end;
		if (*end != ',')
			break;
	}
	return -1;
}

/* Does a group of k copies of the usable hardware events (on PMU p, or the
 * only one) open and run for its whole window? */
static bool group_counts(const struct fb_perf_spec *s, int p, int k)
{
	int idx[FB_PERF_MAX], n = 0, fds[64];
	for (int i = 0; i < s->n; i++)
		if (s->ev[i].usable && s->ev[i].hardware)
			idx[n++] = i;
	if (!n || k > 64)
		return false;
	const struct fb_perf_ops *o = fb_perf_ops();
	int opened = 0;
	bool ok = true;
	for (int q = 0; q < k && ok; q++) {
		const struct fb_perf_event *e = &s->ev[idx[q % n]];
		struct perf_event_attr a = e->attr;
		if (e->nsub > 1 && p < e->nsub && e->sub_type[p])
			a.config = (a.config & 0xffffffffULL) | ((uint64_t)e->sub_type[p] << 32);
		a.disabled = q == 0;
		a.inherit = 0;
		int fd = o->open(&a, 0, -1, q ? fds[0] : -1, PERF_FLAG_FD_CLOEXEC);
		if (fd < 0)
			ok = false;
		else
			fds[opened++] = fd;
	}
	if (ok) {
		o->ioctl(fds[0], PERF_EVENT_IOC_ENABLE, 0);
		volatile uint64_t spin = 0;
		for (int i = 0; i < 200000; i++)   /* ~0.1 ms of work to be counted */
			spin += (uint64_t)i;
		o->ioctl(fds[0], PERF_EVENT_IOC_DISABLE, 0);
		for (int q = 0; q < opened && ok; q++) {
			uint64_t v[3];
			ok = o->read(fds[q], v, sizeof(v)) == (ssize_t)sizeof(v) && v[2] > 0 && v[2] == v[1];
		}
	}
	for (int q = 0; q < opened; q++)
		o->close(fds[q]);
	return ok;
}

int fb_perf_probe_capacity(const struct fb_perf_spec *s)
{
	bool any = false;
	for (int i = 0; i < s->n; i++)
		any |= s->ev[i].usable && s->ev[i].hardware;
	if (!any)
		return 0;
	cpu_set_t saved;
	bool pinned_ok = sched_getaffinity(0, sizeof(saved), &saved) == 0;
	int cap = 64;
	for (int p = 0; p < (s->npmu > 1 ? s->npmu : 1); p++) {
		/* Hybrid: probe each core PMU on one of its CPUs, or it never schedules. */
		if (s->npmu > 1 && pinned_ok && s->pmu[p].cpus[0]) {
			int cpu = first_allowed(s->pmu[p].cpus, &saved);
			if (cpu < 0)
				continue;   /* this process cannot run there: that PMU does not matter */
			cpu_set_t one;
			CPU_ZERO(&one);
			CPU_SET(cpu, &one);
			sched_setaffinity(0, sizeof(one), &one);
		}
		int k = 0;
		while (k < cap && group_counts(s, p, k + 1))
			k++;
		cap = k < cap ? k : cap;
	}
	if (s->npmu > 1 && pinned_ok)
		sched_setaffinity(0, sizeof(saved), &saved);
	return cap == 64 ? 0 : cap;
}

int fb_perf_probe_pinned(const struct fb_perf_spec *s, char *why, size_t len)
{
	why[0] = '\0';
	struct fb_perf_window w[FB_PERF_MAX];
	int nw = fb_perf_plan(s, s->capacity, w);
	for (int k = 0; k < nw; k++) {
		struct fb_perf_set set;
		struct fb_count c[FB_PERF_MAX];
		int rc = fb_perf_open_window(&set, s, &w[k], false);
		if (rc) {
			snprintf(why, len, "counters do not open here: %s", strerror(-rc));
			return rc;
		}
		fb_perf_start(&set);
		volatile uint64_t spin = 0;
		for (int i = 0; i < 200000; i++)
			spin += (uint64_t)i;
		fb_perf_stop(&set);
		fb_perf_read(&set, c);
		fb_perf_close(&set);
		for (int q = 0; q < w[k].n; q++) {
			const struct fb_perf_event *e = &s->ev[w[k].ev[q]];
			if (e->hardware && (!c[w[k].ev[q]].valid || c[w[k].ev[q]].running_ns == 0)) {
				snprintf(why, len, "event %s does not count on this CPU (%s): its PMU does not "
					 "cover it", e->name, fb_count_why_str(c[w[k].ev[q]].why));
				return -ENODEV;
			}
		}
	}
	return 0;
}
