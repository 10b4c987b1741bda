/* SPDX-License-Identifier: MIT */
/*
 * actor.h - one side of an experiment: a child process that performs the
 * scenario's steps with real syscalls and reports each one to the lab.
 *
 * The actor writes struct actor_rec records to `rec_fd` (one write each,
 * smaller than PIPE_BUF, so they are atomic) and reads one byte from
 * `ctl_fd` whenever it must wait: at a `wait` step and before its first
 * connect (the server must be listening).  The lab answers 1 when the
 * awaited step is done, 0 if it can never be (the other side ended).
 */
#ifndef LINGERLAB_ACTOR_H
#define LINGERLAB_ACTOR_H

#include <stdint.h>
#include "engine/scenario.h"
#include "model/timeline.h"

enum actor_rec_type {
	AR_CALL,      /* a syscall starts: call.t_start set */
	AR_RETURN,    /* it returned: everything set */
	AR_STEP_DONE, /* step `step` finished (op in call.arg) */
	AR_WAIT,      /* blocked until side `wait_side` finished `wait_op` */
	AR_KILL_ME,   /* a `kill` step: the lab must SIGKILL this process */
	AR_EXITING,   /* an `exit` step: _exit() follows at once */
	AR_INJECT     /* an `inject rst` step: the lab sends this side an RST
			 as if from the peer, then answers 1 (sent) or 0 */
};

struct actor_rec {
	uint8_t type;
	uint8_t wait_side;
	uint8_t wait_op;
	uint8_t pad;
	int32_t step;
	uint16_t lport, rport; /* AR_RETURN: the connection the call used
				  (0, 0: none yet) */
	struct ev_call call;
};

struct actor_ctx {
	enum side side;
	const struct scenario *sc;
	uint16_t port; /* the server's port on 127.0.0.1 */
	int rec_fd, ctl_fd;
	int listen_fd; /* server on the host's loopback: its first listener,
			  already bound to `port` by the lab; else -1 */
};

/* Perform all steps, then _exit(0).  Never returns. */
void actor_run(const struct actor_ctx *ctx) __attribute__((noreturn));

#endif
