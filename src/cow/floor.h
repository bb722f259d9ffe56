/* floor: what a COW fault cannot cost less than, measured on this machine in
 * the same run, so every COW number can be read against it:
 *   fault  first write to fresh 4 KiB anonymous memory (allocate, zero, map)
 *   copy   memcpy of page-sized blocks from a populated source larger than
 *          the LLC into populated memory (the data movement of a COW copy)
 *   reuse  write-protect fault that copies nothing: the parent writes after
 *          its fork child exited, and the kernel reuses the page
 * Each is the median ns/page over a few samples, after one discarded warm-up
 * sample (on a VM the first touch of guest memory the host has not backed yet
 * costs several times more; min and max are kept to show it). Does not measure THP, the
 * kernel's copy_page() itself (user memcpy stands in for it), or TLB shootdowns
 * to other CPUs. */
#ifndef FORKBENCH_FLOOR_H
#define FORKBENCH_FLOOR_H
#include <stdint.h>
#include <stdio.h>

struct fb_floor {
	double fault_ns_per_page;   /* < 0: not measured */
	double copy_ns_per_page;
	double reuse_ns_per_page;
	double fault_min, fault_max;  /* spread of the samples: a VM may back fresh pages lazily */
	double copy_min, copy_max;
	double reuse_min, reuse_max;
	uint64_t bytes;             /* region of the fault and reuse samples */
	uint64_t copy_bytes;        /* source of the copy samples (> LLC) */
	uint64_t llc_bytes;         /* 0 when sysfs does not say */
	int samples;
};

/* Measures the three floors. Returns 0, -EINTR when a signal stopped it, or
 * -errno (then the failed floors stay < 0). */
int fb_floor_measure(struct fb_floor *f, uint64_t bytes, int samples);
/* The floor_* keys of the sidecar: integers ns/page (empty when not measured),
 * the spread of the samples, and what they ran over. */
void fb_floor_sidecar(FILE *side, const struct fb_floor *f);
/* Source (and destination) bytes of the copy floor for a last-level cache of llc bytes. */
#define FB_FLOOR_COPY_MAX (128ULL << 20)
uint64_t fb_floor_copy_bytes(uint64_t llc);
/* What the floors map at most at once (for the memory guard), for fault and
 * reuse regions of `bytes`. */
uint64_t fb_floor_need_bytes(uint64_t bytes);
/* Largest cache size in /sys/devices/system/cpu/cpu0/cache, 0 when unknown. */
uint64_t fb_llc_bytes(void);
#endif
