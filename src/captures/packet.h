/* SPDX-License-Identifier: MIT */
/*
 * packet.h - decode one captured frame into a TCP segment, trusting
 * nothing: every field is read through a bounds-checked cursor, so a
 * truncated or hostile frame is rejected, never read past.
 *
 * Link types: Ethernet (Linux loopback), BSD loopback (NULL/LOOP), raw IP,
 * Linux cooked v1/v2.  Network: IPv4 (options skipped, fragments other
 * than the first ignored) and IPv6 (no extension headers but TCP).
 */
#ifndef LINGERLAB_PACKET_H
#define LINGERLAB_PACKET_H

#include <stddef.h>
#include <stdint.h>
#include "model/timeline.h"

/* Fill *p from `frame`.  Returns 0, or -1 if the frame is not a complete
 * TCP header of a supported link type (the caller skips it).  The
 * addresses are returned too, for `analyze` (AF_INET: first 4 bytes). */
struct packet_addrs {
	int family;            /* 4 or 6 */
	uint8_t src[16], dst[16];
};
int packet_decode(int linktype, const uint8_t *frame, uint32_t caplen,
                  struct ev_packet *p);
int packet_decode_addrs(int linktype, const uint8_t *frame, uint32_t caplen,
                        struct ev_packet *p, struct packet_addrs *a);

#endif
