/* test_perf_encode: encoding done right (issue 14, point 6).
 * attr.size is sizeof(struct perf_event_attr) when the encoder runs (libpfm4
 * copies back only attr.size bytes); libpfm4's resolved event string and PMU
 * name are kept per event; failed opens are explained by their real cause
 * and say "VM" only when the machine is one. */
#include "test_perf_fake.h"

int main(void)
{
	struct fb_perf_spec s;
	if (fake_start(&s, "cycles"))
		return 1;
	CHECK(F.size_at_encode == sizeof(struct perf_event_attr), "attr.size at encode %u, want %zu",
	      F.size_at_encode, sizeof(struct perf_event_attr));
	CHECK(strcmp(s.ev[0].fstr, "fake::cycles") == 0 && strcmp(s.ev[0].pmu, "fake") == 0, "fstr %s pmu %s",
	      s.ev[0].fstr, s.ev[0].pmu);

	/* Causes, not guesses: each errno names its own cause; VM only on a VM. */
	static const struct { int err; const char *word; } causes[] = {
		{ EACCES, "perf_event_paranoid=2" }, { EINVAL, "rejects this encoding" },
		{ EBUSY, "busy" }, { EOPNOTSUPP, "cannot count it" }, { EMFILE, "ulimit" },
		{ ENOENT, "no such event" },
	};
	char buf[256];
	for (size_t i = 0; i < FB_ARRAY_LEN(causes); i++) {
		fb_perf_explain(causes[i].err, &s, &s.ev[0], buf, sizeof(buf));
		CHECK(strstr(buf, causes[i].word) && !strstr(buf, "VM"), "%s: '%s'", strerror(causes[i].err), buf);
		printf("bare metal, %s -> %s\n", strerrorname_np(causes[i].err), buf);
	}
	fake_reset(0, NULL, true);   /* a guest without a hardware PMU */
	if (fake_spec(&s, "cycles"))
		return 1;
	CHECK(s.vm && !s.ev[0].usable && strstr(s.ev[0].why, "VM") && strstr(s.ev[0].why, "no hardware PMU"),
	      "VM without PMU: '%s'", s.ev[0].why);
	printf("VM, no PMU -> %s\n", s.ev[0].why);
	fake_reset(0, NULL, false);   /* bare metal whose sysfs lists no core PMU */
	if (fake_spec(&s, "cycles"))
		return 1;
	CHECK(!s.vm && !strstr(s.ev[0].why, "VM") && strstr(s.ev[0].why, "no hardware PMU"), "bare: '%s'",
	      s.ev[0].why);
	fake_done("fake part");

	/* The real libpfm4: the same rules with the real encoder. */
	char *names[] = { "page-faults", "cycles" }, err[256];
	if (fb_perf_spec_init(&s, names, 2, err, sizeof(err))) {
		printf("FAIL: libpfm4 does not encode %s\n", err);
		return 1;
	}
	CHECK(s.ev[0].attr.size == sizeof(struct perf_event_attr), "real attr.size %u", s.ev[0].attr.size);
	CHECK(strncmp(s.ev[0].fstr, "perf::PERF_COUNT_SW_PAGE_FAULTS", 31) == 0 && strcmp(s.ev[0].pmu, "perf") == 0,
	      "real fstr '%s' pmu '%s'", s.ev[0].fstr, s.ev[0].pmu);
	CHECK(s.ev[0].attr.type == PERF_TYPE_SOFTWARE && s.ev[0].attr.config == PERF_COUNT_SW_PAGE_FAULTS,
	      "real encoding");
	printf("real: %s -> %s on %s; cycles: %s\n", s.ev[0].name, s.ev[0].fstr, s.ev[0].pmu,
	       s.ev[1].usable ? "usable" : s.ev[1].why);
	CHECK(s.ev[1].usable || (strstr(s.ev[1].why, "VM") != NULL) == s.vm, "VM in the message iff a VM");
	printf("test_perf_encode: %s\n", fake_failures ? "FAIL" : "ok");
	return fake_failures ? 1 : 0;
}
