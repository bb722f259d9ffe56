/* report_lines: the sentences of a comparison's report (report.c lays them
 * out): the sides, the method, the verdict counts, a verdict as the text says
 * it, the emulation and instruction-clock notes; and UTF-8 display columns.
 * Internal to the report. */
#ifndef FORKBENCH_REPORT_LINES_H
#define FORKBENCH_REPORT_LINES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "comparison.h"

void fb_side_line(char *buf, size_t len, const struct fb_cmp *c, int b);
void fb_method_line(char *buf, size_t len, const struct fb_cmp *c);
void fb_chance_line(char *buf, size_t len, const struct fb_cmp *c);
/* "can't tell (detectable X%)", "too few runs", or the verdict word. */
void fb_verdict_text(char *buf, size_t len, enum fb_verdict v, double detectable);
void fb_emu_line(char *buf, size_t len, const struct fb_cmp *c);
/* false when no side is on the instruction clock (buf untouched). */
bool fb_instr_line(char *buf, size_t len, const struct fb_cmp *c);
/* Display columns of a UTF-8 string; s padded to w such columns (right-aligned when right). */
size_t fb_report_cols(const char *s);
void fb_report_pad(FILE *f, const char *s, size_t w, int right);
#endif
