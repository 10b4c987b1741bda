/* SPDX-License-Identifier: MIT */
/*
 * analyze.c - how every TCP connection in a capture ended (see analyze.h).
 *
 * Per connection and per side (index 0 is the lower endpoint of the
 * normalised 4-tuple) we keep only what the classification needs: the
 * ISN, the range of sequence numbers that carried data (so retransmitted
 * bytes count once), the highest ACK sent, the FIN and its sequence
 * number, and a few snapshots taken when a FIN or the first RST passes.
 * Sequence numbers are compared modulo 2^32 (RFC 9293 section 3.4).
 */
#include "config.h"
#include <arpa/inet.h>
#include <inttypes.h>
#include <pcap/pcap.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "captures/analyze.h"
#include "captures/conntab.h"
#include "captures/pcapread.h"
#include "base/i18n.h"
#include "captures/packet.h"
#include "base/util.h"

/* After an RST a connection waits GRACE_PKTS frames and GRACE_NS of
 * capture time before it is reported, for an RST from the other side.
 * Then its 4-tuple stays a tombstone for TOMB_NS of capture time: late
 * segments (the peer's data, FIN or RST one round trip later, a
 * retransmission) are absorbed instead of showing up as connections of
 * their own, while a SYN with a new ISN still opens a new connection.  A
 * refusal is reported when its tombstone expires, with the SYNs retried
 * meanwhile.  Capture time is the latest timestamp seen, so time going
 * backwards holds nothing longer.  A connection closed by FINs keeps only
 * the grace (late segments after both FINs were acknowledged are rare); a
 * reset one, once reported, shrinks to a struct tomb (88 bytes instead of
 * 384), so what is held is the connections open plus a tombstone per
 * connection reset in the last TOMB_NS. */
#define GRACE_PKTS 32
#define GRACE_NS 1000000
#define TOMB_NS 4000000000

struct flow {
	uint32_t isn, base, hi;    /* data occupies [base, hi) */
	uint32_t ack;              /* highest ACK this side sent */
	uint32_t fin_seq;          /* sequence number of its FIN */
	uint64_t bytes;            /* payload, each sequence number once */
	uint64_t own_at_fin;       /* `bytes` when its FIN passed */
	uint64_t peer_at_fin;      /* the peer's `bytes` when its FIN passed */
	uint64_t data_pkt;         /* frame number of its last new data, 0 none */
	uint32_t hole_lo, hole_hi; /* one gap in the data seen, not counted
				    until segments fill it (reordering) */
	uint64_t fin_frame;        /* frame number of its FIN, 0 none */
	uint16_t win;              /* window field of its last segment */
	uint8_t wscale;            /* window scale of its SYN, 0xff none */
	uint8_t syn, synack, seq_known, ack_known, fin, fin_acked, hole;
};

struct conn {
	struct ct_entry e;        /* in the table of connections: first */
	struct conn *prev, *next; /* open list, or the ended FIFO (next only) */
	struct flow s[2];
	int64_t t_first, t_last, t_end;
	uint64_t packets, end_pkt, in_flight;
	uint64_t frame_first, frame_last;
	void *user; /* the caller's, from its open hook */
	uint8_t ended, reported, kind, by;
	uint8_t syn_seen, syn_side, first_fin, crossed;
	uint8_t rst, rst_side, second_rst, rst_note, reused;
	uint32_t bad_rst;  /* out-of-window RSTs ignored */
	uint32_t attempts; /* AK_REFUSED: SYNs answered by RST */
	uint64_t rst_frame, rst_unacked;
	int64_t rst_idle;
	uint32_t retrans, zero_win, keepalive; /* segments of each, before the end */
};

/* What stays of a reset connection once reported: its 4-tuple, when it
 * ended and the ISNs of its SYNs (a SYN with another ISN is a new
 * connection), in a quarter of a connection's memory. */
struct tomb {
	struct ct_entry e; /* in the table, marked e.tomb */
	struct tomb *next; /* the FIFO of tombstones */
	int64_t t_end;
	uint32_t isn[2];
	uint8_t syn[2];
};

struct analyzer {
	unsigned port;
	analyze_cb cb;
	analyze_open_cb open;
	analyze_pkt_cb pkt_cb;
	void *arg;
	struct conntab tab;
	struct conn *open_head, *open_tail; /* open, in order of first packet */
	struct conn *fifo_head, *fifo_tail; /* ended, in order of their end */
	struct conn *late_head, *late_tail; /* refusals past the grace, for
					       retried SYNs until TOMB_NS */
	struct tomb *tomb_head, *tomb_tail; /* reset ones, reported */
	struct tomb *tomb_spare;
	struct conn *spare; /* released, for reuse */
	size_t held;
	uint64_t pkt; /* frames seen so far */
	int64_t now;  /* the latest timestamp seen */
	int stop;
	struct analyze_stats st;
};

