/* SPDX-License-Identifier: MIT */
/*
 * tracepoint.h - every TCP state change from the kernel's
 * sock:inet_sock_set_state tracepoint (the source bcc's tcpstates uses).
 *
 * perf_event_open(2) opens the tracepoint on every CPU (PERF_TYPE_TRACEPOINT,
 * its id read from tracefs), sampling each hit with PERF_SAMPLE_RAW and a
 * PERF_SAMPLE_TIME, into one mmap ring per CPU, filtered in
 * the kernel to TCP sockets with `port` at either end.  The raw record's
 * field offsets come from the tracepoint's format file at run time.  If
 * tracefs is not mounted, it is mounted inside a private mount namespace
 * (the calling process unshares CLONE_NEWNS and makes / a slave first), so
 * the host's mounts never change.
 *
 * Times: the kernel refuses use_clockid with CLOCK_REALTIME for a
 * tracepoint (EINVAL: not NMI-safe), so samples are stamped with
 * CLOCK_MONOTONIC and moved to CLOCK_REALTIME (the timeline's clock) with
 * the offset between the two clocks measured at each read.
 *
 * Needs CAP_PERFMON or CAP_SYS_ADMIN in the initial namespaces (root):
 * open before dropping privileges; the descriptors and rings stay usable
 * afterwards.  The tracepoint sees every network namespace: the caller
 * picks its own sockets (by port, and by the pid that made the change).
 *
 * Not seen by the tracepoint: the TIME_WAIT socket the kernel creates when
 * a connection enters TIME_WAIT (the tracepoint reports the full socket
 * going to CLOSE); ask sock_diag for the connection at that point.
 */
#ifndef LINGERLAB_TRACEPOINT_H
#define LINGERLAB_TRACEPOINT_H

#include <stddef.h>
#include <stdint.h>
#include "base/diag.h"

struct tracepoint;

/* One change of one socket's state. */
struct tp_change {
	int64_t t;                  /* ns, CLOCK_REALTIME (converted, see above) */
	uint64_t sk;                /* the socket's kernel address (an identity only) */
	int32_t pid;                /* the task that was running (softirq: any task) */
	uint8_t oldstate, newstate; /* enum tcp_state */
	uint16_t sport, dport;      /* host byte order; sport 0 until bound */
};

/* Returns NULL with d (may be NULL) saying why (not root, no tracefs, no such
 * tracepoint, perf_event_open refused). */
struct tracepoint *tracepoint_open(uint16_t port, struct diag *d);

typedef void (*tracepoint_cb)(void *user, const struct tp_change *c);
/* Hand every change recorded since the last call to cb, in time order.
 * Returns the count, or -1. */
int tracepoint_read(struct tracepoint *tp, tracepoint_cb cb, void *user);
/* Changes the kernel could not record (a ring was full), or 0. */
uint64_t tracepoint_lost(const struct tracepoint *tp);
void tracepoint_close(struct tracepoint *tp);

#endif
