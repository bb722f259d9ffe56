/* clock: which clock a side's timings were taken on (see clock.h). */
#include "clock.h"

#include <math.h>
#include <string.h>

#include <stdlib.h>

#include "util.h"

enum fb_clock fb_clock_of(const struct fb_meta *m)
{
	const char *shift = fb_meta_get(m, "vm_icount_shift"), *acc = fb_meta_get(m, "vm_accel");
	if (shift && *shift)
		return FB_CLOCK_INSTRUCTIONS;
	if (acc && strcmp(acc, "tcg") == 0)
		return FB_CLOCK_EMULATED;
	return FB_CLOCK_NATIVE;
}

enum fb_clock fb_clock_pool(enum fb_clock sofar, enum fb_clock next, bool first)
{
	return first || sofar == next ? next : FB_CLOCK_MIXED;
}

bool fb_clock_judgeable(enum fb_clock a, enum fb_clock b, const char **why)
{
	*why = NULL;
	if (a == FB_CLOCK_EMULATED || b == FB_CLOCK_EMULATED)
		*why = "timing under emulation (plain TCG): not judged";
	else if (a == FB_CLOCK_MIXED || b == FB_CLOCK_MIXED)
		*why = "a side pools timings taken on different clocks: not judged";
	else if (a != b)
		*why = "instructions (icount) on one side, time on the other: not judged";
	return *why == NULL;
}

const char *fb_clock_name(enum fb_clock c)
{
	static const char *const n[] = { "native", "emulated", "instructions", "mixed" };
	return n[c];
}

double fb_clock_scale(double v, const char *const units[4], const char **unit)
{
	static const double step[] = { 1e9, 1e6, 1e3 };
	for (int i = 0; i < 3; i++)
		if (v >= step[i])
			return *unit = units[i], step[i];
	return *unit = units[3], 1;
}

double fb_clock_instr_scale(double v, const char **unit)
{
	static const char *const units[] = { "Ginstr", "Minstr", "Kinstr", "instr" };
	return fb_clock_scale(v, units, unit);
}

void fb_clock_run_minima(const struct fb_sample *s, size_t nruns, struct fb_sample *out)
{
	double *m = fb_xcalloc(nruns ? nruns : 1, sizeof(double));
	for (size_t r = 0; r < nruns; r++)
		m[r] = NAN;
	for (size_t i = 0; i < s->n; i++)
		if (s->run[i] < nruns && !(s->v[i] >= m[s->run[i]]))
			m[s->run[i]] = s->v[i];
	memset(out, 0, sizeof(*out));
	out->v = fb_xcalloc(nruns ? nruns : 1, sizeof(double));
	out->run = fb_xcalloc(nruns ? nruns : 1, sizeof(unsigned));
	for (size_t r = 0; r < nruns; r++)
		if (!isnan(m[r])) {
			out->v[out->n] = m[r];
			out->run[out->n++] = (unsigned)r;
		}
	out->cap = out->n;
	free(m);
}