/* ---- the connections held ---- */

static struct conn *conn_new(struct analyzer *a, const struct ct_key *k, int64_t t)
{
	struct conn *c = a->spare;
	if (c)
		a->spare = c->next;
	else
		c = xmalloc(sizeof *c);
	memset(c, 0, sizeof *c);
	c->t_first = c->t_last = t;
	c->frame_first = a->pkt;
	c->s[0].wscale = c->s[1].wscale = 0xff;
	ct_insert(&a->tab, &c->e, k);
	if (a->open)
		c->user = a->open(k, a->pkt, a->arg);
	c->prev = a->open_tail;
	if (a->open_tail)
		a->open_tail->next = c;
	else
		a->open_head = c;
	a->open_tail = c;
	if (++a->held > a->st.held_max)
		a->st.held_max = a->held;
	return c;
}

static void open_unlink(struct analyzer *a, struct conn *c)
{
	if (c->prev)
		c->prev->next = c->next;
	else
		a->open_head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	else
		a->open_tail = c->prev;
	c->prev = c->next = NULL;
}

static void conn_release(struct analyzer *a, struct conn *c)
{
	ct_remove(&a->tab, &c->e);
	c->next = a->spare;
	a->spare = c;
	a->held--;
}

/* ---- classification ---- */

/* Index of the client: the side that sent a SYN without ACK (the first,
 * if both did), else the receiver of a SYN-ACK, else the higher port. */
static int client_index(const struct conn *c, int *handshake)
{
	*handshake = 1;
	if (c->syn_seen)
		return c->syn_side;
	if (c->s[0].synack != c->s[1].synack)
		return c->s[0].synack ? 1 : 0;
	*handshake = 0;
	return (c->e.k.w[4] >> 32 & 0xffff) > (c->e.k.w[4] >> 16 & 0xffff) ? 0 : 1;
}

/* A connection without RST that ends (or is still held at the end): both
 * FINs make it an orderly close, or a half-close when the side that did
 * not close first still sent data after the first FIN. */
static void classify_fins(struct conn *c)
{
	if (!c->s[0].fin || !c->s[1].fin) {
		c->kind = AK_OPEN;
		c->by = 0;
		return;
	}
	int x = c->first_fin;
	const struct flow *y = &c->s[!x];
	c->by = (uint8_t)x;
	c->kind = y->own_at_fin > c->s[x].peer_at_fin ? AK_HALF_CLOSE : AK_ORDERLY;
}

/* The first RST, from side d: decide now, while the state is the one the
 * RST answered. */
static void classify_rst(struct conn *c, int d, const struct ev_packet *p)
{
	const struct flow *x = &c->s[d], *o = &c->s[!d];
	c->by = (uint8_t)d;
	if (o->syn && !x->syn && !x->synack && !x->bytes && !o->bytes) {
		c->kind = AK_REFUSED;
		c->attempts = 1;
	} else if (x->fin) {
		c->kind = AK_RST_AFTER_FIN;
		c->rst_note = o->bytes > x->peer_at_fin ? 1 : o->fin ? 2 : 0;
	} else if (o->bytes && (p->flags & FL_ACK) && (int32_t)(p->ack - o->hi) >= 0 &&
		   o->data_pkt > x->data_pkt) {
		/* The RST acknowledges all the peer's data, which came after
		 * x's own: what a close() with unread data sends (RFC 2525
		 * 2.17).  A linger-0 abort typically follows x's own data. */
		c->kind = AK_UNREAD_RST;
	} else {
		c->kind = AK_ABORTIVE;
		uint32_t acked = o->ack_known ? o->ack : x->base;
		if (x->seq_known && (int32_t)(p->seq - acked) > 0)
			c->in_flight = p->seq - acked < x->bytes ? p->seq - acked : x->bytes;
	}
}

