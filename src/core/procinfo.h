/* procinfo: what the kernel says a process really has — resident bytes,
 * huge-page share, private-dirty bytes, VMA count — read from /proc.
 * This is how every driver verifies its setup before timing. */
#ifndef FORKBENCH_PROCINFO_H
#define FORKBENCH_PROCINFO_H
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct fb_mem_usage {
	uint64_t rss_bytes;           /* Rss */
	uint64_t thp_bytes;           /* AnonHugePages */
	uint64_t private_dirty_bytes; /* Private_Dirty */
	uint64_t vmas;                /* mappings counted */
};

/* Whole process from /proc/PID/smaps_rollup (pid 0 = self) plus VMA count from maps. */
int fb_mem_process(pid_t pid, struct fb_mem_usage *out);
/* Only the VMAs lying inside [addr, addr+len) — len rounded up to a page —
 * from /proc/PID/smaps. */
int fb_mem_range(pid_t pid, const void *addr, size_t len, struct fb_mem_usage *out);
/* Number of lines in /proc/PID/maps. */
int fb_count_vmas(pid_t pid, uint64_t *out);
/* Mapped size of this process (VmSize, /proc/self/statm), in bytes. */
int fb_vm_bytes(uint64_t *out);
/* MemAvailable from /proc/meminfo, in bytes. */
int fb_mem_available(uint64_t *out);
/* First line of a text file, newline stripped; -errno when unreadable. */
int fb_read_line(const char *path, char *buf, size_t len);
/* Minor faults so far of RUSAGE_SELF or RUSAGE_CHILDREN (getrusage). */
int64_t fb_minflt(int who);
/* Resident 4 KiB pages of [addr, addr+len) by mincore(). */
int fb_resident_pages(const void *addr, size_t len, uint64_t *out);
#endif
