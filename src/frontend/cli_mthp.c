/* cli_mthp: the front end of the mTHP heap kinds — `mthp:all` expanded to the
 * sizes this kernel offers, the refusal up front of a kind the knobs would
 * not give (with the command that would), and, with --set-mthp, the original
 * knobs recorded in the sidecar and put back when the driver ends (normal
 * end, failure, stop; after a killed worker too: the driver restores).
 * Measures nothing. */
#define _GNU_SOURCE
#include "cli.h"
#include "mthp.h"
#include "sidecar.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct fb_mthp_state original;
static bool have_original, restored;

char *fb_mthp_expand_heaps(const char *arg)
{
	if (!strstr(arg, "all"))
		return strdup(arg);   /* nothing to expand: fb_pick judges it as given */
	struct fb_mthp_state s;
	bool known = fb_mthp_read(&s) == 0;
	size_t cap = strlen(arg) + 1024;
	char *out = calloc(1, cap), *copy = strdup(arg), *rest = copy, *t;
	if (!out || !copy)
		abort();
	bool first = true;
	while ((t = strsep(&rest, ",")) != NULL) {
		if (!first)
			strcat(out, ",");   /* empty items stay empty: fb_pick names them */
		first = false;
		bool all = strcmp(t, "all") == 0, mthp = strcmp(t, "mthp:all") == 0;
		if (!all && !mthp) {
			strncat(out, t, cap - strlen(out) - 1);
			continue;
		}
		/* all: every kind but those that need the mTHP knobs; mthp:all: the
		 * sizes below the PMD size this kernel offers (on a kernel with none,
		 * every size of the table: their rows say the kernel lacks it). */
		size_t before = strlen(out);
		for (size_t i = 0; i < fb_heap_kind_count; i++) {
			const struct fb_heap_kind *k = &fb_heap_kinds[i];
			bool take = all ? !k->pte_folio
					: k->pte_folio && !k->split_pmd &&
						  (!known || fb_mthp_find(&s, (uint32_t)(k->folio_bytes >> 10)));
			if (take) {
				if (strlen(out) > before)
					strcat(out, ",");
				strncat(out, k->name, cap - strlen(out) - 1);
			}
		}
	}
	free(copy);
	return out;
}

void fb_mthp_check(struct fb_common_opts *o)
{
	struct fb_mthp_state s;
	bool any = false;
	for (int i = 0; i < o->nheaps; i++)
		any |= o->heaps[i]->pte_folio;
	if (!any) {
		o->set_mthp = false;   /* nothing to set */
		return;
	}
	if (fb_mthp_read(&s))
		return;   /* no per-size knobs (Linux < 6.8): the rows say so, skipped */
	if (o->set_mthp) {
		char path[256];
		snprintf(path, sizeof(path), FB_MTHP_DIR "/hugepages-%ukB/enabled", s.k[0].kb);
		if (access(path, W_OK))
			fb_usage_error(o->prog, "--set-mthp writes %s and the other sizes' knobs: it needs root (or write access there); without it, enable the size yourself",
				       path);
		return;
	}
	for (int i = 0; i < o->nheaps; i++) {
		const struct fb_heap_kind *k = o->heaps[i];
		const uint32_t kb = (uint32_t)(k->folio_bytes >> 10);
		const struct fb_mthp_knob *kn = fb_mthp_find(&s, kb);
		if (!k->pte_folio || !kn)
			continue;
		char larger[128];
		fb_mthp_preferred(&s, kb, larger, sizeof(larger));
		if (!fb_mthp_allows(&s, kb))
			fb_usage_error(o->prog,
				       "--heap %s needs %s/hugepages-%ukB/enabled to be madvise or always, and it is %s%s; run with --set-mthp as root (set for the build, restored after), or: echo madvise > %s/hugepages-%ukB/enabled",
				       k->name, FB_MTHP_DIR, kb, kn->enabled,
				       strcmp(kn->enabled, "inherit") == 0 ? " (the top-level enabled is never)" : "",
				       FB_MTHP_DIR, kb);
		if (larger[0])
			fb_usage_error(o->prog,
				       "--heap %s: larger folio sizes are enabled (%s) and the kernel takes the largest that fits, so the heap would not be %u KiB folios; run with --set-mthp as root, or set those sizes to never in %s/hugepages-<N>kB/enabled",
				       k->name, larger, kb, FB_MTHP_DIR);
	}
}

static void restore_at_exit(void)
{
	if (have_original && !restored)
		fb_mthp_restore(&original);
}

void fb_mthp_run_begin(FILE *side, const struct fb_common_opts *o)
{
	bool any = false;
	for (int i = 0; i < o->nheaps; i++)
		any |= o->heaps[i]->pte_folio;
	if (!any)
		return;
	struct fb_mthp_state s;
	char knobs[512];
	if (fb_mthp_read(&s)) {
		fb_sidecar_kv(side, "mthp_knobs", "%s", "");
		return;
	}
	fb_mthp_format(&s, knobs, sizeof(knobs));
	fb_sidecar_kv(side, "mthp_knobs", "%s", knobs);
	fb_sidecar_kv(side, "set_mthp", "%d", o->set_mthp ? 1 : 0);
	if (o->set_mthp) {
		original = s;
		have_original = true;
		atexit(restore_at_exit);
	}
}

void fb_mthp_run_end(FILE *side)
{
	if (!have_original || restored)
		return;
	int rc = fb_mthp_restore(&original);
	restored = true;
	struct fb_mthp_state now;
	char knobs[512] = "";
	if (fb_mthp_read(&now) == 0)
		fb_mthp_format(&now, knobs, sizeof(knobs));
	fb_sidecar_kv(side, "mthp_knobs_after", "%s", knobs);
	if (rc)
		fprintf(stderr, "forkbench: could not restore the mTHP knobs (%s): they were %s\n",
			strerror(-rc), knobs);
}