static void report(struct analyzer *a, struct conn *c)
{
	struct analyze_report r;
	memset(&r, 0, sizeof r);
	int ci = client_index(c, &r.handshake);
	ct_key_endpoint(&c->e.k, ci, &r.client);
	ct_key_endpoint(&c->e.k, !ci, &r.server);
	r.key = c->e.k;
	r.frame_first = c->frame_first;
	r.frame_last = c->frame_last;
	r.user = c->user;
	c->user = NULL; /* the callback's now */
	r.kind = c->kind;
	r.by = c->by == ci ? AS_CLIENT : AS_SERVER;
	r.simultaneous = c->crossed;
	r.reused = c->reused;
	r.second_rst = c->second_rst;
	r.bad_rst = c->bad_rst;
	r.attempts = c->attempts;
	r.fin_frame_client = c->s[ci].fin_frame;
	r.fin_frame_server = c->s[!ci].fin_frame;
	r.rst_frame = c->rst ? c->rst_frame : 0;
	r.rst_idle = c->rst_idle;
	r.rst_unacked = c->rst_unacked;
	r.retrans = c->retrans;
	r.zero_win = c->zero_win;
	r.keepalive = c->keepalive;
	r.t_last = c->t_last;
	r.rst_note = c->rst_note;
	r.bytes_c2s = c->s[ci].bytes;
	r.bytes_s2c = c->s[!ci].bytes;
	if (r.kind == AK_HALF_CLOSE)
		r.after_fin = c->s[!c->by].own_at_fin - c->s[c->by].peer_at_fin;
	r.in_flight = c->in_flight;
	switch (r.kind) {
	case AK_ORDERLY:
	case AK_HALF_CLOSE: /* the side that closed first waits (RFC 9293 3.6) */
		r.timewait = c->crossed          ? AN_TW_CLIENT | AN_TW_SERVER
			     : r.by == AS_CLIENT ? AN_TW_CLIENT
						 : AN_TW_SERVER;
		break;
	case AK_ABORTIVE:
	case AK_UNREAD_RST:
	case AK_REFUSED:
		r.timewait = 0;
		break;
	default:
		r.timewait = -1;
	}
	r.t_first = c->t_first;
	r.t_end = c->ended ? c->t_end : c->t_last;
	r.packets = c->packets;
	c->reported = 1;
	a->st.conns++;
	a->st.kind[r.kind]++;
	a->cb(&r, a->arg);
}

static void fifo_push(struct conn **head, struct conn **tail, struct conn *c)
{
	c->next = NULL;
	if (*tail)
		(*tail)->next = c;
	else
		*head = c;
	*tail = c;
}

static struct conn *fifo_pop(struct conn **head, struct conn **tail)
{
	struct conn *c = *head;
	*head = c->next;
	if (!*head)
		*tail = NULL;
	return c;
}

/* The connection has ended: report it now, or after the grace period if
 * it ended with an RST; keep it in the table meanwhile. */
static void conn_end(struct analyzer *a, struct conn *c, int64_t t)
{
	c->ended = 1;
	c->t_end = t;
	c->end_pkt = a->pkt;
	open_unlink(a, c);
	fifo_push(&a->fifo_head, &a->fifo_tail, c);
	if (!c->rst)
		report(a, c);
}

/* Replace the reported connection c by a tombstone. */
static void tomb_make(struct analyzer *a, struct conn *c)
{
	struct tomb *tb = a->tomb_spare;
	if (tb)
		a->tomb_spare = tb->next;
	else
		tb = xmalloc(sizeof *tb);
	memset(tb, 0, sizeof *tb);
	tb->t_end = c->t_end;
	for (int i = 0; i < 2; i++) {
		tb->isn[i] = c->s[i].isn;
		tb->syn[i] = c->s[i].syn;
	}
	struct ct_key k = c->e.k;
	conn_release(a, c);
	ct_insert(&a->tab, &tb->e, &k);
	tb->e.tomb = 1;
	if (a->tomb_tail)
		a->tomb_tail->next = tb;
	else
		a->tomb_head = tb;
	a->tomb_tail = tb;
}

static int grace_over(const struct analyzer *a, const struct conn *c)
{
	return a->pkt - c->end_pkt >= GRACE_PKTS && a->now - c->t_end >= GRACE_NS;
}

/* Report what is past its grace, release the tombstones past TOMB_NS;
 * all of it when `all`. */
static void expire(struct analyzer *a, int all)
{
	struct conn *c;
	while ((c = a->fifo_head) && (all || grace_over(a, c))) {
		fifo_pop(&a->fifo_head, &a->fifo_tail);
		if (!c->reported && c->kind != AK_REFUSED)
			report(a, c);
		if (c->kind == AK_REFUSED && c->e.hashed)
			fifo_push(&a->late_head, &a->late_tail, c);
		else if (c->rst && c->e.hashed && !all)
			tomb_make(a, c);
		else
			conn_release(a, c);
	}
	while ((c = a->late_head) && (all || a->now - c->t_end >= TOMB_NS)) {
		fifo_pop(&a->late_head, &a->late_tail);
		if (!c->reported)
			report(a, c);
		conn_release(a, c);
	}
	struct tomb *tb;
	while ((tb = a->tomb_head) && (all || a->now - tb->t_end >= TOMB_NS)) {
		a->tomb_head = tb->next;
		if (!a->tomb_head)
			a->tomb_tail = NULL;
		ct_remove(&a->tab, &tb->e);
		tb->next = a->tomb_spare;
		a->tomb_spare = tb;
	}
}

