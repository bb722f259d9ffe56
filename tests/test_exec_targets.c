/* test_exec_targets: every exec image kind starts, speaks the ready page
 * protocol (its timestamp lands between the spawn and the reap) and exits 0;
 * large:SIZE reads its text after the first instruction (touched after
 * ready) and takes faults for it: its own count over the touch and the
 * child's RUSAGE_CHILDREN growth over large:0. One fault per 4 KiB page is
 * the most (SIZE/4096); fewer is the page cache's doing, not ours: a read
 * fault maps the cached neighbours too (fault-around, and on this 6.18/ext4
 * machine whole large folios: 8 faults for 8 MiB), and one fault maps at
 * most a 2 MiB PMD, so SIZE/2M is the floor. Every page was really read:
 * the target checks the sum of the bytes (exit 5 otherwise). The parser takes the four kinds
 * and refuses anything else with a message naming the value.
 * With an argument (a heap size, e.g. 1G), it is a measurement instead: a
 * touched heap of that size in this process, then the median over 21
 * posix_spawns of each target's ready_ns (spawn -> the target's first
 * instruction), total_ns (-> reaped) and for large its touch time. */
#define _GNU_SOURCE
#include "exec_target.h"
#include "heap.h"
#include "method.h"
#include "util.h"

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "check.h"

static long children_minflt(void)
{
	struct rusage ru;
	getrusage(RUSAGE_CHILDREN, &ru);
	return ru.ru_minflt;
}

struct run {
	int64_t ready_ns, touched_ns, touch_minflt;
	long minflt;
	int status;
};

static int run_once(const struct fb_exec_target *t, struct fb_ready *r, struct run *out)
{
	struct fb_exec_cmd cmd;
	char msg[512];
	int rc = fb_exec_target_resolve(t, r->fd_arg, &cmd, msg, sizeof(msg));
	if (rc) {
		printf("%s\n", msg);
		return rc;
	}
	char *envp[] = { NULL };
	*r->ns = *r->touched_ns = *r->touch_minflt = 0;
	long f0 = children_minflt();
	int64_t t0 = fb_now_ns();
	pid_t pid;
	rc = posix_spawn(&pid, cmd.path, NULL, NULL, cmd.argv, envp);
	if (rc)
		return -rc;
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	int64_t t2 = fb_now_ns();
	out->minflt = children_minflt() - f0;
	out->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	out->ready_ns = *r->ns ? *r->ns - t0 : -1;
	out->touched_ns = *r->touched_ns ? *r->touched_ns - t0 : -1;
	out->touch_minflt = *r->touch_minflt;
	CHECK(*r->ns > t0 && *r->ns < t2, "%s: no ready timestamp between spawn and reap", t->spec);
	return 0;
}

