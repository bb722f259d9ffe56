/* stall_sibling: the sibling thread's loop and its handshake with the main
 * thread. Nothing here decides what a stall is. */
#define _GNU_SOURCE
#include "stall_sibling.h"
#include "runctl.h"
#include "util.h"

#include <errno.h>
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

enum { IDLE, RUN, QUIT };

static void futex_wait(_Atomic uint32_t *w, uint32_t v)
{
	syscall(SYS_futex, (uint32_t *)w, FUTEX_WAIT_PRIVATE, v, NULL, NULL, 0);
}

static void futex_wake(_Atomic uint32_t *w)
{
	syscall(SYS_futex, (uint32_t *)w, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

int fb_sibling_op(void)
{
	/* mmap and munmap take the address space's lock for writing: whoever
	 * holds it (fork, while it copies the page tables) holds this thread. */
	char *p = mmap(NULL, FB_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	*(volatile char *)p = 1;   /* the page fault of a first touch, as after a malloc */
	munmap(p, FB_PAGE_SIZE);
	return 0;
}

static void *sibling_main(void *arg)
{
	struct fb_sibling *s = arg;
	for (;;) {
		uint32_t st = atomic_load(&s->state);
		if (st == QUIT)
			return NULL;
		if (st == IDLE) {
			atomic_store(&s->running, 0);
			futex_wait(&s->state, IDLE);
			continue;
		}
		atomic_store(&s->running, 1);
		size_t i = atomic_load_explicit(&s->n, memory_order_relaxed);
		int64_t a = fb_now_ns();
		int rc = fb_sibling_op();
		int64_t b = fb_now_ns();
		if (rc)
			atomic_store(&s->err, rc);
		if (i < s->cap) {
			s->ops[i] = (struct fb_stall_op){ a, b };
			atomic_store_explicit(&s->n, i + 1, memory_order_release);
		} else {
			atomic_store(&s->overflow, true);
		}
	}
}

int fb_sibling_start(struct fb_sibling *s, int cpu, size_t cap)
{
	memset(s, 0, sizeof(*s));
	s->cpu = cpu;
	s->cap = cap;
	s->ops = mmap(NULL, cap * sizeof(*s->ops), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (s->ops == MAP_FAILED) {
		s->ops = NULL;
		return -errno;
	}
	/* Written now: the loop must not fault on its own buffer while timed. */
	fb_touch_pages((volatile char *)s->ops, cap * sizeof(*s->ops), 0);
	atomic_store(&s->state, IDLE);
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	if (cpu >= 0) {
		cpu_set_t set;
		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		pthread_attr_setaffinity_np(&attr, sizeof(set), &set);
	}
	/* The thread starts with the stop signals blocked: the main thread takes them. */
	sigset_t old;
	fb_block_stop_signals(&old);
	int rc = pthread_create(&s->thread, &attr, sibling_main, s);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	if (rc) {
		munmap(s->ops, cap * sizeof(*s->ops));
		s->ops = NULL;
		return -rc;
	}
	s->started = true;
	return 0;
}

int fb_sibling_run(struct fb_sibling *s)
{
	atomic_store(&s->n, 0);
	atomic_store(&s->overflow, false);
	atomic_store(&s->err, 0);
	atomic_store(&s->state, RUN);
	futex_wake(&s->state);
	/* A few operations first: the thread is awake, on its CPU, in its loop. */
	int64_t t0 = fb_now_ns();
	while (atomic_load(&s->n) < 16) {
		if (atomic_load(&s->err))
			return atomic_load(&s->err);
		if (fb_now_ns() - t0 > 2000000000LL)
			return -ETIMEDOUT;
	}
	return 0;
}

size_t fb_sibling_pause(struct fb_sibling *s)
{
	atomic_store(&s->state, IDLE);
	while (atomic_load(&s->running))
		;   /* at most one operation, unless something holds the lock it needs */
	return atomic_load_explicit(&s->n, memory_order_acquire);
}

void fb_sibling_stop(struct fb_sibling *s)
{
	if (s->started) {
		atomic_store(&s->state, QUIT);
		futex_wake(&s->state);
		pthread_join(s->thread, NULL);
		s->started = false;
	}
	if (s->ops)
		munmap(s->ops, s->cap * sizeof(*s->ops));
	s->ops = NULL;
}
