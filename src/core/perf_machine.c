/* perf_machine: what the machine's PMUs are and what they allow — core PMUs
 * in sysfs (hybrid detection), whether this is a VM, perf_event_paranoid, the
 * real cause of a failed open — and the sidecar lines
 * that record it. No libpfm4. Reads sysfs/procfs under fb_perf_ops()'s roots
 * so tests can hand it a fake layout. Measures nothing that lands in a row.
 * The capacity and pinned-CPU probes are perf_probe.c. */
#define _GNU_SOURCE
#include "perf.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

static int read_text(const char *root, const char *rel, char *buf, size_t len)
{
	char path[1200];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	FILE *f = fopen(path, "re");
	if (!f)
		return -errno;
	size_t n = fread(buf, 1, len - 1, f);
	fclose(f);
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

int fb_perf_core_pmus(struct fb_perf_pmu out[FB_PERF_MAX_PMU])
{
	char dir[512];
	snprintf(dir, sizeof(dir), "%s/bus/event_source/devices", fb_perf_ops()->sysfs_root);
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	int n = 0;
	struct dirent *de;
	while ((de = readdir(d)) && n < FB_PERF_MAX_PMU) {
		if (de->d_name[0] == '.' || strlen(de->d_name) >= sizeof(out[n].name))
			continue;
		char rel[512], type[32], cpus[64] = "";
		snprintf(rel, sizeof(rel), "bus/event_source/devices/%s/type", de->d_name);
		if (read_text(fb_perf_ops()->sysfs_root, rel, type, sizeof(type)))
			continue;
		/* A core PMU is "cpu" (one core type) or one that lists the CPUs it
		 * counts on (cpu_core, cpu_atom, armv8_*); uncore PMUs have cpumask. */
		snprintf(rel, sizeof(rel), "bus/event_source/devices/%s/cpus", de->d_name);
		bool listed = read_text(fb_perf_ops()->sysfs_root, rel, cpus, sizeof(cpus)) == 0;
		if (!listed && strcmp(de->d_name, "cpu") != 0)
			continue;
		snprintf(out[n].name, sizeof(out[n].name), "%s", de->d_name);
		out[n].type = (uint32_t)strtoul(type, NULL, 10);
		snprintf(out[n].cpus, sizeof(out[n].cpus), "%s", cpus);
		n++;
	}
	closedir(d);
	/* readdir order is arbitrary: sort by type so runs and tests agree. */
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && out[j].type < out[j - 1].type; j--) {
			struct fb_perf_pmu t = out[j];
			out[j] = out[j - 1];
			out[j - 1] = t;
		}
	return n;
}

bool fb_perf_is_vm(char *why, size_t len)
{
	const struct fb_perf_ops *o = fb_perf_ops();
	char buf[256] = "";
	why[0] = '\0';
	if (read_text(o->sysfs_root, "hypervisor/type", buf, sizeof(buf)) == 0 && buf[0]) {
		snprintf(why, len, "/sys/hypervisor/type=%s", buf);
		return true;
	}
	char path[512], line[4096];
	snprintf(path, sizeof(path), "%s/cpuinfo", o->proc_root);
	FILE *f = fopen(path, "re");
	bool flag = false;
	while (f && !flag && fgets(line, sizeof(line), f))
		if (strncmp(line, "flags", 5) == 0 && strstr(line, " hypervisor"))
			flag = true;
	if (f)
		fclose(f);
	if (flag) {
		snprintf(why, len, "cpuinfo hypervisor flag");
		return true;
	}
	/* Arm guests have no cpuinfo flag: the DMI vendor of the usual hypervisors. */
	static const char *const vendors[] = { "QEMU", "KVM", "VMware", "innotek", "Xen",
					       "Parallels", "Bochs", "Microsoft Corporation" };
	if (read_text(o->sysfs_root, "class/dmi/id/sys_vendor", buf, sizeof(buf)) == 0)
		for (size_t i = 0; i < FB_ARRAY_LEN(vendors); i++)
			if (strstr(buf, vendors[i])) {
				snprintf(why, len, "DMI sys_vendor=%s", buf);
				return true;
			}
	return false;
}

int fb_perf_paranoid(void)
{
	char buf[32];
	if (read_text(fb_perf_ops()->proc_root, "sys/kernel/perf_event_paranoid", buf, sizeof(buf)))
		return -9;
	return atoi(buf);
}

void fb_perf_explain(int err, const struct fb_perf_spec *s, const struct fb_perf_event *e,
		     char *buf, size_t len)
{
	char vm[200] = "";
	if (s->vm && e->hardware)
		snprintf(vm, sizeof(vm), " (this machine is a VM: %s)", s->vm_why);
	const char *cause;
	switch (err) {
	case ENOENT:
		cause = e->hardware && s->npmu == 0
				? "no hardware PMU (no core PMU in /sys/bus/event_source/devices)"
				: "this PMU has no such event";
		break;
	case EOPNOTSUPP:
		cause = "the PMU cannot count it in this mode (exclusion bits or a feature it lacks)";
		break;
	case ENODEV:
		cause = "no such PMU on this CPU";
		break;
	case EINVAL:
		cause = "the kernel rejects this encoding (config or modifier not valid for this PMU)";
		break;
	case EACCES: case EPERM:
		snprintf(buf, len, "%s: perf_event_paranoid=%d refuses it for this user "
			 "(root, CAP_PERFMON or a lower perf_event_paranoid is needed)", strerror(err), s->paranoid);
		return;
	case EBUSY:
		cause = "the PMU is busy: another user (perf, a pinned event, the NMI watchdog) holds its counters";
		break;
	case EMFILE: case ENFILE:
		cause = "too many open files (raise ulimit -n)";
		break;
	case E2BIG:
		cause = "this kernel does not accept the attr size";
		break;
	default:
		cause = "perf_event_open failed";
	}
	snprintf(buf, len, "%s: %s%s", strerror(err), cause, err == EACCES ? "" : vm);
}

