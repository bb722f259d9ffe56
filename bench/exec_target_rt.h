/* exec_target_rt: what the no-libc exec targets share — a raw syscall stub, a
 * _start that hands the initial stack to target_main(long *sp), the ready
 * page protocol (pwrite of a CLOCK_MONOTONIC timestamp at an offset of the
 * memfd named by argv[1]) and a decimal parser. No libc, no loader, no
 * relocation. Included by exec_target.c and exec_target_large.c only. */
#ifndef FORKBENCH_EXEC_TARGET_RT_H
#define FORKBENCH_EXEC_TARGET_RT_H
#include <stdint.h>
#include <sys/syscall.h>

struct kts {
	long sec;
	long nsec;
};

#if defined(__x86_64__)
static long sys4(long n, long a, long b, long c, long d)
{
	long r;
	register long r10 __asm__("r10") = d;
	__asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10)
			 : "rcx", "r11", "memory");
	return r;
}
__asm__(".text\n.global _start\n_start:\n"
	"  xor %ebp, %ebp\n  mov %rsp, %rdi\n  and $-16, %rsp\n  call target_main\n  hlt\n");
#elif defined(__aarch64__)
static long sys4(long n, long a, long b, long c, long d)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	__asm__ volatile("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3) : "memory");
	return x0;
}
__asm__(".text\n.global _start\n_start:\n"
	"  mov x29, #0\n  mov x30, #0\n  mov x0, sp\n  bl target_main\n  brk #0\n");
#else
#error "exec_target: add a _start and syscall stub for this architecture"
#endif

void target_main(long *sp) __attribute__((noreturn, used));

static int64_t rt_now_ns(void)
{
	struct kts ts;
	sys4(SYS_clock_gettime, 1 /* CLOCK_MONOTONIC */, (long)&ts, 0, 0);
	return (int64_t)ts.sec * 1000000000LL + ts.nsec;
}

/* Digits only; stops at the first other character. */
static long rt_parse(const char *p)
{
	long v = 0;
	for (; *p >= '0' && *p <= '9'; p++)
		v = v * 10 + (*p - '0');
	return v;
}

/* Stores v at byte offset off of the ready page; 0 on success. */
static int rt_store(long fd, int64_t v, long off)
{
	return sys4(SYS_pwrite64, fd, (long)&v, sizeof(v), off) == sizeof(v) ? 0 : -1;
}

static void __attribute__((noreturn)) rt_exit(int code)
{
	for (;;)
		sys4(SYS_exit_group, code, 0, 0, 0);
}
#endif
