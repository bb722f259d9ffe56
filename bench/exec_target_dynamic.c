/* exec_target_dynamic: the exec target as an ordinary dynamically linked C
 * program (the toolchain's defaults: PIE, libc.so.6 through ld.so). Its
 * main() — after the loader has mapped and relocated libc and libc has
 * initialised — stores the CLOCK_MONOTONIC timestamp at offset 0 of the
 * memfd named by argv[1] and returns, leaving through libc's exit(). So
 * ready_ns includes what every dynamic program pays before its first line.
 * It does not measure anything itself; the parent subtracts. */
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	if (argc < 2)
		return 2;
	int64_t ns = (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
	return pwrite(atoi(argv[1]), &ns, sizeof(ns), 0) == (ssize_t)sizeof(ns) ? 0 : 3;
}
