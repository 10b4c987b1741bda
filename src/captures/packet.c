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

/* PPP's protocol field (RFC 1661; compressed to one byte when odd, RFC
 * 1661 6.5) after an optional ff 03 (RFC 1662): the ethertype-like value
 * of what follows, 0 if it is not IP. */
static int ppp(struct cur *c)
{
	uint8_t b0, b1;
	uint16_t proto;
	if (u8(c, 0, &b0) || u8(c, 1, &b1))
		return -PK_BAD;
	if (b0 == 0xff && b1 == 0x03 && skip(c, 2))
		return -PK_BAD;
	if (u8(c, 0, &b0))
		return -PK_BAD;
	if (b0 & 1) { /* one-byte protocol field */
		proto = b0;
		skip(c, 1);
	} else if (u16(c, 0, &proto) || skip(c, 2)) {
		return -PK_BAD;
	}
	return proto == 0x21 ? 0x0800 : proto == 0x57 ? 0x86dd : 0;
}

/* PPPoE session (RFC 2516): a 6-byte header, then PPP. */
static int pppoe(struct cur *c)
{
	uint8_t code;
	if (u8(c, 1, &code) || skip(c, 6))
		return -PK_BAD;
	return code == 0 ? ppp(c) : 0; /* code 0: session data */
}

/* Move the cursor to the network header; returns the ethertype-like
 * protocol: 0x0800 IPv4, 0x86dd IPv6, another value (not IP), or
 * -PK_* when the frame cannot be read that far. */
static int link_layer(int linktype, struct cur *c)
{
	uint16_t et;
	uint32_t af;
	switch (linktype) {
	case DLT_EN10MB:
		if (u16(c, 12, &et) || skip(c, 14))
			return -PK_BAD;
		/* stacked VLAN tags: 802.1Q, 802.1ad, the old QinQ 0x9100 */
		while (et == 0x8100 || et == 0x88a8 || et == 0x9100) {
			if (u16(c, 2, &et) || skip(c, 4))
				return -PK_BAD;
		}
		return et == 0x8864 ? pppoe(c) : et;
	case DLT_NULL:
	case DLT_LOOP:
		if (c->left < 4)
			return -PK_BAD;
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
			return -PK_BAD;
		return (v >> 4) == 4 ? 0x0800 : (v >> 4) == 6 ? 0x86dd : 0;
	}
	case DLT_LINUX_SLL:
		if (u16(c, 14, &et) || skip(c, 16))
			return -PK_BAD;
		return et == 0x8864 ? pppoe(c) : et;
#ifdef DLT_LINUX_SLL2
	case DLT_LINUX_SLL2:
		if (u16(c, 0, &et) || skip(c, 20))
			return -PK_BAD;
		return et == 0x8864 ? pppoe(c) : et;
#endif
	case DLT_PPP:
	case DLT_PPP_SERIAL:
		return ppp(c);
	case DLT_PPP_WITH_DIR: /* one byte of direction first */
		return skip(c, 1) ? -PK_BAD : ppp(c);
	case DLT_PPP_ETHER:
		return pppoe(c);
	case DLT_C_HDLC: /* address, control, then an ethertype */
		if (u16(c, 2, &et) || skip(c, 4))
			return -PK_BAD;
		return et;
	default:
		return -PK_LINK;
	}
}

/* What an IP packet carries when it is not TCP. */
static int not_tcp(uint8_t proto)
{
	/* IP in IP, IPv6 in IP, GRE: tunnels we do not open */
	return proto == 4 || proto == 41 || proto == 47 ? -PK_TUNNEL : -PK_NOT_TCP;
}

/* The payload length of a network header whose length field is 0 (TCP
 * segmentation offload captures it before the NIC fills it in): what the
 * frame had on the wire after that header. */
static uint32_t wire_rest(const uint8_t *frame, const struct cur *c, uint32_t wirelen)
{
	size_t at = (size_t)(c->p - frame);
	return wirelen > at ? wirelen - (uint32_t)at : 0;
}

