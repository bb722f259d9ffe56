/* cow_writer: the writing side of a forkbench-cow repetition — the two timed
 * passes and what is read around them — and the other side's isolation check.
 * Runs in whichever process writes (the child right after fork, or the
 * parent); uses nothing but syscalls and /proc, so it is safe in a child made
 * by a raw clone. Measures the passes only; not fork, not the child's exit. */
#ifndef FORKBENCH_COW_WRITER_H
#define FORKBENCH_COW_WRITER_H
#include <stddef.h>
#include <stdint.h>

#include "cow_pass.h"

/* Private_Dirty, fault and counter baselines, the COW pass, what it left
 * (dirty growth, AnonHugePages of the heap), then the same pass over the
 * now private pages. Fills s and sets s->measured. */
void fb_cow_writer_passes(const struct fb_cow_job *j, struct fb_perf_set *ps, uint64_t stamp,
			  struct fb_cow_sample *s);
/* Pages of [base, base+len) whose first word holds stamp: what this side saw change. */
int64_t fb_cow_count_stamped(const char *base, size_t len, uint64_t stamp);
#endif
