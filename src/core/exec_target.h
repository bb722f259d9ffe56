/* exec_target: which program an exec path starts, one row per image kind.
 * static: the tiny no-libc target (what the kernel alone charges); dynamic:
 * an ordinary PIE through ld.so and libc.so.6; shell: /bin/sh -c of the
 * static target (lmbench's "shell"); large:SIZE: a large static image that
 * touches SIZE bytes of its own text after its first instruction (demand
 * paging). All binaries live in the static target's directory (next to the
 * driver, or that of $FORKBENCH_EXEC_TARGET). Every target speaks the ready
 * page protocol of method.h: argv[1] is the memfd, offset 0 the first-
 * instruction timestamp; large also writes offsets 8 (touched) and 16 (its
 * minor faults over the touch). Measures nothing itself. */
#ifndef FORKBENCH_EXEC_TARGET_H
#define FORKBENCH_EXEC_TARGET_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fb_exec_kind {
	const char *name;        /* CLI and CSV identifier */
	const char *desc;
	const char *file;        /* binary in the targets' directory; NULL for shell */
	bool sized;              /* takes :SIZE (bytes of its text to touch) */
	bool touches;            /* writes the touched timestamp and fault count */
};
extern const struct fb_exec_kind fb_exec_kinds[];
extern const size_t fb_exec_kind_count;

struct fb_exec_target {
	const struct fb_exec_kind *kind;
	uint64_t touch_bytes;    /* sized kinds */
	char spec[48];           /* canonical name for CSV cells: "static", "large:16M" */
};

/* "static", "dynamic", "shell", "large:SIZE" (K/M/G suffixes). 0, or -EINVAL
 * with a message naming the bad value and what is allowed. */
int fb_exec_target_parse(const char *s, struct fb_exec_target *out, char *msg, size_t len);
/* A comma list of the above; returns the count or -EINVAL/-E2BIG with a message. */
int fb_exec_target_parse_list(const char *s, struct fb_exec_target *out, int max, char *msg,
			      size_t len);

/* What to execve: path, argv (NULL-terminated, pointing into this struct). */
struct fb_exec_cmd {
	char path[4096];
	char target[4096];       /* the program that stamps (differs from path for shell) */
	char script[4160];       /* shell: the -c string */
	char fd_arg[16];
	char touch_arg[24];
	char *argv[5];
};
/* Fills cmd for target t with the ready memfd's number as text. 0, or -errno
 * with a message: the binary missing or not executable, large:SIZE above the
 * image's text. cmd must not move afterwards (argv points into it). */
int fb_exec_target_resolve(const struct fb_exec_target *t, const char *ready_fd_arg,
			   struct fb_exec_cmd *cmd, char *msg, size_t len);
#endif
