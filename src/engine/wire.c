/* SPDX-License-Identifier: MIT */
/*
 * wire.c - framing of the lab's records (see wire.h).
 */
#include "config.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>
#include "base/util.h"
#include "engine/wire.h"

int wire_send(int fd, uint16_t type, uint16_t side, const void *a, size_t alen, const void *b,
	      size_t blen)
{
	struct wire_hdr h = {type, side, (uint32_t)(alen + blen)};
	struct iovec iov[3] = {{&h, sizeof h}, {(void *)a, alen}, {(void *)b, blen}};
	int cnt = 3, i = 0;
	if (alen + blen > WIRE_MAX_PAYLOAD) {
		errno = EMSGSIZE;
		return -1;
	}
	while (i < cnt) {
		ssize_t w = writev(fd, iov + i, cnt - i);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		while (i < cnt && (size_t)w >= iov[i].iov_len) {
			w -= (ssize_t)iov[i].iov_len;
			i++;
		}
		if (i < cnt) {
			iov[i].iov_base = (char *)iov[i].iov_base + w;
			iov[i].iov_len -= (size_t)w;
		}
	}
	return 0;
}

int wire_fill(struct wire_reader *r, int fd)
{
	int got = 0;
	/* drop what wire_next() has consumed */
	if (r->off) {
		memmove(r->buf, r->buf + r->off, r->len - r->off);
		r->len -= r->off;
		r->off = 0;
	}
	for (;;) {
		xgrow(&r->buf, &r->cap, r->len + 65536, 1);
		ssize_t n = read(fd, r->buf + r->len, r->cap - r->len);
		if (n > 0) {
			r->len += (size_t)n;
			got = 1;
			continue;
		}
		if (n == 0)
			return got ? 1 : 0;
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return 1;
		return -1;
	}
}

int wire_next(struct wire_reader *r, struct wire_hdr *hdr, const uint8_t **payload)
{
	size_t avail = r->len - r->off;
	if (avail < sizeof *hdr)
		return 0;
	memcpy(hdr, r->buf + r->off, sizeof *hdr);
	if (hdr->len > WIRE_MAX_PAYLOAD || hdr->type > W_END)
		return -1;
	if (avail < sizeof *hdr + hdr->len)
		return 0;
	/* Copy out, so the payload is aligned for the caller's structs. */
	xgrow(&r->rec, &r->rcap, hdr->len + 1, 1);
	memcpy(r->rec, r->buf + r->off + sizeof *hdr, hdr->len);
	r->rec[hdr->len] = 0;
	r->off += sizeof *hdr + hdr->len;
	*payload = r->rec;
	return 1;
}

void wire_reader_free(struct wire_reader *r)
{
	free(r->buf);
	free(r->rec);
	memset(r, 0, sizeof *r);
}
