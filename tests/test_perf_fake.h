/* test_perf_fake: a fake PMU under src/core/perf*.c (through fb_perf_ops), for the
 * counter tests. It models what matters for honesty: a fixed number of
 * hardware counters (a group with more never runs; more events than counters
 * across groups multiplex), a kernel part that can be refused (EACCES), opens
 * that fail at the n-th call, reads that fail, hybrid core PMUs (a copy runs
 * only while the task is on its core type), and a log of every call. Its fds
 * are real (dups of /dev/null) so /proc/self/fd shows leaks. Time advances by
 * 100 ns per call and by fake_work(ns). */
#ifndef TEST_PERF_FAKE_H
#define TEST_PERF_FAKE_H
#define _GNU_SOURCE
#include "perf.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct fake_ev {
	bool used;
	int fd, leader;            /* leader: index of the group leader (itself if none) */
	struct perf_event_attr a;
	bool enabled;              /* leaders and lone events */
	uint64_t val, en, run;
};

static struct fake {
	int cap;                   /* hardware counters; 0: no hardware PMU (ENOENT) */
	bool refuse_kernel;        /* EACCES unless exclude_kernel */
	int fail_open_at, fail_errno, opens;
	int fail_read_at, reads;
	double share;              /* < 0: model; else the running share forced on hw groups */
	uint32_t cur_type;         /* hybrid: core PMU type the task runs on (0: any) */
	uint32_t size_at_encode;
	char log[8192];
	struct fake_ev ev[256];
	char sysfs[256], proc[256];
} F;

static void fake_log(char op, int fd)
{
	size_t n = strlen(F.log);
	snprintf(F.log + n, sizeof(F.log) - n, "%c%d ", op, fd);
}

static __attribute__((unused)) void fake_mark(const char *what)
{
	size_t n = strlen(F.log);
	snprintf(F.log + n, sizeof(F.log) - n, "%s ", what);
}

static bool fake_hw(const struct perf_event_attr *a)
{
	return a->type == PERF_TYPE_HARDWARE || a->type == PERF_TYPE_HW_CACHE || a->type == PERF_TYPE_RAW;
}

static int fake_find(int fd)
{
	for (int i = 0; i < 256; i++)
		if (F.ev[i].used && F.ev[i].fd == fd)
			return i;
	return -1;
}

/* Advance time by ns for every event whose group is enabled. */
static void fake_work(uint64_t ns)
{
	int total_hw = 0, group_hw[256] = { 0 };
	for (int i = 0; i < 256; i++)
		if (F.ev[i].used && F.ev[i].enabled)
			for (int k = 0; k < 256; k++)
				if (F.ev[k].used && F.ev[k].leader == i && fake_hw(&F.ev[k].a))
					group_hw[i]++;
	for (int i = 0; i < 256; i++)
		total_hw += group_hw[i];
	for (int k = 0; k < 256; k++) {
		struct fake_ev *e = &F.ev[k];
		if (!e->used || !F.ev[e->leader].enabled)
			continue;
		uint64_t run = ns;
		if (group_hw[e->leader]) {
			if (group_hw[e->leader] > F.cap)
				run = 0;                                  /* the group cannot be scheduled */
			else if (F.share >= 0)
				run = (uint64_t)(ns * F.share);
			else if (total_hw > F.cap)
				run = ns * (uint64_t)F.cap / (uint64_t)total_hw;   /* multiplexed */
		}
		uint32_t t = (uint32_t)(e->a.config >> 32);
		if (F.cur_type && fake_hw(&e->a) && t && t != F.cur_type)
			run = 0;                                      /* a copy for the other core type */
		e->en += ns;
		e->run += run;
		e->val += run;                                        /* one event per ns it ran */
	}
}

