/* perf: libpfm4 encoding, probing, grouping and reading of counters. */
#define _GNU_SOURCE
#include "perf.h"
#include "util.h"

#include <errno.h>
#include <perfmon/pfmlib_perf_event.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

const char *const fb_perf_default_events[] = {
	"page-faults", "minor-faults", "context-switches", "cpu-migrations", "task-clock",
	"cycles", "instructions", "dTLB-load-misses",
};
const int fb_perf_default_count = FB_ARRAY_LEN(fb_perf_default_events);

static int pfm_ready(void)
{
	static int rc = 1;
	if (rc == 1)
		rc = pfm_initialize();
	return rc == PFM_SUCCESS ? 0 : -ENODEV;
}

static int sys_perf_open(struct perf_event_attr *a, int group)
{
	return (int)syscall(SYS_perf_event_open, a, 0, -1, group, PERF_FLAG_FD_CLOEXEC);
}

static void explain(int err, char *buf, size_t len)
{
	int paranoid = -9;
	FILE *f = fopen("/proc/sys/kernel/perf_event_paranoid", "re");
	if (f) {
		if (fscanf(f, "%d", &paranoid) != 1)
			paranoid = -9;
		fclose(f);
	}
	switch (err) {
	case ENOENT: case EOPNOTSUPP: case ENODEV:
		snprintf(buf, len, "%s: not supported by this CPU/PMU (no hardware PMU in a VM?)",
			 strerror(err));
		break;
	case EACCES: case EPERM:
		snprintf(buf, len, "%s: perf_event_paranoid=%d forbids it for this user",
			 strerror(err), paranoid);
		break;
	default:
		snprintf(buf, len, "%s", strerror(err));
	}
}

/* Opens once to see whether it works; falls back to user-only on EACCES/EPERM. */
static void probe(struct fb_perf_event *e)
{
	for (int attempt = 0; attempt < 2; attempt++) {
		struct perf_event_attr a = e->attr;
		a.disabled = 1;
		a.inherit = 1;
		int fd = sys_perf_open(&a, -1);
		if (fd >= 0) {
			close(fd);
			e->usable = true;
			return;
		}
		int err = errno;
		explain(err, e->why, sizeof(e->why));
		if ((err != EACCES && err != EPERM) || e->attr.exclude_kernel)
			return;
		e->attr.exclude_kernel = 1;
		e->attr.exclude_hv = 1;
		e->user_only = true;
	}
}

int fb_perf_spec_init(struct fb_perf_spec *s, char *const *names, int n, char *err, size_t errlen)
{
	memset(s, 0, sizeof(*s));
	if (n > FB_PERF_MAX) {
		snprintf(err, errlen, "at most %d events", FB_PERF_MAX);
		return -E2BIG;
	}
	if (pfm_ready()) {
		snprintf(err, errlen, "libpfm4 failed to initialise");
		return -ENODEV;
	}
	for (int i = 0; i < n; i++) {
		struct fb_perf_event *e = &s->ev[s->n++];
		snprintf(e->name, sizeof(e->name), "%s", names[i]);
		fb_identifier(names[i], e->column, sizeof(e->column) - 3);
		pfm_perf_encode_arg_t arg;
		memset(&arg, 0, sizeof(arg));
		memset(&e->attr, 0, sizeof(e->attr));
		arg.attr = &e->attr;
		arg.size = sizeof(arg);
		int rc = pfm_get_os_event_encoding(names[i], PFM_PLM0 | PFM_PLM3,
						   PFM_OS_PERF_EVENT_EXT, &arg);
		if (rc != PFM_SUCCESS) {
			snprintf(err, errlen, "'%s': %s", names[i], pfm_strerror(rc));
			return -EINVAL;
		}
		e->attr.size = sizeof(e->attr);
		e->attr.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
		if (e->attr.type == PERF_TYPE_SOFTWARE &&
		    (e->attr.config == PERF_COUNT_SW_TASK_CLOCK ||
		     e->attr.config == PERF_COUNT_SW_CPU_CLOCK))
			strcat(e->column, "_ns");
		for (int j = 0; j < s->n - 1; j++)
			if (strcmp(s->ev[j].column, e->column) == 0) {
				snprintf(err, errlen, "'%s' is listed twice", names[i]);
				return -EINVAL;
			}
		probe(e);
	}
	return 0;
}

