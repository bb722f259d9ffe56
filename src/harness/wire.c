/* wire: message encoding between a driver and its worker (see wire.h).
 * Cells are [u16 column][u8 type][int64 | u16 length, bytes, NUL]. */
#define _GNU_SOURCE
#include "wire.h"
#include "heap.h"
#include "perf.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

_Static_assert(sizeof(struct fb_wire_msg) <= 4096, "a message must fit one atomic pipe write");

enum { CELL_INT = 1, CELL_STR = 2 };

static int wire_fd = -1;

void fb_wire_set_fd(int fd)
{
	wire_fd = fd;
}

void fb_wrow_begin(struct fb_wire_msg *m)
{
	m->type = FB_MSG_ROW;
	m->len = 0;
}

static bool room(const struct fb_wire_msg *m, size_t n)
{
	return m->len + n <= FB_WIRE_MAX;
}

static void put_head(struct fb_wire_msg *m, int col, uint8_t type)
{
	uint16_t c = (uint16_t)col;
	memcpy(m->payload + m->len, &c, 2);
	m->payload[m->len + 2] = type;
	m->len += 3;
}

void fb_wrow_int(struct fb_wire_msg *m, int col, int64_t v)
{
	if (col < 0 || !room(m, 3 + 8))
		return;
	put_head(m, col, CELL_INT);
	memcpy(m->payload + m->len, &v, 8);
	m->len += 8;
}

void fb_wrow_str(struct fb_wire_msg *m, int col, const char *s)
{
	if (col < 0 || !s)
		return;
	size_t n = strlen(s);
	if (n > 1000)
		n = 1000;   /* a cell is text for a human: an error message, a name */
	if (!room(m, 3 + 2 + n + 1))
		return;
	put_head(m, col, CELL_STR);
	uint16_t l = (uint16_t)n;
	memcpy(m->payload + m->len, &l, 2);
	memcpy(m->payload + m->len + 2, s, n);
	m->payload[m->len + 2 + n] = '\0';
	m->len += 2 + (uint32_t)n + 1;
}

/* All n bytes out (write) or in (read), across signals and short counts:
 * 0, -errno, or -EPIPE when the other end is gone. */
