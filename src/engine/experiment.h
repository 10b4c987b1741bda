/* SPDX-License-Identifier: MIT */
/*
 * experiment.h - run a scenario live and collect its timeline.
 *
 * experiment_start() forks a *lab* process.  The lab enters a private
 * network namespace (a user + network namespace when not root), brings its
 * loopback up, opens the capture, drops privileges, then forks the client
 * and the server, which perform the scenario's steps with real syscalls.
 * The lab relays their syscall records, every captured packet and every
 * change of socket state to the caller through one pipe, ends the run when
 * both sides are done and the sockets have settled (or the time limit
 * hits), and exits.  Children die with the lab (PR_SET_PDEATHSIG) and the
 * namespace dies with its last process: nothing outlives a run.
 *
 * The caller never blocks on the lab: it polls experiment_fd() and calls
 * experiment_pump(), which appends what arrived to the caller's timeline.
 * That is how the TUI stays responsive while a close() lingers.
 *
 *     struct experiment *x = experiment_start(sc, &opt, &d);
 *     while ((r = experiment_pump(x, &tl)) == 1)
 *             poll({experiment_fd(x), POLLIN}, ...);
 *     experiment_free(x);   // kills and reaps the lab if still running
 *     timeline_finish(&tl);
 *
 * The scenario must be resolved (scenario_resolve) before the start.
 */
#ifndef LINGERLAB_EXPERIMENT_H
#define LINGERLAB_EXPERIMENT_H

#include "engine/scenario.h"
#include "model/timeline.h"

struct exp_options {
	const char *pcap_path; /* save the capture here (NULL: don't) */
	int no_namespace;      /* run on the host's loopback (testing) */
	int sample_states;     /* observe states by sampling only, even as
				  root (to compare with the tracepoint) */
};

struct experiment;

/* Returns NULL with d->msg set if the run could not start (the pcap file
 * cannot be written, fork failed). */
struct experiment *experiment_start(const struct scenario *sc, const struct exp_options *opt,
				    struct diag *d);
int experiment_fd(const struct experiment *x);
/* Read everything available without blocking.  Returns 1 while the run
 * goes on, 0 when it has ended normally, -1 when the lab failed (d->msg
 * says why; what arrived before is still in tl). */
int experiment_pump(struct experiment *x, struct timeline *tl, struct diag *d);
/* Stop a run early: the lab and both sides are killed. */
void experiment_cancel(struct experiment *x);
/* After the run ended (experiment_pump() returned 0): put the capture in
 * place (exp_options.pcap_path).  Returns 0 (also without pcap_path), or
 * -1 with d set (DIAG_OUTPUT) if it could not be written or the lab
 * captured no packets; the target is then as it was. */
int experiment_save(struct experiment *x, struct diag *d);
/* Cancel if running, reap, and drop a capture not saved (a file given as
 * pcap_path is never removed or truncated).  NULL is fine. */
void experiment_free(struct experiment *x);

/* Blocking convenience for `lingerlab run` and the tests: start, pump until
 * the end (honouring *stop, set from a signal handler), finish the
 * timeline.  Returns 0, or -1 with d->msg. */
int experiment_run(const struct scenario *sc, const struct exp_options *opt, struct timeline *tl,
		   volatile int *stop, struct diag *d);

#endif
