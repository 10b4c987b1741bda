/* SPDX-License-Identifier: MIT */
/*
 * lab.h - the lab process of one experiment (see experiment.h for the
 * whole picture).
 *
 * lab_main() runs in a freshly forked process.  It isolates itself in a
 * private network namespace, opens the capture and the sock_diag socket,
 * drops privileges, forks the server and the client (actor.h), and then
 * multiplexes in one poll loop: the actors' syscall records (relayed, and
 * used to release `wait` barriers), captured packets, and socket-state
 * samples taken every millisecond and after every event.  Everything goes
 * to `out_fd` as wire records (wire.h), ending with W_END or W_ERROR.
 */
#ifndef LINGERLAB_LAB_H
#define LINGERLAB_LAB_H

#include "engine/scenario.h"

/* The experiment's port inside a private namespace (nothing else is
 * there, so a fixed port keeps runs comparable). */
#define LAB_PORT 4242

struct lab_args {
	const struct scenario *sc;
	int out_fd;
	int no_namespace;
	int sample_states; /* sock_diag only, even where the tracepoint works */
	pid_t parent;      /* to detect that the parent died before we began */
};

void lab_main(const struct lab_args *args) __attribute__((noreturn));

#endif