/* expire(), called once per frame: only when something is due. */
static inline void expire_due(struct analyzer *a)
{
	if ((a->fifo_head && grace_over(a, a->fifo_head)) ||
	    (a->late_head && a->now - a->late_head->t_end >= TOMB_NS) ||
	    (a->tomb_head && a->now - a->tomb_head->t_end >= TOMB_NS))
		expire(a, 0);
}

/* Whether an RST from side d would be accepted by the other side: in its
 * receive window (RFC 9293 3.10.7, RFC 5961 3.2); in SYN-SENT, only if it
 * acknowledges the SYN.  What the capture cannot tell is accepted. */
static int rst_valid(const struct conn *c, int d, const struct ev_packet *p)
{
	const struct flow *x = &c->s[d], *o = &c->s[!d];
	if (o->syn && !o->ack_known && !x->synack && !x->bytes)
		return (p->flags & FL_ACK) && p->ack == o->isn + 1;
	if (!o->ack_known)
		return 1;
	if (x->seq_known && p->seq == x->hi + x->fin)
		return 1; /* exactly the sender's next sequence number */
	int shift = x->wscale != 0xff && o->wscale != 0xff ? o->wscale
		    : x->syn || x->synack                  ? 0
							   : 14; /* scale unknown: be lenient */
	uint64_t wnd = (uint64_t)o->win << (shift > 14 ? 14 : shift);
	uint32_t off = p->seq - o->ack;
	return (int32_t)off >= 0 && (off == 0 || off < wnd);
}

/* Payload [seq, seq + len) from s: count each sequence number once, and
 * never a jump in sequence numbers (only bytes that were seen). */
static int count_data(struct analyzer *a, struct flow *s, uint32_t seq, uint32_t len)
{
	uint32_t end = seq + len;
	uint64_t before = s->bytes;
	if ((int32_t)(end - s->hi) > 0) {
		uint32_t from = seq;
		if ((int32_t)(seq - s->hi) > 0) {
			if (!s->hole) { /* a gap: counted if later segments fill it */
				s->hole = 1;
				s->hole_lo = s->hi;
				s->hole_hi = seq;
			}
		} else {
			from = s->hi;
		}
		s->bytes += end - from;
		s->hi = end;
		s->data_pkt = a->pkt;
	} else if (s->hole && (int32_t)(seq - s->hole_hi) < 0 && (int32_t)(end - s->hole_lo) > 0) {
		uint32_t lo = (int32_t)(seq - s->hole_lo) > 0 ? seq : s->hole_lo;
		uint32_t hi = (int32_t)(end - s->hole_hi) < 0 ? end : s->hole_hi;
		s->bytes += hi - lo;
		if (lo == s->hole_lo)
			s->hole_lo = hi;
		else
			s->hole_hi = lo; /* filled in the middle: the rest is lost */
		if (s->hole_lo == s->hole_hi)
			s->hole = 0;
	}
	/* reordered data from before the first segment we saw */
	if (!s->syn && !s->synack && (int32_t)(seq - s->base) < 0) {
		uint32_t stop = (int32_t)(end - s->base) < 0 ? end : s->base;
		s->bytes += stop - seq;
		s->base = seq;
		s->data_pkt = a->pkt;
	}
	return s->bytes != before;
}

