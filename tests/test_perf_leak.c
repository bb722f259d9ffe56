/* test_perf_leak: no descriptor outlives a failed open (issue 14, point 7).
 * A failed open of a second set, or of a later event inside one set, leaves
 * the number of entries in /proc/self/fd unchanged — on the fake PMU (whose
 * fds are real) and on the real kernel (a set whose second event the kernel
 * rejects). */
#include "test_perf_fake.h"

static int fd_count(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;
	while (d && readdir(d))
		n++;
	if (d)
		closedir(d);
	return n;
}

int main(void)
{
	struct fb_perf_spec s;
	if (fake_start(&s, "page-faults,task-clock,cycles,instructions,hw0"))
		return 1;
	struct fb_perf_set first, second;
	int before = fd_count();
	CHECK(fb_perf_open(&first, &s, false) == 0, "first set");
	int with_first = fd_count();
	CHECK(with_first == before + 5, "first set holds 5 fds (%d)", with_first - before);
	for (int at = 1; at <= 5; at++) {
		F.opens = 0;
		F.fail_open_at = at;
		F.fail_errno = EMFILE;
		int rc = fb_perf_open(&second, &s, true);
		CHECK(rc == -EMFILE, "open failing at event %d returned %d", at, rc);
		CHECK(fd_count() == with_first, "failed second open at event %d: %d fds, %d before", at,
		      fd_count(), with_first);
		fb_perf_close(&second);   /* harmless after a failure */
	}
	F.fail_open_at = 0;
	fb_perf_close(&first);
	CHECK(fd_count() == before, "all closed: %d vs %d", fd_count(), before);
	printf("fake: a failed second open leaves %d fds (unchanged)\n", with_first);
	fake_done("fake part");

	/* The real kernel: the second event of the second set is rejected (a
	 * software config that does not exist), the first is open when it fails. */
	char *names[] = { "page-faults", "minor-faults" }, err[256];
	if (fb_perf_spec_init(&s, names, 2, err, sizeof(err)) || !s.ev[0].usable || !s.ev[1].usable) {
		printf("SKIP real part: software events cannot be opened here\n");
		return fake_failures ? 1 : 0;
	}
	before = fd_count();
	CHECK(fb_perf_open(&first, &s, false) == 0, "real first set");
	with_first = fd_count();
	struct fb_perf_spec bad = s;
	bad.ev[1].attr.config = 999;   /* no such software event: EINVAL/ENOENT from the kernel */
	int rc = fb_perf_open(&second, &bad, true);
	CHECK(rc < 0, "the bad set opened (%d)", rc);
	CHECK(fd_count() == with_first, "real: failed second open left %d fds, %d before", fd_count(), with_first);
	printf("real kernel: failed second open (%s) leaves %d fds (unchanged)\n", strerror(-rc), with_first);
	fb_perf_close(&first);
	CHECK(fd_count() == before, "real: all closed");
	printf("test_perf_leak: %s\n", fake_failures ? "FAIL" : "ok");
	return fake_failures ? 1 : 0;
}
