/* like_target: a process with a known layout for the --like tests — 200
 * small written VMAs (a region split by alternating protections), 8 MiB of
 * THP (MADV_HUGEPAGE, 2 MiB aligned, written), 4 MiB MAP_SHARED written, a
 * 4 MiB private file mapping with 1 MiB written and the rest read, 4 idle
 * threads and 50 open descriptors. Prints "ready" once all of it is in
 * place, then sleeps until killed. Measures nothing. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

enum { SMALL = 200, SMALL_BYTES = 16 << 10, THP = 8 << 20, SHARED = 4 << 20, FILE_BYTES = 4 << 20,
       WRITTEN = 1 << 20, THREADS = 4, FDS = 50 };

static void *idle(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

int main(void)
{
	char *small = mmap(NULL, (size_t)SMALL * SMALL_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (small == MAP_FAILED)
		die("mmap small");
	memset(small, 1, (size_t)SMALL * SMALL_BYTES);
	for (int i = 1; i < SMALL; i += 2)
		if (mprotect(small + (size_t)i * SMALL_BYTES, SMALL_BYTES, PROT_READ))
			die("mprotect");
	char *r = mmap(NULL, THP + (2 << 20), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (r == MAP_FAILED)
		die("mmap thp");
	char *thp = (char *)(((unsigned long)r + (2 << 20) - 1) & ~((2UL << 20) - 1));
	madvise(thp, THP, MADV_HUGEPAGE);
	memset(thp, 2, THP);
	char *sh = mmap(NULL, SHARED, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		die("mmap shared");
	memset(sh, 3, SHARED);
	char path[] = "/tmp/fb-like-target.XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0 || unlink(path) || ftruncate(fd, FILE_BYTES))
		die("temporary file");
	char *f = mmap(NULL, FILE_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (f == MAP_FAILED)
		die("mmap file");
	close(fd);
	memset(f, 4, WRITTEN);
	volatile char sink = 0;
	for (size_t o = WRITTEN; o < FILE_BYTES; o += 4096)
		sink += f[o];
	for (int i = 0; i < THREADS; i++) {
		pthread_t t;
		if (pthread_create(&t, NULL, idle, NULL))
			die("pthread_create");
	}
	for (int i = 0; i < FDS; i++)
		if (open("/dev/null", O_RDONLY) < 0)
			die("open");
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}