/* Data, ACK, FIN and RST of one segment from side d. */
static void conn_update(struct analyzer *a, struct conn *c, int d, const struct ev_packet *p,
			int64_t t)
{
	struct flow *s = &c->s[d], *o = &c->s[!d];
	uint32_t seq = p->seq;

	if (!c->reported) {
		c->frame_last = a->pkt;
		if (c->user)
			a->pkt_cb(c->user, t, p, a->arg);
	}
	if (c->ended) { /* a late packet: only an RST from the other side matters */
		if (!c->reported) {
			c->packets++;
			if ((p->flags & FL_RST) && d != c->rst_side && c->rst)
				c->second_rst = 1;
		}
		return;
	}
	c->packets++;
	int64_t idle = t - c->t_last;
	c->t_last = t;
	if ((p->flags & FL_RST) && !rst_valid(c, d, p)) {
		c->bad_rst++; /* the receiver drops it: the connection goes on */
		a->st.bad_rst++;
		return;
	}
	s->win = p->win;
	if (p->flags & FL_SYN) {
		if (p->flags & FL_ACK) {
			s->synack = 1;
		} else {
			s->syn = 1;
			if (!c->syn_seen) {
				c->syn_seen = 1;
				c->syn_side = (uint8_t)d;
			}
		}
		s->isn = seq;
		s->wscale = p->wscale;
		if (!s->seq_known) {
			s->base = s->hi = seq + 1;
			s->seq_known = 1;
		}
		seq++; /* the SYN occupies one sequence number */
	}
	if (!s->seq_known) {
		s->base = s->hi = seq;
		s->seq_known = 1;
	}
	/* RFC 9293 3.8.4: a keep-alive carries no new data, one byte below
	 * the next sequence number (0 or 1 byte of garbage) */
	int keepalive = s->seq_known && !(p->flags & (FL_SYN | FL_FIN | FL_RST)) && p->len <= 1 &&
			seq == s->hi - 1;
	if (keepalive)
		c->keepalive++;
	else if (p->len && !count_data(a, s, seq, p->len))
		c->retrans++;
	if (p->win == 0 && !(p->flags & FL_RST))
		c->zero_win++;
	if (p->flags & FL_ACK) {
		if (!s->ack_known || (int32_t)(p->ack - s->ack) > 0) {
			s->ack = p->ack;
			s->ack_known = 1;
		}
		if (o->fin && (int32_t)(p->ack - (o->fin_seq + 1)) >= 0)
			o->fin_acked = 1;
	}
	if ((p->flags & FL_FIN) && s->fin && p->seq + p->len == s->fin_seq)
		c->retrans++; /* the FIN again */
	if ((p->flags & FL_FIN) && !s->fin) {
		s->fin = 1;
		s->fin_frame = a->pkt;
		s->fin_seq = seq + p->len;
		s->own_at_fin = s->bytes;
		s->peer_at_fin = o->bytes;
		if (!o->fin)
			c->first_fin = (uint8_t)d;
		else if (!(p->flags & FL_ACK) || (int32_t)(p->ack - (o->fin_seq + 1)) < 0)
			c->crossed = 1; /* sent before our FIN reached it: RFC 9293 3.6 */
	}
	if (p->flags & FL_RST) {
		c->rst = 1;
		c->rst_side = (uint8_t)d;
		c->rst_frame = a->pkt;
		c->rst_idle = c->packets > 1 ? idle : 0;
		/* what the reset's receiver had sent that the sender had not
		 * acknowledged (the RST's own ACK counts) */
		uint32_t acked = p->flags & FL_ACK ? p->ack : s->ack;
		if (o->seq_known && (s->ack_known || (p->flags & FL_ACK)) &&
		    (int32_t)(o->hi + o->fin - acked) > 0)
			c->rst_unacked = o->hi + o->fin - acked;
		classify_rst(c, d, p);
		conn_end(a, c, t);
	} else if (s->fin && o->fin && s->fin_acked && o->fin_acked) {
		classify_fins(c);
		conn_end(a, c, t);
	}
}

/* A new connection reused the 4-tuple of one we still hold. */
static void conn_superseded(struct analyzer *a, struct conn *c)
{
	ct_remove(&a->tab, &c->e);
	if (c->ended) { /* the FIFO frees it; no reason to wait to report it */
		if (!c->reported)
			report(a, c);
		return;
	}
	open_unlink(a, c);
	classify_fins(c);
	c->reused = c->kind == AK_OPEN;
	report(a, c);
	conn_release(a, c);
}

/* ---- the interface ---- */

struct analyzer *analyze_new(unsigned port, analyze_cb cb, void *arg)
{
	struct analyzer *a = xcalloc(1, sizeof *a);
	a->port = port;
	a->cb = cb;
	a->arg = arg;
	ct_init(&a->tab);
	return a;
}

void analyze_hooks(struct analyzer *a, analyze_open_cb open, analyze_pkt_cb pkt)
{
	a->open = open;
	a->pkt_cb = pkt;
}

void analyze_stop(struct analyzer *a)
{
	a->stop = 1;
}

