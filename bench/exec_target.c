/* exec_target: the tiny static program the exec paths start.
 * Its first C statement reads CLOCK_MONOTONIC (the suite's one clock) and
 * stores it at offset 0 of the file descriptor named by argv[1] — the
 * parent's memfd — then leaves through the raw exit_group syscall.
 * No libc, no dynamic loader, no relocation: what an exec costs with the
 * smallest possible program, so the numbers are the kernel's, not ld.so's.
 * It does not measure anything itself; the parent subtracts. */
#include "exec_target_rt.h"

void target_main(long *sp)
{
	int64_t ns = rt_now_ns();
	long argc = sp[0];
	char **argv = (char **)(sp + 1);
	int code = 0;
	if (argc >= 2 && rt_store(rt_parse(argv[1]), ns, 0))
		code = 3;
	rt_exit(code);
}
