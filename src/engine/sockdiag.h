/* SPDX-License-Identifier: MIT */
/*
 * sockdiag.h - sample TCP socket states from the kernel, as ss(8) does.
 *
 * sock_diag(7): a SOCK_DIAG_BY_FAMILY dump request over NETLINK_SOCK_DIAG
 * returns every IPv4 TCP socket of the caller's network namespace in every
 * state, TIME_WAIT and orphans included, with queue sizes and timers.
 * A listener's numbers go to backlog/acceptq, a connection's to
 * sendq/recvq.  `orphan` is set for every socket without a descriptor
 * (inode 0): the caller tells an orphan from a connection still waiting
 * in the accept queue (see struct ev_state).
 */
#ifndef LINGERLAB_SOCKDIAG_H
#define LINGERLAB_SOCKDIAG_H

#include <stddef.h>
#include <stdint.h>
#include "base/diag.h"
#include "model/timeline.h"

/* Open the netlink socket.  Returns an fd, or -1 with `err` set. */
int sockdiag_open(struct diag *d);

typedef void (*sockdiag_cb)(void *user, const struct ev_state *st);
/* Dump the sockets whose local or remote port is `port`; call cb (if not
 * NULL) for each.
 * Returns the number of sockets reported, or -1 on error. */
int sockdiag_dump(int fd, uint16_t port, sockdiag_cb cb, void *user);

/* Look up one IPv4 loopback connection by its ports (an exact lookup, not
 * a dump: microseconds).  Returns 1 and fills *st if the kernel has it
 * (TIME_WAIT included), 0 if it has no such socket, -1 on error. */
int sockdiag_lookup(int fd, uint16_t lport, uint16_t rport, struct ev_state *st);

#endif