static int fake_open(struct perf_event_attr *a, pid_t pid, int cpu, int group, unsigned long flags)
{
	(void)pid, (void)cpu, (void)flags;
	fake_work(100);
	F.opens++;
	if (F.fail_open_at && F.opens == F.fail_open_at)
		return -F.fail_errno;
	if (F.refuse_kernel && !a->exclude_kernel)
		return -EACCES;
	if (fake_hw(a) && F.cap == 0)
		return -ENOENT;
	int slot = -1;
	for (int i = 0; i < 256 && slot < 0; i++)
		if (!F.ev[i].used)
			slot = i;
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (slot < 0 || fd < 0)
		return -EMFILE;
	int leader = group >= 0 ? fake_find(group) : slot;
	if (leader < 0) {
		close(fd);
		return -EBADF;
	}
	F.ev[slot] = (struct fake_ev){ .used = true, .fd = fd, .leader = leader, .a = *a,
				       .enabled = group < 0 && !a->disabled };
	fake_log('O', fd);
	return fd;
}

static ssize_t fake_read(int fd, void *buf, size_t len)
{
	fake_work(100);
	F.reads++;
	int i = fake_find(fd);
	if (i < 0 || len < 24)
		return -EBADF;
	fake_log('R', fd);
	if (F.fail_read_at && F.reads == F.fail_read_at)
		return -EIO;
	uint64_t v[3] = { F.ev[i].val, F.ev[i].en, F.ev[i].run };
	memcpy(buf, v, sizeof(v));
	return sizeof(v);
}

static int fake_ioctl(int fd, unsigned long req, unsigned long arg)
{
	(void)arg;
	fake_work(100);
	int i = fake_find(fd);
	if (i < 0)
		return -EBADF;
	if (req == PERF_EVENT_IOC_ENABLE)
		F.ev[i].enabled = true, fake_log('E', fd);
	else if (req == PERF_EVENT_IOC_DISABLE)
		F.ev[i].enabled = false, fake_log('D', fd);
	return 0;
}

static int fake_close(int fd)
{
	int i = fake_find(fd);
	if (i >= 0)
		F.ev[i].used = false;
	fake_log('C', fd);
	return close(fd);
}

/* Names: page-faults, minor-faults, context-switches, cpu-migrations,
 * task-clock, cycles, instructions, hw0..hw15 (hardware), with :u / :k. */
