/* perf_encode: event names -> perf_event_attr through libpfm4 (the only file
 * that calls it), the probe that decides what each event can honestly count
 * for this user, and --list-events. Counting itself is src/core/perf.c.
 * Does not measure anything that lands in a row. */
#define _GNU_SOURCE
#include "perf.h"
#include "util.h"

#include <errno.h>
#include <perfmon/pfmlib_perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int pfm_ready(void)
{
	static int rc = 1;
	if (rc == 1)
		rc = pfm_initialize();
	return rc == PFM_SUCCESS ? 0 : -ENODEV;
}

static int pfm_encode(const char *name, struct perf_event_attr *attr, char *fstr, size_t fstrlen,
		      char *pmu, size_t pmulen)
{
	if (pfm_ready())
		return -ENODEV;
	char *full = NULL;
	pfm_perf_encode_arg_t arg;
	memset(&arg, 0, sizeof(arg));
	arg.attr = attr;   /* attr->size is already sizeof(*attr): libpfm4 fills all of it */
	arg.fstr = &full;
	arg.size = sizeof(arg);
	if (pfm_get_os_event_encoding(name, PFM_PLM0 | PFM_PLM3, PFM_OS_PERF_EVENT_EXT, &arg) != PFM_SUCCESS)
		return -EINVAL;
	snprintf(fstr, fstrlen, "%s", full ? full : "");
	free(full);
	pfm_event_info_t ei;
	pfm_pmu_info_t pi;
	memset(&ei, 0, sizeof(ei));
	memset(&pi, 0, sizeof(pi));
	ei.size = sizeof(ei);
	pi.size = sizeof(pi);
	pmu[0] = '\0';
	if (pfm_get_event_info(arg.idx, PFM_OS_PERF_EVENT_EXT, &ei) == PFM_SUCCESS &&
	    pfm_get_pmu_info(ei.pmu, &pi) == PFM_SUCCESS)
		snprintf(pmu, pmulen, "%s", pi.name);
	return 0;
}

static bool is_core_type(const struct fb_perf_spec *s, uint32_t type)
{
	if (type == PERF_TYPE_HARDWARE || type == PERF_TYPE_HW_CACHE || type == PERF_TYPE_RAW)
		return true;
	for (int p = 0; p < s->npmu; p++)
		if (s->pmu[p].type == type)
			return true;
	return false;
}

