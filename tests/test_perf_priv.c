/* test_perf_priv: honest privilege handling (issue 14, the non-root findings).
 * On a fake PMU that refuses the kernel part (EACCES unless exclude_kernel,
 * as perf_event_paranoid=2 does for a user): page-faults:k, cycles:k and
 * context-switches / cpu-migrations are unusable (empty cells, one message
 * naming paranoid), never a 0 count; page-faults falls back to user space and
 * its column says so (_u); task-clock, which the kernel does not filter,
 * keeps its name. The sidecar lines are one unique key each. */
#include "test_perf_fake.h"

int main(void)
{
	fake_reset(4, NULL, false);
	F.refuse_kernel = true;
	struct fb_perf_spec s;
	if (fake_spec(&s, "page-faults:k,context-switches,cpu-migrations,cycles:k,page-faults,task-clock,cycles"))
		return 1;
	for (int i = 0; i < 4; i++) {
		const struct fb_perf_event *e = &s.ev[i];
		CHECK(!e->usable && strstr(e->why, "perf_event_paranoid=2") && strstr(e->why, "kernel"),
		      "%s: usable %d why '%s'", e->name, e->usable, e->why);
		printf("%s -> unusable: %s\n", e->name, e->why);
	}
	CHECK(s.ev[4].usable && s.ev[4].user_only && strcmp(s.ev[4].column, "page_faults_u") == 0,
	      "page-faults: usable %d user_only %d column %s", s.ev[4].usable, s.ev[4].user_only, s.ev[4].column);
	CHECK(s.ev[5].usable && !s.ev[5].user_only && strcmp(s.ev[5].column, "task_clock_ns") == 0,
	      "task-clock: column %s", s.ev[5].column);
	CHECK(s.ev[6].usable && s.ev[6].user_only && strcmp(s.ev[6].column, "cycles_u") == 0,
	      "cycles: column %s", s.ev[6].column);
	CHECK(strcmp(fb_perf_scope(&s), "user") == 0, "scope %s", fb_perf_scope(&s));

	/* Unusable events are never opened and never read as 0. */
	struct fb_count c[FB_PERF_MAX];
	CHECK(fake_count(&s, true, 10000, c) == 0, "open");
	for (int i = 0; i < 4; i++)
		CHECK(!c[i].valid && c[i].why == FB_COUNT_NOT_OPEN, "%s read valid %d", s.ev[i].name, c[i].valid);
	CHECK(c[4].valid && c[5].valid && c[6].valid, "user-only events count");

	/* Sidecar: the per-event keys are unique, one key per line. */
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	fb_perf_sidecar(f, &s);
	fclose(f);
	char keys[128][96];
	int n = 0;
	for (char *save = NULL, *l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(l, '=');
		CHECK(eq != NULL, "line without '=': %s", l);
		if (!eq || n == 128)
			continue;
		snprintf(keys[n], sizeof(keys[n]), "%.*s", (int)(eq - l), l);
		for (int j = 0; j < n; j++)
			CHECK(strcmp(keys[j], keys[n]) != 0, "duplicate key %s", keys[n]);
		if (strncmp(l, "perf_event_status.", 18) == 0)
			printf("%s\n", l);
		n++;
	}
	free(buf);
	CHECK(n == 3 + 6 * s.n, "%d sidecar lines", n);

	/* The same names as root: kernel+user, no suffix. */
	fake_reset(4, NULL, false);
	if (fake_spec(&s, "page-faults,context-switches,task-clock"))
		return 1;
	CHECK(s.ev[0].usable && !s.ev[0].user_only && strcmp(s.ev[0].column, "page_faults") == 0 &&
	      s.ev[1].usable, "root: %s %s", s.ev[0].column, s.ev[1].why);
	/* cycles refused and cycles:u listed: they would share a column. */
	fake_reset(4, NULL, false);
	F.refuse_kernel = true;
	char *names[] = { "cycles", "cycles:u" }, err[256];
	CHECK(fb_perf_spec_init(&s, names, 2, err, sizeof(err)) == -EINVAL, "cycles + cycles:u as a user");
	printf("cycles,cycles:u as a user -> %s\n", err);
	return fake_done("test_perf_priv");
}
