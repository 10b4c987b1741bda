/* SPDX-License-Identifier: MIT */
/*
 * packet.h - decode one captured frame into a TCP segment, trusting
 * nothing: every field is read through a bounds-checked cursor, so a
 * truncated or hostile frame is rejected, never read past.
 *
 * Link types: Ethernet (stacked VLAN tags, PPPoE sessions), BSD loopback
 * (NULL/LOOP), raw IP, Linux cooked v1/v2, PPP (with or without direction
 * or HDLC framing), PPPoE, Cisco HDLC.  Network: IPv4 (options skipped)
 * and IPv6 (hop-by-hop, routing, destination options, fragment and
 * authentication headers followed); of a fragmented packet only the first
 * fragment, which holds the TCP header, is decoded.  An IP length of 0
 * (segmentation offload captured before the NIC filled it in) is taken
 * from the frame's length on the wire.
 */
#ifndef LINGERLAB_PACKET_H
#define LINGERLAB_PACKET_H

#include <stddef.h>
#include <stdint.h>
#include "model/timeline.h"

/* Why a frame was not decoded (packet_decode_addrs returns minus one). */
enum packet_skip {
	PK_LINK = 1, /* a link type we do not decode */
	PK_NOT_IP,   /* another network protocol (ARP, ...) */
	PK_NOT_TCP,  /* IP, but UDP, ICMP, ... */
	PK_FRAGMENT, /* an IP fragment after the first */
	PK_TUNNEL,   /* IP in IP, IPv6 in IP, GRE: tunnels are not opened */
	PK_BAD,      /* truncated or malformed */
	PK_COUNT
};

/* Fill *p from `frame` (caplen bytes captured of wirelen).  Returns 0, or
 * -PK_* if the frame is not a complete TCP header that we decode (the
 * caller skips it).  The addresses are returned too, for `analyze`
 * (AF_INET: first 4 bytes).  packet_decode() returns 0 or -1. */
struct packet_addrs {
	int family; /* 4 or 6 */
	uint8_t src[16], dst[16];
};
int packet_decode(int linktype, const uint8_t *frame, uint32_t caplen, struct ev_packet *p);
int packet_decode_addrs(int linktype, const uint8_t *frame, uint32_t caplen, uint32_t wirelen,
			struct ev_packet *p, struct packet_addrs *a);

#endif