static void parse_checks(void)
{
	struct fb_exec_target t;
	char msg[256];
	const char *good[] = { "static", "dynamic", "shell", "large:0", "large:8M" };
	for (size_t i = 0; i < FB_ARRAY_LEN(good); i++)
		CHECK(fb_exec_target_parse(good[i], &t, msg, sizeof(msg)) == 0, "'%s' refused: %s", good[i], msg);
	CHECK(!fb_exec_target_parse("large:8M", &t, msg, sizeof(msg)) && t.touch_bytes == 8 << 20 &&
		      strcmp(t.spec, "large:8M") == 0, "large:8M parsed wrong");
	const char *badv[] = { "", "medium", "large", "large:", "large:abc", "static:4K", "dynamic:1" };
	for (size_t i = 0; i < FB_ARRAY_LEN(badv); i++) {
		msg[0] = 0;
		CHECK(fb_exec_target_parse(badv[i], &t, msg, sizeof(msg)) == -EINVAL && strstr(msg, badv[i]) &&
			      strstr(msg, "allowed"), "'%s' not refused with a message naming it: %s", badv[i], msg);
	}
	struct fb_exec_target list[8];
	CHECK(fb_exec_target_parse_list("static,large:1M,shell", list, 8, msg, sizeof(msg)) == 3 &&
		      list[1].touch_bytes == 1 << 20, "list parse");
	CHECK(fb_exec_target_parse_list("static,nope", list, 8, msg, sizeof(msg)) == -EINVAL, "bad list item");
	/* more than the image holds: refused at resolve, with the way out in the message */
	struct fb_exec_cmd cmd;
	fb_exec_target_parse("large:64G", &t, msg, sizeof(msg));
	CHECK(fb_exec_target_resolve(&t, "3", &cmd, msg, sizeof(msg)) == -EINVAL && strstr(msg, "FORKBENCH_LARGE_TEXT_MB"),
	      "large:64G not refused at resolve: %s", msg);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* The measurement mode: posix_spawn of each target with a touched heap of `size`. */
static int measure(const char *size_arg)
{
	uint64_t size;
	if (fb_parse_size(size_arg, &size)) {
		fprintf(stderr, "test_exec_targets: bad heap size '%s': a size with K/M/G suffix\n", size_arg);
		return FB_EXIT_USAGE;
	}
	struct fb_heap h;
	struct fb_heap_params hp = { .fragments = 1 };
	int rc = fb_heap_create(&h, fb_heap_kind_find("touched"), size, &hp);
	if (rc || h.skip_reason[0]) {
		fprintf(stderr, "heap: %s\n", rc ? strerror(-rc) : h.skip_reason);
		return 1;
	}
	struct fb_ready r;
	fb_ready_init(&r);
	enum { N = 21 };
	const char *kinds[] = { "static", "dynamic", "shell", "large:0", "large:1M", "large:16M" };
	printf("heap touched %s (rss %llu bytes)\n", size_arg, (unsigned long long)h.process.rss_bytes);
	printf("%-10s %12s %12s %12s %8s\n", "target", "ready_ns", "total_ns", "touch_ns", "minflt");
	for (size_t i = 0; i < FB_ARRAY_LEN(kinds); i++) {
		struct fb_exec_target t;
		char msg[256];
		fb_exec_target_parse(kinds[i], &t, msg, sizeof(msg));
		int64_t ready[N], total[N], touch[N], flt[N];
		struct run w;
		if (run_once(&t, &r, &w))
			continue;
		for (int k = 0; k < N; k++) {
			struct run x;
			int64_t t0 = fb_now_ns();
			run_once(&t, &r, &x);
			total[k] = fb_now_ns() - t0;
			ready[k] = x.ready_ns;
			touch[k] = x.touched_ns > 0 ? x.touched_ns - x.ready_ns : 0;
			flt[k] = x.minflt;
		}
		qsort(ready, N, sizeof(int64_t), cmp_i64);
		qsort(total, N, sizeof(int64_t), cmp_i64);
		qsort(touch, N, sizeof(int64_t), cmp_i64);
		qsort(flt, N, sizeof(int64_t), cmp_i64);
		printf("%-10s %12lld %12lld %12lld %8lld\n", t.spec, (long long)ready[N / 2], (long long)total[N / 2],
		       (long long)touch[N / 2], (long long)flt[N / 2]);
	}
	fb_ready_close(&r);
	fb_heap_destroy(&h);
	return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
	char path[4096];
	if (fb_exec_target_path(path, sizeof(path))) {
		printf("SKIP: exec target not found (set FORKBENCH_EXEC_TARGET)\n");
		return FB_EXIT_SKIP;
	}
	if (argc > 1)
		return measure(argv[1]);
	parse_checks();
	struct fb_ready r;
	if (fb_ready_init(&r)) {
		printf("FAIL: ready page\n");
		return 1;
	}
	enum { REPS = 3 };
	const uint64_t touch = 8 << 20;
	const char *kinds[] = { "static", "dynamic", "shell", "large:0", "large:8M" };
	long large0_minflt = 0;
	for (size_t i = 0; i < FB_ARRAY_LEN(kinds); i++) {
		struct fb_exec_target t;
		char msg[256];
		fb_exec_target_parse(kinds[i], &t, msg, sizeof(msg));
		struct run warm, run[REPS];
		if (run_once(&t, &r, &warm)) {   /* page cache warm, so faults are minor */
			CHECK(0, "%s did not start", kinds[i]);
			continue;
		}
		long minflt_min = -1;
		for (int k = 0; k < REPS; k++) {
			run_once(&t, &r, &run[k]);
			CHECK(run[k].status == 0, "%s exited %d", kinds[i], run[k].status);
			if (minflt_min < 0 || run[k].minflt < minflt_min)
				minflt_min = run[k].minflt;
			printf("%-9s ready %7lld ns  touched %9lld ns  child minflt %5ld  touch minflt %5lld\n",
			       t.spec, (long long)run[k].ready_ns, (long long)run[k].touched_ns, run[k].minflt,
			       (long long)run[k].touch_minflt);
		}
		if (!t.kind->touches)
			continue;
		for (int k = 0; k < REPS; k++)
			CHECK(run[k].touched_ns > run[k].ready_ns, "%s: touched not after ready", t.spec);
		if (t.touch_bytes == 0) {
			large0_minflt = minflt_min;
			for (int k = 0; k < REPS; k++)
				CHECK(run[k].touch_minflt == 0, "large:0 faulted %lld times over no touch",
				      (long long)run[k].touch_minflt);
			continue;
		}
		long pages = (long)(touch / FB_PAGE_SIZE);
		long floor = (long)(touch / FB_HUGE_SIZE);
		for (int k = 0; k < REPS; k++) {
			long f = (long)run[k].touch_minflt;
			CHECK(f >= floor && f <= pages + 16,
			      "%s: %ld faults over the touch, expected from %ld (2 MiB each) to %ld (4 KiB each)",
			      t.spec, f, floor, pages);
		}
		long extra = minflt_min - large0_minflt;
		CHECK(extra >= floor && extra <= pages + 64,
		      "%s: %ld more child faults than large:0, expected from %ld to %ld", t.spec, extra, floor, pages);
		printf("large:8M: %ld pages read, %lld faults in the target, %ld more child faults than large:0\n",
		       pages, (long long)run[0].touch_minflt, extra);
	}
	fb_ready_close(&r);
	printf("%d failures\n", failures);
	return failures ? 1 : 0;
}
