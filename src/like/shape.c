/* shape: reading a process's layout from /proc or from a capture, and writing
 * the capture (see shape.h). One parser reads smaps and capture lines alike,
 * so the original and the replica are totalled by the same code. Reads no
 * memory of the process, sends it nothing; measures nothing. */
#define _GNU_SOURCE
#include "shape.h"
#include "heap.h"
#include "parent_state.h"
#include "procinfo.h"
#include "util.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = { "anon", "file", "shared", "special" };
static const struct { const char *name; uint8_t bit; } flag_names[] = {
	{ "hg", FB_LIKE_HG }, { "nh", FB_LIKE_NH }, { "dc", FB_LIKE_DC }, { "wf", FB_LIKE_WF },
};

static struct fb_like_vma *push(struct fb_like_shape *s)
{
	if (s->nvma == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 256;
		struct fb_like_vma *v = realloc(s->vma, cap * sizeof(*v));
		if (!v)
			return NULL;
		s->vma = v;
		s->cap = cap;
	}
	struct fb_like_vma *v = &s->vma[s->nvma++];
	memset(v, 0, sizeof(*v));
	return v;
}

/* An smaps header line: "start-end perms offset dev inode [path]". */
static int smaps_header(const char *line, struct fb_like_shape *s)
{
	unsigned long long a, b, off, inode;
	char perms[8], dev[16];
	int n = 0;
	if (sscanf(line, "%llx-%llx %7s %llx %15s %llu %n", &a, &b, perms, &off, dev, &inode, &n) < 6)
		return 0;
	struct fb_like_vma *v = push(s);
	if (!v)
		return -ENOMEM;
	const char *path = line + n;
	v->size = b - a;
	snprintf(v->perms, sizeof(v->perms), "%.4s", perms);
	if (perms[3] == 's')
		v->kind = FB_LIKE_SHARED;
	else if (path[0] == '[' && strncmp(path, "[heap]", 6) && strncmp(path, "[stack", 6) &&
		 strncmp(path, "[anon", 5))
		v->kind = FB_LIKE_SPECIAL;
	else if (inode || path[0] == '/')
		v->kind = FB_LIKE_FILE;
	else
		v->kind = FB_LIKE_ANON;
	return 1;
}

static uint8_t parse_flags(const char *p)
{
	uint8_t f = 0;
	for (size_t i = 0; i < FB_ARRAY_LEN(flag_names); i++) {
		const char *q = p;
		while ((q = strstr(q, flag_names[i].name))) {
			bool start = q == p || !isalpha((unsigned char)q[-1]);
			bool end = !isalpha((unsigned char)q[2]);
			if (start && end)
				f |= flag_names[i].bit;
			q += 2;
		}
	}
	return f;
}

/* "vma PERMS KIND SIZE_KB RSS_KB ANON_KB THP_KB SWAP_KB FLAGS" */
static int capture_vma(const char *line, struct fb_like_shape *s)
{
	char perms[8], kind[16], flags[64] = "-";
	unsigned long long sz, rss, anon, thp, swap;
	if (sscanf(line, "vma %7s %15s %llu %llu %llu %llu %llu %63s", perms, kind, &sz, &rss, &anon, &thp,
		   &swap, flags) < 7 || strlen(perms) != 4)
		return -EINVAL;
	struct fb_like_vma *v = push(s);
	if (!v)
		return -ENOMEM;
	memcpy(v->perms, perms, 5);
	v->kind = 0xff;
	for (size_t k = 0; k < FB_ARRAY_LEN(kind_names); k++)
		if (strcmp(kind, kind_names[k]) == 0)
			v->kind = (uint8_t)k;
	if (v->kind == 0xff || anon > sz || thp > anon || rss > sz) {
		s->nvma--;
		return -EINVAL;
	}
	v->size = sz << 10;
	v->rss = rss << 10;
	v->anon = anon << 10;
	v->thp = thp << 10;
	v->swap = swap << 10;
	v->flags = parse_flags(flags);
	return 0;
}

static void totals(struct fb_like_shape *s)
{
	struct fb_like_totals *t = &s->t;
	t->vmas = s->nvma;
	t->anon_bytes = t->thp_bytes = t->shared_bytes = t->rss_bytes = 0;
	for (size_t i = 0; i < s->nvma; i++) {
		const struct fb_like_vma *v = &s->vma[i];
		t->anon_bytes += v->anon;
		t->thp_bytes += v->thp;
		t->rss_bytes += v->rss;
		if (v->kind == FB_LIKE_SHARED)
			t->shared_bytes += v->rss;
	}
}

