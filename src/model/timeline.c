/* SPDX-License-Identifier: MIT */
/*
 * timeline.c - the ordered event list (see timeline.h).
 */
#include "config.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "model/timeline.h"
#include "base/util.h"

void timeline_init(struct timeline *tl)
{
	memset(tl, 0, sizeof *tl);
	tl->linktype = -1;
}

void timeline_free(struct timeline *tl)
{
	for (size_t i = 0; i < tl->n; i++)
		if (tl->ev[i].kind == EV_NOTE)
			free(tl->ev[i].u.note.text);
	free(tl->ev);
	free(tl->scenario);
	free(tl->params);
	timeline_init(tl);
}

struct event *timeline_add(struct timeline *tl, const struct event *e)
{
	xgrow(&tl->ev, &tl->cap, tl->n + 1, sizeof *tl->ev);
	struct event *d = &tl->ev[tl->n];
	*d = *e;
	d->seq = tl->n++;
	if (d->kind == EV_NOTE)
		d->u.note.text = xstrdup(e->u.note.text ? e->u.note.text : "");
	return d;
}

void timeline_add_note(struct timeline *tl, int64_t t, enum note what, const char *text)
{
	struct event e = {.kind = EV_NOTE, .side = SIDE_NONE, .t = t};
	e.u.note.what = what;
	e.u.note.text = (char *)text;
	timeline_add(tl, &e);
}

