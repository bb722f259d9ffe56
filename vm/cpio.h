/* cpio: the "newc" archive format (the one the kernel unpacks as initramfs),
 * written and read with plain file descriptors. Used by the initramfs builder
 * on the host and by the guest's init, which streams its results back as a
 * newc archive over the second serial port. It does not compress, and it
 * keeps no hard links: every entry is written whole. */
#ifndef FB_CPIO_H
#define FB_CPIO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct fb_cpio {
	int fd;
	uint32_t ino;       /* next inode number: each entry its own */
	uint64_t off;       /* bytes written so far, for the 4-byte padding */
};

struct fb_cpio_entry {
	char name[4096];
	uint32_t mode;      /* S_IFREG|0755 etc. */
	uint32_t rdev_major, rdev_minor;
	uint64_t size;      /* data bytes that follow the header */
};

void fb_cpio_init(struct fb_cpio *c, int fd);
/* One entry with its data in memory (len 0 for a directory or device node). */
int fb_cpio_add(struct fb_cpio *c, const char *name, uint32_t mode,
		uint32_t rdev_major, uint32_t rdev_minor, const void *data, size_t len);
/* A regular file copied from path; mode's permission bits as given. */
int fb_cpio_add_file(struct fb_cpio *c, const char *name, uint32_t mode, const char *path);
/* The TRAILER!!! entry that ends an archive. */
int fb_cpio_finish(struct fb_cpio *c);

/* Reading: fb_cpio_next fills e from the header at the current position of fd
 * (which it tracks in *off) and returns 1, 0 at the trailer, -EPROTO on a bad
 * header, -ENODATA when the stream ends before a header (a truncated archive).
 * The caller then reads exactly e->size bytes with fb_cpio_data (or skips them
 * with dst NULL), which also consumes the padding. */
int fb_cpio_next(int fd, uint64_t *off, struct fb_cpio_entry *e);
int fb_cpio_data(int fd, uint64_t *off, const struct fb_cpio_entry *e, int dst_fd);

/* ELF check for the initramfs: 0 when path is an ELF executable without a
 * PT_INTERP program header (static), 1 when it names an interpreter (copied
 * into interp), -ENOEXEC when it is not ELF, -errno when unreadable. */
int fb_elf_interp(const char *path, char *interp, size_t len);

#endif
