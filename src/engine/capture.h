/* SPDX-License-Identifier: MIT */
/*
 * capture.h - libpcap on the experiment's loopback.
 *
 * Opened in the order tcpdump uses: create, set each option and check it
 * (snap length, immediate mode, nanosecond timestamps, buffer size),
 * activate (negative = error, positive = warning), compile and set a
 * filter for the experiment's port, then read without blocking from the
 * lab's poll loop.
 *
 * The ladder needs the headers, not the payload (its length comes from the
 * IP header): a short snap length makes each slot of the kernel's ring
 * small, so a small ring holds thousands of packets.  In immediate mode
 * libpcap uses fixed-size slots (TPACKET_V2): with a 256 KiB snap length an
 * 8 MiB ring held only 31 packets, and bulk runs dropped hundreds.
 */
#ifndef LINGERLAB_CAPTURE_H
#define LINGERLAB_CAPTURE_H

#include <stddef.h>
#include <stdint.h>
#include "base/diag.h"

struct capture;

/* Bytes kept of each frame: the link header (14), the largest IPv4
 * header (60) and the largest TCP header (60), rounded up.  Also the snap
 * length written in saved capture files. */
#define CAPTURE_SNAPLEN 160

/* The ring size for a run that moves about `bytes` of data in both
 * directions: room for every segment and its ACK even if segments are
 * tiny (a 4 KiB receive window), between 256 KiB and 16 MiB. */
int capture_buffer_for(uint64_t bytes);

/* Returns NULL with d holding libpcap's reason and the fix.
 * `buffer` is the kernel ring size in bytes (capture_buffer_for()). */
struct capture *capture_open(const char *dev, uint16_t port, int buffer, struct diag *d);
/* pcap_activate's warning (a positive result), or NULL: the capture runs,
 * and the lab shows the warning as a note. */
const char *capture_warning(const struct capture *c);
int capture_fd(const struct capture *c);
int capture_linktype(const struct capture *c);

typedef void (*capture_cb)(void *user, int64_t t_ns, const uint8_t *frame, uint32_t caplen,
			   uint32_t wirelen);
/* Hand every packet available now to cb.  Returns the count, or -1. */
int capture_dispatch(struct capture *c, capture_cb cb, void *user);
/* Packets the kernel dropped (ps_drop + ps_ifdrop), or 0. */
unsigned capture_drops(struct capture *c);
void capture_close(struct capture *c);

#endif
