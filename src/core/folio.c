/* folio: count whole folios of one size over a range, from pagemap and
 * kpageflags. Measures nothing. */
#define _GNU_SOURCE
#include "folio.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#define PM_PRESENT (1ULL << 63)
#define PM_PFN_MASK ((1ULL << 55) - 1)
#define KPF_COMPOUND_HEAD (1ULL << 15)
#define KPF_COMPOUND_TAIL (1ULL << 16)
#define MAX_PAGES 512   /* a 2 MiB folio */

static bool read_all(int fd, void *buf, size_t len, off_t off)
{
	ssize_t r = pread(fd, buf, len, off);
	return r == (ssize_t)len;
}

/* One chunk: n PTEs of pagemap, and (kpf >= 0) the flags of their PFNs. */
static bool chunk_whole(const uint64_t *pm, size_t n, int kpf)
{
	uint64_t pfn0 = pm[0] & PM_PFN_MASK;
	if (!(pm[0] & PM_PRESENT) || pfn0 % n)
		return false;
	for (size_t i = 1; i < n; i++)
		if (!(pm[i] & PM_PRESENT) || (pm[i] & PM_PFN_MASK) != pfn0 + i)
			return false;
	if (kpf < 0)
		return true;
	uint64_t fl[MAX_PAGES];
	if (!read_all(kpf, fl, n * sizeof(fl[0]), (off_t)(pfn0 * sizeof(fl[0]))))
		return false;
	if (!(fl[0] & KPF_COMPOUND_HEAD))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!(fl[i] & KPF_COMPOUND_TAIL))
			return false;
	return true;
}

int fb_folio_census(const void *addr, size_t len, size_t folio_bytes, struct fb_folio_census *out)
{
	memset(out, 0, sizeof(*out));
	size_t n = folio_bytes / FB_PAGE_SIZE;
	if (n < 2 || n > MAX_PAGES || (uintptr_t)addr % folio_bytes)
		return -EINVAL;
	int pm = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (pm < 0)
		return -errno;
	int kpf = open("/proc/kpageflags", O_RDONLY | O_CLOEXEC);
	out->how = kpf >= 0 ? "pagemap+kpageflags" : "pagemap";
	int rc = 0;
	uint64_t e[MAX_PAGES];
	bool any_pfn = false;
	for (size_t at = 0; at + folio_bytes <= len; at += folio_bytes) {
		off_t off = (off_t)(((uintptr_t)addr + at) / FB_PAGE_SIZE * sizeof(e[0]));
		if (!read_all(pm, e, n * sizeof(e[0]), off)) {
			rc = -EIO;
			break;
		}
		any_pfn |= (e[0] & PM_PFN_MASK) != 0;
		out->chunks++;
		out->whole += chunk_whole(e, n, kpf);
	}
	if (!rc && out->chunks && !any_pfn)
		rc = -EPERM;   /* every PFN reads 0: hidden from us, not absent */
	if (kpf >= 0)
		close(kpf);
	close(pm);
	return rc;
}