void analyze_packet(struct analyzer *a, int linktype, int64_t t, const uint8_t *frame,
		    uint32_t caplen, uint32_t wirelen)
{
	struct ev_packet p;
	struct packet_addrs ad;
	struct ct_key k;
	int d;

	a->pkt++;
	a->st.frames++;
	if (t > a->now)
		a->now = t;
	int why = packet_decode_addrs(linktype, frame, caplen, wirelen, &p, &ad);
	if (why < 0 || (a->port && p.sport != a->port && p.dport != a->port)) {
		a->st.skipped++;
		if (why < 0 && -why < PK_COUNT)
			a->st.skip[-why]++;
		else
			a->st.skip[0]++; /* not --port */
		expire_due(a);
		return;
	}
	a->st.tcp++;
	p.wirelen = wirelen;
	ct_key_make(&ad, &p, &k, &d);
	struct ct_entry *e = ct_find(&a->tab, &k);
	if (e && e->tomb) { /* a reset connection's 4-tuple */
		struct tomb *tb = (struct tomb *)e;
		if ((p.flags & (FL_SYN | FL_ACK)) != FL_SYN ||
		    (tb->syn[d] && tb->isn[d] == p.seq)) {
			expire_due(a); /* a late segment: absorbed */
			return;
		}
		ct_remove(&a->tab, e); /* a new SYN: a new connection */
		e = NULL;
	}
	struct conn *c = (struct conn *)e;
	if (c && (p.flags & (FL_SYN | FL_ACK)) == FL_SYN) {
		/* a SYN on a 4-tuple we hold: a new connection, unless it is
		 * the SYN (or its retransmission) of the one we hold, or the
		 * client trying again after a refusal */
		const struct flow *s = &c->s[d];
		int same = s->syn && s->isn == p.seq;
		if (c->ended && c->kind == AK_REFUSED && d == c->syn_side && !c->reported) {
			c->attempts++;
		} else if (c->ended ? !same : s->syn ? !same : c->s[0].fin || c->s[1].fin) {
			conn_superseded(a, c);
			c = NULL;
		}
	}
	if (!c)
		c = conn_new(a, &k, t);
	conn_update(a, c, d, &p, t);
	expire_due(a);
}

void analyze_finish(struct analyzer *a, struct analyze_stats *st)
{
	struct conn *c;
	expire(a, 1);
	while ((c = a->open_head)) {
		open_unlink(a, c);
		classify_fins(c);
		report(a, c);
		conn_release(a, c);
	}
	if (st)
		*st = a->st;
}

void analyze_free(struct analyzer *a)
{
	if (!a)
		return;
	for (struct conn *c = a->fifo_head, *nx; c; c = nx)
		nx = c->next, free(c);
	for (struct conn *c = a->late_head, *nx; c; c = nx)
		nx = c->next, free(c);
	for (struct tomb *t = a->tomb_head, *nx; t; t = nx)
		nx = t->next, free(t);
	for (struct tomb *t = a->tomb_spare, *nx; t; t = nx)
		nx = t->next, free(t);
	for (struct conn *c = a->open_head, *nx; c; c = nx)
		nx = c->next, free(c);
	for (struct conn *c = a->spare, *nx; c; c = nx)
		nx = c->next, free(c);
	ct_free(&a->tab);
	free(a);
}

int analyze_run(struct analyzer *a, const char *path, struct analyze_stats *st, struct diag *d)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	int r = 0, rc = 0;
	memset(st, 0, sizeof *st);
	pcap_t *p = pcapread_open(path, d);
	if (!p)
		return -1;
	int linktype = pcap_datalink(p);
	while (!a->stop && (r = pcap_next_ex(p, &h, &data)) == 1)
		analyze_packet(a, linktype, pcapread_ts(h), data, h->caplen, h->len);
	if (r == PCAP_ERROR) {
		diag_set(d, DIAG_INPUT, _("%s: damaged after %zu packets: %s"), path, a->st.frames,
			 pcap_geterr(p));
		rc = -2;
	}
	analyze_finish(a, st);
	pcap_close(p);
	return rc;
}

int analyze_file(const char *path, unsigned port, analyze_cb cb, void *arg,
		 struct analyze_stats *st, struct diag *d)
{
	struct analyzer *a = analyze_new(port, cb, arg);
	int rc = analyze_run(a, path, st, d);
	analyze_free(a);
	return rc;
}

/* ---- text ---- */

static const char *const kind_name[AK_COUNT] = {
    [AK_ORDERLY] = N_("orderly close"),
    [AK_HALF_CLOSE] = N_("half-close"),
    [AK_ABORTIVE] = N_("abortive close"),
    [AK_UNREAD_RST] = N_("RST after the peer's data (unread, or SO_LINGER 0)"),
    [AK_RST_AFTER_FIN] = N_("RST after FIN"),
    [AK_REFUSED] = N_("connection refused"),
    [AK_OPEN] = N_("still open"),
};

const char *analyze_kind_name(enum analyze_kind k)
{
	return k < AK_COUNT ? _(kind_name[k]) : "?";
}