/* Opens every copy once, disabled, inherited (the strictest use), closes them. */
static int try_open(const struct fb_perf_event *e)
{
	int fds[FB_PERF_MAX_PMU], n = 0, rc = 0;
	for (int j = 0; j < (e->nsub ? e->nsub : 1) && !rc; j++) {
		struct perf_event_attr a = e->attr;
		if (e->sub_type[j])
			a.config = (a.config & 0xffffffffULL) | ((uint64_t)e->sub_type[j] << 32);
		a.disabled = 1;
		a.inherit = 1;
		int fd = fb_perf_ops()->open(&a, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
		if (fd < 0)
			rc = fd;
		else
			fds[n++] = fd;
	}
	while (n > 0)
		fb_perf_ops()->close(fds[--n]);
	return rc;
}

/* Decides what e can count for this user. Where the kernel part is refused
 * the event falls back to user space only — unless that leaves nothing: an
 * event asked for the kernel only (:k sets exclude_user) or one the kernel
 * records with kernel registers (context switches, migrations) would read 0
 * for ever; those become unusable with the reason. */
static void probe(const struct fb_perf_spec *s, struct fb_perf_event *e)
{
	int rc = try_open(e);
	if (rc == -EACCES || rc == -EPERM) {
		char base[200];
		fb_perf_explain(-rc, s, e, base, sizeof(base));
		if (e->attr.exclude_user) {
			snprintf(e->why, sizeof(e->why), "%.150s; it asks for the kernel only (:k), so "
				 "a user-only fallback would count nothing", base);
			e->open_errno = -rc;
			return;
		}
		if (e->kernel_only) {
			snprintf(e->why, sizeof(e->why), "%.150s; it happens only in the kernel, so a "
				 "user-only count would read 0", base);
			e->open_errno = -rc;
			return;
		}
		e->attr.exclude_kernel = 1;
		e->attr.exclude_hv = 1;
		rc = try_open(e);
		e->user_only = rc == 0 && !e->time_based;
	}
	e->open_errno = -rc;
	e->usable = rc == 0;
	if (rc)
		fb_perf_explain(-rc, s, e, e->why, sizeof(e->why));
}

/* Encodes name into e and classifies it. 0, or -EINVAL for an unknown name. */
static int setup(const struct fb_perf_spec *s, struct fb_perf_event *e, const char *name)
{
	memset(e, 0, sizeof(*e));
	snprintf(e->name, sizeof(e->name), "%s", name);
	fb_identifier(name, e->id, sizeof(e->id));
	/* The size first: libpfm4 copies back only attr->size bytes (0: the first 64). */
	e->attr.size = sizeof(e->attr);
	const struct fb_perf_ops *o = fb_perf_ops();
	int rc = o->encode ? o->encode(name, &e->attr, e->fstr, sizeof(e->fstr), e->pmu, sizeof(e->pmu))
			   : pfm_encode(name, &e->attr, e->fstr, sizeof(e->fstr), e->pmu, sizeof(e->pmu));
	if (rc)
		return rc;
	e->attr.size = sizeof(e->attr);
	e->attr.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
	const bool sw = e->attr.type == PERF_TYPE_SOFTWARE;
	e->time_based = sw && (e->attr.config == PERF_COUNT_SW_TASK_CLOCK ||
			       e->attr.config == PERF_COUNT_SW_CPU_CLOCK);
	e->kernel_only = e->attr.exclude_user ||
			 (sw && (e->attr.config == PERF_COUNT_SW_CONTEXT_SWITCHES ||
				 e->attr.config == PERF_COUNT_SW_CPU_MIGRATIONS ||
				 e->attr.config == PERF_COUNT_SW_CGROUP_SWITCHES));
	e->hardware = is_core_type(s, e->attr.type);
	e->nsub = 1;
	/* Hybrid: a generic hardware event counts on one core type only; open one
	 * copy per core PMU and sum them. */
	if (s->npmu > 1 && (e->attr.type == PERF_TYPE_HARDWARE || e->attr.type == PERF_TYPE_HW_CACHE)) {
		e->nsub = s->npmu;
		for (int p = 0; p < s->npmu; p++)
			e->sub_type[p] = s->pmu[p].type;
	}
	return 0;
}

static void name_column(struct fb_perf_event *e)
{
	fb_identifier(e->name, e->column, sizeof(e->column) - 6);
	if (e->time_based)
		strcat(e->column, "_ns");
	if (e->user_only)
		strcat(e->column, "_u");   /* user-only counts never share a kernel+user name */
}

static void machine(struct fb_perf_spec *s)
{
	s->npmu = fb_perf_core_pmus(s->pmu);
	s->paranoid = fb_perf_paranoid();
	s->vm = fb_perf_is_vm(s->vm_why, sizeof(s->vm_why));
}

int fb_perf_spec_init(struct fb_perf_spec *s, char *const *names, int n, char *err, size_t errlen)
{
	memset(s, 0, sizeof(*s));
	if (n > FB_PERF_MAX) {
		snprintf(err, errlen, "at most %d events", FB_PERF_MAX);
		return -E2BIG;
	}
	if (n && !fb_perf_ops()->encode && pfm_ready()) {
		snprintf(err, errlen, "libpfm4 failed to initialise");
		return -ENODEV;
	}
	machine(s);
	for (int i = 0; i < n; i++) {
		struct fb_perf_event *e = &s->ev[s->n++];
		if (setup(s, e, names[i])) {
			snprintf(err, errlen, "'%s': not an event libpfm4 knows", names[i]);
			return -EINVAL;
		}
		probe(s, e);
		name_column(e);
		for (int j = 0; j < s->n - 1; j++)
			if (strcmp(s->ev[j].column, e->column) == 0 || strcmp(s->ev[j].id, e->id) == 0) {
				snprintf(err, errlen, "'%s' and '%s' give the same column %s here", s->ev[j].name,
					 names[i], e->column);
				return -EINVAL;
			}
	}
	s->capacity = fb_perf_probe_capacity(s);
	return 0;
}

/* Does e count here: one window around some work, exact and non-zero? */
static const char *counts(const struct fb_perf_spec *s, int i)
{
	struct fb_perf_set set;
	struct fb_perf_window w = { .n = 1, .ev = { i } };
	if (fb_perf_open_window(&set, s, &w, false))
		return "no";
	fb_perf_start(&set);
	volatile uint64_t spin = 0;
	for (int k = 0; k < 200000; k++)
		spin += (uint64_t)k;
	/* fresh pages (mmap, not malloc: glibc reuses freed memory): faults to count */
	char *p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p != MAP_FAILED)
		fb_touch_pages(p, 1 << 20, 1);
	usleep(100);   /* a sleep: context-switch events have something to count */
	fb_perf_stop(&set);
	if (p != MAP_FAILED)
		munmap(p, 1 << 20);
	struct fb_count c[FB_PERF_MAX];
	fb_perf_read(&set, c);
	fb_perf_close(&set);
	return c[i].valid ? (c[i].value > 0 ? "yes" : "zero") : c[i].why == FB_COUNT_NEVER_RAN ? "never-ran"
							: c[i].why == FB_COUNT_PARTIAL ? "partial" : "no";
}

