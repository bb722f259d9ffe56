/* exec_target: the image kinds an exec path can start and how to start each.
 * Parsing and path lookup only; nothing here is timed. */
#define _GNU_SOURCE
#include "exec_target.h"
#include "method.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const struct fb_exec_kind fb_exec_kinds[] = {
	/* The kernel's exec cost alone: 5 KB, no libc, no loader. */
	{ .name = "static", .desc = "the tiny static target: no libc, no loader",
	  .file = "forkbench-exec-target" },
	/* What an ordinary program pays before main(): ld.so maps and relocates libc. */
	{ .name = "dynamic", .desc = "a dynamically linked PIE: ld.so + libc.so.6 before main()",
	  .file = "forkbench-exec-target-dynamic" },
	/* lmbench's "shell": the shell's own exec, startup and command line, then the target. */
	{ .name = "shell", .desc = "/bin/sh -c '<static target> <fd>' (lmbench's shell)",
	  .file = NULL },
	/* Demand paging: a static image with megabytes of text, SIZE of it read. */
	{ .name = "large", .desc = "large:SIZE - a large static image that reads SIZE of its text after its first instruction",
	  .file = "forkbench-exec-target-large", .sized = true, .touches = true },
};
const size_t fb_exec_kind_count = FB_ARRAY_LEN(fb_exec_kinds);

static int bad(char *msg, size_t len, const char *s, const char *why)
{
	snprintf(msg, len, "bad exec target '%s': %s; allowed: static, dynamic, shell, large:SIZE", s, why);
	return -EINVAL;
}

int fb_exec_target_parse(const char *s, struct fb_exec_target *out, char *msg, size_t len)
{
	memset(out, 0, sizeof(*out));
	const char *colon = strchr(s, ':');
	size_t nlen = colon ? (size_t)(colon - s) : strlen(s);
	for (size_t i = 0; i < fb_exec_kind_count; i++) {
		const struct fb_exec_kind *k = &fb_exec_kinds[i];
		if (strlen(k->name) != nlen || strncmp(k->name, s, nlen))
			continue;
		out->kind = k;
		if (!k->sized) {
			if (colon)
				return bad(msg, len, s, "only large takes a :SIZE");
			snprintf(out->spec, sizeof(out->spec), "%s", k->name);
			return 0;
		}
		if (!colon || !colon[1])
			return bad(msg, len, s, "large needs a size, e.g. large:8M");
		if (fb_parse_size(colon + 1, &out->touch_bytes))
			return bad(msg, len, s, "the size is a number with an optional K/M/G suffix");
		char sz[32];
		fb_format_size(out->touch_bytes, sz, sizeof(sz));
		snprintf(out->spec, sizeof(out->spec), "%s:%s", k->name, sz);
		return 0;
	}
	return bad(msg, len, s, "unknown kind");
}

int fb_exec_target_parse_list(const char *s, struct fb_exec_target *out, int max, char *msg,
			      size_t len)
{
	char buf[1024];
	snprintf(buf, sizeof(buf), "%s", s);
	char *items[64];
	int n = fb_split_list(buf, items, max < 64 ? max : 64);
	if (n < 0) {
		snprintf(msg, len, "too many exec targets in '%s': at most %d", s, max);
		return -E2BIG;
	}
	if (n == 0)
		return bad(msg, len, s, "empty list");
	for (int i = 0; i < n; i++) {
		int rc = fb_exec_target_parse(items[i], &out[i], msg, len);
		if (rc)
			return rc;
	}
	return n;
}

int fb_exec_target_resolve(const struct fb_exec_target *t, const char *ready_fd_arg,
			   struct fb_exec_cmd *cmd, char *msg, size_t len)
{
	memset(cmd, 0, sizeof(*cmd));
	char base[4096];
	int rc = fb_exec_target_path(base, sizeof(base));
	if (rc) {
		snprintf(msg, len, "exec target %s not usable: %s (build it, or set FORKBENCH_EXEC_TARGET to an absolute path)",
			 base, strerror(-rc));
		return rc;
	}
	/* Every other image sits beside the static one. */
	const char *file = t->kind->file ? t->kind->file : fb_exec_kinds[0].file;
	if (strcmp(file, fb_exec_kinds[0].file) == 0) {
		snprintf(cmd->target, sizeof(cmd->target), "%s", base);
	} else {
		char *slash = strrchr(base, '/');
		int dir = slash ? (int)(slash - base) : 0;
		snprintf(cmd->target, sizeof(cmd->target), "%.*s/%s", dir, base, file);
	}
	struct stat st;
	if (stat(cmd->target, &st) || access(cmd->target, X_OK)) {
		rc = -errno;
		snprintf(msg, len, "exec target %s for '%s' not usable: %s (build it with the suite)",
			 cmd->target, t->spec, strerror(errno));
		return rc;
	}
	/* The image cannot hold more text than the file has bytes; the target
	 * itself refuses (exit 4) anything beyond its filler exactly. */
	if (t->kind->sized && t->touch_bytes > (uint64_t)st.st_size) {
		snprintf(msg, len, "bad exec target '%s': %s has only %lld bytes; build it larger with -DFORKBENCH_LARGE_TEXT_MB=N",
			 t->spec, cmd->target, (long long)st.st_size);
		return -EINVAL;
	}
	snprintf(cmd->fd_arg, sizeof(cmd->fd_arg), "%s", ready_fd_arg);
	snprintf(cmd->touch_arg, sizeof(cmd->touch_arg), "%llu", (unsigned long long)t->touch_bytes);
	int n = 0;
	if (!t->kind->file) {   /* shell */
		snprintf(cmd->path, sizeof(cmd->path), "/bin/sh");
		if (access(cmd->path, X_OK)) {
			rc = -errno;
			snprintf(msg, len, "exec target 'shell': /bin/sh not usable: %s", strerror(errno));
			return rc;
		}
		snprintf(cmd->script, sizeof(cmd->script), "%s %s", cmd->target, cmd->fd_arg);
		cmd->argv[n++] = cmd->path;
		cmd->argv[n++] = (char *)"-c";
		cmd->argv[n++] = cmd->script;
	} else {
		snprintf(cmd->path, sizeof(cmd->path), "%s", cmd->target);
		cmd->argv[n++] = cmd->path;
		cmd->argv[n++] = cmd->fd_arg;
		if (t->kind->sized)
			cmd->argv[n++] = cmd->touch_arg;
	}
	cmd->argv[n] = NULL;
	return 0;
}