static int transfer(int fd, char *p, size_t n, bool out)
{
	while (n) {
		ssize_t k = out ? write(fd, p, n) : read(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return k < 0 ? -errno : -EPIPE;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

int fb_wire_write_all(int fd, const void *buf, size_t n)
{
	return transfer(fd, (char *)buf, n, true);   /* write only reads buf */
}

int fb_wire_read_all(int fd, void *buf, size_t n)
{
	return transfer(fd, buf, n, false);
}

int fb_wire_send(struct fb_wire_msg *m)
{
	/* One write of header + used payload: atomic on a pipe (<= PIPE_BUF). */
	return fb_wire_write_all(wire_fd, m, offsetof(struct fb_wire_msg, payload) + m->len);
}

static int send_blob(uint32_t type, const void *p, size_t n)
{
	struct fb_wire_msg m;
	m.type = type;
	m.len = (uint32_t)(n < FB_WIRE_MAX ? n : FB_WIRE_MAX);
	memcpy(m.payload, p, m.len);
	return fb_wire_send(&m);
}

int fb_wire_progress(uint64_t samples_done)
{
	return send_blob(FB_MSG_PROGRESS, &samples_done, sizeof(samples_done));
}

int fb_wire_info(const char *key, int64_t value)
{
	char buf[128];
	size_t k = strlen(key);
	if (k > sizeof(buf) - 9)
		k = sizeof(buf) - 9;
	memcpy(buf, &value, 8);
	memcpy(buf + 8, key, k);
	buf[8 + k] = '\0';
	return send_blob(FB_MSG_INFO, buf, 8 + k + 1);
}

int fb_wire_error(const char *text)
{
	return send_blob(FB_MSG_ERROR, text, strlen(text) + 1);
}

int fb_wire_done(int rc)
{
	int32_t v = rc;
	return send_blob(FB_MSG_DONE, &v, sizeof(v));
}

int fb_wire_perf_tally(const struct fb_perf_tally *t, int nevents, const struct fb_perf_pass *passes,
		       int npasses)
{
	int life = 0;
	for (int k = 0; k < npasses; k++)
		life += passes[k].kind == FB_PERF_PASS_LIFE;
	int rc = fb_wire_info("perf_passes", npasses);
	if (!rc)
		rc = fb_wire_info("perf_life_passes", life);
	for (int i = 0; i < nevents && i < FB_PERF_MAX && !rc; i++) {
		const uint32_t v[4] = { t->windows[i], t->exact[i], t->never[i], t->partial[i] };
		static const char *const field[4] = { "windows", "exact", "never", "partial" };
		for (int f = 0; f < 4 && !rc; f++) {
			char key[40];
			snprintf(key, sizeof(key), "perf_tally.%s.%d", field[f], i);
			rc = fb_wire_info(key, v[f]);
		}
	}
	return rc;
}

int fb_wire_recv(int fd, struct fb_wire_msg *m)
{
	int rc = fb_wire_read_all(fd, m, offsetof(struct fb_wire_msg, payload));
	if (rc)
		return rc;
	if (m->type < FB_MSG_ROW || m->type > FB_MSG_DONE || m->len > FB_WIRE_MAX)
		return -EPROTO;
	rc = fb_wire_read_all(fd, m->payload, m->len);
	if (rc == -EPIPE)
		return -EPROTO;   /* EOF inside a message: cannot happen with atomic writes */
	if (!rc && (m->type == FB_MSG_INFO || m->type == FB_MSG_ERROR) &&
	    (m->len == 0 || m->payload[m->len - 1] != '\0'))
		return -EPROTO;
	return rc;
}

int fb_wire_next_cell(const struct fb_wire_msg *m, size_t *off, struct fb_wire_cell *c)
{
	if (*off == m->len)
		return 0;
	if (*off + 3 > m->len)
		return -EPROTO;
	uint16_t col;
	memcpy(&col, m->payload + *off, 2);
	uint8_t type = m->payload[*off + 2];
	*off += 3;
	c->col = col;
	if (type == CELL_INT) {
		if (*off + 8 > m->len)
			return -EPROTO;
		memcpy(&c->i, m->payload + *off, 8);
		c->is_str = false;
		*off += 8;
		return 1;
	}
	if (type != CELL_STR || *off + 2 > m->len)
		return -EPROTO;
	uint16_t l;
	memcpy(&l, m->payload + *off, 2);
	if (*off + 2 + l + 1 > m->len || m->payload[*off + 2 + l] != '\0')
		return -EPROTO;
	c->s = (const char *)m->payload + *off + 2;
	c->is_str = true;
	*off += 2 + (size_t)l + 1;
	return 1;
}

void fb_wrow_observed(struct fb_wire_msg *m, int col, const struct fb_heap *h)
{
	enum { RSS, THP, VMAS, HEAP_RSS, HEAP_THP, HEAP_VMAS, FOLIO, FOLIO_PCT, FOLIO_CHECK };
	fb_wrow_int(m, col + FOLIO, (int64_t)h->kind->folio_bytes);
	if (!h->process.vmas)
		return;   /* never observed: a heap that could not be set up */
	fb_wrow_int(m, col + RSS, (int64_t)h->process.rss_bytes);
	fb_wrow_int(m, col + THP, (int64_t)h->process.thp_bytes);
	fb_wrow_int(m, col + VMAS, (int64_t)h->process.vmas);
	fb_wrow_int(m, col + HEAP_RSS, (int64_t)h->range.rss_bytes);
	fb_wrow_int(m, col + HEAP_THP, (int64_t)h->range.thp_bytes);
	fb_wrow_int(m, col + HEAP_VMAS, (int64_t)h->range.vmas);
	int pct = fb_heap_folio_pct(h);
	if (pct < 0 || h->skip_reason[0])
		return;   /* 4 KiB kinds, and a heap whose folios were not obtained */
	fb_wrow_int(m, col + FOLIO_PCT, pct);
	fb_wrow_str(m, col + FOLIO_CHECK, h->kind->pte_folio ? h->folios.how : "AnonHugePages");
}
