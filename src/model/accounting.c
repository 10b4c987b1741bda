/* SPDX-License-Identifier: MIT */
/*
 * accounting.c - the byte accounting (see accounting.h).
 */
#include "config.h"
#include <string.h>
#include "model/accounting.h"

static uint64_t max64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/* Receive-Q counts sequence numbers: once the peer's FIN arrived (and
 * until the application reads the end of file) it includes the FIN's.
 * Return a lower bound of the data bytes, or 0 when not a connection. */
static uint64_t recvq_data(const struct ev_state *st)
{
	switch (st->state) {
	case TS_ESTABLISHED:
	case TS_SYN_RECV:
	case TS_FIN_WAIT1:
	case TS_FIN_WAIT2:
		return st->rport ? st->recvq : 0;
	default:
		return 0; /* a listener's backlog, or a count with the FIN in it */
	}
}

uint64_t acct_sendq_data(const struct ev_state *st)
{
	switch (st->state) {
	case TS_ESTABLISHED:
	case TS_CLOSE_WAIT:
		return st->sendq;
	case TS_FIN_WAIT1:
	case TS_CLOSING:
	case TS_LAST_ACK:
		return st->sendq > 0 ? st->sendq - 1 : 0; /* the FIN's */
	default:
		return 0; /* a SYN's, or nothing left */
	}
}

/* What one side did, as far as the events go. */
struct side_obs {
	uint64_t written;    /* write() returns */
	uint64_t read;       /* read() returns: the peer's data it read */
	uint32_t data_end;   /* highest data byte it sent on the wire */
	uint32_t ack;        /* highest ACK number of its non-RST segments */
	uint32_t rst_ack;    /* highest ACK number of its RSTs */
	uint32_t fin_end;    /* the ACK number that acknowledges its FIN, or 0 */
	int fin_acked;       /* its FIN was acknowledged before any RST */
	uint64_t rcv_seen;   /* peer's data its kernel was seen holding */
	uint64_t handed;     /* its data its kernel was seen holding: acked
				plus its send queue */
	uint64_t acked_then; /* its data acked as of its previous sample */
	int writing;         /* inside a write() call */
	int state;           /* last kernel state of its connection socket */
	int accepted;        /* accept() returned a connection */
	int closed;          /* its application closed the connection */
};

static void observe(struct side_obs *o, const struct event *e)
{
	switch (e->kind) {
	case EV_CALL: {
		const struct ev_call *c = &e->u.call;
		if (c->call == CALL_EXIT || c->call == CALL_KILLED)
			o->closed = 1;
		if (c->call == CALL_WRITE)
			o->writing = 1;
		break;
	}
	case EV_RETURN: {
		const struct ev_call *c = &e->u.call;
		if (c->state)
			o->state = c->state;
		if (c->call == CALL_WRITE)
			o->writing = 0;
		if (c->call == CALL_WRITE && c->ret > 0)
			o->written += (uint64_t)c->ret;
		else if (c->call == CALL_READ && c->ret > 0)
			o->read += (uint64_t)c->ret;
		else if (c->call == CALL_ACCEPT && c->ret >= 0)
			o->accepted = 1;
		else if (c->call == CALL_CLOSE && (c->arg == 0 || !o->accepted))
			o->closed = 1; /* a listener takes unaccepted connections along */
		else if (c->call == CALL_EXIT || c->call == CALL_KILLED)
			o->closed = 1;
		break;
	}
	case EV_PACKET: {
		const struct ev_packet *p = &e->u.pkt;
		if (p->len && p->rseq + p->len - 1 > o->data_end)
			o->data_end = p->rseq + p->len - 1;
		if ((p->flags & (FL_ACK | FL_RST)) == FL_ACK && p->rack > o->ack)
			o->ack = p->rack;
		if ((p->flags & (FL_ACK | FL_RST)) == (FL_ACK | FL_RST) && p->rack > o->rst_ack)
			o->rst_ack = p->rack;
		if (p->flags & FL_FIN)
			o->fin_end = p->rseq + p->len + 1;
		break;
	}
	case EV_STATE: {
		const struct ev_state *st = &e->u.st;
		if (st->state == TS_LISTEN || st->rport == 0)
			break; /* the listener, not the connection */
		o->state = st->state;
		o->rcv_seen = max64(o->rcv_seen, o->read + recvq_data(st));
		break;
	}
	case EV_NOTE:
		break;
	}
}

