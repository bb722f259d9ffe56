/* exec_target: the tiny static program the exec paths start.
 * Its first C statement reads CLOCK_MONOTONIC (the suite's one clock) and
 * stores it at offset 0 of the file descriptor named by argv[1] — the
 * parent's memfd — then leaves through the raw exit_group syscall.
 * No libc, no dynamic loader, no relocation: what an exec costs with the
 * smallest possible program, so the numbers are the kernel's, not ld.so's.
 * It does not measure anything itself; the parent subtracts. */
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
void target_main(long *sp)
{
	struct kts ts;
	sys4(SYS_clock_gettime, 1 /* CLOCK_MONOTONIC */, (long)&ts, 0, 0);
	long argc = sp[0];
	char **argv = (char **)(sp + 1);
	int code = 0;
	if (argc >= 2) {
		long fd = 0;
		for (const char *p = argv[1]; *p >= '0' && *p <= '9'; p++)
			fd = fd * 10 + (*p - '0');
		int64_t ns = (int64_t)ts.sec * 1000000000LL + ts.nsec;
		if (sys4(SYS_pwrite64, fd, (long)&ns, sizeof(ns), 0) != sizeof(ns))
			code = 3;
	}
	for (;;)
		sys4(SYS_exit_group, code, 0, 0, 0);
}
