/* exec_target_large: a large static image, for what exec's demand paging
 * costs. Built like exec_target (no libc, no loader), plus FB_LARGE_TEXT_BYTES
 * of filler in its text segment (an assembler .fill at build time, never
 * executed). argv: <ready fd> <bytes to touch>. Its first instruction stores
 * the ready timestamp (offset 0), then it reads one byte of each 4 KiB page
 * of the first <bytes> of the filler — faulting its own text in from the page
 * cache — and stores a second timestamp (offset 8) and its own minor faults
 * over the touch (offset 16, getrusage). Asked for more than it has: exit 4.
 * It does not measure exec itself; the parent subtracts. */
#include "exec_target_rt.h"

#ifndef FB_LARGE_TEXT_BYTES
#define FB_LARGE_TEXT_BYTES (16 << 20)
#endif
#define STR2(x) #x
#define STR(x) STR2(x)

__asm__(".section .text.fb_filler,\"ax\",@progbits\n.balign 4096\n"
	".globl fb_filler\nfb_filler:\n.fill " STR(FB_LARGE_TEXT_BYTES) ",1,0xcc\n.text\n");
extern const volatile char fb_filler[];

static long minflt(void)
{
	long ru[18];   /* struct rusage: two timevals, then 14 longs; ru_minflt is the 5th */
	sys4(SYS_getrusage, 0 /* RUSAGE_SELF */, (long)ru, 0, 0);
	return ru[8];
}

void target_main(long *sp)
{
	int64_t ns = rt_now_ns();
	long argc = sp[0];
	char **argv = (char **)(sp + 1);
	if (argc < 2)
		rt_exit(2);
	long fd = rt_parse(argv[1]);
	if (rt_store(fd, ns, 0))
		rt_exit(3);
	long bytes = argc >= 3 ? rt_parse(argv[2]) : 0;
	if (bytes > FB_LARGE_TEXT_BYTES)
		rt_exit(4);
	long f0 = minflt();
	unsigned sum = 0;
	for (long off = 0; off < bytes; off += 4096)
		sum += (unsigned char)fb_filler[off];
	long f1 = minflt();
	int64_t touched = rt_now_ns();
	if (rt_store(fd, touched, 8) || rt_store(fd, f1 - f0, 16))
		rt_exit(3);
	rt_exit(sum == 0xcc * (unsigned)((bytes + 4095) / 4096) ? 0 : 5);
}
