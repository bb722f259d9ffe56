/* test_perf_pass: the counted-pass protocol as the harness will run it
 * (issue 14, points 1, 2 and 4). On a fake PMU with 4 counters and 6
 * hardware events (+ software ones): call passes open only non-inherited
 * counters, life passes only the inherited pair, never both at once; no pass
 * wants more counters than the PMU has; after all passes every usable event
 * has an exact parent and child count, each filled by exactly one pass. */
#include "test_perf_fake.h"

static int open_events(int inherit)
{
	int n = 0;
	for (int i = 0; i < 256; i++)
		n += F.ev[i].used && (inherit < 0 || (int)F.ev[i].a.inherit == inherit);
	return n;
}

int main(void)
{
	struct fb_perf_spec s;
	if (fake_start(&s, "page-faults,task-clock,hw0,hw1,hw2,hw3,hw4,hw5"))
		return 1;
	struct fb_perf_pass p[FB_PERF_MAX_PASSES];
	int np = fb_perf_passes(&s, true, p), ncall = 0, nlife = 0;
	struct fb_count parent[FB_PERF_MAX], child[FB_PERF_MAX];
	fb_perf_counts_clear(parent);
	fb_perf_counts_clear(child);
	struct fb_perf_tally t = { 0 };
	int filled_parent[FB_PERF_MAX] = { 0 }, filled_child[FB_PERF_MAX] = { 0 };
	for (int k = 0; k < np; k++) {
		struct fb_perf_counted c;
		CHECK(open_events(-1) == 0, "pass %d: something still open before it", k);
		CHECK(fb_perf_pass_open(&c, &s, &p[k]) == 0, "open pass %d", k);
		int hw = 0;
		for (int q = 0; q < p[k].w.n; q++)
			hw += s.ev[p[k].w.ev[q]].hardware;
		if (p[k].kind == FB_PERF_PASS_CALL) {
			ncall++;
			CHECK(open_events(1) == 0, "call pass %d has inherited counters open", k);
			CHECK(hw <= s.capacity, "call pass %d: %d hardware events", k, hw);
		} else {
			nlife++;
			CHECK(open_events(1) == open_events(0), "life pass %d: the inherited/parent pair", k);
			CHECK(2 * hw <= s.capacity, "life pass %d: 2 x %d hardware counters", k, hw);
		}
		struct fb_count before[FB_PERF_MAX], cbefore[FB_PERF_MAX];
		memcpy(before, parent, sizeof(before));
		memcpy(cbefore, child, sizeof(cbefore));
		fb_perf_pass_begin(&c);
		fake_work(50000);           /* the creation */
		fb_perf_pass_call_end(&c);
		fake_work(50000);           /* the child's life, the reap */
		fb_perf_pass_reaped(&c);
		fb_perf_pass_collect(&c, parent, child, &t);
		fb_perf_pass_close(&c);
		for (int i = 0; i < s.n; i++) {
			filled_parent[i] += memcmp(&before[i], &parent[i], sizeof(parent[i])) != 0;
			filled_child[i] += memcmp(&cbefore[i], &child[i], sizeof(child[i])) != 0;
		}
		printf("pass %d: %s, %d events (%d hardware)\n", k, p[k].kind == FB_PERF_PASS_CALL ? "call" : "life",
		       p[k].w.n, hw);
	}
	CHECK(ncall == 2 && nlife == 3, "passes: %d call, %d life", ncall, nlife);
	for (int i = 0; i < s.n; i++) {
		CHECK(parent[i].valid && filled_parent[i] == 1, "%s parent: %s, filled %d times", s.ev[i].name,
		      fb_count_why_str(parent[i].why), filled_parent[i]);
		CHECK(child[i].valid && filled_child[i] == 1, "%s child: %s, filled %d times", s.ev[i].name,
		      fb_count_why_str(child[i].why), filled_child[i]);
		CHECK(t.windows[i] == 3 && t.exact[i] == 3 && t.never[i] == 0, "%s tally %u/%u", s.ev[i].name,
		      t.exact[i], t.windows[i]);
	}
	struct fb_count res[FB_PERF_MAX];
	CHECK(fb_perf_pass_residual(&s, &p[np - 1], res) == 0, "residual");
	for (int q = 0; q < p[np - 1].w.n; q++) {
		int i = p[np - 1].w.ev[q];
		CHECK(res[i].valid && res[i].value >= 0, "residual of %s: %s", s.ev[i].name, fb_count_why_str(res[i].why));
		printf("empty life window residual of %s: %lld (the parent set's own enable/disable)\n", s.ev[i].name,
		       (long long)res[i].value);
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	fb_perf_sidecar_residual(f, &s);
	fclose(f);
	CHECK(strstr(buf, "perf_event_life_residual.hw5=200\n") && strstr(buf, "perf_event_life_residual.page_faults="),
	      "residual lines:\n%s", buf);
	free(buf);
	CHECK(open_events(-1) == 0, "all closed");
	return fake_done("test_perf_pass");
}
