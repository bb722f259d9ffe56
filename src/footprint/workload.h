/* workload: the functions forkbench-footprint calls, and the ways it calls
 * them. A workload is one row of fb_workloads[]: it allocates a number of
 * bytes, writes one byte per page, reads them back into a checksum and either
 * frees the block or leaks it. A call mode is one row of fb_call_modes():
 * `direct` (in the caller), or TLPI Listing 24.3 — in a child made by a
 * method that gives it a copy-on-write copy of the caller (FB_M_COW), the
 * result coming back in the exit status (8 bits) or through a pipe (64 bits).
 * What this does not measure: anything — the runner owns the clock. */
#ifndef FORKBENCH_WORKLOAD_H
#define FORKBENCH_WORKLOAD_H
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "method.h"

struct fb_workload {
	const char *name;      /* CLI, CSV and plot identifier */
	const char *desc;      /* one line for --list */
	bool leaks;            /* a direct call leaves `bytes` more in the caller */
	/* Returns the checksum (>= 0) or -ENOMEM. *leaked: the block it did not
	 * free (NULL when it freed it), so a harness can reclaim it afterwards. */
	int64_t (*run)(size_t bytes, void **leaked);
};

extern const struct fb_workload fb_workloads[];
extern const size_t fb_workload_count;
const struct fb_workload *fb_workload_find(const char *name);

/* The checksum run() must return for `bytes`, computed without memory. */
uint64_t fb_workload_expected(size_t bytes);

/* glibc's mmap threshold, fixed by fb_workload_init: blocks this size and up
 * are mmap()ed on malloc and munmap()ed on free. */
#define FB_WORKLOAD_MMAP_THRESHOLD (128UL << 10)
/* Pins malloc's policy (call once, before any measurement). 0 or -EINVAL. */
int fb_workload_init(void);

struct fb_call_mode {
	const char *name;               /* first member: fb_pick reads it */
	const char *desc;
	const struct fb_method *method; /* NULL: direct call in the caller */
	bool pipe;                      /* result through a pipe, not the exit status */
	char name_buf[32], desc_buf[200];
};

/* direct, then <method> and <method>_pipe for every method that isolates. */
const struct fb_call_mode *fb_call_modes(size_t *count);
const struct fb_call_mode *fb_call_mode_find(const char *name);
/* Only a copy-on-write child isolates: vfork/CLONE_VM share the caller's memory. */
bool fb_call_method_isolates(const struct fb_method *m);

/* The signal a child kills itself with when the function fails in it. */
#define FB_CALL_FAILED_SIG SIGUSR1

struct fb_call_result {
	int64_t result;        /* -1: nothing received */
	int err;               /* -errno of the step `what`; 0 when it went through */
	const char *what;
	int exit_code, signo;  /* the child exited with / was killed by */
	void *leaked;          /* direct call of a leaking workload: the block left behind */
};

/* One call: direct, or create child -> function -> result received -> child
 * reaped. No stdio and no allocation in the caller (only the workload's own).
 * The child is tracked with fb_child_track while it lives. */
void fb_call(const struct fb_call_mode *m, const struct fb_workload *w, size_t bytes,
	     struct fb_call_result *out);
#endif
