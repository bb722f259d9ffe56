/* test_guard: the memory guard's arithmetic. A spawn child copies page tables
 * (8 bytes per 4 KiB page), not the heap, so 16 GiB needs the heap, two sets
 * of page tables and 256 MiB slack — about 16.3 GiB, which fits a 24 GiB
 * machine — while one full copy doubles it. The floors' buffers are capped
 * whatever the cache reports. */
#include "floor.h"
#include "heap.h"
#include "util.h"

#include <stdio.h>

static int failures;

static void expect(int ok, const char *what)
{
	printf("%s: %s\n", ok ? "ok" : "FAIL", what);
	failures += !ok;
}

int main(void)
{
	const uint64_t G = 1ULL << 30, M = 1ULL << 20;
	expect(fb_heap_need_bytes(0, 0) == 256 * M, "heap 0 needs the slack alone");
	expect(fb_heap_need_bytes(16 * G, 0) == 16 * G + 2 * 32 * M + 256 * M,
	       "16G: heap + parent and child page tables (2 x 32 MiB) + slack");
	expect(fb_heap_need_bytes(16 * G, 0) < 24 * G * 9 / 10, "16G fits a 24 GiB machine");
	expect(fb_heap_need_bytes(10 * G, 1) == 20 * G + 3 * 20 * M + 256 * M,
	       "one full copy: twice the heap, three sets of page tables");
	expect(fb_floor_copy_bytes(480 * M) == FB_FLOOR_COPY_MAX, "a 480 MiB LLC is capped");
	expect(fb_floor_copy_bytes(32 * M) == 64 * M, "a 32 MiB LLC: twice it");
	expect(fb_floor_copy_bytes(0) == 16 * M, "no LLC known: 16 MiB");
	return failures ? 1 : 0;
}