int fb_perf_list(void)
{
	if (pfm_ready())
		return -ENODEV;
	static struct fb_perf_spec s;   /* one event at a time, in slot 0 */
	memset(&s, 0, sizeof(s));
	machine(&s);
	printf("# core PMUs:");
	for (int p = 0; p < s.npmu; p++)
		printf(" %s (type %u)", s.pmu[p].name, s.pmu[p].type);
	printf("%s; VM: %s%s; perf_event_paranoid=%d\n", s.npmu ? "" : " none", s.vm ? "yes, " : "no",
	       s.vm ? s.vm_why : "", s.paranoid);
	char *dflt[FB_PERF_MAX];
	for (int i = 0; i < fb_perf_default_count; i++)
		dflt[i] = (char *)fb_perf_default_events[i];
	struct fb_perf_spec d;
	char err[256];
	if (fb_perf_spec_init(&d, dflt, fb_perf_default_count, err, sizeof(err)) == 0)
	{
		if (d.capacity)
			printf("# hardware events that count together without multiplexing: %d\n", d.capacity);
		else
			printf("# hardware events that count together: none (no default hardware event opens)\n");
	}
	printf("%-40s %-6s %-10s %s\n", "event", "opens", "counts", "note");
	for (int p = PFM_PMU_NONE; p < PFM_PMU_MAX; p++) {
		pfm_pmu_info_t pi;
		memset(&pi, 0, sizeof(pi));
		pi.size = sizeof(pi);
		if (pfm_get_pmu_info(p, &pi) != PFM_SUCCESS || !pi.is_present)
			continue;
		for (int i = pi.first_event; i != -1; i = pfm_get_event_next(i)) {
			pfm_event_info_t ei;
			memset(&ei, 0, sizeof(ei));
			ei.size = sizeof(ei);
			if (pfm_get_event_info(i, PFM_OS_PERF_EVENT_EXT, &ei) != PFM_SUCCESS)
				continue;
			char full[128];
			snprintf(full, sizeof(full), "%s::%s", pi.name, ei.name);
			struct fb_perf_event *e = &s.ev[0];
			s.n = 1;
			if (setup(&s, e, full)) {
				printf("%-40s %-6s %-10s %s\n", full, "-", "-",
				       "needs a unit mask (see libpfm4 showevtinfo)");
				continue;
			}
			probe(&s, e);
			const char *opens = e->usable ? (e->user_only ? "user" : "yes") : "no";
			printf("%-40s %-6s %-10s %s\n", full, opens, e->usable ? counts(&s, 0) : "-",
			       e->usable ? (e->user_only ? "user space only (kernel part refused)" : "") : e->why);
		}
	}
	return 0;
}
