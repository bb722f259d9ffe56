/* test_util: size parsing, statistics, identifiers, the CSV table. */
#include "stats.h"
#include "table.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failures;
#define CHECK(cond)                                                              \
	do {                                                                     \
		if (!(cond)) {                                                   \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
			failures++;                                              \
		}                                                                \
	} while (0)

static void sizes(void)
{
	static const struct { const char *in; int rc; uint64_t out; } cases[] = {
		{ "0", 0, 0 }, { "4096", 0, 4096 }, { "1K", 0, 1024 }, { "16M", 0, 16 << 20 },
		{ "16MiB", 0, 16 << 20 }, { "1G", 0, 1ULL << 30 }, { "4g", 0, 4ULL << 30 },
		{ "", -1, 0 }, { "M", -1, 0 }, { "12Q", -1, 0 }, { "-1", -1, 0 }, { "1.5G", -1, 0 },
		{ "99999999999999999999", -1, 0 }, { "17179869184G", -1, 0 },
	};
	for (size_t i = 0; i < FB_ARRAY_LEN(cases); i++) {
		uint64_t v = 0;
		int rc = fb_parse_size(cases[i].in, &v);
		CHECK((rc == 0) == (cases[i].rc == 0));
		if (rc == 0)
			CHECK(v == cases[i].out);
	}
	char buf[32];
	fb_format_size(256 << 20, buf, sizeof(buf));
	CHECK(strcmp(buf, "256M") == 0);
	fb_format_size(4097, buf, sizeof(buf));
	CHECK(strcmp(buf, "4097") == 0);
}

static void stats(void)
{
	double v[] = { 5, 1, 4, 2, 3, 100 };
	struct fb_stats s;
	fb_stats_compute(v, 6, &s);
	CHECK(s.n == 6);
	CHECK(fabs(s.median - 3.5) < 1e-9);
	CHECK(s.min == 1 && s.max == 100);
	CHECK(fabs(s.mean - 115.0 / 6) < 1e-9);
	/* |x - 3.5| = 2.5 1.5 0.5 0.5 1.5 96.5 -> median 1.5 */
	CHECK(fabs(s.mad - 1.5) < 1e-9);
	/* type 7: p95 at position 4.75 between 5 and 100 */
	CHECK(fabs(s.p95 - (5 + 0.75 * 95)) < 1e-9);
	double one[] = { 7 };
	fb_stats_compute(one, 1, &s);
	CHECK(s.median == 7 && s.stddev == 0 && s.p99 == 7);
}

static void identifiers(void)
{
	char buf[64];
	fb_identifier("dTLB-load-misses", buf, sizeof(buf));
	CHECK(strcmp(buf, "dtlb_load_misses") == 0);
	fb_csv_escape("a,b \"c\"", buf, sizeof(buf));
	CHECK(strcmp(buf, "\"a,b \"\"c\"\"\"") == 0);
}

static void table(void)
{
	static const struct fb_column cols[] = {
		{ "k", FB_KEY, "" }, { "x_ns", FB_METRIC, "" }, { "status", FB_INFO, "" },
		{ "error", FB_INFO, "" },
	};
	struct fb_table t;
	CHECK(fb_table_init(&t, cols, 4) == 0);
	char path[] = "/tmp/fb_test_table_XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	CHECK(fb_table_open(&t, path) == 0);
	for (int i = 0; i < 5; i++) {
		fb_row_begin(&t);
		fb_row_str(&t, 0, i < 3 ? "a" : "b");
		if (i != 4)
			fb_row_int(&t, 1, 10 * (i + 1));
		fb_row_str(&t, 2, i == 1 ? "error" : "ok");
		fb_row_str(&t, 3, i == 1 ? "boom, with comma" : "");
		CHECK(fb_row_commit(&t) == 0);
	}
	char sum[64];
	fb_sibling_path(path, ".summary.csv", sum, sizeof(sum));
	CHECK(fb_table_write_summary(&t, sum) == 0);
	fb_table_close(&t);
	FILE *f = fopen(sum, "r");
	char line[512];
	int lines = 0;
	while (f && fgets(line, sizeof(line), f)) {
		lines++;
		/* a: rows 0 and 2 are ok -> n=2, not_ok=1, median 20; b: one empty cell -> n=1 */
		if (strncmp(line, "a,", 2) == 0)
			CHECK(strncmp(line, "a,x_ns,2,1,20.0,", 16) == 0);
		if (strncmp(line, "b,", 2) == 0)
			CHECK(strncmp(line, "b,x_ns,1,0,40.0,", 16) == 0);
	}
	CHECK(lines == 3);
	if (f)
		fclose(f);
	unlink(sum);
	unlink(path);
}

int main(void)
{
	sizes();
	stats();
	identifiers();
	table();
	printf("%s\n", failures ? "test_util: FAILED" : "test_util: ok");
	return failures ? 1 : 0;
}
