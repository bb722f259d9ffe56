/* fb-cpio: the host's side of the initramfs and of the results stream.
 *   fb-cpio create OUT      archive from a manifest on stdin, one entry a line:
 *                             dir  NAME MODE
 *                             nod  NAME MODE c|b MAJOR MINOR
 *                             file NAME MODE SOURCE
 *                           (MODE octal; NAME inside the archive, no leading /)
 *   fb-cpio list ARCHIVE    "mode size name" per entry
 *   fb-cpio extract ARCHIVE DIR   regular files with plain names into DIR
 *   fb-cpio interp FILE...  prints "FILE: static" or "FILE: dynamic INTERP"
 * Exit 0 ok; 1 when an archive is truncated or bad (list/extract keep what was
 * complete and say so), or a file for interp is dynamic or not ELF; 2 bad usage.
 * It measures nothing. */
#define _GNU_SOURCE
#include "cpio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *prog = "fb-cpio";

static int usage(void)
{
	fprintf(stderr, "usage: %s create OUT < manifest | list ARCHIVE | extract ARCHIVE DIR | interp FILE...\n", prog);
	return 2;
}

static int create(const char *out)
{
	char tmp[4096];
	snprintf(tmp, sizeof(tmp), "%s.tmp", out);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, tmp, strerror(errno));
		return 1;
	}
	struct fb_cpio c;
	fb_cpio_init(&c, fd);
	char line[8192];
	int lineno = 0, rc = 0;
	while (!rc && fgets(line, sizeof(line), stdin)) {
		lineno++;
		line[strcspn(line, "\n")] = '\0';
		char name[4096], src[4096], type;
		unsigned mode, maj, min;
		if (line[0] == '\0' || line[0] == '#')
			continue;
		if (sscanf(line, "dir %4095s %o", name, &mode) == 2 && strncmp(line, "dir ", 4) == 0)
			rc = fb_cpio_add(&c, name, S_IFDIR | (mode & 07777), 0, 0, NULL, 0);
		else if (sscanf(line, "nod %4095s %o %c %u %u", name, &mode, &type, &maj, &min) == 5 &&
			 (type == 'c' || type == 'b'))
			rc = fb_cpio_add(&c, name, (type == 'c' ? S_IFCHR : S_IFBLK) | (mode & 07777), maj, min, NULL, 0);
		else if (sscanf(line, "file %4095s %o %4095[^\n]", name, &mode, src) == 3) {
			rc = fb_cpio_add_file(&c, name, mode, src);
			if (rc)
				fprintf(stderr, "%s: %s: %s\n", prog, src, strerror(-rc));
		} else {
			fprintf(stderr, "%s: manifest line %d: '%s': expected dir/nod/file (see --help)\n", prog, lineno, line);
			rc = -EINVAL;
		}
	}
	if (!rc)
		rc = fb_cpio_finish(&c);
	if (close(fd) && !rc)
		rc = -errno;
	if (!rc && rename(tmp, out))
		rc = -errno;
	if (rc) {
		unlink(tmp);
		fprintf(stderr, "%s: %s not written: %s\n", prog, out, strerror(-rc));
		return rc == -EINVAL ? 2 : 1;
	}
	return 0;
}

/* A results file name: one plain component, nothing that climbs out of DIR. */
static int plain_name(const char *n)
{
	return n[0] && n[0] != '.' && !strchr(n, '/') && strlen(n) < 256;
}

static int walk(const char *archive, const char *dir)
{
	int fd = open(archive, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, archive, strerror(errno));
		return 1;
	}
	struct fb_cpio_entry e;
	uint64_t off = 0;
	int n = 0, rc;
	while ((rc = fb_cpio_next(fd, &off, &e)) == 1) {
		int out = -1;
		if (!dir)
			printf("%06o %llu %s\n", e.mode, (unsigned long long)e.size, e.name);
		else if (S_ISREG(e.mode) && plain_name(e.name)) {
			char path[4400];
			snprintf(path, sizeof(path), "%s/%s", dir, e.name);
			out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
			if (out < 0) {
				fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
				close(fd);
				return 1;
			}
		} else
			fprintf(stderr, "%s: %s: entry '%s' skipped (not a plain file name)\n", prog, archive, e.name);
		rc = fb_cpio_data(fd, &off, &e, out);
		if (out >= 0 && close(out) && !rc)
			rc = -errno;
		if (rc)
			break;
		if (dir && out >= 0)
			printf("%s\n", e.name);
		n++;
	}
	close(fd);
	if (rc == 0)
		return 0;
	fprintf(stderr, "%s: %s: %s after %d complete entries (byte %llu)\n", prog, archive,
		rc == -ENODATA ? "truncated: no trailer" : rc == -EPROTO ? "bad header" : strerror(-rc),
		n, (unsigned long long)off);
	return 1;
}

static int interp(int argc, char **argv)
{
	int bad = 0;
	for (int i = 0; i < argc; i++) {
		char buf[4096];
		int rc = fb_elf_interp(argv[i], buf, sizeof(buf));
		if (rc == 0)
			printf("%s: static\n", argv[i]);
		else if (rc == 1)
			printf("%s: dynamic %s\n", argv[i], buf);
		else
			printf("%s: %s\n", argv[i], rc == -ENOEXEC ? "not an ELF executable" : strerror(-rc));
		bad |= rc != 0;
	}
	return bad;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		usage();
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "create") == 0)
		return create(argv[2]);
	if (argc == 3 && strcmp(argv[1], "list") == 0)
		return walk(argv[2], NULL);
	if (argc == 4 && strcmp(argv[1], "extract") == 0)
		return walk(argv[2], argv[3]);
	if (argc >= 3 && strcmp(argv[1], "interp") == 0)
		return interp(argc - 2, argv + 2);
	return usage();
}
