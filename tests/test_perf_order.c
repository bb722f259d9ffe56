/* test_perf_order: only the creation call sits between ENABLE and DISABLE
 * (issue 14, point 3), checked on the fake PMU's log of calls. A window of
 * software and hardware events is one group: fb_perf_start is the baseline
 * reads then ONE enable ioctl, fb_perf_stop ONE disable; nothing else (no
 * read, no other event's ioctl) between them. The life protocol (perf.h,
 * step 3b, fb_perf_start_pair) nests the parent set inside the inherited one
 * with both baselines read first, so the only perf calls in the child's
 * difference are the parent set's own enable and disable. */
#include "test_perf_fake.h"

/* The words of the log from the first ENABLE to the last DISABLE. */
static void between(char *out, size_t len)
{
	const char *a = strchr(F.log, 'E'), *b = strrchr(F.log, 'D');
	out[0] = '\0';
	if (a && b && b > a) {
		const char *e = strchr(b, ' ');
		snprintf(out, len, "%.*s", (int)((e ? e : b + strlen(b)) - a), a);
	}
}

static int words(const char *s, char c)
{
	int n = 0;
	for (const char *p = s; *p; p++)
		n += *p == c && (p == s || p[-1] == ' ');
	return n;
}

int main(void)
{
	struct fb_perf_spec s;
	if (fake_start(&s, "page-faults,context-switches,task-clock,cycles,instructions"))
		return 1;
	struct fb_perf_window w[FB_PERF_MAX];
	CHECK(fb_perf_plan(&s, s.capacity, w) == 1, "one window");
	struct fb_perf_set call;
	CHECK(fb_perf_open_window(&call, &s, &w[0], false) == 0, "open");
	F.log[0] = '\0';
	fb_perf_start(&call);
	fake_mark("CALL");
	fb_perf_stop(&call);
	char win[512];
	between(win, sizeof(win));
	printf("call pass log: %s\nbetween enable and disable: %s\n", F.log, win);
	CHECK(words(F.log, 'E') == 1 && words(F.log, 'D') == 1, "one enable and one disable for the set");
	char expect[64];
	snprintf(expect, sizeof(expect), "E%d CALL D%d", call.leader[0], call.leader[0]);
	CHECK(strcmp(win, expect) == 0, "window is '%s', want '%s'", win, expect);
	CHECK(words(F.log, 'R') == 5 && strchr(F.log, 'R') < strchr(F.log, 'E'),
	      "the 5 baseline reads come before the enable");
	struct fb_count c[FB_PERF_MAX];
	F.log[0] = '\0';
	fb_perf_read(&call, c);
	CHECK(words(F.log, 'E') == 0 && words(F.log, 'D') == 0, "read does no ioctl");
	fb_perf_close(&call);

	/* Life pass: all (inherited) outside, parent inside, the creation and reap between. */
	struct fb_perf_window lw[FB_PERF_MAX];
	fb_perf_plan(&s, s.capacity / 2, lw);
	struct fb_perf_set all, par;
	CHECK(fb_perf_open_window(&all, &s, &lw[0], true) == 0 &&
	      fb_perf_open_window(&par, &s, &lw[0], false) == 0, "open life sets");
	F.log[0] = '\0';
	fb_perf_start_pair(&all, &par);
	fake_mark("CALL");
	fake_mark("REAP");
	fb_perf_stop_pair(&all, &par);
	between(win, sizeof(win));
	snprintf(expect, sizeof(expect), "E%d", all.leader[0]);
	char mid[128];
	snprintf(mid, sizeof(mid), "E%d CALL REAP D%d", par.leader[0], par.leader[0]);
	CHECK(strncmp(win, expect, strlen(expect)) == 0 && strstr(win, mid), "life window: %s", win);
	snprintf(expect, sizeof(expect), "E%d E%d CALL REAP D%d D%d", all.leader[0], par.leader[0],
		 par.leader[0], all.leader[0]);
	CHECK(strcmp(win, expect) == 0, "life window '%s', want '%s' (no read inside)", win, expect);
	printf("life pass between enable and disable: %s\n", win);
	fb_perf_close(&par);
	fb_perf_close(&all);
	return fake_done("test_perf_order");
}
