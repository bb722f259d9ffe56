/* pattern: how the writer walks the heap after fork, one row each in
 * fb_patterns[]. A row's run() is the timed pass and nothing else: no
 * allocation, no syscalls, no stdio, no index array, no RNG. Each written page
 * gets the 64-bit stamp at its first word (`full`: in every word), so the
 * other side can count what changed in its own view. A row's hits() is the
 * exact claim "page i is written", from which pages_written is counted and
 * against which the tests check what run() really wrote.
 * Measures nothing itself; the runner owns the clock. */
#ifndef FORKBENCH_PATTERN_H
#define FORKBENCH_PATTERN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum fb_pattern_flags {
	FB_PAT_PARAM = 1 << 0,      /* takes name:N, N in [param_min, param_max] */
	FB_PAT_READ_ONLY = 1 << 1,  /* reads, never writes: expect no COW copy */
	FB_PAT_AFTER_EXIT = 1 << 2, /* the child exits and is reaped before the pass: parent only */
};

/* The timed pass over pages 4 KiB pages from base. Returns what it read (so
 * reads are not optimised away); writing rows return 0. */
typedef uint64_t (*fb_pattern_run_fn)(char *base, uint64_t pages, uint64_t param, uint64_t stamp);
/* Does the pass write page i of pages? Pure arithmetic; never timed. */
typedef bool (*fb_pattern_hits_fn)(uint64_t i, uint64_t pages, uint64_t param);

struct fb_pattern {
	const char *name;      /* CLI, CSV and plot identifier (before the ':') */
	const char *desc;      /* one line for --list */
	unsigned flags;
	const char *param;     /* "N" or "P" for --list and messages; NULL without one */
	uint64_t param_min, param_max;
	fb_pattern_run_fn run;
	fb_pattern_hits_fn hits;
};

extern const struct fb_pattern fb_patterns[];
extern const size_t fb_pattern_count;

/* A pattern as picked on the command line: the row, its parameter, the text. */
struct fb_pattern_sel {
	const struct fb_pattern *pat;
	uint64_t param;
	char text[40];         /* as given, e.g. "stride:16": the CSV `pattern` cell */
};

/* "seq", "stride:16", "frac:25". Returns 0, or -EINVAL with a message in err
 * naming the bad value and what is allowed. */
int fb_pattern_parse(const char *text, struct fb_pattern_sel *out, char *err, size_t errlen);
/* "seq, rev, ..., stride:N (N 1-1048576), ..." for messages and --help. */
void fb_pattern_names(char *buf, size_t len);

static inline uint64_t fb_pattern_run(const struct fb_pattern_sel *s, char *base, uint64_t pages,
				      uint64_t stamp)
{
	return s->pat->run(base, pages, s->param, stamp);
}
/* Pages the pass writes (counted from hits(), so it is exactly the claim). */
uint64_t fb_pattern_pages(const struct fb_pattern_sel *s, uint64_t pages);
/* Aligned groups of group pages (512 = one 2 MiB huge page) with at least one written page. */
uint64_t fb_pattern_groups(const struct fb_pattern_sel *s, uint64_t pages, uint64_t group);

/* The `rand` order: a bijection of [0, 2^bits) built from an odd multiply and
 * xor-shifts, so the pass needs neither an index array nor an RNG. */
static inline uint64_t fb_rand_perm(uint64_t i, unsigned bits)
{
	const uint64_t mask = bits >= 64 ? ~0ULL : (1ULL << bits) - 1;
	const unsigned half = bits / 2 ? bits / 2 : 1;
	uint64_t x = (i * 0x9E3779B97F4A7C15ULL) & mask;   /* odd multiplier: bijective mod 2^bits */
	x ^= x >> half;                                      /* xor-shift: bijective */
	x = (x * 0xD6E8FEB86659FD93ULL) & mask;
	x ^= x >> half;
	return x;
}
/* Smallest bits with 2^bits >= pages. */
unsigned fb_rand_bits(uint64_t pages);
#endif