int fb_like_parse(FILE *f, struct fb_like_shape *s, char *msg, size_t len)
{
	char line[4096];
	unsigned lineno = 0;
	bool threads_seen = false;
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		line[strcspn(line, "\n")] = 0;
		unsigned long long v;
		char key[64];
		int rc = 0;
		if (!line[0] || line[0] == '#' || strncmp(line, "forkbench-shape", 15) == 0)
			continue;
		if (strncmp(line, "vma ", 4) == 0) {
			rc = capture_vma(line, s);
		} else if (sscanf(line, "comm %31[^\n]", s->comm) == 1) {
			continue;
		} else if (sscanf(line, "pid %llu", &v) == 1) {
			s->pid = (int64_t)v;
		} else if (sscanf(line, "threads %llu", &v) == 1 || sscanf(line, "Threads: %llu", &v) == 1) {
			s->t.threads = v;
			threads_seen = true;
		} else if (sscanf(line, "fds %llu", &v) == 1) {
			s->t.fds = v;
		} else if ((rc = smaps_header(line, s)) != 0) {
			rc = rc < 0 ? rc : 0;
		} else if (strncmp(line, "VmFlags:", 8) == 0) {
			if (s->nvma)
				s->vma[s->nvma - 1].flags = parse_flags(line + 8);
		} else if (sscanf(line, "%63[^:]: %llu kB", key, &v) == 2) {
			if (!s->nvma)
				continue;   /* a status line (VmRSS...) before the first VMA */
			struct fb_like_vma *m = &s->vma[s->nvma - 1];
			uint64_t b = (uint64_t)v << 10;
			if (strcmp(key, "Rss") == 0)
				m->rss = b;
			else if (strcmp(key, "Anonymous") == 0)
				m->anon = b;
			else if (strcmp(key, "AnonHugePages") == 0)
				m->thp = b;
			else if (strcmp(key, "Swap") == 0)
				m->swap = b;
		} else if (!strchr(line, ':')) {
			rc = -EINVAL;
		}
		if (rc) {
			snprintf(msg, len, "line %u is not a shape line (a capture of forkbench capture, or smaps): '%.60s'",
				 lineno, line);
			return rc;
		}
	}
	if (!s->nvma) {
		snprintf(msg, len, "no VMA in it: not a capture of forkbench capture, nor a copy of smaps");
		return -EINVAL;
	}
	if (!threads_seen)
		s->t.threads = 1;
	totals(s);
	return 0;
}

static int read_proc(const char *dir, struct fb_like_shape *s, char *msg, size_t len, bool self)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/smaps", dir);
	FILE *f = fopen(path, "re");
	if (!f)
		return -errno;
	int rc = fb_like_parse(f, s, msg, len);
	if (!rc && ferror(f))
		rc = -EIO;
	fclose(f);
	if (rc)
		return rc;
	snprintf(path, sizeof(path), "%s/task", dir);
	if ((rc = fb_count_entries(path, false, &s->t.threads)))
		return rc;
	snprintf(path, sizeof(path), "%s/fd", dir);
	if ((rc = fb_count_entries(path, false, &s->t.fds)))
		return rc;
	if (self && s->t.fds)
		s->t.fds--;   /* the directory's own descriptor */
	snprintf(path, sizeof(path), "%s/comm", dir);
	fb_read_line(path, s->comm, sizeof(s->comm));
	return 0;
}

int fb_like_read_pid(pid_t pid, struct fb_like_shape *s, char *msg, size_t len)
{
	memset(s, 0, sizeof(*s));
	s->pid = pid;
	char dir[64];
	snprintf(dir, sizeof(dir), "/proc/%d", (int)pid);
	int rc = pid > 0 ? read_proc(dir, s, msg, len, false) : -ENOENT;
	if (rc == -ENOENT || rc == -ESRCH)
		snprintf(msg, len, "no process with that PID");
	else if (rc == -EACCES || rc == -EPERM)
		snprintf(msg, len, "its /proc/%d/smaps and fd are not readable as this user (run as its owner or as root)",
			 (int)pid);
	else if (rc && rc != -EINVAL)
		snprintf(msg, len, "reading /proc/%d failed: %s", (int)pid, strerror(-rc));
	if (rc)
		fb_like_free(s);
	return rc;
}

int fb_like_read_file(const char *path, struct fb_like_shape *s, char *msg, size_t len)
{
	memset(s, 0, sizeof(*s));
	s->pid = -1;
	FILE *f = fopen(path, "re");
	if (!f) {
		int e = -errno;
		snprintf(msg, len, "%s", strerror(errno));
		return e;
	}
	char why[200] = "";
	int rc = fb_like_parse(f, s, why, sizeof(why));
	fclose(f);
	if (rc) {
		snprintf(msg, len, "%s", why);
		fb_like_free(s);
	}
	return rc;
}

int fb_like_self_totals(struct fb_like_totals *t)
{
	struct fb_like_shape s = { .pid = -1 };
	char msg[200];
	int rc = read_proc("/proc/self", &s, msg, sizeof(msg), true);
	if (!rc)
		*t = s.t;
	fb_like_free(&s);
	return rc;
}

int fb_like_write(FILE *out, const struct fb_like_shape *s)
{
	fprintf(out, "forkbench-shape 1\n"
		     "# The layout of one process for forkbench --like-file: per VMA its permissions,\n"
		     "# kind, size, Rss, Anonymous, AnonHugePages, Swap (kB) and the VmFlags fork\n"
		     "# treats apart. No addresses, no file names, no memory contents.\n");
	fprintf(out, "comm %s\n", s->comm[0] ? s->comm : "?");
	if (s->pid > 0)
		fprintf(out, "pid %" PRId64 "\n", s->pid);
	fprintf(out, "threads %" PRIu64 "\nfds %" PRIu64 "\n", s->t.threads, s->t.fds);
	fprintf(out, "# vma perms kind size_kB rss_kB anon_kB thp_kB swap_kB flags\n");
	for (size_t i = 0; i < s->nvma; i++) {
		const struct fb_like_vma *v = &s->vma[i];
		char fl[32] = "";
		for (size_t k = 0; k < FB_ARRAY_LEN(flag_names); k++)
			if (v->flags & flag_names[k].bit)
				snprintf(fl + strlen(fl), sizeof(fl) - strlen(fl), "%s%s", fl[0] ? "," : "",
					 flag_names[k].name);
		fprintf(out, "vma %s %s %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %s\n",
			v->perms, kind_names[v->kind], v->size >> 10, v->rss >> 10, v->anon >> 10, v->thp >> 10,
			v->swap >> 10, fl[0] ? fl : "-");
	}
	return fflush(out) ? -errno : 0;
}

void fb_like_free(struct fb_like_shape *s)
{
	free(s->vma);
	s->vma = NULL;
	s->nvma = s->cap = 0;
}
