/* test_perf_child: the counters the runners rely on count real work.
 * A child that writes N fresh pages must show ~N page faults in the
 * inherited-minus-parent counters, and the parent writing N pages in its own
 * window must show ~N. Skips (77) where software events cannot be opened. */
#define _GNU_SOURCE
#include "method.h"
#include "perf.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

enum { PAGES = 4096 };

int main(void)
{
	char *names[] = { "page-faults", "minor-faults" };
	struct fb_perf_spec spec;
	char err[256];
	if (fb_perf_spec_init(&spec, names, 2, err, sizeof(err)) || !spec.ev[0].usable) {
		printf("SKIP: page-faults cannot be counted here\n");
		return FB_EXIT_SKIP;
	}
	struct fb_perf_set self, all;
	if (fb_perf_open(&self, &spec, false) || fb_perf_open(&all, &spec, true)) {
		printf("SKIP: cannot open counters\n");
		return FB_EXIT_SKIP;
	}
	int failures = 0;
	for (int round = 0; round < 3; round++) {
		char *mem = mmap(NULL, PAGES * FB_PAGE_SIZE, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		madvise(mem, PAGES * FB_PAGE_SIZE, MADV_NOHUGEPAGE);
		fb_perf_start(&all);
		fb_perf_start(&self);
		pid_t pid = fork();
		if (pid == 0) {
			fb_touch_pages(mem, PAGES * FB_PAGE_SIZE, 1);
			fb_raw_exit(0);
		}
		int st;
		waitpid(pid, &st, 0);
		fb_perf_stop(&self);
		fb_perf_stop(&all);
		struct fb_count a[FB_PERF_MAX], s[FB_PERF_MAX];
		fb_perf_read(&all, a);
		fb_perf_read(&self, s);
		long child = (long)(a[0].value - s[0].value);
		/* round > 0 also checks that earlier children do not accumulate */
		printf("round %d: child page-faults %ld for %d pages written\n", round, child, PAGES);
		if (child < PAGES || child > PAGES + 64) {
			printf("FAIL: child faults %ld not within [%d, %d]\n", child, PAGES, PAGES + 64);
			failures++;
		}
		fb_perf_start(&self);
		fb_touch_pages(mem, PAGES * FB_PAGE_SIZE, 2);
		fb_perf_stop(&self);
		fb_perf_read(&self, s);
		printf("round %d: parent page-faults %lld for %d pages written\n", round,
		       (long long)s[0].value, PAGES);
		if (s[0].value < PAGES || s[0].value > PAGES + 16) {
			printf("FAIL: parent faults not within [%d, %d]\n", PAGES, PAGES + 16);
			failures++;
		}
		munmap(mem, PAGES * FB_PAGE_SIZE);
	}
	fb_perf_close(&self);
	fb_perf_close(&all);
	return failures ? 1 : 0;
}