/* The pieces of a report line.  The first ten are [kind * 2 + by]. */
enum msg {
	M_KIND_BY = 0,
	M_REFUSED = 2 * AK_REFUSED,
	M_OPEN,
	M_REUSED,
	M_SIMULTANEOUS,
	M_THEN_C,
	M_THEN_S,
	M_IN_FLIGHT,
	M_CLOSED_SOCKET,
	M_BOTH_FINS,
	M_RST_TOO_C,
	M_RST_TOO_S,
	M_NO_HANDSHAKE,
	M_BYTES,
	M_NO_TW,
	M_TW_C,
	M_TW_S,
	M_TW_BOTH,
	M_COUNT
};

static const char *const msg_id[M_COUNT] = {
    N_("orderly close, client FIN first"),
    N_("orderly close, server FIN first"),
    N_("half-close, client FIN first"),
    N_("half-close, server FIN first"),
    N_("abortive close by the client"),
    N_("abortive close by the server"),
    N_("RST by the client after all the server's data (closed with unread data, "
       "or SO_LINGER 0 after reading)"),
    N_("RST by the server after all the client's data (closed with unread data, "
       "or SO_LINGER 0 after reading)"),
    N_("RST after FIN by the client"),
    N_("RST after FIN by the server"),
    [M_REFUSED] = N_("connection refused (SYN answered by RST)"),
    [M_OPEN] = N_("still open at the end of the capture"),
    [M_REUSED] = N_("still open when a new connection reused its ports"),
    [M_SIMULTANEOUS] = N_("(simultaneous close)"),
    [M_THEN_C] = N_("then %s B from the client"),
    [M_THEN_S] = N_("then %s B from the server"),
    [M_IN_FLIGHT] = N_("%s B in flight (data discarded)"),
    [M_CLOSED_SOCKET] = N_("(data arrived at a closed socket)"),
    [M_BOTH_FINS] = N_("(after both FINs: a late segment, or TIME_WAIT assassination)"),
    [M_RST_TOO_C] = N_("then RST from the client too"),
    [M_RST_TOO_S] = N_("then RST from the server too"),
    [M_NO_HANDSHAKE] = N_("(handshake not captured)"),
    [M_BYTES] = N_("%s B -> / %s B <-"),
    [M_NO_TW] = N_("no TIME_WAIT"),
    [M_TW_C] = N_("TIME_WAIT on the client"),
    [M_TW_S] = N_("TIME_WAIT on the server"),
    [M_TW_BOTH] = N_("TIME_WAIT on both sides"),
};

/* Translated once per language: a gettext lookup per piece of each of a
 * million lines would cost more than the analysis itself. */
static const char *msg(enum msg m)
{
	static const char *tr[M_COUNT];
	static int lang = -1;
	if (lang != (int)i18n_get()) {
		memset(tr, 0, sizeof tr);
		lang = (int)i18n_get();
	}
	if (!tr[m])
		tr[m] = _(msg_id[m]);
	return tr[m];
}

/* A bounded line writer, without printf (see msg()). */
struct out {
	char *buf;
	size_t len, off; /* off < len: room for the final NUL */
};

static void o_mem(struct out *o, const char *s, size_t n)
{
	if (n > o->len - 1 - o->off)
		n = o->len - 1 - o->off;
	memcpy(o->buf + o->off, s, n);
	o->off += n;
}

static void o_str(struct out *o, const char *s)
{
	o_mem(o, s, strlen(s));
}

static void o_u64(struct out *o, uint64_t v)
{
	char t[20];
	int i = 20;
	do
		t[--i] = (char)('0' + v % 10);
	while (v /= 10);
	o_mem(o, t + i, (size_t)(20 - i));
}

/* A translated template whose %s (or %1$s, %2$s) are numbers. */
static void o_tmpl(struct out *o, const char *t, uint64_t a, uint64_t b)
{
	int next = 0;
	for (const char *pc; (pc = strchr(t, '%'));) {
		o_mem(o, t, (size_t)(pc - t));
		t = pc + 1;
		if (*t == '%') {
			o_mem(o, "%", 1);
			t++;
			continue;
		}
		int idx = next++;
		if (*t >= '1' && *t <= '2' && t[1] == '$')
			idx = *t - '1', t += 2;
		if (*t == 's')
			t++;
		o_u64(o, idx ? b : a);
	}
	o_str(o, t);
}

static void o_endpoint(struct out *o, const struct ct_endpoint *e)
{
	if (e->family == 6) {
		char s[INET6_ADDRSTRLEN] = "?";
		inet_ntop(AF_INET6, e->addr, s, sizeof s);
		o_mem(o, "[", 1);
		o_str(o, s);
		o_mem(o, "]", 1);
	} else {
		for (int i = 0; i < 4; i++) {
			if (i)
				o_mem(o, ".", 1);
			o_u64(o, e->addr[i]);
		}
	}
	o_mem(o, ":", 1);
	o_u64(o, e->port);
}

