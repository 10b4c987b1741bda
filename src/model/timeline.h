/* SPDX-License-Identifier: MIT */
/*
 * timeline.h - the model: one ordered list of what happened in a run.
 *
 * Three sources feed it, all with CLOCK_REALTIME nanosecond timestamps (the
 * clock libpcap stamps packets with), so they can be merged:
 *   - syscalls made by the client and the server processes (start, end,
 *     return value, errno);
 *   - TCP segments captured by libpcap on the experiment's loopback;
 *   - socket states sampled from the kernel with sock_diag.
 * plus notes (capture unavailable, time limit hit, a process killed).
 *
 * The timeline knows nothing of curses or of how it is drawn: the text
 * ladder, the JSON output, the TUI animation and the tests all read it.
 * A timeline owns its events; timeline_free() releases them.
 * Events are appended in any order and timeline_sort() orders them by time
 * (stable, so that equal times keep their arrival order).
 */
#ifndef LINGERLAB_TIMELINE_H
#define LINGERLAB_TIMELINE_H

#include <stddef.h>
#include <stdint.h>
#include "base/diag.h"
#include "model/steps.h"

enum ev_kind {
	EV_CALL,   /* a syscall started (paired with its EV_RETURN) */
	EV_RETURN, /* a syscall returned */
	EV_PACKET, /* a TCP segment on the wire */
	EV_STATE,  /* a socket's sampled kernel state changed */
	EV_NOTE    /* something the engine reports (see enum note) */
};

/* The syscalls a side makes; names in call_name(). */
enum call {
	CALL_SOCKET,
	CALL_SETSOCKOPT,
	CALL_FCNTL,
	CALL_BIND,
	CALL_LISTEN,
	CALL_ACCEPT,
	CALL_CONNECT,
	CALL_WRITE,
	CALL_READ,
	CALL_SHUTDOWN,
	CALL_CLOSE,
	CALL_SLEEP,
	CALL_WAIT,
	CALL_EXIT,
	CALL_KILLED,
	CALL_DUP,
	CALL_INJECT,
	CALL_COUNT
};

struct ev_call {
	enum call call;
	int step;        /* index of the scenario step that made it */
	int line;        /* scenario line of that step */
	int64_t arg;     /* bytes asked, shutdown how, option value, ...;
			    CALL_CLOSE: 0 the connected socket's last
			    descriptor, 1 the listener, 2 a descriptor of
			    the connected socket while a dup of it remains;
			    CALL_WAIT: the step op awaited (OP_SYNC: both
			    sides were released together) */
	int opt;         /* CALL_SETSOCKOPT: enum set_opt */
	int64_t ret;     /* return value */
	int err;         /* errno when ret < 0, else 0 */
	int64_t t_start; /* ns */
	int64_t t_end;   /* ns */
	uint8_t state;   /* the socket's TCP state right after the call, as
			    getsockopt(TCP_INFO) reported it; 0 = not asked
			    (no socket, or the call closed it) */
	uint32_t sendq;  /* close(): the Send-Q sock_diag reported with `state`
			    right after it (0 once the socket is gone) */
};

/* TCP flag bits as on the wire (RFC 9293 section 3.1). */
enum {
	FL_FIN = 0x01,
	FL_SYN = 0x02,
	FL_RST = 0x04,
	FL_PSH = 0x08,
	FL_ACK = 0x10,
	FL_URG = 0x20,
	FL_ECE = 0x40,
	FL_CWR = 0x80
};

struct ev_packet {
	uint16_t sport, dport;
	uint8_t flags;
	uint32_t seq, ack;        /* absolute */
	uint32_t rseq, rack;      /* relative to each direction's ISN (set by
				     timeline_relativize) */
	uint16_t win;             /* raw window field */
	uint8_t wscale;           /* window scale option seen on SYN, or 0xff */
	uint32_t len;             /* TCP payload length */
	uint32_t caplen, wirelen; /* as captured */
};

/* Linux TCP states, numbered as in include/net/tcp_states.h. */
enum tcp_state {
	TS_NONE = 0,
	TS_ESTABLISHED,
	TS_SYN_SENT,
	TS_SYN_RECV,
	TS_FIN_WAIT1,
	TS_FIN_WAIT2,
	TS_TIME_WAIT,
	TS_CLOSE,
	TS_CLOSE_WAIT,
	TS_LAST_ACK,
	TS_LISTEN,
	TS_CLOSING,
	TS_NEW_SYN_RECV,
	TS_COUNT
};

/* Where a state event comes from. */
enum state_source {
	SRC_SAMPLE,     /* a sock_diag dump of the namespace's sockets: a state
			   shorter than the sampling interval can be missed */
	SRC_TRACEPOINT, /* the kernel's sock:inet_sock_set_state tracepoint:
			   every change, at the instant it happened (root) */
	SRC_LOOKUP      /* a sock_diag lookup of one connection right after a
			   call or a traced change (e.g. the TIME_WAIT socket
			   the kernel moved a connection to) */
};

