/* cli_machine: the checks a driver makes against the machine before it
 * measures anything — does a heap size fit in MemAvailable, can the output's
 * directory be made, were the CPUs quiet (200 ms of /proc/stat). Measures
 * nothing that goes in a row: busy_pct_before goes in the sidecar. */
#define _GNU_SOURCE
#include "cli.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

void fb_check_fits(const char *prog, uint64_t bytes, unsigned copies)
{
	uint64_t need, avail;
	if (fb_heap_fits(bytes, copies, &need, &avail) == -ENOMEM) {
		char b[32];
		fb_format_size(bytes, b, sizeof(b));
		fb_usage_error(prog,
			       "heap size %s does not fit: it needs about %llu MiB (heap%s, page tables, slack) and MemAvailable is %llu MiB",
			       b, (unsigned long long)(need >> 20),
			       copies ? " plus what the child may copy" : "",
			       (unsigned long long)(avail >> 20));
	}
}

int fb_make_parent_dir(const char *path)
{
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s", path);
	char *slash = strrchr(dir, '/');
	if (!slash)
		return 0;
	*slash = '\0';
	for (char *p = dir + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(dir, 0777);
			*p = '/';
		}
	if (mkdir(dir, 0777) && errno != EEXIST)
		return -errno;
	return 0;
}

static int read_cpu_times(unsigned long long *busy, unsigned long long *total)
{
	FILE *f = fopen("/proc/stat", "re");
	if (!f)
		return -errno;
	unsigned long long v[10] = { 0 };
	int n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2],
		       &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]);
	fclose(f);
	if (n < 5)
		return -EINVAL;
	*total = 0;
	for (int i = 0; i < 8; i++)
		*total += v[i];
	*busy = *total - v[3] - v[4];   /* minus idle and iowait */
	return 0;
}

int fb_check_quiet(const char *prog)
{
	unsigned long long b0, t0, b1, t1;
	if (read_cpu_times(&b0, &t0))
		return -1;
	struct timespec ts = { 0, 200000000 };
	nanosleep(&ts, NULL);
	if (read_cpu_times(&b1, &t1) || t1 == t0)
		return -1;
	int pct = (int)(100 * (b1 - b0) / (t1 - t0));
	if (pct >= 10)
		fprintf(stderr, "%s: warning: the CPUs were %d%% busy before the run: other work skews timings (recorded in the sidecar as busy_pct_before)\n",
			prog, pct);
	return pct;
}
