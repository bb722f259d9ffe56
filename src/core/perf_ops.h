/* perf_ops: the one seam between the counter code and the kernel, so tests
 * can put a fake PMU underneath (tests/test_perf_fake.h). Every perf syscall
 * of src/core/perf*.c goes through fb_perf_ops(); encoding by name goes through
 * .encode when set (a fake encoder), else libpfm4 (src/core/perf_encode.c only);
 * sysfs and procfs are read under .sysfs_root and .proc_root so a fake core
 * PMU layout (cpu_core + cpu_atom) can be tested on any machine.
 * Does not measure anything. */
#ifndef FORKBENCH_PERF_OPS_H
#define FORKBENCH_PERF_OPS_H
#include <linux/perf_event.h>
#include <stddef.h>
#include <sys/types.h>

struct fb_perf_ops {
	/* perf_event_open(2): an fd, or -errno */
	int (*open)(struct perf_event_attr *attr, pid_t pid, int cpu, int group_fd, unsigned long flags);
	ssize_t (*read)(int fd, void *buf, size_t len);          /* bytes, or -errno */
	int (*ioctl)(int fd, unsigned long req, unsigned long arg); /* 0, or -errno */
	int (*close)(int fd);
	/* Optional: names -> attr (attr->size is set by the caller before the call),
	 * with the resolved event string and PMU name. 0 or -EINVAL. NULL: libpfm4. */
	int (*encode)(const char *name, struct perf_event_attr *attr, char *fstr, size_t fstrlen,
		      char *pmu, size_t pmulen);
	const char *sysfs_root;   /* "/sys" */
	const char *proc_root;    /* "/proc" */
};

/* The real kernel. */
extern const struct fb_perf_ops fb_perf_sys_ops;
/* The ops in use (fb_perf_sys_ops unless a test replaced them). */
const struct fb_perf_ops *fb_perf_ops(void);
/* Replaces the ops (NULL: back to the real kernel). Tests only. */
void fb_perf_use_ops(const struct fb_perf_ops *ops);
#endif
