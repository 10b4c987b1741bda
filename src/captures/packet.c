/* SPDX-License-Identifier: MIT */
/*
 * packet.c - bounds-checked frame decoding (see packet.h).
 */
#include "config.h"
#include <pcap/dlt.h>
#include <string.h>
#include "captures/packet.h"

/* A read cursor: every access checks that the bytes exist. */
struct cur {
	const uint8_t *p;
	size_t left;
};

static int skip(struct cur *c, size_t n)
{
	if (c->left < n)
		return -1;
	c->p += n;
	c->left -= n;
	return 0;
}

static int u8(struct cur *c, size_t off, uint8_t *v)
{
	if (c->left <= off)
		return -1;
	*v = c->p[off];
	return 0;
}

static int u16(struct cur *c, size_t off, uint16_t *v)
{
	if (c->left < off + 2)
		return -1;
	*v = (uint16_t)(c->p[off] << 8 | c->p[off + 1]);
	return 0;
}

static int u32(struct cur *c, size_t off, uint32_t *v)
{
	if (c->left < off + 4)
		return -1;
	*v = (uint32_t)c->p[off] << 24 | (uint32_t)c->p[off + 1] << 16 |
	     (uint32_t)c->p[off + 2] << 8 | c->p[off + 3];
	return 0;
}

/* Move the cursor to the network header; returns the ethertype-like
 * protocol: 0x0800 IPv4, 0x86dd IPv6, or -1. */
static int link_layer(int linktype, struct cur *c)
{
	uint16_t et;
	uint32_t af;
	switch (linktype) {
	case DLT_EN10MB:
		if (u16(c, 12, &et) || skip(c, 14))
			return -1;
		while (et == 0x8100 || et == 0x88a8) { /* VLAN tags */
			if (u16(c, 2, &et) || skip(c, 4))
				return -1;
		}
		return et;
	case DLT_NULL:
	case DLT_LOOP:
		if (c->left < 4)
			return -1;
		/* DLT_NULL is host order, DLT_LOOP network order: accept both */
		memcpy(&af, c->p, 4);
		skip(c, 4);
		if (af == 2 || af == 0x02000000)
			return 0x0800;
		return 0x86dd; /* the BSDs use 24, 28 or 30 for IPv6 */
	case DLT_RAW:
#ifdef DLT_IPV4
	case DLT_IPV4:
	case DLT_IPV6:
#endif
	{
		uint8_t v;
		if (u8(c, 0, &v))
			return -1;
		return (v >> 4) == 4 ? 0x0800 : (v >> 4) == 6 ? 0x86dd : -1;
	}
	case DLT_LINUX_SLL:
		if (u16(c, 14, &et) || skip(c, 16))
			return -1;
		return et;
#ifdef DLT_LINUX_SLL2
	case DLT_LINUX_SLL2:
		if (u16(c, 0, &et) || skip(c, 20))
			return -1;
		return et;
#endif
	default:
		return -1;
	}
}

int packet_decode_addrs(int linktype, const uint8_t *frame, uint32_t caplen,
                        struct ev_packet *p, struct packet_addrs *a)
{
	struct cur c = { frame, caplen };
	uint8_t b, proto;
	uint16_t totlen, frag;
	uint32_t netlen;
	memset(p, 0, sizeof *p);
	memset(a, 0, sizeof *a);
	p->wscale = 0xff;
	p->caplen = caplen;

	switch (link_layer(linktype, &c)) {
	case 0x0800:
		/* RFC 791: IHL in 32-bit words, total length, fragment offset */
		if (u8(&c, 0, &b) || (b >> 4) != 4 || (b & 15) < 5)
			return -1;
		if (u16(&c, 2, &totlen) || u16(&c, 6, &frag) || u8(&c, 9, &proto))
			return -1;
		if (proto != 6 || (frag & 0x1fff) || c.left < 20)
			return -1;
		a->family = 4;
		memcpy(a->src, c.p + 12, 4);
		memcpy(a->dst, c.p + 16, 4);
		if (totlen < (b & 15) * 4u)
			return -1;
		netlen = totlen - (b & 15) * 4u;
		if (skip(&c, (b & 15) * 4u))
			return -1;
		break;
	case 0x86dd:
		/* RFC 8200: fixed 40-byte header; we follow no extension headers */
		if (u8(&c, 0, &b) || (b >> 4) != 6 || u16(&c, 4, &totlen) ||
		    u8(&c, 6, &proto) || proto != 6 || c.left < 40)
			return -1;
		a->family = 6;
		memcpy(a->src, c.p + 8, 16);
		memcpy(a->dst, c.p + 24, 16);
		netlen = totlen;
		skip(&c, 40);
		break;
	default:
		return -1;
	}

	/* RFC 9293 section 3.1: the TCP header */
	uint8_t off;
	if (c.left < 20) /* the fixed part of the TCP header must be there */
		return -1;
	if (u16(&c, 0, &p->sport) || u16(&c, 2, &p->dport) || u32(&c, 4, &p->seq) ||
	    u32(&c, 8, &p->ack) || u8(&c, 12, &off) || u8(&c, 13, &p->flags) ||
	    u16(&c, 14, &p->win))
		return -1;
	size_t hlen = (size_t)(off >> 4) * 4;
	if (hlen < 20 || netlen < hlen)
		return -1;
	p->len = netlen - (uint32_t)hlen;
	/* options: we only want the window scale (kind 3) */
	if (c.left >= hlen) {
		for (size_t i = 20; i < hlen;) {
			uint8_t kind = c.p[i], olen;
			if (kind == 0)
				break;
			if (kind == 1) {
				i++;
				continue;
			}
			if (i + 1 >= hlen || (olen = c.p[i + 1]) < 2 || i + olen > hlen)
				break;
			if (kind == 3 && olen == 3)
				p->wscale = c.p[i + 2];
			i += olen;
		}
	}
	return 0;
}

int packet_decode(int linktype, const uint8_t *frame, uint32_t caplen,
                  struct ev_packet *p)
{
	struct packet_addrs a;
	return packet_decode_addrs(linktype, frame, caplen, p, &a);
}
