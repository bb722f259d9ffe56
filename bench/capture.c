/* forkbench-capture (forkbench capture PID > shape.txt): writes the shape of
 * a running process — per VMA its permissions, kind, size, Rss, Anonymous,
 * AnonHugePages, Swap and the VmFlags fork treats apart; its thread and
 * descriptor counts; its command name — for forkbench-spawn --like-file on
 * another machine or kernel. No addresses, no file names, no memory contents
 * (docs/like.md). Reads /proc/PID only; measures nothing. */
#define _GNU_SOURCE
#include "shape.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

static const char *prog = "forkbench-capture";

int main(int argc, char **argv)
{
	if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		printf("usage: forkbench capture PID > shape.txt\n\n"
		       "Writes the shape of process PID (from /proc/PID/smaps, task, fd, comm) for\n"
		       "forkbench spawn --like-file: per VMA its permissions, kind (anon, file, shared,\n"
		       "special), size, Rss, Anonymous, AnonHugePages, Swap and the hg/nh/dc/wf flags;\n"
		       "the thread and descriptor counts; the command name. No addresses, no file\n"
		       "names, no memory contents.\n"
		       "Exit status: 0 ok, 1 failure, 2 bad usage (no such process, not readable).\n");
		return 0;
	}
	uint64_t pid;
	if (argc != 2 || fb_parse_uint(argv[1], INT_MAX, &pid) || pid == 0) {
		fprintf(stderr, "%s: bad usage%s%s%s: forkbench capture PID (a process ID, a whole number from 1)\n", prog,
			argc >= 2 ? " '" : "", argc >= 2 ? argv[1] : "", argc >= 2 ? "'" : "");
		return FB_EXIT_USAGE;
	}
	struct fb_like_shape s;
	char msg[512];
	int rc = fb_like_read_pid((pid_t)pid, &s, msg, sizeof(msg));
	if (rc) {
		fprintf(stderr, "%s: PID %llu: %s\n", prog, (unsigned long long)pid, msg);
		return rc == -ENOENT || rc == -EACCES || rc == -EPERM ? FB_EXIT_USAGE : FB_EXIT_FAIL;
	}
	rc = fb_like_write(stdout, &s);
	fb_like_free(&s);
	if (rc) {
		fprintf(stderr, "%s: writing the shape failed: %s\n", prog, strerror(-rc));
		return FB_EXIT_FAIL;
	}
	return 0;
}