/* "0.198 ms" under 10 ms, "51.9 ms" under 10 s, else "12.3 s". */
static void o_duration(struct out *o, int64_t ns)
{
	uint64_t v = ns > 0 ? (uint64_t)ns : 0, q;
	if (v < 10000000) {
		q = (v + 500) / 1000;
		o_u64(o, q / 1000);
		o_mem(o, ".", 1);
		o_mem(o,
		      (char[]){(char)('0' + q / 100 % 10), (char)('0' + q / 10 % 10),
			       (char)('0' + q % 10)},
		      3);
		o_str(o, " ms");
	} else {
		int ms = v < 10000000000ull;
		q = ms ? (v + 50000) / 100000 : (v + 50000000) / 100000000;
		o_u64(o, q / 10);
		o_mem(o, (char[]){'.', (char)('0' + q % 10)}, 2);
		o_str(o, ms ? " ms" : " s");
	}
}

size_t analyze_endpoint_str(const struct ct_endpoint *e, char *buf, size_t len)
{
	struct out o = {buf, len, 0};
	if (!len)
		return 0;
	o_endpoint(&o, e);
	buf[o.off] = '\0';
	return o.off;
}

size_t analyze_duration_str(int64_t ns, char *buf, size_t len)
{
	struct out o = {buf, len, 0};
	if (!len)
		return 0;
	o_duration(&o, ns);
	buf[o.off] = '\0';
	return o.off;
}

size_t analyze_format(const struct analyze_report *r, char *buf, size_t len)
{
	struct out o = {buf, len, 0};
	int srv = r->by == AS_SERVER;
	if (!len)
		return 0;
	o_endpoint(&o, &r->client);
	o_mem(&o, " -> ", 4);
	o_endpoint(&o, &r->server);
	o_mem(&o, "  ", 2);
	if (r->kind < AK_REFUSED)
		o_str(&o, msg((enum msg)(M_KIND_BY + 2 * r->kind + srv)));
	else
		o_str(&o, msg(r->kind == AK_REFUSED ? M_REFUSED : r->reused ? M_REUSED : M_OPEN));
	if (r->simultaneous) {
		o_mem(&o, " ", 1);
		o_str(&o, msg(M_SIMULTANEOUS));
	}
	if (r->kind == AK_HALF_CLOSE) {
		o_mem(&o, ", ", 2);
		o_tmpl(&o, msg(srv ? M_THEN_C : M_THEN_S), r->after_fin, 0);
	}
	if (r->kind == AK_ABORTIVE && r->in_flight) {
		o_mem(&o, ", ", 2);
		o_tmpl(&o, msg(M_IN_FLIGHT), r->in_flight, 0);
	}
	if (r->kind == AK_RST_AFTER_FIN && r->rst_note) {
		o_mem(&o, " ", 1);
		o_str(&o, msg(r->rst_note == 1 ? M_CLOSED_SOCKET : M_BOTH_FINS));
	}
	if (r->second_rst) {
		o_mem(&o, ", ", 2);
		o_str(&o, msg(srv ? M_RST_TOO_C : M_RST_TOO_S));
	}
	if (r->kind == AK_REFUSED && r->attempts > 1) {
		o_mem(&o, ", ", 2);
		o_tmpl(&o, ngettext("%s attempt", "%s attempts", r->attempts), r->attempts, 0);
	}
	if (r->bad_rst) {
		o_mem(&o, ", ", 2);
		o_tmpl(&o,
		       ngettext("%s out-of-window RST ignored", "%s out-of-window RSTs ignored",
				r->bad_rst),
		       r->bad_rst, 0);
	}
	if (!r->handshake) {
		o_mem(&o, " ", 1);
		o_str(&o, msg(M_NO_HANDSHAKE));
	}
	o_mem(&o, "; ", 2);
	o_tmpl(&o, msg(M_BYTES), r->bytes_c2s, r->bytes_s2c);
	if (r->timewait >= 0) {
		o_mem(&o, "; ", 2);
		o_str(&o, msg(r->timewait == 0              ? M_NO_TW
			      : r->timewait == AN_TW_CLIENT ? M_TW_C
			      : r->timewait == AN_TW_SERVER ? M_TW_S
							    : M_TW_BOTH));
	}
	o_mem(&o, "; ", 2);
	o_duration(&o, r->t_end - r->t_first);
	buf[o.off] = '\0';
	return o.off;
}
