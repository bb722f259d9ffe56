/* test_pattern: every row of fb_patterns[] writes exactly the pages its hits()
 * claims — no more, no fewer — and fb_pattern_pages() counts them. Loops over
 * the table, so a new row is tested without new test code. Also: the `rand`
 * order is a permutation, and bad pattern text is refused with a message. */
#define _GNU_SOURCE
#include "pattern.h"
#include "procinfo.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static int failures;

#define CHECK(cond, ...)                                               \
	do {                                                           \
		if (!(cond)) {                                         \
			fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
			fprintf(stderr, __VA_ARGS__);                  \
			fputc('\n', stderr);                           \
			failures++;                                    \
		}                                                      \
	} while (0)

static const uint64_t stamp = 0x8badf00dcafef00dULL;

/* Runs one selection over a fresh zero mapping and compares page by page. */
static void check_sel(const struct fb_pattern_sel *s, uint64_t pages)
{
	size_t len = pages * FB_PAGE_SIZE;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "mmap %zu", len);
	if (p == MAP_FAILED)
		return;
	madvise(p, len, MADV_NOHUGEPAGE);
	uint64_t sum = fb_pattern_run(s, p, pages, stamp);
	const bool writes = !(s->pat->flags & FB_PAT_READ_ONLY);
	/* Residency first (the checks below read every page): a write pass must not
	 * even touch the pages it does not write. */
	uint64_t resident = 0;
	bool have_resident = writes && fb_resident_pages(p, len, &resident) == 0;
	uint64_t written = 0;
	for (uint64_t i = 0; i < pages; i++) {
		const uint64_t *w = (const uint64_t *)(p + i * FB_PAGE_SIZE);
		bool hit = w[0] == stamp;
		written += hit;
		CHECK(hit == s->pat->hits(i, pages, s->param), "%s over %llu pages: page %llu %s but hits() says %d",
		      s->text, (unsigned long long)pages, (unsigned long long)i,
		      hit ? "written" : "not written", s->pat->hits(i, pages, s->param));
		if (hit && strcmp(s->pat->name, "full") == 0)
			for (size_t k = 0; k < FB_PAGE_SIZE / 8; k++)
				if (w[k] != stamp) {
					CHECK(0, "full: page %llu word %zu not written", (unsigned long long)i, k);
					break;
				}
		if (hit && strcmp(s->pat->name, "full") != 0)
			CHECK(w[1] == 0, "%s: wrote more than the first word of page %llu", s->text,
			      (unsigned long long)i);
	}
	CHECK(written == fb_pattern_pages(s, pages), "%s over %llu pages: wrote %llu, claims %llu", s->text,
	      (unsigned long long)pages, (unsigned long long)written,
	      (unsigned long long)fb_pattern_pages(s, pages));
	CHECK(writes || written == 0, "%s is read-only but wrote %llu pages", s->text,
	      (unsigned long long)written);
	CHECK(sum == 0, "%s read %llu from zero memory", s->text, (unsigned long long)sum);
	if (have_resident)
		CHECK(resident == written, "%s over %llu pages: %llu resident, %llu written", s->text,
		      (unsigned long long)pages, (unsigned long long)resident, (unsigned long long)written);
	munmap(p, len);
}

static void sel(struct fb_pattern_sel *s, const struct fb_pattern *p, uint64_t param)
{
	memset(s, 0, sizeof(*s));
	s->pat = p;
	s->param = param;
	if (p->flags & FB_PAT_PARAM)
		snprintf(s->text, sizeof(s->text), "%s:%llu", p->name, (unsigned long long)param);
	else
		snprintf(s->text, sizeof(s->text), "%s", p->name);
}

static void test_table(void)
{
	static const uint64_t sizes[] = { 1, 2, 7, 100, 513, 1000, 4096 };
	static const uint64_t params[] = { 1, 2, 3, 4, 16, 25, 33, 50, 99, 100, 512, 1000 };
	for (size_t r = 0; r < fb_pattern_count; r++) {
		const struct fb_pattern *p = &fb_patterns[r];
		CHECK(p->name && p->desc && p->run && p->hits, "row %zu incomplete", r);
		for (size_t z = 0; z < FB_ARRAY_LEN(sizes); z++) {
			struct fb_pattern_sel s;
			if (!(p->flags & FB_PAT_PARAM)) {
				sel(&s, p, 0);
				check_sel(&s, sizes[z]);
				continue;
			}
			for (size_t k = 0; k < FB_ARRAY_LEN(params); k++) {
				if (params[k] < p->param_min || params[k] > p->param_max)
					continue;
				sel(&s, p, params[k]);
				check_sel(&s, sizes[z]);
			}
		}
	}
}

