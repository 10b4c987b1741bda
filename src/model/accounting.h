/* SPDX-License-Identifier: MIT */
/*
 * accounting.h - where every byte a side wrote is, at any point of a run.
 *
 * The one byte accounting of lingerlab: the verdict's facts (at the end of
 * the run) and the TUI's state panel (at the animation's position) both
 * read it, so they cannot disagree.
 *
 * A flow is the data one side sends to the other.  Counts are in bytes,
 * cumulative from the start of the connection, and read off the timeline's
 * first `upto` events (which must be sorted: timeline_finish()):
 *
 *   written    handed to the sender's kernel.  Counted as it happens, not
 *              only when write() returns: bytes seen on the wire, read by
 *              the peer, or held in the sender's send queue (acked + Send-Q
 *              at a state sample) were handed over even while write()
 *              still runs.
 *   sent       highest data byte seen on the wire (packets observed).
 *   acked      acknowledged by the receiver's TCP in a segment the sender's
 *              TCP takes as an acknowledgement: the highest ACK number of
 *              the receiver's segments, except RSTs (a TCP that receives an
 *              RST drops the connection without processing its ACK field).
 *   received   reached the receiver's kernel, whether or not its ACK left:
 *              at least what was acked, what an RST's ACK number covers,
 *              what the receiving application read, what it read plus its
 *              receive queue at a state sample, and everything written
 *              once the sender's FIN was acknowledged (FIN_WAIT_2,
 *              TIME_WAIT, or CLOSED without any RST).  acked <= received.
 *   read       read by the receiving application (returned by its read()s).
 *
 * Every written byte is in exactly one of these places (they add up to
 * `written`):
 *
 *   read       (above)
 *   queued     in the receiver's kernel, not read yet; 0 once the receiving
 *              application closed the connection (close(), exit, killed;
 *              closing a listener counts while nothing was accepted)
 *   in_flight  sent, not yet received; 0 once the sender's kernel dropped
 *              the connection (an RST either way, or its socket CLOSED)
 *   unsent     in the sender's kernel, not on the wire yet; 0 likewise
 *   discarded  lost: what the receiver's kernel held when its application
 *              closed, plus what the sender's kernel held when it dropped
 *              the connection
 *
 * So nothing is in flight or unsent once neither socket exists.  Each count
 * is what the events so far prove: written, sent, acked, received and read
 * only grow, but discarded can shrink when a later read shows that the
 * receiver's kernel had more than any ACK said.  Without a
 * capture, `sent`, `acked` and `in_flight` mean nothing (packets == 0):
 * `sent` then equals `received`.
 */
#ifndef LINGERLAB_ACCOUNTING_H
#define LINGERLAB_ACCOUNTING_H

#include <stddef.h>
#include <stdint.h>
#include "model/timeline.h"

struct acct_flow {
	uint64_t written, sent, acked, received, read;
	uint64_t queued, in_flight, unsent, discarded;
	int sender_dropped;  /* the sender's kernel no longer holds the data */
	int receiver_closed; /* the receiving application closed the connection */
};

struct accounting {
	struct acct_flow f[2]; /* f[SIDE_CLIENT]: the data the client sent */
	int packets;           /* packets were observed: sent, acked and
				  in_flight are meaningful */
};

/* The data bytes in a connection's Send-Q (which counts a SYN's or a
 * FIN's sequence number too), 0 for a listener's or a finished socket. */
uint64_t acct_sendq_data(const struct ev_state *st);

/* The accounting after the first `upto` events of tl (upto > tl->n counts
 * as tl->n).  accounting_at(tl, tl->n, &a) is the end of the run. */
void accounting_at(const struct timeline *tl, size_t upto, struct accounting *a);

#endif
