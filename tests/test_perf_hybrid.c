/* test_perf_hybrid: hybrid CPUs (issue 14, point 5).
 * A fake sysfs with cpu_core (type 8, CPU 0) and cpu_atom (type 10, CPU 1)
 * beside an uncore PMU: two core PMUs are found, a generic hardware event is
 * opened once per PMU (config names the PMU type in its upper half), and the
 * copies are summed: exact when the task ran on one type, or moved between
 * them, for the whole window; empty when no copy ran. Software events stay
 * out of the PMU groups, so they count on either core type. A pinned CPU
 * whose PMU does not count fails the pinned probe, naming the event. */
#include "test_perf_fake.h"

int main(void)
{
	fake_reset(4, "cpu_core:8:0,cpu_atom:10:1", false);
	struct fb_perf_spec s;
	if (fake_spec(&s, "page-faults,cycles,instructions"))
		return 1;
	CHECK(s.npmu == 2 && strcmp(s.pmu[0].name, "cpu_core") == 0 && s.pmu[0].type == 8 &&
	      strcmp(s.pmu[1].name, "cpu_atom") == 0 && s.pmu[1].type == 10, "core PMUs: %d", s.npmu);
	CHECK(s.ev[1].nsub == 2 && s.ev[1].sub_type[0] == 8 && s.ev[1].sub_type[1] == 10, "cycles copies %d",
	      s.ev[1].nsub);
	CHECK(s.ev[0].nsub == 1 && !s.ev[0].hardware, "page-faults: one copy");
	CHECK(s.capacity == 4, "capacity %d", s.capacity);

	struct fb_perf_set set;
	CHECK(fb_perf_open(&set, &s, false) == 0, "open");
	int per_type[2] = { 0 };
	for (int i = 0; i < 256; i++)
		if (F.ev[i].used && F.ev[i].a.type == PERF_TYPE_HARDWARE && F.ev[i].a.config == (8ULL << 32 | 0))
			per_type[0]++;
		else if (F.ev[i].used && F.ev[i].a.type == PERF_TYPE_HARDWARE && F.ev[i].a.config == (10ULL << 32 | 0))
			per_type[1]++;
	CHECK(per_type[0] == 1 && per_type[1] == 1, "cycles opened on cpu_core %d, cpu_atom %d", per_type[0],
	      per_type[1]);
	CHECK(set.ngroups == 3, "groups: software + one per core PMU (%d)", set.ngroups);

	struct fb_count c[FB_PERF_MAX];
	for (int phase = 0; phase < 3; phase++) {
		fb_perf_start(&set);
		if (phase == 0) {
			F.cur_type = 8;
			fake_work(100000);          /* on a P-core all along */
		} else if (phase == 1) {
			F.cur_type = 8;
			fake_work(50000);
			F.cur_type = 10;            /* migrated to an E-core */
			fake_work(50000);
		} else {
			F.cur_type = 99;            /* a core type no copy is for */
			fake_work(100000);
		}
		fb_perf_stop(&set);
		F.cur_type = 10;
		fb_perf_read(&set, c);
		printf("phase %d: cycles valid %d value %lld run %llu en %llu (%s); page-faults valid %d\n", phase,
		       c[1].valid, (long long)c[1].value, (unsigned long long)c[1].running_ns,
		       (unsigned long long)c[1].enabled_ns, fb_count_why_str(c[1].why), c[0].valid);
		if (phase < 2)
			CHECK(c[1].valid && c[1].value >= 100000 && c[2].valid && c[0].valid,
			      "phase %d: sum over the copies is exact", phase);
		else
			CHECK(!c[1].valid && c[1].why == FB_COUNT_NEVER_RAN && c[0].valid,
			      "no copy ran: empty (%s), software still counted", fb_count_why_str(c[1].why));
	}
	fb_perf_close(&set);

	/* Pinned: a CPU whose PMU counts passes the probe; one no copy is for does not. */
	char why[256];
	F.cur_type = 10;
	CHECK(fb_perf_probe_pinned(&s, why, sizeof(why)) == 0, "pinned on an E-core: %s", why);
	F.cur_type = 99;
	CHECK(fb_perf_probe_pinned(&s, why, sizeof(why)) == -ENODEV && strstr(why, "cycles"), "no PMU: %s", why);
	printf("pinned where no core PMU counts -> %s\n", why);
	F.cur_type = 0;

	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	fb_perf_sidecar(f, &s);
	fclose(f);
	CHECK(strstr(buf, "perf_core_pmus=cpu_core(type 8, cpus 0),cpu_atom(type 10, cpus 1)") &&
	      strstr(buf, "perf_event_pmu.cycles=fake on cpu_core+cpu_atom"), "sidecar:\n%s", buf);
	free(buf);
	return fake_done("test_perf_hybrid");
}