/* The counts the CSV promises, in closed form. */
static void test_counts(void)
{
	struct fb_pattern_sel s;
	char err[512];
	CHECK(fb_pattern_parse("stride:4", &s, err, sizeof(err)) == 0, "%s", err);
	CHECK(fb_pattern_pages(&s, 4096) == 1024, "stride:4 of 4096");
	CHECK(fb_pattern_pages(&s, 4097) == 1025, "stride:4 of 4097");
	CHECK(fb_pattern_groups(&s, 4096, 512) == 8, "stride:4 groups");
	CHECK(fb_pattern_parse("stride:1024", &s, err, sizeof(err)) == 0, "%s", err);
	CHECK(fb_pattern_groups(&s, 4096, 512) == 4, "stride:1024 touches 4 of 8 huge pages");
	CHECK(fb_pattern_parse("frac:25", &s, err, sizeof(err)) == 0, "%s", err);
	CHECK(fb_pattern_pages(&s, 4096) == 1024, "frac:25 of 4096");
	CHECK(fb_pattern_pages(&s, 10) == 2, "frac:25 of 10 = floor(2.5)");
	CHECK(fb_pattern_parse("frac:100", &s, err, sizeof(err)) == 0, "%s", err);
	CHECK(fb_pattern_pages(&s, 777) == 777, "frac:100 is every page");
	CHECK(strcmp(s.text, "frac:100") == 0, "text kept as given");
}

static void test_rand_perm(void)
{
	for (unsigned bits = 0; bits <= 16; bits++) {
		uint64_t n = 1ULL << bits, adjacent = 0;
		unsigned char *seen = calloc(n, 1);
		for (uint64_t i = 0; i < n; i++) {
			uint64_t x = fb_rand_perm(i, bits);
			CHECK(x < n, "perm(%llu, %u) out of range", (unsigned long long)i, bits);
			if (x < n) {
				CHECK(!seen[x], "perm(., %u) repeats %llu", bits, (unsigned long long)x);
				seen[x] = 1;
			}
			adjacent += i && x == fb_rand_perm(i - 1, bits) + 1;
		}
		/* Scattered: consecutive steps rarely land on neighbouring pages. */
		CHECK(bits < 8 || adjacent < n / 20, "rand order too sequential at %u bits: %llu", bits,
		      (unsigned long long)adjacent);
		free(seen);
	}
}

static void test_parse(void)
{
	static const char *const bad[] = { "stride:0", "frac:150", "frac:0", "seq:3", "stride", "stride:",
					   "stride:x", "bogus", "", "frac:-1", "stride:2097152" };
	struct fb_pattern_sel s;
	char err[512];
	for (size_t i = 0; i < FB_ARRAY_LEN(bad); i++) {
		err[0] = '\0';
		CHECK(fb_pattern_parse(bad[i], &s, err, sizeof(err)) == -EINVAL, "'%s' accepted", bad[i]);
		CHECK(bad[i][0] == '\0' || strstr(err, bad[i]), "message for '%s' does not name it: %s",
		      bad[i], err);
	}
	for (size_t r = 0; r < fb_pattern_count; r++) {
		char text[64];
		const struct fb_pattern *p = &fb_patterns[r];
		snprintf(text, sizeof(text), "%s%s", p->name, p->flags & FB_PAT_PARAM ? ":1" : "");
		CHECK(fb_pattern_parse(text, &s, err, sizeof(err)) == 0 && s.pat == p, "'%s' refused: %s",
		      text, err);
	}
}

int main(void)
{
	test_table();
	test_counts();
	test_rand_perm();
	test_parse();
	if (failures) {
		fprintf(stderr, "%d failures\n", failures);
		return 1;
	}
	printf("test_pattern: all %zu pattern rows write exactly what they claim\n", fb_pattern_count);
	return 0;
}