int packet_decode_addrs(int linktype, const uint8_t *frame, uint32_t caplen, uint32_t wirelen,
			struct ev_packet *p, struct packet_addrs *a)
{
	struct cur c = {frame, caplen};
	uint8_t b, proto;
	uint16_t totlen, frag;
	uint32_t netlen;
	int net;
	memset(p, 0, sizeof *p);
	memset(a, 0, sizeof *a);
	p->wscale = 0xff;
	p->caplen = caplen;
	if (wirelen < caplen)
		wirelen = caplen;

	switch ((net = link_layer(linktype, &c))) {
	case 0x0800:
		/* RFC 791: IHL in 32-bit words, total length, fragment offset */
		if (u8(&c, 0, &b) || (b >> 4) != 4 || (b & 15) < 5)
			return -PK_BAD;
		if (u16(&c, 2, &totlen) || u16(&c, 6, &frag) || u8(&c, 9, &proto))
			return -PK_BAD;
		if (frag & 0x1fff)
			return -PK_FRAGMENT; /* not the first fragment: no TCP header */
		if (proto != 6)
			return not_tcp(proto);
		if (c.left < 20)
			return -PK_BAD;
		a->family = 4;
		memcpy(a->src, c.p + 12, 4);
		memcpy(a->dst, c.p + 16, 4);
		if (totlen == 0) /* segmentation offload */
			totlen = (uint16_t)(wire_rest(frame, &c, wirelen) > 0xffff
						? 0xffff
						: wire_rest(frame, &c, wirelen));
		if (totlen < (b & 15) * 4u)
			return -PK_BAD;
		netlen = totlen - (b & 15) * 4u;
		if (skip(&c, (b & 15) * 4u))
			return -PK_BAD;
		break;
	case 0x86dd:
		/* RFC 8200: a fixed 40-byte header, then extension headers */
		if (u8(&c, 0, &b) || (b >> 4) != 6 || u16(&c, 4, &totlen) || u8(&c, 6, &proto) ||
		    c.left < 40)
			return -PK_BAD;
		a->family = 6;
		memcpy(a->src, c.p + 8, 16);
		memcpy(a->dst, c.p + 24, 16);
		skip(&c, 40);
		netlen = totlen ? totlen : wire_rest(frame, &c, wirelen);
		for (int hops = 0; proto != 6; hops++) {
			uint8_t next, hl;
			size_t len;
			uint16_t off;
			if (hops == 8 || u8(&c, 0, &next) || u8(&c, 1, &hl))
				return -PK_BAD;
			switch (proto) {
			case 0:  /* hop-by-hop options */
			case 43: /* routing */
			case 60: /* destination options */
				len = ((size_t)hl + 1) * 8;
				break;
			case 44: /* fragment: only the first one has the TCP header */
				if (u16(&c, 2, &off))
					return -PK_BAD;
				if (off & 0xfff8)
					return -PK_FRAGMENT;
				len = 8;
				break;
			case 51: /* authentication header (RFC 4302) */
				len = ((size_t)hl + 2) * 4;
				break;
			default:
				return not_tcp(proto);
			}
			if (skip(&c, len) || netlen < len)
				return -PK_BAD;
			netlen -= (uint32_t)len;
			proto = next;
		}
		break;
	default:
		return net < 0 ? net : -PK_NOT_IP;
	}

	/* RFC 9293 section 3.1: the TCP header */
	uint8_t off;
	if (c.left < 20) /* the fixed part of the TCP header must be there */
		return -PK_BAD;
	if (u16(&c, 0, &p->sport) || u16(&c, 2, &p->dport) || u32(&c, 4, &p->seq) ||
	    u32(&c, 8, &p->ack) || u8(&c, 12, &off) || u8(&c, 13, &p->flags) ||
	    u16(&c, 14, &p->win))
		return -PK_BAD;
	size_t hlen = (size_t)(off >> 4) * 4;
	if (hlen < 20 || netlen < hlen)
		return -PK_BAD;
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

int packet_decode(int linktype, const uint8_t *frame, uint32_t caplen, struct ev_packet *p)
{
	struct packet_addrs a;
	return packet_decode_addrs(linktype, frame, caplen, caplen, p, &a) < 0 ? -1 : 0;
}