static const char *scope_of(const struct fb_perf_event *e)
{
	if (!e->usable)
		return "none";
	if (e->time_based)
		return "time (exclusion ignored by the kernel)";
	if (e->attr.exclude_user)
		return "kernel";
	return e->attr.exclude_kernel ? "user" : "kernel+user";
}

void fb_perf_sidecar(FILE *f, const struct fb_perf_spec *s)
{
	fprintf(f, "perf_vm=%s%s%s\n", s->vm ? "yes" : "no", s->vm ? ": " : "", s->vm ? s->vm_why : "");
	fprintf(f, "perf_core_pmus=");
	for (int p = 0; p < s->npmu; p++)
		fprintf(f, "%s%s(type %u%s%s)", p ? "," : "", s->pmu[p].name, s->pmu[p].type,
			s->pmu[p].cpus[0] ? ", cpus " : "", s->pmu[p].cpus);
	fprintf(f, "%s\n", s->npmu ? "" : "none");
	if (s->capacity)
		fprintf(f, "perf_capacity=%d\n", s->capacity);
	else
		fprintf(f, "perf_capacity=\n");
	for (int i = 0; i < s->n; i++) {
		const struct fb_perf_event *e = &s->ev[i];
		if (!e->usable)
			fprintf(f, "perf_event_status.%s=unusable: %s\n", e->id, e->why);
		else if (e->user_only)
			fprintf(f, "perf_event_status.%s=user-only: kernel part refused (perf_event_paranoid=%d)\n",
				e->id, s->paranoid);
		else
			fprintf(f, "perf_event_status.%s=ok\n", e->id);
		fprintf(f, "perf_event_name.%s=%s\n", e->id, e->name);
		fprintf(f, "perf_event_column.%s=%s\n", e->id, e->column);
		fprintf(f, "perf_event_scope.%s=%s\n", e->id, scope_of(e));
		fprintf(f, "perf_event_fstr.%s=%s\n", e->id, e->fstr);
		fprintf(f, "perf_event_pmu.%s=%s", e->id, e->pmu);
		for (int j = 0; e->nsub > 1 && j < e->nsub; j++)
			for (int p = 0; p < s->npmu; p++)
				if (s->pmu[p].type == e->sub_type[j])
					fprintf(f, "%s%s", j ? "+" : " on ", s->pmu[p].name);
		fprintf(f, "\n");
	}
}

void fb_perf_sidecar_tally(FILE *f, const struct fb_perf_spec *s, const struct fb_perf_tally *t)
{
	for (int i = 0; i < s->n; i++) {
		const char *id = s->ev[i].id;
		uint32_t w = t->windows[i];
		fprintf(f, "perf_event_windows.%s=%u\n", id, w);
		if (w)
			fprintf(f, "perf_event_never_scheduled_pct.%s=%.2f\nperf_event_partial_pct.%s=%.2f\n",
				id, 100.0 * t->never[i] / w, id, 100.0 * t->partial[i] / w);
		else
			fprintf(f, "perf_event_never_scheduled_pct.%s=\nperf_event_partial_pct.%s=\n", id, id);
	}
}

/* One line per distinct reason, however many events share it (on a VM without
 * a PMU: one line for cycles, instructions and dTLB-load-misses, not three);
 * the per-event detail is in the sidecar (perf_event_status.*). */
void fb_perf_spec_warn(const struct fb_perf_spec *s, const char *prog)
{
	for (int i = 0; i < s->n; i++) {
		const struct fb_perf_event *e = &s->ev[i];
		if (e->usable && e->user_only)
			fprintf(stderr, "%s: event %s counts user space only (kernel part refused); "
				"its columns are named *_%s\n", prog, e->name, e->column);
		if (e->usable)
			continue;
		bool seen = false;
		for (int j = 0; j < i && !seen; j++)
			seen = !s->ev[j].usable && strcmp(s->ev[j].why, e->why) == 0;
		if (seen)
			continue;   /* named on the line of the first event with this reason */
		/* the common case, a VM without a PMU, in a few words; the why in full otherwise */
		const bool no_pmu = s->npmu == 0 && e->open_errno == ENOENT;
		if (no_pmu)
			fprintf(stderr, "%s: no hardware PMU%s: %s", prog, s->vm ? " on this VM" : "", e->name);
		else
			fprintf(stderr, "%s: cannot count here, cells left empty: %s", prog, e->name);
		for (int j = i + 1; j < s->n; j++)
			if (!s->ev[j].usable && strcmp(s->ev[j].why, e->why) == 0)
				fprintf(stderr, ", %s", s->ev[j].name);
		if (no_pmu)
			fprintf(stderr, " left empty (details in the sidecar)\n");
		else
			fprintf(stderr, " (%s; details in the sidecar)\n", e->why);
	}
}

const char *fb_perf_scope(const struct fb_perf_spec *s)
{
	int user = 0, both = 0;
	for (int i = 0; i < s->n; i++)
		if (s->ev[i].usable && !s->ev[i].time_based)
			s->ev[i].user_only ? user++ : both++;
	return user && both ? "mixed" : user ? "user" : "kernel+user";
}
