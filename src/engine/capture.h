/* SPDX-License-Identifier: MIT */
/*
 * capture.h - libpcap on the experiment's loopback.
 *
 * Opened in the order tcpdump uses: create, set each option and check it
 * (snap length, immediate mode, nanosecond timestamps, a large buffer),
 * activate (negative = error, positive = warning), compile and set a
 * filter for the experiment's port, then read without blocking from the
 * lab's poll loop.
 */
#ifndef LINGERLAB_CAPTURE_H
#define LINGERLAB_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

struct capture;

/* Returns NULL with `err` holding libpcap's reason and the fix. */
struct capture *capture_open(const char *dev, uint16_t port, char *err, size_t errlen);
int capture_fd(const struct capture *c);
int capture_linktype(const struct capture *c);

typedef void (*capture_cb)(void *user, int64_t t_ns, const uint8_t *frame,
                           uint32_t caplen, uint32_t wirelen);
/* Hand every packet available now to cb.  Returns the count, or -1. */
int capture_dispatch(struct capture *c, capture_cb cb, void *user);
/* Packets the kernel dropped (ps_drop + ps_ifdrop), or 0. */
unsigned capture_drops(struct capture *c);
void capture_close(struct capture *c);

#endif