void fb_perf_spec_warn(const struct fb_perf_spec *s, const char *prog)
{
	for (int i = 0; i < s->n; i++) {
		const struct fb_perf_event *e = &s->ev[i];
		if (!e->usable)
			fprintf(stderr, "%s: event %s unavailable (%s); its cells stay empty\n",
				prog, e->name, e->why);
		else if (e->user_only)
			fprintf(stderr, "%s: event %s counts user space only (kernel part refused)\n",
				prog, e->name);
	}
}

const char *fb_perf_scope(const struct fb_perf_spec *s)
{
	int user = 0, both = 0;
	for (int i = 0; i < s->n; i++)
		if (s->ev[i].usable)
			s->ev[i].user_only ? user++ : both++;
	return user && both ? "mixed" : user ? "user" : "kernel+user";
}

void fb_perf_init(struct fb_perf_set *set)
{
	memset(set, 0, sizeof(*set));
	for (int i = 0; i < FB_PERF_MAX; i++)
		set->fd[i] = -1;
}

int fb_perf_open(struct fb_perf_set *set, const struct fb_perf_spec *spec, bool inherit)
{
	fb_perf_init(set);
	set->spec = spec;
	for (int i = 0; i < spec->n; i++) {
		if (!spec->ev[i].usable)
			continue;
		/* No groups: a group led by one software PMU reads task-clock as 0, and a
		 * hardware group that cannot be scheduled would silence its members. */
		struct perf_event_attr a = spec->ev[i].attr;
		a.disabled = 1;
		a.inherit = inherit;
		set->fd[i] = sys_perf_open(&a, -1);
		if (set->fd[i] < 0) {
			int e = -errno;
			fb_perf_close(set);
			return e;
		}
	}
	return 0;
}

void fb_perf_close(struct fb_perf_set *set)
{
	for (int i = 0; i < FB_PERF_MAX; i++)
		if (set->fd[i] >= 0) {
			close(set->fd[i]);
			set->fd[i] = -1;
		}
}

static bool read_raw(int fd, uint64_t v[3])
{
	return read(fd, v, 3 * sizeof(uint64_t)) == (ssize_t)(3 * sizeof(uint64_t));
}

void fb_perf_start(struct fb_perf_set *set)
{
	for (int i = 0; i < FB_PERF_MAX; i++)
		if (set->fd[i] >= 0 && !read_raw(set->fd[i], set->base[i]))
			memset(set->base[i], 0, sizeof(set->base[i]));
	for (int i = 0; i < FB_PERF_MAX; i++)
		if (set->fd[i] >= 0)
			ioctl(set->fd[i], PERF_EVENT_IOC_ENABLE, 0);
}

void fb_perf_stop(struct fb_perf_set *set)
{
	for (int i = 0; i < FB_PERF_MAX; i++)
		if (set->fd[i] >= 0)
			ioctl(set->fd[i], PERF_EVENT_IOC_DISABLE, 0);
}

void fb_perf_read(const struct fb_perf_set *set, struct fb_count out[FB_PERF_MAX])
{
	for (int i = 0; i < FB_PERF_MAX; i++) {
		out[i] = (struct fb_count){ 0 };
		uint64_t v[3];
		if (!set->spec || i >= set->spec->n || set->fd[i] < 0 || !read_raw(set->fd[i], v))
			continue;
		uint64_t val = v[0] - set->base[i][0], en = v[1] - set->base[i][1],
			 run = v[2] - set->base[i][2];
		if (run == 0)
			continue;   /* never ran: not available, not zero */
		out[i].valid = true;
		out[i].multiplexed = run < en;
		out[i].value = (int64_t)(out[i].multiplexed ? (double)val * en / run : val);
	}
}

int fb_perf_list(void)
{
	if (pfm_ready())
		return -ENODEV;
	printf("%-40s %-8s %s\n", "event", "status", "note");
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
			char full[160];
			snprintf(full, sizeof(full), "%s::%s", pi.name, ei.name);
			struct fb_perf_event e;
			memset(&e, 0, sizeof(e));
			pfm_perf_encode_arg_t arg;
			memset(&arg, 0, sizeof(arg));
			arg.attr = &e.attr;
			arg.size = sizeof(arg);
			if (pfm_get_os_event_encoding(full, PFM_PLM0 | PFM_PLM3, PFM_OS_PERF_EVENT_EXT,
						      &arg) != PFM_SUCCESS) {
				printf("%-40s %-8s %s\n", full, "-", "needs a unit mask (see libpfm4 showevtinfo)");
				continue;
			}
			e.attr.size = sizeof(e.attr);
			probe(&e);
			printf("%-40s %-8s %s\n", full, e.usable ? (e.user_only ? "user" : "ok") : "no",
			       e.usable ? "" : e.why);
		}
	}
	return 0;
}
