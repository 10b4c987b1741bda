/* SPDX-License-Identifier: MIT */
/*
 * verdict.h - what a run proved, computed from its timeline.
 *
 * The verdict answers the questions a lesson asks: who closed first, FIN or
 * RST and from whom, how many bytes were written, acknowledged by the peer's
 * TCP, read by the peer application, or never read; how long each close()
 * blocked and what it returned; how the reads ended; who holds TIME_WAIT.
 *
 * Besides the struct, every answer is exposed as a named *fact*
 * (verdict_fact_get()): a typed machine value (a word, an integer, a
 * boolean, or null when not observed or not applicable), written as one
 * string by verdict_fact() and as a translated phrase for students by
 * verdict_fact_text().  Lessons grade prediction questions by fact name and
 * machine string, never by a constant typed into the lesson; the JSON
 * output lists all facts, typed.  Fact names (S is "client" or "server";
 * the machine string of null in parentheses):
 *
 *   first_closer       client|server|none  first side to call close(),
 *                                          shutdown(), exit or be killed
 *   first_fin          client|server|none (unknown)  first FIN on the wire
 *   first_rst          client|server|none (unknown)  first RST on the wire
 *   timewait           client|server|both|none (unknown)  who was seen in
 *                                          TIME_WAIT
 *   packets            yes|no   packets were observed
 *   states             yes|no   states were observed
 *   S.sent             fin|rst|both|none (unknown)  what S's TCP sent to end
 *   S.written          bytes S's application handed to its kernel
 *   S.acked            bytes of S's data the peer's TCP acknowledged, as
 *                      seen on the wire, RSTs excepted (unknown)
 *   S.received         bytes of S's data the peer's kernel received
 *                      (>= acked: the peer can read bytes whose ACK never
 *                      left; accounting.h lists the evidence)
 *   S.read             bytes S's application read
 *   S.unread           bytes S wrote that the peer application never read
 *   S.read_end         eof|reset|eagain|error|data|none  how S's reads
 *                      ended; a reset, once reported, is the end whatever
 *                      later reads return
 *   S.close_ret        return of S's last close() (none)
 *   S.close_errno      errno symbol of that close (0)
 *   S.close_ms         how long it blocked, in whole milliseconds (none)
 *   S.close_us         the same in microseconds (none)
 *   S.close_blocked    yes|no   it took 100 ms or more
 *   S.shutdown_ms      how long S's last shutdown() took, ms (none)
 *   S.shutdown_us      the same in microseconds (none)
 *   S.exit_ms          from S's exit() to the process being gone, ms (none)
 *   S.exit_us          the same in microseconds (none)
 *   S.close_sendq      bytes still queued by S's kernel right after close
 *                      returned, from the first state sample after it
 *                      (unknown)
 *   S.write_errno      errno symbol of S's last failed write (0)
 *   S.bind_errno       errno symbol of S's last failed bind (0)
 *   S.connect_errno    errno symbol of S's last failed connect (0)
 *   S.setsockopt_errno errno symbol of S's last failed setsockopt (0)
 *   S.final            last kernel state seen for S's connection socket
 *                      (unknown without states; - if never seen)
 */
#ifndef LINGERLAB_VERDICT_H
#define LINGERLAB_VERDICT_H

#include <stdint.h>
#include "model/accounting.h"
#include "model/timeline.h"

struct side_verdict {
	int sent_fin, sent_rst;                          /* its TCP sent a FIN / an RST */
	int64_t t_fin, t_rst;                            /* first of each, ns, 0 if none */
	uint64_t written, acked, received, read, unread; /* accounting.h */
	int read_end;                                    /* enum read_end */
	int read_err;
	int64_t close_ret; /* last close(); INT64_MIN if none */
	int close_err;
	int64_t close_ns;
	int64_t shutdown_ns, exit_ns; /* -1 if none */
	int64_t close_sendq;          /* -1 if not observed */
	int write_err, bind_err, connect_err, setsockopt_err;
	int final_state;       /* enum tcp_state, TS_NONE if never seen */
	int time_wait;         /* seen in TIME_WAIT */
	int64_t t_first_close; /* first close/shutdown/exit/kill, 0 none */
};

enum read_end { RE_NONE, RE_DATA, RE_EOF, RE_RESET, RE_EAGAIN, RE_ERROR };

struct verdict {
	struct side_verdict s[2];
	enum side first_closer, first_fin, first_rst;
	int packets, states;
	struct accounting acct; /* at the end of the run */
};

void verdict_compute(const struct timeline *tl, struct verdict *v);

/* A fact's typed value.  FV_NULL: not observed or not applicable, `word`
 * is its machine string ("unknown", "none", "0" or "-"). */
struct fact_value {
	enum { FV_NULL, FV_WORD, FV_INT, FV_BOOL } type;
	const char *word; /* FV_WORD, FV_NULL: static string */
	int64_t n;        /* FV_INT; FV_BOOL: 0 or 1 */
};
/* The value of fact `name`.  Returns 0, or -1 if the name is not a fact. */
int verdict_fact_get(const struct verdict *v, const char *name, struct fact_value *fv);
/* Its machine string ("client", "5000", "yes", "unknown"), written into
 * buf: what lessons compare.  Returns 0, or -1 if not a fact. */
int verdict_fact(const struct verdict *v, const char *name, char *buf, size_t len);
/* Its rendering for a student, in the current language ("the client"
 * becomes "client", "yes" becomes "oui", "eof" becomes "end of file";
 * numbers, TCP states and errno symbols stay as they are). */
int verdict_fact_text(const struct verdict *v, const char *name, char *buf, size_t len);
/* The fact names, NULL-terminated, in documentation order. */
const char *const *verdict_fact_names(void);
/* Whether `value` can ever be a value of fact `name` (for lesson checks):
 * enumerated facts list their values; numeric facts accept any integer. */
int verdict_fact_value_ok(const char *name, const char *value);
const char *read_end_name(int re);

#endif
