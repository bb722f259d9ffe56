/* clock: which clock a side's timings were taken on, read from its sidecars.
 * native: the machine's own time (hardware or KVM); emulated: plain TCG, whose
 * times are the emulator's speed, not the kernel's cost; instructions: TCG
 * with -icount (scripts/kernels --icount), where the guest clock advances one
 * step per guest instruction, so every *_ns is an exact instruction count.
 * Decides whether two sides' timings can be judged against each other and how
 * their values are written. Reads sidecar keys; measures nothing. */
#ifndef FORKBENCH_CLOCK_H
#define FORKBENCH_CLOCK_H
#include <stdbool.h>
#include <stddef.h>

#include "csvread.h"
#include "runset.h"

enum fb_clock { FB_CLOCK_NATIVE, FB_CLOCK_EMULATED, FB_CLOCK_INSTRUCTIONS, FB_CLOCK_MIXED };

/* The clock of one sidecar (vm_icount_shift -> instructions, vm_accel=tcg -> emulated). */
enum fb_clock fb_clock_of(const struct fb_meta *m);
/* The clock of a side pooling several sidecars: MIXED when they differ. */
enum fb_clock fb_clock_pool(enum fb_clock sofar, enum fb_clock next, bool first);
/* true when timings of a side on clock a and one on clock b can be judged against
 * each other; otherwise *why (static text) says why not. */
bool fb_clock_judgeable(enum fb_clock a, enum fb_clock b, const char **why);
const char *fb_clock_name(enum fb_clock c);
/* The divisor (1e9, 1e6, 1e3 or 1) that brings v under a thousand of a unit,
 * and that unit from units[] (for 1e9, 1e6, 1e3, 1). */
double fb_clock_scale(double v, const char *const units[4], const char **unit);
/* A value in guest instructions scaled for display: sets *unit (instr,
 * Kinstr, Minstr, Ginstr) and returns the divisor. */
double fb_clock_instr_scale(double v, const char **unit);
/* One value per run, the run's smallest, into out (its v and run arrays are
 * allocated; free them). The statistic of an instruction side: on the icount
 * clock the only noise is additive — an interrupt (the timer tick, every
 * 1/HZ of virtual time) landing inside the measured window adds its whole
 * handler — so the smallest repetition of a run is the window no interrupt
 * touched, the same to a few instructions from boot to boot. */
void fb_clock_run_minima(const struct fb_sample *s, size_t nruns, struct fb_sample *out);
#endif