/* ACK number n acknowledges data bytes up to n - 1 (the SYN takes sequence
 * number 0), and no more than were sent (a FIN takes one too). */
static uint64_t acked_bytes(uint32_t n, uint32_t data_end)
{
	uint64_t b = n > 1 ? (uint64_t)n - 1 : 0;
	return b > data_end ? data_end : b;
}

void accounting_at(const struct timeline *tl, size_t upto, struct accounting *a)
{
	struct side_obs o[2];
	int rst = 0;

	memset(a, 0, sizeof *a);
	memset(o, 0, sizeof o);
	a->packets = tl->packets_observed;
	if (upto > tl->n)
		upto = tl->n;
	for (size_t i = 0; i < upto; i++) {
		const struct event *e = &tl->ev[i];
		if (e->side != SIDE_CLIENT && e->side != SIDE_SERVER)
			continue;
		struct side_obs *me = &o[e->side];
		observe(me, e);
		if (e->kind == EV_PACKET && (e->u.pkt.flags & FL_RST))
			rst = 1;
		/* The sender's FIN was acknowledged: so was all its data; an
		 * RST afterwards does not undo that.  (A CLOSED socket alone
		 * does not say so: an abort closes it a few microseconds before
		 * its RST is on the wire.) */
		for (int s = 0; s < 2 && !rst; s++)
			o[s].fin_acked |= o[s].state == TS_FIN_WAIT2 ||
					  o[s].state == TS_TIME_WAIT ||
					  (a->packets && o[s].fin_end && o[!s].ack >= o[s].fin_end);
		if (e->kind == EV_STATE && e->u.st.rport && !e->u.st.unsampled) {
			/* Send-Q is what the kernel holds beyond snd_una.  An ACK
			 * seen before the previous sample had surely been
			 * processed by this one: a lower bound of what the
			 * application had handed over, even mid-write(). */
			me->handed = max64(me->handed, me->acked_then + acct_sendq_data(&e->u.st));
			me->acked_then = acked_bytes(o[!e->side].ack, me->data_end);
		}
	}
	for (int s = 0; s < 2; s++) {
		const struct side_obs *snd = &o[s], *rcv = &o[!s];
		struct acct_flow *f = &a->f[s];
		/* An RST either way ends both kernels' hold on the data; a
		 * socket that reached CLOSED holds nothing either. */
		f->sender_dropped = rst || snd->state == TS_CLOSE;
		f->receiver_closed = rcv->closed;
		int fin_acked = snd->fin_acked;
		f->acked = acked_bytes(rcv->ack, snd->data_end);
		f->read = rcv->read;
		f->received = max64(max64(f->acked, acked_bytes(rcv->rst_ack, snd->data_end)),
				    max64(rcv->read, rcv->rcv_seen));
		/* With the packets in hand nothing was received that was not
		 * sent, or (its FIN acknowledged) written: a sample may pair a
		 * state with a Receive-Q read after the peer's FIN joined it. */
		uint64_t most = fin_acked ? max64(snd->data_end, snd->written) : snd->data_end;
		if (a->packets && f->received > most)
			f->received = max64(most, f->read);
		if (fin_acked)
			f->received = max64(f->received, snd->written);
		f->sent = max64(a->packets ? snd->data_end : 0, f->received);
		/* Between write()s the returns are exact; the Send-Q estimate
		 * only fills the time inside one (a sample may read the state
		 * before a close() and the queue after, FIN included). */
		f->written =
		    max64(snd->writing ? max64(snd->written, snd->handed) : snd->written, f->sent);
		uint64_t at_rcv = f->received - f->read, at_snd = f->written - f->received;
		f->queued = f->receiver_closed ? 0 : at_rcv;
		f->in_flight = f->sender_dropped ? 0 : f->sent - f->received;
		f->unsent = f->sender_dropped ? 0 : f->written - f->sent;
		f->discarded = (f->receiver_closed ? at_rcv : 0) + (f->sender_dropped ? at_snd : 0);
	}
}