/* The timer sock_diag reports for a socket (idiag_timer, as ss(8) shows
 * it; linux/inet_diag.h documents the numbers). */
enum state_timer {
	TIMER_NONE = 0,
	TIMER_RETRANSMIT = 1,
	TIMER_KEEPALIVE = 2,
	TIMER_TIME_WAIT = 3,
	TIMER_ZERO_WINDOW_PROBE = 4,
	TIMER_COUNT
};

struct ev_state {
	uint16_t lport, rport; /* rport 0: a listening socket */
	uint8_t state;         /* enum tcp_state; TS_CLOSE = gone from the table */
	uint8_t source;        /* enum state_source */
	/* a connection's queues (0 for a listener) */
	uint32_t sendq, recvq;
	/* a listener's (TS_LISTEN) numbers, 0 otherwise: its listen() backlog
	 * and the connections waiting in its accept queue */
	uint32_t backlog, acceptq;
	uint8_t timer;     /* enum state_timer */
	uint32_t timer_ms; /* time left on that timer when sampled */
	uint8_t retrans;
	uint8_t orphan;    /* its program closed it: no descriptor holds it,
			      the kernel finishes the connection alone */
	uint8_t queued;    /* waiting in the listener's accept queue: no
			      program has accepted it yet (no descriptor
			      either, but not an orphan) */
	uint8_t unsampled; /* SRC_TRACEPOINT: queues and timer not known */
};

enum note {
	NOTE_CAPTURE_OFF,  /* packets not observed; text says why and the fix */
	NOTE_STATES_OFF,   /* states not observed; text says why */
	NOTE_HOST_NET,     /* no private namespace: ran on the host's loopback */
	NOTE_TIMEOUT,      /* the run hit its time limit; sides were killed */
	NOTE_CHILD_DIED,   /* a side died of a signal it did not ask for */
	NOTE_DROPS,        /* the capture reported dropped packets */
	NOTE_COUNTERS,     /* text: kernel counters that moved, "Name=N ..." */
	NOTE_WIRE,         /* text: the loopback was slowed down, or could not be */
	NOTE_CAPTURE_WARN, /* text: libpcap's warning; packets are observed */
	NOTE_SYSCTL,       /* text: settings of the lab's namespace, "name=value ..." */
	NOTE_STATES        /* text: where the socket states come from */
};

struct event {
	enum ev_kind kind;
	enum side side; /* who made the call / sent the packet / owns the
			   socket; SIDE_NONE for notes */
	int64_t t;      /* ns, CLOCK_REALTIME: call start, return time,
			   packet timestamp, sample time */
	size_t seq;     /* arrival order, for a stable sort */
	union {
		struct ev_call call; /* EV_CALL and EV_RETURN */
		struct ev_packet pkt;
		struct ev_state st;
		struct {
			enum note what;
			char *text;
		} note;
	} u;
};

struct timeline {
	struct event *ev;
	size_t n, cap;
	int64_t t0;           /* time of the first event, after sort */
	uint16_t server_port; /* the experiment's listening port */
	int linktype;         /* DLT of the capture, -1 if none */
	int namespaced;       /* ran in a private network namespace */
	int userns;           /* ... inside a user namespace (not root) */
	int packets_observed; /* capture worked */
	int states_observed;  /* sock_diag worked */
	int states_traced;    /* every state change came from the tracepoint */
	char *scenario;       /* scenario name */
	char *params;         /* "name=value ..." as run */
};

void timeline_init(struct timeline *tl);
void timeline_free(struct timeline *tl);
/* Append a copy of *e (note text is copied).  Returns the stored event. */
struct event *timeline_add(struct timeline *tl, const struct event *e);
void timeline_add_note(struct timeline *tl, int64_t t, enum note what, const char *text);
/* Order by time, set t0, compute relative sequence numbers and the side
 * of every packet (by the server port).  Idempotent. */
void timeline_finish(struct timeline *tl);

/* TIME_WAIT time left, in ms, for `side`'s connection at time `t` (ns,
 * CLOCK_REALTIME like event times: the current time while a run is live,
 * or any instant of a replay): computed from the last state recorded for
 * that side's connection at or before `t`, its timer (expiry = sample time
 * + timer_ms) or, without one, the kernel's fixed 60 s from the moment the
 * state was entered.  -1 if that connection is not in TIME_WAIT at `t`. */
int64_t timewait_left(const struct timeline *tl, enum side side, int64_t t);
/* "sock_diag", "tracepoint", "lookup": how a state was observed. */
const char *state_source_name(int source);

const char *call_name(enum call c);
const char *tcp_state_name(int st); /* "ESTABLISHED", ..., "CLOSED" */
/* "[S.]", "[F.]", "[R]", "[P.]" in tcpdump's notation. */
void tcp_flags_str(uint8_t flags, char *buf, size_t len);
/* Name of an errno value as a symbol ("ECONNRESET"), or NULL. */
const char *errno_name(int err);

#endif
