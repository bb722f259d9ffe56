/* sidecar: kernel, CPU, virtualisation, clocksource, THP, perf, mitigations,
 * memory policy, libc, compiler, build, suite commit, date, command line,
 * timer overhead. Read outside any timed region. */
#define _GNU_SOURCE
#include "sidecar.h"
#include "procinfo.h"
#include "util.h"
#include "version.h"

#include <dirent.h>
#include <gnu/libc-version.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

void fb_sidecar_kv(FILE *f, const char *key, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	for (char *p = buf; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	fprintf(f, "%s=%s\n", key, buf);
}

static void kv_file(FILE *f, const char *key, const char *path)
{
	char buf[512];
	if (fb_read_line(path, buf, sizeof(buf)) == 0)
		fb_sidecar_kv(f, key, "%s", buf);
	else
		fb_sidecar_kv(f, key, "%s", "");
}

/* "model name : X" from /proc/cpuinfo, and whether the CPU says it is a guest. */
static void cpu_info(FILE *f)
{
	char line[1024], model[256] = "", *flags = NULL;
	FILE *c = fopen("/proc/cpuinfo", "re");
	while (c && fgets(line, sizeof(line), c)) {
		char *colon = strchr(line, ':');
		if (!colon)
			continue;
		line[strcspn(line, "\n")] = '\0';
		if (!model[0] && (strncmp(line, "model name", 10) == 0 || strncmp(line, "Model", 5) == 0))
			snprintf(model, sizeof(model), "%s", colon + 2);
		if (!flags && strncmp(line, "flags", 5) == 0)
			flags = strdup(colon + 1);
	}
	if (c)
		fclose(c);
	fb_sidecar_kv(f, "cpu_model", "%s", model);
	fb_sidecar_kv(f, "cpus_online", "%ld", sysconf(_SC_NPROCESSORS_ONLN));
	bool guest = flags && strstr(flags, " hypervisor");
	char vendor[128] = "", product[128] = "";
	fb_read_line("/sys/class/dmi/id/sys_vendor", vendor, sizeof(vendor));
	fb_read_line("/sys/class/dmi/id/product_name", product, sizeof(product));
	size_t vl = strlen(vendor);
	if (vl && product[0])
		snprintf(vendor + vl, sizeof(vendor) - vl, " %.*s", (int)(sizeof(vendor) - vl - 2), product);
	fb_sidecar_kv(f, "virtualization", "%s", guest ? "guest" : "none detected");
	fb_sidecar_kv(f, "dmi_system", "%s", vendor[0] ? vendor : product);
	free(flags);
}

static void vulnerabilities(FILE *f)
{
	const char *dir = "/sys/devices/system/cpu/vulnerabilities";
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	char names[64][64];
	int n = 0;
	while ((e = readdir(d)) && n < 64)
		if (e->d_name[0] != '.')
			snprintf(names[n++], sizeof(names[0]), "%.63s", e->d_name);
	closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), (int (*)(const void *, const void *))strcmp);
	for (int i = 0; i < n; i++) {
		char path[320], key[96];
		snprintf(path, sizeof(path), "%s/%.63s", dir, names[i]);
		snprintf(key, sizeof(key), "vuln_%.63s", names[i]);
		kv_file(f, key, path);
	}
}

FILE *fb_sidecar_open(const char *path, const char *driver, int argc, char **argv)
{
	FILE *f = fopen(path, "we");
	if (!f)
		return NULL;
	time_t now = time(NULL);
	char date[64];
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	char cmd[1024] = "";
	for (int i = 0; i < argc; i++) {
		strncat(cmd, argv[i], sizeof(cmd) - strlen(cmd) - 2);
		if (i + 1 < argc)
			strcat(cmd, " ");
	}
	struct utsname u;
	uname(&u);
	char host[256] = "";
	gethostname(host, sizeof(host) - 1);

	fb_sidecar_kv(f, "driver", "%s", driver);
	fb_sidecar_kv(f, "suite_version", "%s", fb_suite_version);
	fb_sidecar_kv(f, "suite_commit", "%s", fb_suite_commit);
	fb_sidecar_kv(f, "build_type", "%s", fb_build_type);
	fb_sidecar_kv(f, "compiler", "%s", FORKBENCH_COMPILER);
	fb_sidecar_kv(f, "glibc", "%s", gnu_get_libc_version());
	fb_sidecar_kv(f, "date", "%s", date);
	fb_sidecar_kv(f, "command", "%s", cmd);
	fb_sidecar_kv(f, "hostname", "%s", host);
	fb_sidecar_kv(f, "kernel_release", "%s", u.release);
	fb_sidecar_kv(f, "kernel_version", "%s", u.version);
	fb_sidecar_kv(f, "arch", "%s", u.machine);
	cpu_info(f);
	kv_file(f, "kernel_cmdline", "/proc/cmdline");
	kv_file(f, "clocksource",
		"/sys/devices/system/clocksource/clocksource0/current_clocksource");
	kv_file(f, "cpufreq_governor", "/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor");
	kv_file(f, "thp_enabled", "/sys/kernel/mm/transparent_hugepage/enabled");
	kv_file(f, "thp_defrag", "/sys/kernel/mm/transparent_hugepage/defrag");
	kv_file(f, "thp_shmem_enabled", "/sys/kernel/mm/transparent_hugepage/shmem_enabled");
	kv_file(f, "perf_event_paranoid", "/proc/sys/kernel/perf_event_paranoid");
	kv_file(f, "overcommit_memory", "/proc/sys/vm/overcommit_memory");
	kv_file(f, "max_map_count", "/proc/sys/vm/max_map_count");
	kv_file(f, "aslr", "/proc/sys/kernel/randomize_va_space");
	kv_file(f, "loadavg", "/proc/loadavg");
	uint64_t avail = 0;
	fb_mem_available(&avail);
	fb_sidecar_kv(f, "mem_total_bytes", "%" PRIu64,
		      (uint64_t)sysconf(_SC_PHYS_PAGES) * (uint64_t)sysconf(_SC_PAGESIZE));
	fb_sidecar_kv(f, "mem_available_bytes", "%" PRIu64, avail);
	fb_sidecar_kv(f, "page_size_bytes", "%ld", sysconf(_SC_PAGESIZE));
	vulnerabilities(f);
	fb_sidecar_kv(f, "timer", "%s", "clock_gettime(CLOCK_MONOTONIC)");
	fb_sidecar_kv(f, "timer_overhead_ns", "%" PRId64, fb_timer_overhead_ns());
	return f;
}

int fb_sidecar_close(FILE *f)
{
	return fclose(f);
}