static int fake_encode(const char *name, struct perf_event_attr *a, char *fstr, size_t fl,
		       char *pmu, size_t pl)
{
	F.size_at_encode = a->size;
	char base[64];
	snprintf(base, sizeof(base), "%s", name);
	char *mod = strchr(base, ':');
	if (mod)
		*mod++ = '\0';
	static const struct { const char *n; uint32_t type; uint64_t config; } tab[] = {
		{ "page-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS },
		{ "minor-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS_MIN },
		{ "context-switches", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES },
		{ "cpu-migrations", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS },
		{ "task-clock", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK },
		{ "cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES },
		{ "instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS },
	};
	bool found = false;
	uint32_t size = a->size;
	memset(a, 0, sizeof(*a));
	a->size = size;
	for (size_t i = 0; i < FB_ARRAY_LEN(tab); i++)
		if (strcmp(base, tab[i].n) == 0)
			a->type = tab[i].type, a->config = tab[i].config, found = true;
	if (!found && base[0] == 'h' && base[1] == 'w' && base[2])
		a->type = PERF_TYPE_RAW, a->config = (uint64_t)atoi(base + 2), found = true;
	if (!found)
		return -EINVAL;
	if (mod && strcmp(mod, "k") == 0)
		a->exclude_user = 1;
	if (mod && strcmp(mod, "u") == 0)
		a->exclude_kernel = 1, a->exclude_hv = 1;
	snprintf(fstr, fl, "fake::%s", name);
	snprintf(pmu, pl, "fake");
	return 0;
}

static int fake_put(const char *dir, const char *rel, const char *text)
{
	char path[600], cmd[700];
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", path);
	if (system(cmd) != 0)
		return -1;
	FILE *f = fopen(path, "we");
	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static struct fb_perf_ops fake_ops;

/* A fresh fake: cap counters, one core PMU "cpu" (type 4) unless pmus given as
 * "name:type:cpus,name:type:cpus"; paranoid 2; not a VM unless vm. */
static void fake_reset(int cap, const char *pmus, bool vm)
{
	for (int i = 0; i < 256; i++)
		if (F.ev[i].used)
			close(F.ev[i].fd);
	memset(&F, 0, sizeof(F));
	F.cap = cap;
	F.share = -1;
	snprintf(F.sysfs, sizeof(F.sysfs), "/tmp/fb-fake-sys.%d", (int)getpid());
	snprintf(F.proc, sizeof(F.proc), "/tmp/fb-fake-proc.%d", (int)getpid());
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' '%s'", F.sysfs, F.proc);
	if (system(cmd) != 0)
		exit(1);
	fake_put(F.sysfs, "bus/event_source/devices/software/type", "1\n");
	fake_put(F.sysfs, "bus/event_source/devices/uncore_imc/type", "20\n");
	fake_put(F.sysfs, "bus/event_source/devices/uncore_imc/cpumask", "0\n");
	if (!pmus)
		pmus = cap ? "cpu:4:" : "";
	char list[256];
	snprintf(list, sizeof(list), "%s", pmus);
	for (char *save = NULL, *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char name[64], type[32], cpus[64] = "", rel[160];
		if (sscanf(tok, "%63[^:]:%31[^:]:%63s", name, type, cpus) < 2)
			continue;
		snprintf(rel, sizeof(rel), "bus/event_source/devices/%s/type", name);
		strcat(type, "\n");
		fake_put(F.sysfs, rel, type);
		if (cpus[0]) {
			snprintf(rel, sizeof(rel), "bus/event_source/devices/%s/cpus", name);
			fake_put(F.sysfs, rel, cpus);
		}
	}
	fake_put(F.proc, "sys/kernel/perf_event_paranoid", "2\n");
	fake_put(F.proc, "cpuinfo", vm ? "flags\t\t: fpu sse hypervisor\n" : "flags\t\t: fpu sse\n");
	fake_ops = (struct fb_perf_ops){ .open = fake_open, .read = fake_read, .ioctl = fake_ioctl,
					 .close = fake_close, .encode = fake_encode,
					 .sysfs_root = F.sysfs, .proc_root = F.proc };
	fb_perf_use_ops(&fake_ops);
}

static __attribute__((unused)) int fake_spec(struct fb_perf_spec *s, const char *csv)
{
	char buf[512], *names[FB_PERF_MAX + 1], err[256];
	snprintf(buf, sizeof(buf), "%s", csv);
	int n = fb_split_list(buf, names, FB_PERF_MAX);
	int rc = fb_perf_spec_init(s, names, n, err, sizeof(err));
	if (rc)
		printf("spec_init(%s): %s\n", csv, err);
	return rc;
}

/* The usual start of a test: the fake with 4 counters, no hybrid, not a VM,
 * and a spec of these events. 0, or non-zero (said) when the spec fails. */
static __attribute__((unused)) int fake_start(struct fb_perf_spec *s, const char *csv)
{
	fake_reset(4, NULL, false);
	return fake_spec(s, csv);
}

/* Opens the whole spec as one set, counts `ns` of fake work, reads and closes. */
static __attribute__((unused)) int fake_count(const struct fb_perf_spec *s, bool inherit, uint64_t ns,
					      struct fb_count c[FB_PERF_MAX])
{
	struct fb_perf_set set;
	int rc = fb_perf_open(&set, s, inherit);
	if (rc)
		return rc;
	fb_perf_start(&set);
	fake_work(ns);
	fb_perf_stop(&set);
	fb_perf_read(&set, c);
	fb_perf_close(&set);
	return 0;
}

static int fake_failures;
#define CHECK(cond, ...)                                                      \
	do {                                                                  \
		if (!(cond)) {                                                \
			printf("FAIL %s:%d: ", __FILE__, __LINE__);           \
			printf(__VA_ARGS__);                                  \
			printf("\n");                                         \
			fake_failures++;                                      \
		}                                                             \
	} while (0)

static __attribute__((unused)) int fake_done(const char *what)
{
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' '%s'", F.sysfs, F.proc);
	if (system(cmd) != 0)
		fake_failures++;
	fb_perf_use_ops(NULL);
	printf("%s: %s\n", what, fake_failures ? "FAIL" : "ok");
	return fake_failures ? 1 : 0;
}
#endif
