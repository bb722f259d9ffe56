/* report_lines: the sentences of a report, and the display-column helpers it lays them out with (see report_lines.h). */
#define _GNU_SOURCE
#include "report_lines.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void fb_side_line(char *buf, size_t len, const struct fb_cmp *c, int b)
{
	size_t runs = b ? c->runs_b : c->runs_a, dirs = b ? c->dirs_b : c->dirs_a;
	bool few = b ? c->few_b : c->few_a;
	snprintf(buf, len, "%s: %zu run%s from %zu director%s%s", b ? c->lb : c->la, runs, runs == 1 ? "" : "s", dirs,
		 dirs == 1 ? "y" : "ies",
		 few ? (runs == 1 ? " (1 run: too few runs to judge)" : " (< 3 runs: too few runs to judge)") : "");
}

void fb_method_line(char *buf, size_t len, const struct fb_cmp *c)
{
	snprintf(buf, len,
		 "%s, %g%% %s (fewer than %d is not judged); higher/lower when the interval lies beyond ±%g%% and, for the primary "
		 "metric of each driver (spawn create_ns, cow cow_ns_per_page, footprint call_ns), it passes "
		 "Benjamini-Hochberg at FDR %g%%; same when it lies inside ±%g%%; otherwise can't tell, with the "
		 "change it would detect 80%% of the time.",
		 c->o.paired ? "B/A ratio from run-by-run differences of log run medians (run i of A paired with run i "
			       "of B, taken alternately)"
			     : "B/A ratio of the geometric means of run medians",
		 100 * (1 - c->o.alpha), c->o.paired ? "t interval over the pairs" : "Welch t interval over runs a side",
		 FB_MIN_RUNS, 100 * c->o.min_change, 100 * c->o.alpha, 100 * c->o.min_change);
}

void fb_chance_line(char *buf, size_t len, const struct fb_cmp *c)
{
	char few[64] = "";
	if (c->few)
		snprintf(few, sizeof(few), ", %zu not judged (too few runs)", c->few);
	snprintf(buf, len,
		 "configurations of the primary metrics: %zu changed, %zu same, %zu undecided%s; at FDR %g%% about "
		 "%.1f of the changes may be chance.",
		 c->flagged, c->same, c->undecided, few, 100 * c->o.alpha, c->o.alpha * (double)c->flagged);
}

/* A verdict as the text shows it. */
void fb_verdict_text(char *buf, size_t len, enum fb_verdict v, double detectable)
{
	if (v == FB_V_UNDECIDED && isfinite(detectable))
		snprintf(buf, len, "can't tell (detectable %.0f%%)", 100 * detectable);
	else if (v == FB_V_UNDECIDED)
		snprintf(buf, len, "can't tell");
	else if (v == FB_V_FEW)
		snprintf(buf, len, "too few runs");
	else
		snprintf(buf, len, "%s", fb_verdict_word(v));
}

void fb_emu_line(char *buf, size_t len, const struct fb_cmp *c)
{
	if (c->clock_a != FB_CLOCK_EMULATED && c->clock_b != FB_CLOCK_EMULATED) {
		snprintf(buf, len, "%s (A: %s, B: %s); verdicts use page, fault and byte "
			 "counts only.", c->clock_why ? c->clock_why : "clocks differ", fb_clock_name(c->clock_a),
			 fb_clock_name(c->clock_b));
		return;
	}
	snprintf(buf, len,
		 "timings under emulation (vm_accel=tcg in %s) are not the kernel's native cost: they are shown, "
		 "marked, and not judged; verdicts use page, fault and byte counts only.",
		 c->clock_a == FB_CLOCK_EMULATED && c->clock_b == FB_CLOCK_EMULATED ? "both" :
		 c->clock_a == FB_CLOCK_EMULATED ? c->la : c->lb);
}

/* instr_line: the label every report form carries when timings are instruction counts. */
bool fb_instr_line(char *buf, size_t len, const struct fb_cmp *c)
{
	if (c->clock_a != FB_CLOCK_INSTRUCTIONS || c->clock_b != FB_CLOCK_INSTRUCTIONS)
		return false;
	snprintf(buf, len, "clock: instructions. Every *_ns metric here is the number of instructions the guest "
		 "executed (qemu -icount, deterministic emulation), not time; judged with the same intervals.");
	return true;
}

/* Display columns of a UTF-8 string (continuation bytes take none). */
size_t fb_report_cols(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* s padded to width w (right-aligned when right), by display columns. */
void fb_report_pad(FILE *f, const char *s, size_t w, int right)
{
	size_t c = fb_report_cols(s);
	if (right)
		for (size_t i = c; i < w; i++)
			fputc(' ', f);
	fputs(s, f);
	if (!right)
		for (size_t i = c; i < w; i++)
			fputc(' ', f);
}