static int cmp_event(const void *a, const void *b)
{
	const struct event *x = a, *y = b;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The side that sent a packet / owns a socket, from the server's port. */
static enum side side_of(uint16_t src, uint16_t dst, uint16_t server_port)
{
	if (!server_port)
		return SIDE_NONE;
	if (src == server_port)
		return SIDE_SERVER;
	if (dst == server_port)
		return SIDE_CLIENT;
	return SIDE_NONE;
}

void timeline_finish(struct timeline *tl)
{
	/* Without a known server port (a pcap), the side that sent the first
	 * SYN without ACK is the client. */
	if (!tl->server_port)
		for (size_t i = 0; i < tl->n; i++)
			if (tl->ev[i].kind == EV_PACKET &&
			    (tl->ev[i].u.pkt.flags & (FL_SYN | FL_ACK)) == FL_SYN) {
				tl->server_port = tl->ev[i].u.pkt.dport;
				break;
			}
	if (tl->n > 1) /* qsort(NULL, 0, ...) is undefined (UBSan) */
		qsort(tl->ev, tl->n, sizeof *tl->ev, cmp_event);
	for (size_t i = 0; i < tl->n; i++)
		tl->ev[i].seq = i;
	tl->t0 = tl->n ? tl->ev[0].t : 0;

	/* Relative sequence numbers: per connection (client port) and
	 * direction, relative to the ISN seen on the SYN, else to the first
	 * sequence number seen. */
	struct isn {
		uint16_t cport;
		int have[2];
		uint32_t isn[2];
	} *isns = NULL;
	size_t nisn = 0, cap = 0;
	for (size_t i = 0; i < tl->n; i++) {
		struct event *e = &tl->ev[i];
		if (e->kind == EV_STATE) {
			e->side = side_of(e->u.st.lport, e->u.st.rport, tl->server_port);
			continue;
		}
		if (e->kind != EV_PACKET)
			continue;
		struct ev_packet *p = &e->u.pkt;
		e->side = side_of(p->sport, p->dport, tl->server_port);
		int dir = e->side == SIDE_SERVER;
		uint16_t cport = dir ? p->dport : p->sport;
		size_t k;
		for (k = 0; k < nisn; k++)
			if (isns[k].cport == cport)
				break;
		if (k == nisn) {
			xgrow(&isns, &cap, nisn + 1, sizeof *isns);
			memset(&isns[k], 0, sizeof isns[k]);
			isns[k].cport = cport;
			nisn++;
		}
		struct isn *s = &isns[k];
		if (p->flags & FL_SYN) {
			s->isn[dir] = p->seq;
			s->have[dir] = 1;
		} else if (!s->have[dir]) {
			s->isn[dir] = p->seq - 1;
			s->have[dir] = 1;
		}
		p->rseq = p->seq - s->isn[dir];
		if ((p->flags & FL_ACK) && s->have[!dir])
			p->rack = p->ack - s->isn[!dir];
		else
			p->rack = p->ack;
	}
	free(isns);
}

/* Linux's TIME_WAIT length, fixed (TCP_TIMEWAIT_LEN, include/net/tcp.h). */
#define TIMEWAIT_NS (60 * (int64_t)1000000000)

int64_t timewait_left(const struct timeline *tl, enum side side, int64_t t)
{
	const struct event *last = NULL;
	for (size_t i = 0; i < tl->n; i++) {
		const struct event *e = &tl->ev[i];
		/* skip listeners (a local port, no peer); a live timeline's
		 * states get their side only in timeline_finish() */
		if (e->kind != EV_STATE || (e->u.st.lport && !e->u.st.rport) || e->t > t ||
		    (e->side <= SIDE_SERVER
			 ? e->side
			 : side_of(e->u.st.lport, e->u.st.rport, tl->server_port)) != side)
			continue;
		if (!last || e->t > last->t || (e->t == last->t && e->seq > last->seq))
			last = e;
	}
	if (!last || last->u.st.state != TS_TIME_WAIT)
		return -1;
	/* the latest timer reading of that connection in TIME_WAIT, else
	 * the moment it entered TIME_WAIT */
	const struct event *timed = NULL;
	int64_t entered = last->t;
	for (size_t i = 0; i < tl->n; i++) {
		const struct event *e = &tl->ev[i];
		if (e->kind != EV_STATE || e->t > t || e->u.st.lport != last->u.st.lport ||
		    e->u.st.rport != last->u.st.rport || e->u.st.state != TS_TIME_WAIT)
			continue;
		if (e->t < entered)
			entered = e->t;
		if (e->u.st.timer == TIMER_TIME_WAIT && e->u.st.timer_ms &&
		    (!timed || e->t >= timed->t))
			timed = e;
	}
	int64_t expiry =
	    timed ? timed->t + (int64_t)timed->u.st.timer_ms * 1000000 : entered + TIMEWAIT_NS;
	return expiry > t ? (expiry - t) / 1000000 : 0;
}

const char *state_source_name(int source)
{
	static const char *const names[] = {"sock_diag", "tracepoint", "lookup"};
	return source >= 0 && source < (int)ARRAY_LEN(names) ? names[source] : "?";
}

const char *call_name(enum call c)
{
	static const char *const names[CALL_COUNT] = {
	    "socket",  "setsockopt", "fcntl",  "bind",     "listen", "accept",
	    "connect", "write",      "read",   "shutdown", "close",  "sleep",
	    "wait",    "exit",       "killed", "dup",      "inject"};
	return (unsigned)c < CALL_COUNT ? names[c] : "?";
}

const char *tcp_state_name(int st)
{
	static const char *const names[TS_COUNT] = {
	    "-",          "ESTABLISHED", "SYN_SENT",    "SYN_RECV",   "FIN_WAIT_1",
	    "FIN_WAIT_2", "TIME_WAIT",   "CLOSED",      "CLOSE_WAIT", "LAST_ACK",
	    "LISTEN",     "CLOSING",     "NEW_SYN_RECV"};
	return st >= 0 && st < TS_COUNT ? names[st] : "?";
}

/* tcpdump's notation: one letter per flag, '.' for ACK (print-tcp.c). */
void tcp_flags_str(uint8_t flags, char *buf, size_t len)
{
	static const struct {
		uint8_t bit;
		char c;
	} tab[] = {
	    {FL_SYN, 'S'}, {FL_FIN, 'F'}, {FL_PSH, 'P'}, {FL_RST, 'R'},
	    {FL_URG, 'U'}, {FL_ECE, 'E'}, {FL_CWR, 'W'}, {FL_ACK, '.'},
	};
	size_t o = 0;
	if (len < 3) {
		if (len)
			buf[0] = '\0';
		return;
	}
	buf[o++] = '[';
	for (size_t i = 0; i < ARRAY_LEN(tab) && o + 2 < len; i++)
		if (flags & tab[i].bit)
			buf[o++] = tab[i].c;
	buf[o++] = ']';
	buf[o] = '\0';
}

const char *errno_name(int err)
{
	switch (err) {
	case 0:
		return "0";
	case EAGAIN:
		return "EAGAIN";
	case ECONNRESET:
		return "ECONNRESET";
	case EPIPE:
		return "EPIPE";
	case EADDRINUSE:
		return "EADDRINUSE";
	case ECONNREFUSED:
		return "ECONNREFUSED";
	case ENOTCONN:
		return "ENOTCONN";
	case EINVAL:
		return "EINVAL";
	case EBADF:
		return "EBADF";
	case EINTR:
		return "EINTR";
	case ETIMEDOUT:
		return "ETIMEDOUT";
	case EINPROGRESS:
		return "EINPROGRESS";
	case EALREADY:
		return "EALREADY";
	case EISCONN:
		return "EISCONN";
	case ENOBUFS:
		return "ENOBUFS";
	case ENOMEM:
		return "ENOMEM";
	case EPERM:
		return "EPERM";
	case EACCES:
		return "EACCES";
	case EDOM:
		return "EDOM";
	case ENOTSOCK:
		return "ENOTSOCK";
	case EOPNOTSUPP:
		return "EOPNOTSUPP";
	case EADDRNOTAVAIL:
		return "EADDRNOTAVAIL";
	case ENETUNREACH:
		return "ENETUNREACH";
	case EHOSTUNREACH:
		return "EHOSTUNREACH";
	case ECONNABORTED:
		return "ECONNABORTED";
	case ENOPROTOOPT:
		return "ENOPROTOOPT";
	case ESRCH:
		return "ESRCH";
	default:
		return NULL;
	}
}
