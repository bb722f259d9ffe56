/* cpio: newc archives (see cpio.h). The format: a 110-byte ASCII header
 * ("070701" and 13 eight-digit hex fields), the NUL-terminated name, padding
 * to 4 bytes, the data, padding to 4 bytes; the last entry is TRAILER!!!.
 * Times and owners are written as 0 so the same inputs give the same bytes
 * (the builder caches archives by content hash). */
#define _GNU_SOURCE
#include "cpio.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int write_all(struct fb_cpio *c, const void *buf, size_t len)
{
	const char *p = buf;
	while (len) {
		ssize_t n = write(c->fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		p += n;
		len -= (size_t)n;
		c->off += (uint64_t)n;
	}
	return 0;
}

static int pad4(struct fb_cpio *c)
{
	static const char zeros[4];
	size_t n = (size_t)((4 - c->off % 4) % 4);
	return n ? write_all(c, zeros, n) : 0;
}

void fb_cpio_init(struct fb_cpio *c, int fd)
{
	c->fd = fd;
	c->ino = 1;
	c->off = 0;
}

static int header(struct fb_cpio *c, const char *name, uint32_t mode,
		  uint32_t rmaj, uint32_t rmin, uint64_t size)
{
	size_t namesize = strlen(name) + 1;
	if (size > 0xffffffffu || namesize > 4096)
		return -EFBIG;
	char h[111];
	snprintf(h, sizeof(h), "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 c->ino++, mode, 0u, 0u, S_ISDIR(mode) ? 2u : 1u, 0u, (uint32_t)size,
		 0u, 0u, rmaj, rmin, (uint32_t)namesize, 0u);
	int rc = write_all(c, h, 110);
	if (!rc)
		rc = write_all(c, name, namesize);
	if (!rc)
		rc = pad4(c);
	return rc;
}

int fb_cpio_add(struct fb_cpio *c, const char *name, uint32_t mode,
		uint32_t rdev_major, uint32_t rdev_minor, const void *data, size_t len)
{
	int rc = header(c, name, mode, rdev_major, rdev_minor, len);
	if (!rc && len)
		rc = write_all(c, data, len);
	if (!rc)
		rc = pad4(c);
	return rc;
}

int fb_cpio_add_file(struct fb_cpio *c, const char *name, uint32_t mode, const char *path)
{
	int in = open(path, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -errno;
	struct stat st;
	int rc = fstat(in, &st) ? -errno : S_ISREG(st.st_mode) ? 0 : -EINVAL;
	if (!rc)
		rc = header(c, name, S_IFREG | (mode & 07777), 0, 0, (uint64_t)st.st_size);
	char buf[65536];
	uint64_t left = (uint64_t)st.st_size;
	while (!rc && left) {
		ssize_t n = read(in, buf, left < sizeof(buf) ? left : sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			rc = n < 0 ? -errno : -EIO;   /* the file shrank under us */
		else {
			rc = write_all(c, buf, (size_t)n);
			left -= (uint64_t)n;
		}
	}
	if (!rc)
		rc = pad4(c);
	close(in);
	return rc;
}

int fb_cpio_finish(struct fb_cpio *c)
{
	return fb_cpio_add(c, "TRAILER!!!", 0, 0, 0, NULL, 0);
}

/* Reads exactly len bytes (or skips them when buf is NULL); -ENODATA at EOF. */
static int read_exact(int fd, uint64_t *off, void *buf, size_t len)
{
	char tmp[4096];
	while (len) {
		size_t want = buf ? len : (len < sizeof(tmp) ? len : sizeof(tmp));
		ssize_t n = read(fd, buf ? buf : tmp, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -ENODATA;
		if (buf)
			buf = (char *)buf + n;
		len -= (size_t)n;
		*off += (uint64_t)n;
	}
	return 0;
}

static int skip_pad(int fd, uint64_t *off)
{
	return read_exact(fd, off, NULL, (size_t)((4 - *off % 4) % 4));
}

static int hex8(const char *p, uint32_t *v)
{
	char s[9];
	memcpy(s, p, 8);
	s[8] = '\0';
	char *end;
	unsigned long x = strtoul(s, &end, 16);
	if (*end)
		return -EPROTO;
	*v = (uint32_t)x;
	return 0;
}

int fb_cpio_next(int fd, uint64_t *off, struct fb_cpio_entry *e)
{
	char h[110];
	int rc = read_exact(fd, off, h, sizeof(h));
	if (rc)
		return rc;
	if (memcmp(h, "070701", 6) != 0)
		return -EPROTO;
	uint32_t f[13];
	for (int i = 0; i < 13; i++)
		if (hex8(h + 6 + 8 * i, &f[i]))
			return -EPROTO;
	uint32_t namesize = f[11];
	if (namesize == 0 || namesize > sizeof(e->name))
		return -EPROTO;
	if ((rc = read_exact(fd, off, e->name, namesize)) || (rc = skip_pad(fd, off)))
		return rc;
	if (e->name[namesize - 1] != '\0')
		return -EPROTO;
	e->mode = f[1];
	e->size = f[6];
	e->rdev_major = f[9];
	e->rdev_minor = f[10];
	return strcmp(e->name, "TRAILER!!!") == 0 ? 0 : 1;
}

int fb_cpio_data(int fd, uint64_t *off, const struct fb_cpio_entry *e, int dst_fd)
{
	char buf[65536];
	uint64_t left = e->size;
	while (left) {
		size_t n = left < sizeof(buf) ? (size_t)left : sizeof(buf);
		int rc = read_exact(fd, off, buf, n);
		if (rc)
			return rc;
		if (dst_fd >= 0) {
			struct fb_cpio out = { .fd = dst_fd };
			if ((rc = write_all(&out, buf, n)))
				return rc;
		}
		left -= n;
	}
	return skip_pad(fd, off);
}

int fb_elf_interp(const char *path, char *interp, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	Elf64_Ehdr eh;
	int rc = -ENOEXEC;
	if (pread(fd, &eh, sizeof(eh), 0) != (ssize_t)sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    (eh.e_type != ET_EXEC && eh.e_type != ET_DYN))
		goto out;
	rc = 0;
	for (int i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;
		off_t at = (off_t)(eh.e_phoff + (uint64_t)i * eh.e_phentsize);
		if (pread(fd, &ph, sizeof(ph), at) != (ssize_t)sizeof(ph)) {
			rc = -ENOEXEC;
			break;
		}
		if (ph.p_type == PT_INTERP) {
			size_t n = ph.p_filesz < len ? (size_t)ph.p_filesz : len - 1;
			ssize_t got = pread(fd, interp, n, (off_t)ph.p_offset);
			interp[got > 0 ? (size_t)got : 0] = '\0';
			interp[strcspn(interp, "\n")] = '\0';
			rc = 1;
			break;
		}
	}
out:
	close(fd);
	return rc;
}
