/* test_parent_state: the parent-state helpers do what they say, counted
 * back from /proc — N descriptors opened show as N more entries in
 * /proc/self/fd and go away on close; N idle threads show as N more in
 * /proc/self/task and go away on stop; a count above RLIMIT_NOFILE is
 * refused with a message naming it. What the state costs is printed, not
 * asserted (a unit test compares no timings: the ordering fork with many
 * descriptors > fork with none, and > clone_files, is the physics test
 * axes_fds_cost, which measures its noise first): the table is the
 * measurement for the notes (fds 0/1000/max, threads 0/16/64). */
#define _GNU_SOURCE
#include "method.h"
#include "parent_state.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* Median create_ns of REPS exit children of method m (reaped between calls). */
static int64_t median_create(const char *m, volatile int64_t *ready)
{
	enum { REPS = 21 };
	const struct fb_method *me = fb_method_find(m);
	struct fb_child c = { .body = fb_body_exit, .arg = (void *)ready };
	int64_t v[REPS];
	for (int i = 0; i < REPS + 2; i++) {   /* two warm-up calls */
		struct fb_spawned sp = { .pid = -1, .pidfd = -1 };
		int64_t t0 = fb_now_ns();
		int rc = me->spawn(&c, &sp);
		int64_t t1 = fb_now_ns();
		int st = -1;
		if (rc || fb_reap(&sp, &st) || st != 0) {
			CHECK(0, "%s failed", m);
			return -1;
		}
		if (i >= 2)
			v[i - 2] = t1 - t0;
	}
	qsort(v, REPS, sizeof(v[0]), cmp_i64);
	return v[REPS / 2];
}

int main(void)
{
	struct fb_ready r;
	if (fb_ready_init(&r)) {
		printf("FAIL: ready page\n");
		return 1;
	}
	char msg[512];
	uint64_t max, base_fds, n;
	CHECK(fb_fds_max(&max) == 0, "fb_fds_max");
	CHECK(fb_fds_check(max + 1, msg, sizeof(msg)) == -EMFILE && strstr(msg, "--fds") && strstr(msg, "allowed"),
	      "above the limit not refused: %s", msg);
	printf("refused: %s\n", msg);
	uint64_t big = max < 50000 ? max : 50000;
	CHECK(big >= 1000, "fewer than 1000 descriptors allowed here (%llu)", (unsigned long long)big);
	fb_count_fds(&base_fds);

	const uint64_t counts[] = { 0, 1000, big };
	int64_t fork_at[3], files_at[3];
	for (int i = 0; i < 3; i++) {
		struct fb_fds f;
		CHECK(fb_fds_check(counts[i], msg, sizeof(msg)) == 0, "fb_fds_check(%llu): %s",
		      (unsigned long long)counts[i], msg);
		CHECK(fb_fds_open(&f, counts[i]) == 0, "opening %llu descriptors", (unsigned long long)counts[i]);
		fb_count_fds(&n);
		CHECK(n == base_fds + counts[i], "/proc/self/fd has %llu, expected %llu", (unsigned long long)n,
		      (unsigned long long)(base_fds + counts[i]));
		fork_at[i] = median_create("fork", r.ns);
		files_at[i] = median_create("clone_files", r.ns);
		printf("fds %6llu: fork %8lld ns  clone_files %8lld ns (median create_ns of 21)\n",
		       (unsigned long long)counts[i], (long long)fork_at[i], (long long)files_at[i]);
		fb_fds_close(&f);
		fb_count_fds(&n);
		CHECK(n == base_fds, "descriptors left open after close: %llu", (unsigned long long)n);
	}
	const unsigned threads[] = { 0, 16, 64 };
	for (int i = 0; i < 3; i++) {
		struct fb_threads th;
		CHECK(fb_threads_start(&th, threads[i]) == 0, "starting %u threads", threads[i]);
		fb_count_threads(&n);
		CHECK(n == 1 + threads[i], "/proc/self/task has %llu, expected %u", (unsigned long long)n, 1 + threads[i]);
		printf("threads %3u: fork %8lld ns (median create_ns of 21)\n", threads[i],
		       (long long)median_create("fork", r.ns));
		fb_threads_stop(&th);
		fb_count_threads(&n);
		CHECK(n == 1, "threads left after stop: %llu", (unsigned long long)n);
	}
	struct fb_threads th;
	CHECK(fb_threads_start(&th, FB_THREADS_MAX + 1) == -EINVAL, "too many threads not refused");
	fb_ready_close(&r);
	printf("%d failures\n", failures);
	return failures ? 1 : 0;
}
