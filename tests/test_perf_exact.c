/* test_perf_exact: every count says whether it is exact (issue 14, points 1, 2, 7).
 * On the fake PMU: a window that ran for part of its enabled time, or never,
 * gives an invalid count with the reason — never a scaled or a zero value; an
 * exact window gives the raw count; a child difference is valid only when both
 * terms are exact and it is non-negative; a failed baseline read does not turn
 * a cumulative count into a "delta". */
#include "test_perf_fake.h"

static struct fb_count one(struct fb_perf_spec *s, int ev, double share)
{
	struct fb_perf_set set;
	struct fb_count c[FB_PERF_MAX];
	F.share = share;
	CHECK(fb_perf_open(&set, s, false) == 0, "open");
	fb_perf_start(&set);
	fake_work(1000000);
	fb_perf_stop(&set);
	fb_perf_read(&set, c);
	fb_perf_close(&set);
	F.share = -1;
	return c[ev];
}

int main(void)
{
	struct fb_perf_spec s;
	if (fake_start(&s, "page-faults,cycles,instructions"))
		return 1;
	CHECK(s.ev[1].usable && s.ev[1].hardware && s.capacity == 4, "cycles usable, capacity %d", s.capacity);

	struct fb_count c = one(&s, 1, 1.0);
	CHECK(c.valid && c.why == FB_COUNT_EXACT && c.value == (int64_t)c.running_ns &&
	      c.running_ns == c.enabled_ns, "exact window: valid %d why %s value %lld", c.valid,
	      fb_count_why_str(c.why), (long long)c.value);

	c = one(&s, 1, 0.5);   /* multiplexed: ran half the window */
	CHECK(!c.valid && c.why == FB_COUNT_PARTIAL && c.multiplexed && c.running_ns < c.enabled_ns,
	      "run < enabled: valid %d why %s", c.valid, fb_count_why_str(c.why));
	printf("run < enabled -> %s, cell empty\n", fb_count_why_str(c.why));

	c = one(&s, 2, 0.0);   /* never scheduled */
	CHECK(!c.valid && c.why == FB_COUNT_NEVER_RAN && c.running_ns == 0,
	      "run == 0: valid %d why %s", c.valid, fb_count_why_str(c.why));
	printf("run == 0 -> %s, cell empty\n", fb_count_why_str(c.why));

	c = one(&s, 0, 0.0);   /* the software event beside them is not hardware: unaffected */
	CHECK(c.why == FB_COUNT_NEVER_RAN || c.valid, "software member: %s", fb_count_why_str(c.why));

	/* Child = all - parent: both exact and non-negative, or empty with the reason. */
	struct fb_count ex1 = { .valid = true, .value = 100 }, ex2 = { .valid = true, .value = 40 };
	struct fb_count part = { .valid = false, .value = 90, .why = FB_COUNT_PARTIAL, .multiplexed = true };
	struct fb_count k = fb_count_child(&ex1, &ex2);
	CHECK(k.valid && k.value == 60, "exact child %lld", (long long)k.value);
	k = fb_count_child(&ex1, &part);
	CHECK(!k.valid && k.why == FB_COUNT_TERM_INEXACT, "inexact parent term gave %s", fb_count_why_str(k.why));
	k = fb_count_child(&part, &ex2);
	CHECK(!k.valid && k.why == FB_COUNT_TERM_INEXACT, "inexact all term gave %s", fb_count_why_str(k.why));
	k = fb_count_child(&ex2, &ex1);
	CHECK(!k.valid && k.why == FB_COUNT_NEGATIVE, "negative child gave valid %d %s", k.valid,
	      fb_count_why_str(k.why));

	/* A failed baseline read: the count is not a delta, so it is not given. */
	struct fb_perf_set set;
	struct fb_count cs[FB_PERF_MAX];
	CHECK(fb_perf_open(&set, &s, false) == 0, "open");
	F.reads = 0;
	F.fail_read_at = 1;   /* the first baseline read of fb_perf_start */
	fb_perf_start(&set);
	fake_work(1000);
	fb_perf_stop(&set);
	fb_perf_read(&set, cs);
	F.fail_read_at = 0;
	int failed = 0;
	for (int i = 0; i < s.n; i++)
		failed += cs[i].why == FB_COUNT_READ_FAILED && !cs[i].valid;
	CHECK(failed == 1, "a failed baseline read marks exactly its event (%d)", failed);
	/* The tally counts never-scheduled and partial windows per event. */
	struct fb_perf_tally t = { 0 };
	struct fb_count w1[FB_PERF_MAX] = { 0 };
	for (int i = 0; i < FB_PERF_MAX; i++)
		w1[i].why = FB_COUNT_NOT_OPEN;
	w1[1] = (struct fb_count){ .why = FB_COUNT_NEVER_RAN };
	w1[2] = (struct fb_count){ .valid = true, .why = FB_COUNT_EXACT };
	fb_perf_tally_add(&t, w1);
	w1[1] = (struct fb_count){ .why = FB_COUNT_PARTIAL };
	fb_perf_tally_add(&t, w1);
	CHECK(t.windows[1] == 2 && t.never[1] == 1 && t.partial[1] == 1 && t.exact[2] == 2 && t.windows[0] == 0,
	      "tally");
	fb_perf_close(&set);
	return fake_done("test_perf_exact");
}
