/* cli_lists: the usage-error path (exit 2 with the message and a pointer to
 * --help) and the table-driven parts of option parsing — a comma list picked
 * by name from a table (a variant is one row: the same name on the command
 * line, in --list, in the CSV), the --list printers shared by drivers, and
 * the "did you mean" check of long options. */
#define _GNU_SOURCE
#include "cli.h"
#include "method.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fb_usage_error(const char *prog, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(see %s --help)\n", prog);
	exit(FB_EXIT_USAGE);
}

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), d[64];
	if (la >= 63 || lb >= 63)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		d[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = d[0];
		d[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = d[j], best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (d[j - 1] + 1 < best)
				best = d[j - 1] + 1;
			d[j] = best;
			diag = up;
		}
	}
	return d[lb];
}

void fb_check_long_options(const char *prog, int argc, char **argv, const char *shortopts,
			   const struct option *longopts)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0)
			return;
		if (a[0] != '-' || !a[1])
			continue;   /* an operand: getopt permutes, fb_cli_finish refuses strays */
		if (a[1] != '-') {   /* a cluster of short options: skip the value of one that takes it */
			for (const char *c = a + 1; *c; c++) {
				const char *s = strchr(shortopts, *c);
				if (s && s[1] == ':') {
					if (!c[1])
						i++;
					break;
				}
			}
			continue;
		}
		char name[128];
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(a + 2, "="), a + 2);
		const struct option *hit = NULL, *near = NULL;
		size_t best = 99;
		for (const struct option *lo = longopts; lo->name; lo++) {
			if (strcmp(lo->name, name) == 0)
				hit = lo;
			size_t d = strncmp(lo->name, name, strlen(name)) == 0 ? 0 : edit_distance(lo->name, name);
			if (d < best)
				best = d, near = lo;
		}
		if (!hit) {
			/* getopt_long would take an unambiguous prefix (--method as --methods)
			 * and start a sweep the user did not ask for: exact names only. */
			if (near && best <= 3)
				fb_usage_error(prog, "unknown option '--%s'; did you mean --%s?", name, near->name);
			fb_usage_error(prog, "unknown option '--%s'", name);
		}
		if (hit->has_arg == required_argument && !strchr(a, '='))
			i++;
	}
}

void fb_list_methods(void)
{
	printf("methods:\n");
	for (size_t i = 0; i < fb_method_count; i++)
		printf("  %-15s %s%s\n", fb_methods[i].name, fb_methods[i].desc,
		       fb_method_only_label(&fb_methods[i]));
	printf("child actions:\n");
	for (size_t i = 0; i < fb_child_mode_count; i++)
		printf("  %-15s %s\n", fb_child_modes[i].name, fb_child_modes[i].desc);
}

void fb_list_heap_kinds(void)
{
	printf("heap kinds:\n");
	for (size_t i = 0; i < fb_heap_kind_count; i++)
		printf("  %-15s %s\n", fb_heap_kinds[i].name, fb_heap_kinds[i].desc);
}

void fb_names(const void *table, size_t stride, size_t nrows, char *buf, size_t len)
{
	buf[0] = '\0';
	for (size_t i = 0; i < nrows; i++) {
		const char *name = *(const char *const *)((const char *)table + i * stride);
		size_t used = strlen(buf);
		snprintf(buf + used, len - used, "%s%s", i ? ", " : "", name);
	}
}

int fb_cli_list(const char *prog, const char *option, char *arg, char **items, int max)
{
	int n = fb_split_list(arg, items, max);
	if (n == -EINVAL)
		fb_usage_error(prog, "bad %s value '%s': an item of the list is empty (a doubled, leading or trailing comma); give a comma-separated list such as a,b,c",
			       option, arg);
	if (n == -E2BIG)
		fb_usage_error(prog, "bad %s value '%s': at most %d items", option, arg, max);
	if (n < 0)
		fb_usage_error(prog, "%s: %s", option, strerror(-n));
	return n;
}

int fb_pick(const char *prog, const char *option, char *arg, const void *table, size_t stride,
	    size_t nrows, int *idx, int max)
{
	char *items[FB_MAX_PICK];
	int n = fb_cli_list(prog, option, arg, items, FB_MAX_PICK);
	int out = 0;
	for (int k = 0; k < n; k++) {
		bool all = strcmp(items[k], "all") == 0, found = false;
		for (size_t i = 0; i < nrows; i++) {
			const char *name = *(const char *const *)((const char *)table + i * stride);
			if (!all && strcmp(name, items[k]) != 0)
				continue;
			found = true;
			bool dup = false;
			for (int j = 0; j < out; j++)
				dup |= idx[j] == (int)i;
			if (!dup && out < max)
				idx[out++] = (int)i;
		}
		if (!found) {
			char allowed[512];
			fb_names(table, stride, nrows, allowed, sizeof(allowed));
			fb_usage_error(prog, "unknown %s value '%s'; allowed: %s, all", option, items[k],
				       allowed);
		}
	}
	return out;
}

int fb_pick_methods(const char *prog, char *arg, int *out)
{
	return fb_pick(prog, "--methods", arg, fb_methods, sizeof(fb_methods[0]), fb_method_count, out,
		       FB_MAX_PICK);
}

int fb_pick_child(const char *prog, char *arg, int *out)
{
	return fb_pick(prog, "--child", arg, fb_child_modes, sizeof(fb_child_modes[0]), fb_child_mode_count,
		       out, FB_MAX_PICK);
}
