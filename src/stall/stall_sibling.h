/* stall_sibling: the parent's other thread for forkbench-stall. It runs a
 * steady loop of one small operation — mmap one 4 KiB anonymous page, write
 * it, munmap it, which is what a large malloc/free does and which needs the
 * address space's lock for writing — and records each operation's start and
 * end (CLOCK_MONOTONIC) into a buffer allocated and touched before any
 * timing. Between repetitions it sleeps on a futex. It blocks the stop
 * signals, so Ctrl-C is handled by the main thread. Measures only its own
 * operations; what they overlap is the runner's business (stall_run.c). */
#ifndef FORKBENCH_STALL_SIBLING_H
#define FORKBENCH_STALL_SIBLING_H
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fb_stall_op {
	int64_t start_ns, end_ns;
};

struct fb_sibling {
	pthread_t thread;
	bool started;
	int cpu;                      /* pinned here; -1: not pinned */
	struct fb_stall_op *ops;      /* preallocated, touched */
	size_t cap;
	_Atomic uint32_t state;       /* the futex word: idle, run, quit */
	_Atomic uint32_t running;     /* 1 while inside the run loop */
	_Atomic size_t n;             /* operations recorded since the last fb_sibling_run */
	_Atomic bool overflow;        /* the buffer filled up: later operations not recorded */
	_Atomic int err;              /* -errno of a failed mmap, 0 otherwise */
};

/* Allocates the buffer (cap operations) and starts the thread, idle. */
int fb_sibling_start(struct fb_sibling *s, int cpu, size_t cap);
/* Empties the buffer and sets the loop going; returns once a few operations
 * are recorded, so the loop is steady before the caller times anything. */
int fb_sibling_run(struct fb_sibling *s);
/* Idles the loop and waits until it is out of it; returns the count recorded. */
size_t fb_sibling_pause(struct fb_sibling *s);
/* Ends the thread and frees the buffer (safe on a sibling never started). */
void fb_sibling_stop(struct fb_sibling *s);

/* One operation, as the sibling does it (for tests and the floor). */
int fb_sibling_op(void);
#endif
