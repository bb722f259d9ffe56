/* test_perf_plan: no window is multiplexed (issue 14, points 1 and 4).
 * A fake PMU with 4 counters and 8 requested hardware events (+ software
 * ones): the probe finds 4, the planner never puts more than 4 hardware
 * events in one window, every usable event is in exactly one window, and each
 * window opened alone counts exactly. Life windows planned with capacity/2
 * stay exact with two sets (life_all + life_parent) open at once. All eight in
 * one window never run: their cells are empty, not 0 and not scaled. */
#include "test_perf_fake.h"

static int check_plan(const struct fb_perf_spec *s, int cap, int nsets)
{
	struct fb_perf_window w[FB_PERF_MAX];
	int nw = fb_perf_plan(s, cap, w), seen[FB_PERF_MAX] = { 0 };
	for (int k = 0; k < nw; k++) {
		int hw = 0;
		for (int q = 0; q < w[k].n; q++) {
			seen[w[k].ev[q]]++;
			hw += s->ev[w[k].ev[q]].hardware;
		}
		CHECK(hw <= (cap > 0 ? cap : 1), "window %d holds %d hardware events for capacity %d", k, hw, cap);
		printf("capacity %d: window %d: %d events, %d hardware\n", cap, k, w[k].n, hw);
		struct fb_perf_set set[2];
		struct fb_count c[2][FB_PERF_MAX];
		for (int i = 0; i < nsets; i++)
			CHECK(fb_perf_open_window(&set[i], s, &w[k], i == 0) == 0, "open window %d", k);
		for (int i = 0; i < nsets; i++)
			fb_perf_start(&set[i]);
		fake_work(100000);
		for (int i = nsets - 1; i >= 0; i--)
			fb_perf_stop(&set[i]);
		for (int i = 0; i < nsets; i++) {
			fb_perf_read(&set[i], c[i]);
			fb_perf_close(&set[i]);
			for (int q = 0; q < w[k].n; q++)
				CHECK(c[i][w[k].ev[q]].valid, "window %d set %d event %s: %s", k, i,
				      s->ev[w[k].ev[q]].name, fb_count_why_str(c[i][w[k].ev[q]].why));
			for (int e = 0; e < s->n; e++) {
				bool in = false;
				for (int q = 0; q < w[k].n; q++)
					in |= w[k].ev[q] == e;
				CHECK(in || (!c[i][e].valid && c[i][e].why == FB_COUNT_NOT_IN_WINDOW),
				      "event %d outside window %d: %s", e, k, fb_count_why_str(c[i][e].why));
			}
		}
	}
	for (int e = 0; e < s->n; e++)
		CHECK(seen[e] == 1, "event %s in %d windows", s->ev[e].name, seen[e]);
	return nw;
}

int main(void)
{
	struct fb_perf_spec s;
	if (fake_start(&s, "page-faults,task-clock,hw0,hw1,hw2,hw3,hw4,hw5,hw6,hw7,context-switches"))
		return 1;
	CHECK(s.capacity == 4, "probed capacity %d, the fake has 4 counters", s.capacity);
	CHECK(check_plan(&s, s.capacity, 1) == 2, "8 hardware events over 4 counters: 2 windows");
	CHECK(check_plan(&s, s.capacity / 2, 2) == 4, "life windows (2 sets open): 4 windows of 2");
	CHECK(check_plan(&s, 3, 1) == 3, "capacity 3: 3 windows (3+3+2)");
	CHECK(check_plan(&s, 0, 1) == 8, "capacity unknown: one hardware event per window");

	/* Everything in one window: the group does not fit and never runs. */
	struct fb_count c[FB_PERF_MAX];
	CHECK(fake_count(&s, false, 100000, c) == 0, "open all");
	for (int e = 2; e < 10; e++)
		CHECK(!c[e].valid && c[e].why == FB_COUNT_NEVER_RAN, "%s over capacity: %s", s.ev[e].name,
		      fb_count_why_str(c[e].why));
	printf("8 hardware events in one window of 4 counters -> %s\n", fb_count_why_str(c[2].why));

	/* Two windows open at once beyond the counters multiplex: partial, not scaled. */
	struct fb_perf_window w[FB_PERF_MAX];
	fb_perf_plan(&s, 4, w);
	struct fb_perf_set a, b;
	CHECK(fb_perf_open_window(&a, &s, &w[0], false) == 0 && fb_perf_open_window(&b, &s, &w[1], true) == 0,
	      "open two windows");
	fb_perf_start(&a);
	fb_perf_start(&b);
	fake_work(100000);
	fb_perf_stop(&b);
	fb_perf_stop(&a);
	fb_perf_read(&a, c);
	CHECK(!c[w[0].ev[w[0].n - 1]].valid && c[w[0].ev[w[0].n - 1]].why == FB_COUNT_PARTIAL,
	      "8 counters wanted of 4: %s", fb_count_why_str(c[w[0].ev[w[0].n - 1]].why));
	fb_perf_close(&a);
	fb_perf_close(&b);
	return fake_done("test_perf_plan");
}
