/* SPDX-License-Identifier: MIT */
/*
 * ladder.c - ladder rows from a timeline, and the text renderer
 * (see ladder.h).
 *
 * Rows are kept readable by merging runs: consecutive data segments in one
 * direction become one arrow ("×12"), consecutive successful read() or
 * write() calls of one side become one line.  Nothing is invented: a merged
 * row still names the first and last sequence numbers it covers.
 */
#include "config.h"
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <wchar.h>
#include "base/i18n.h"
#include "base/textwrap.h"
#include "model/ladder.h"
#include "model/steps.h"
#include "base/util.h"

const char *note_title(enum note n)
{
	switch (n) {
	case NOTE_CAPTURE_OFF:
		return _("Packets not observed");
	case NOTE_STATES_OFF:
		return _("Socket states not observed");
	case NOTE_HOST_NET:
		return _("No private network namespace: ran on the host's loopback");
	case NOTE_TIMEOUT:
		return _("Time limit reached");
	case NOTE_CHILD_DIED:
		return _("A side died unexpectedly");
	case NOTE_DROPS:
		return _("The capture dropped packets");
	case NOTE_COUNTERS:
		return _("Kernel counters that moved");
	case NOTE_WIRE:
		return _("The wire");
	case NOTE_CAPTURE_WARN:
		return _("The capture warned");
	case NOTE_SYSCTL:
		return _("Settings of the lab's network namespace");
	case NOTE_STATES:
		return _("Socket states");
	}
	return "";
}

enum arrow_style ladder_arrow_style(uint8_t flags, uint32_t len)
{
	if (flags & FL_RST)
		return ARROW_RST;
	if (flags & FL_SYN)
		return ARROW_SYN;
	if (flags & FL_FIN)
		return ARROW_FIN;
	return len ? ARROW_DATA : ARROW_ACK;
}

void ladder_packet_label(const struct ev_packet *p, char *buf, size_t len)
{
	char fl[16];
	tcp_flags_str(p->flags, fl, sizeof fl);
	if (p->len)
		snprintf(buf, len, "%s %u:%u ack %u", fl, p->rseq, p->rseq + p->len, p->rack);
	else if (p->flags & FL_ACK)
		snprintf(buf, len, "%s seq %u ack %u", fl, p->rseq, p->rack);
	else
		snprintf(buf, len, "%s seq %u", fl, p->rseq);
}

static const char *opt_symbol(int opt)
{
	static const char *const names[SET_COUNT] = {"SO_LINGER",    "SO_RCVBUF",  "SO_SNDBUF",
						     "SO_REUSEADDR", "O_NONBLOCK", "TCP_NODELAY"};
	return opt >= 0 && opt < SET_COUNT ? names[opt] : "?";
}

static void duration(int64_t ns, char *buf, size_t len)
{
	if (ns >= 1000000000)
		snprintf(buf, len, "%.2f s", (double)ns / 1e9);
	else
		snprintf(buf, len, "%.2f ms", (double)ns / 1e6);
}

void ladder_call_text(const struct ev_call *c, int start, char *buf, size_t len)
{
	char res[48], dur[24] = "", args[48] = "";
	const char *err = c->err ? errno_name(c->err) : NULL;
	if (c->ret < 0)
		snprintf(res, sizeof res, "-1 %s", err ? err : "?");
	else
		snprintf(res, sizeof res, "%" PRId64, c->ret);
	if (start)
		snprintf(res, sizeof res, "...");
	else if (c->t_end - c->t_start >= 1000000)
		duration(c->t_end - c->t_start, dur, sizeof dur);
	switch (c->call) {
	/* setsockopt() and fcntl() are shown by the option they set, to fit
	 * 80 columns; the JSON output has the call itself. */
	case CALL_SETSOCKOPT:
		if (c->opt == SET_LINGER)
			snprintf(buf, len, "SO_LINGER={%d,%" PRId64 "}%s%s", c->arg >= 0,
				 c->arg >= 0 ? c->arg : 0, start ? " " : " = ", res);
		else
			snprintf(buf, len, "%s=%" PRId64 "%s%s", opt_symbol(c->opt), c->arg,
				 start ? " " : " = ", res);
		return;
	case CALL_FCNTL:
		snprintf(buf, len, "%sO_NONBLOCK%s%s", c->arg ? "+" : "-", start ? " " : " = ",
			 res);
		return;
	case CALL_WRITE:
		if (start || c->ret != c->arg)
			snprintf(args, sizeof args, "%" PRId64, c->arg);
		break;
	case CALL_SHUTDOWN:
		snprintf(args, sizeof args, "%s",
			 c->arg == SHUT_RD   ? "SHUT_RD"
			 : c->arg == SHUT_WR ? "SHUT_WR"
					     : "SHUT_RDWR");
		break;
	case CALL_CLOSE:
		if (c->arg == 1)
			snprintf(args, sizeof args, "listener");
		else if (c->arg == 2)
			snprintf(args, sizeof args, "1 of 2 fds");
		break;
	case CALL_EXIT:
		snprintf(buf, len, "exit()%s%s", dur[0] ? "  " : "", dur);
		return;
	case CALL_KILLED:
		snprintf(buf, len, "killed (SIGKILL)");
		return;
	case CALL_INJECT:
		snprintf(
		    buf, len, "%s",
		    c->ret == 0
			? _("(the lab injected an RST, as if from the peer)")
			: _("(no RST could be injected: the peer's sequence number is unknown)"));
		return;
	case CALL_WAIT:
		if (c->arg == OP_SYNC) {
			snprintf(buf, len, "%s", _("(released together with the other side)"));
			return;
		}
		snprintf(buf, len,
			 c->opt == SIDE_CLIENT ? _("(waited for the client's %s)")
					       : _("(waited for the server's %s)"),
			 step_op_name((enum step_op)c->arg));
		return;
	default:
		break;
	}
	if (c->call == CALL_READ && c->ret == 0 && !start)
		snprintf(res, sizeof res, "0 (EOF)");
	snprintf(buf, len, "%s(%s)%s%s%s%s", call_name(c->call), args, start ? " " : " = ", res,
		 dur[0] ? "  " : "", dur);
}

/* --- building rows -------------------------------------------------------- */

struct builder {
	struct ladder *l;
	uint8_t state[2];
	int last_call_row[2]; /* index of the side's last ROW_CALL, or -1 */
	int merge_calls[2];   /* that row is a run of reads/writes */
	uint64_t merged_bytes[2];
	int merged_count[2];
	int64_t merged_ns[2];
	uint32_t run_first_seq; /* the packet run in the last row */
	int run_count;
	/* a FIN sent from CLOSE_WAIT starts LAST_ACK; the peer's ACK of it
	 * ends it.  If no sample fell in between, say so (ROW_UNSEEN). */
	int64_t lastack_fin_t[2];
	uint32_t lastack_fin_seq[2];
	int seen_lastack[2];
	/* the capture dropped packets: mark where each direction's sequence
	 * numbers jump (the bytes the ladder cannot show) */
	int drops;
	int have_next[2];
	uint32_t next_seq[2]; /* relative: what that side sends next */
};

static struct ladder_row *add_row(struct builder *b, const struct timeline *tl, size_t ev,
				  enum row_kind kind, enum side side)
{
	struct ladder *l = b->l;
	xgrow(&l->rows, &l->cap, l->n + 1, sizeof *l->rows);
	struct ladder_row *r = &l->rows[l->n++];
	memset(r, 0, sizeof *r);
	r->kind = kind;
	r->side = side;
	r->ev = ev;
	r->t = tl->ev[ev].t - tl->t0;
	memcpy(r->state, b->state, sizeof r->state);
	if (kind != ROW_PACKET)
		b->run_count = 0;
	return r;
}

/* Where a direction's sequence numbers jump over bytes the capture lost. */
static void mark_gap(struct builder *b, const struct timeline *tl, size_t i)
{
	const struct event *e = &tl->ev[i];
	const struct ev_packet *p = &e->u.pkt;
	int me = e->side;
	uint32_t end = p->rseq + p->len + ((p->flags & (FL_SYN | FL_FIN)) ? 1 : 0);
	if (b->have_next[me] && (int32_t)(p->rseq - b->next_seq[me]) > 0) {
		char text[160];
		snprintf(text, sizeof text,
			 me == SIDE_CLIENT ? _("not in the capture: the client's bytes %u to %u")
					   : _("not in the capture: the server's bytes %u to %u"),
			 b->next_seq[me], p->rseq);
		struct ladder_row *g = add_row(b, tl, i, ROW_NOTE, SIDE_NONE);
		g->note = NOTE_DROPS;
		g->note_text = xstrdup(text);
	}
	if (!b->have_next[me] || (int32_t)(end - b->next_seq[me]) > 0) {
		b->next_seq[me] = end;
		b->have_next[me] = 1;
	}
}

static int shown_call(const struct ev_call *c)
{
	switch (c->call) {
	case CALL_SOCKET:
	case CALL_SLEEP:
		return 0;
	case CALL_LISTEN:
	case CALL_BIND:
		return c->ret < 0 || c->call == CALL_BIND;
	default:
		return 1;
	}
}

/* Index of the return of the call that starts at event i, or tl->n. */
static size_t find_return(const struct timeline *tl, size_t i)
{
	const struct event *c = &tl->ev[i];
	for (size_t j = i + 1; j < tl->n; j++) {
		const struct event *e = &tl->ev[j];
		if (e->kind == EV_RETURN && e->side == c->side &&
		    e->u.call.t_start >= c->u.call.t_start - 1000000 &&
		    e->u.call.step == c->u.call.step && e->u.call.call == c->u.call.call)
			return j;
	}
	return tl->n;
}

/* Did anything the ladder shows happen while the call that starts at
 * event i ran (up to its return, event ret): a segment, or a call of the
 * other side?  Then the call is drawn at its start too, so its effects
 * never appear before it.  A read() waiting for the peer's data is the
 * exception: the data arrives, then the read returns; nothing there comes
 * before its cause. */
static int eventful(const struct timeline *tl, size_t i, size_t ret, unsigned flags)
{
	const struct event *c = &tl->ev[i];
	for (size_t j = i + 1; j < ret && j < tl->n; j++) {
		const struct event *e = &tl->ev[j];
		if (e->side > SIDE_SERVER)
			continue;
		if (e->kind == EV_PACKET && !(c->u.call.call == CALL_READ && e->side != c->side) &&
		    !((flags & LADDER_NO_PURE_ACKS) &&
		      ladder_arrow_style(e->u.pkt.flags, e->u.pkt.len) == ARROW_ACK))
			return 1;
		if ((e->kind == EV_CALL || e->kind == EV_RETURN) && e->side != c->side &&
		    shown_call(&e->u.call) && e->u.call.call != CALL_WAIT)
			return 1;
	}
	return 0;
}

static void add_call(struct builder *b, const struct timeline *tl, size_t i, unsigned flags)
{
	const struct event *e = &tl->ev[i];
	const struct ev_call *c = &e->u.call;
	int s = e->side;
	int rw = (c->call == CALL_READ || c->call == CALL_WRITE) && c->ret > 0;
	if (e->kind == EV_CALL) {
		/* a call that blocks, or while which something happened, is
		 * shown when it starts; its result follows on its own row */
		size_t ret = find_return(tl, i);
		int64_t dur =
		    ret < tl->n ? tl->ev[ret].u.call.t_end - tl->ev[ret].u.call.t_start : INT64_MAX;
		if (c->call == CALL_EXIT || c->call == CALL_KILLED ||
		    ((c->call == CALL_CLOSE || c->call == CALL_SHUTDOWN ||
		      c->call == CALL_CONNECT) &&
		     dur >= 10000000) ||
		    (shown_call(c) && c->call != CALL_WAIT && eventful(tl, i, ret, flags))) {
			struct ladder_row *r = add_row(b, tl, i, ROW_CALL, e->side);
			ladder_call_text(c, !(c->call == CALL_EXIT || c->call == CALL_KILLED),
					 r->text, sizeof r->text);
			b->last_call_row[s] = -1;
		}
		return;
	}
	if (c->call == CALL_EXIT || c->call == CALL_KILLED || !shown_call(c))
		return;
	if (rw && b->last_call_row[s] >= 0 && b->merge_calls[s] &&
	    tl->ev[b->l->rows[b->last_call_row[s]].ev].u.call.call == c->call) {
		struct ladder_row *r = &b->l->rows[b->last_call_row[s]];
		b->merged_bytes[s] += (uint64_t)c->ret;
		b->merged_count[s]++;
		b->merged_ns[s] += c->t_end - c->t_start;
		char dur[24];
		duration(b->merged_ns[s], dur, sizeof dur);
		if (b->merged_ns[s] >= 1000000)
			snprintf(r->text, sizeof r->text, "%s() x%d = %" PRIu64 "  %s",
				 call_name(c->call), b->merged_count[s], b->merged_bytes[s], dur);
		else
			snprintf(r->text, sizeof r->text, "%s() x%d = %" PRIu64, call_name(c->call),
				 b->merged_count[s], b->merged_bytes[s]);
		return;
	}
	struct ladder_row *r = add_row(b, tl, i, ROW_CALL, e->side);
	ladder_call_text(c, 0, r->text, sizeof r->text);
	if (c->call == CALL_WAIT)
		r->wait = *c;
	b->last_call_row[s] = (int)(b->l->n - 1);
	if (c->state && c->state != b->state[s]) {
		/* the state the actor read with TCP_INFO as the call returned */
		b->state[s] = c->state;
		r->state[s] = c->state;
		struct ladder_row *sr = add_row(b, tl, i, ROW_STATE, e->side);
		snprintf(sr->text, sizeof sr->text, "%s", tcp_state_name(c->state));
		b->last_call_row[s] = -1;
	}
	b->merge_calls[s] = rw;
	b->merged_bytes[s] = rw ? (uint64_t)c->ret : 0;
	b->merged_count[s] = 1;
	b->merged_ns[s] = c->t_end - c->t_start;
}

static void add_packet(struct builder *b, const struct timeline *tl, size_t i, unsigned flags)
{
	const struct event *e = &tl->ev[i];
	const struct ev_packet *p = &e->u.pkt;
	enum arrow_style st = ladder_arrow_style(p->flags, p->len);
	if (e->side > SIDE_SERVER)
		return;
	if (b->drops)
		mark_gap(b, tl, i);
	if ((flags & LADDER_NO_PURE_ACKS) && st == ARROW_ACK)
		return;
	/* merge a run of data segments (or of pure ACKs) in one direction */
	if (b->run_count && b->l->n) {
		struct ladder_row *last = &b->l->rows[b->l->n - 1];
		const struct ev_packet *lp = &tl->ev[last->ev].u.pkt;
		if (last->kind == ROW_PACKET && last->side == e->side && last->style == st &&
		    (st == ARROW_DATA || st == ARROW_ACK) && !((p->flags ^ lp->flags) & ~FL_PSH)) {
			char fl[16];
			b->run_count++;
			tcp_flags_str(p->flags | (lp->flags & FL_PSH), fl, sizeof fl);
			if (st == ARROW_DATA)
				snprintf(last->text, sizeof last->text, "%s %u:%u x%d", fl,
					 b->run_first_seq, p->rseq + p->len, b->run_count);
			else
				snprintf(last->text, sizeof last->text, "%s ack %u x%d", fl,
					 p->rack, b->run_count);
			last->ev = i; /* the run ends here */
			last->npackets++;
			return;
		}
	}
	int me = e->side, peer = !e->side;
	if ((p->flags & FL_FIN) && b->state[me] == TS_CLOSE_WAIT && !b->lastack_fin_t[me]) {
		b->lastack_fin_t[me] = e->t;
		b->lastack_fin_seq[me] = p->rseq + p->len + 1;
	}
	int ends_lastack =
	    b->lastack_fin_t[peer] && (p->flags & FL_ACK) && p->rack == b->lastack_fin_seq[peer];
	struct ladder_row *r = add_row(b, tl, i, ROW_PACKET, e->side);
	r->style = st;
	r->npackets = 1;
	ladder_packet_label(p, r->text, sizeof r->text);
	if (ends_lastack) {
		int64_t dur = e->t - b->lastack_fin_t[peer];
		b->lastack_fin_t[peer] = 0;
		if (!b->seen_lastack[peer] && !(flags & LADDER_PACKETS_ONLY)) {
			struct ladder_row *u = add_row(b, tl, i, ROW_UNSEEN, (enum side)peer);
			snprintf(u->text, sizeof u->text, "(LAST_ACK %.0f us)", (double)dur / 1000);
		}
	}
	b->run_first_seq = p->rseq;
	b->run_count = 1;
	b->last_call_row[0] = b->last_call_row[1] = -1;
}

static void add_state(struct builder *b, const struct timeline *tl, size_t i)
{
	const struct event *e = &tl->ev[i];
	const struct ev_state *st = &e->u.st;
	if (e->side > SIDE_SERVER)
		return;
	/* the listener speaks for the server until a connection exists */
	if (st->state == TS_LISTEN || st->rport == 0) {
		if (st->state != TS_LISTEN || b->state[e->side] != TS_NONE)
			return;
	}
	if (b->state[e->side] == st->state)
		return;
	b->state[e->side] = st->state;
	b->l->sources |= 1u << st->source;
	if (st->state == TS_LAST_ACK)
		b->seen_lastack[e->side] = 1;
	struct ladder_row *r = add_row(b, tl, i, ROW_STATE, e->side);
	if (st->state == TS_TIME_WAIT && st->timer_ms)
		snprintf(r->text, sizeof r->text, "TIME_WAIT (%.1f s)", st->timer_ms / 1000.0);
	else if (st->sendq > 1 && st->state != TS_LISTEN)
		snprintf(r->text, sizeof r->text, "%s Q:%u", tcp_state_name(st->state), st->sendq);
	else
		snprintf(r->text, sizeof r->text, "%s", tcp_state_name(st->state));
}

int ladder_build(const struct timeline *tl, unsigned flags, struct ladder *l)
{
	struct builder b;
	memset(l, 0, sizeof *l);
	memset(&b, 0, sizeof b);
	b.l = l;
	b.last_call_row[0] = b.last_call_row[1] = -1;
	l->port[SIDE_SERVER] = tl->server_port;
	for (size_t i = 0; i < tl->n; i++)
		b.drops |= tl->ev[i].kind == EV_NOTE && tl->ev[i].u.note.what == NOTE_DROPS;
	for (size_t i = 0; i < tl->n; i++) {
		const struct event *e = &tl->ev[i];
		if (e->kind == EV_PACKET && e->side == SIDE_CLIENT && !l->port[SIDE_CLIENT])
			l->port[SIDE_CLIENT] = e->u.pkt.sport;
		switch (e->kind) {
		case EV_CALL:
		case EV_RETURN:
			if (!(flags & LADDER_PACKETS_ONLY) && e->side <= SIDE_SERVER)
				add_call(&b, tl, i, flags);
			break;
		case EV_PACKET:
			add_packet(&b, tl, i, flags);
			break;
		case EV_STATE:
			if (!(flags & LADDER_PACKETS_ONLY))
				add_state(&b, tl, i);
			break;
		case EV_NOTE:
			if (e->u.note.what == NOTE_COUNTERS && !e->u.note.text[0])
				break;
			if (!(flags & LADDER_PACKETS_ONLY)) {
				struct ladder_row *r = add_row(&b, tl, i, ROW_NOTE, SIDE_NONE);
				r->note = e->u.note.what;
				r->note_text = xstrdup(e->u.note.text ? e->u.note.text : "");
			}
			break;
		}
	}
	return 0;
}

void ladder_free(struct ladder *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->rows[i].note_text);
	free(l->rows);
	memset(l, 0, sizeof *l);
}

/* --- layout ---------------------------------------------------------------- */

size_t ladder_legend(const struct ladder *l, const char **para, size_t max)
{
	size_t n = 0;
	if (n < max && (l->sources & (1u << SRC_TRACEPOINT)))
		para[n++] = _("States: every change, as the kernel's tracepoint "
			      "sock:inet_sock_set_state reported it.");
	if (n < max && (l->sources & (1u << SRC_SAMPLE)))
		para[n++] = _("States: sampled with sock_diag about every millisecond; a "
			      "shorter state can be missed.");
	for (size_t i = 0; i < l->n && n < max; i++)
		if (l->rows[i].kind == ROW_UNSEEN) {
			para[n++] =
			    _("(STATE N us): a state too short to be sampled; its "
			      "duration comes from the two packets that began and ended it.");
			break;
		}
	return n;
}

void ladder_note_text(const struct ladder_row *r, char *buf, size_t len)
{
	const char *t = r->note_text ? r->note_text : r->text;
	if (t[0])
		/* TRANSLATORS: a note's title, then its text */
		snprintf(buf, len, _("%s: %s"), note_title(r->note), t);
	else
		snprintf(buf, len, "%s", note_title(r->note));
}

/* The geometry with a time column tw columns wide (0: none). */
static void geom(struct ladder_geom *g, int width, int tw)
{
	if (width < LADDER_MIN_WIDTH)
		width = LADDER_MIN_WIDTH;
	if (width > LADDER_MAX_WIDTH)
		width = LADDER_MAX_WIDTH;
	g->width = width;
	g->tw = tw;
	/* 30% of the page on each side for calls and states; on a narrow
	 * page (the TUI's pane) the segments keep 24 columns or more, and
	 * what does not fit beside a lifeline goes between them */
	int side = (width - g->tw - 2) * 3 / 10 + 1;
	if (width - g->tw - 2 * side - 1 < 24)
		side = (width - g->tw - 29) / 2;
	if (side < 1)
		side = 1;
	g->xl = g->tw + side;
	g->xr = width - side - 1;
}

void ladder_geom(struct ladder_geom *g, int width, int times)
{
	geom(g, width, times ? 9 : 0); /* "  12.345 " */
}

void ladder_geom_times(struct ladder_geom *g, int width, const struct ladder *l)
{
	/* the column grows for runs of 100 s and more: a time is never cut */
	int64_t last = l->n ? l->rows[l->n - 1].t : 0;
	int digits = snprintf(NULL, 0, "%.3f", (double)last / 1e6);
	geom(g, width, digits + 1 > 9 ? digits + 1 : 9);
}

static void line_init(struct ladder_line *ln, int w)
{
	ln->w = w;
	for (int i = 0; i < w; i++) {
		strcpy(ln->c[i].s, " ");
		ln->c[i].kind = CELL_BLANK;
		ln->c[i].style = 0;
	}
}

static void put_glyph(struct ladder_line *ln, int x, const char *g, int kind, int style)
{
	if (x < 0 || x >= ln->w)
		return;
	/* overwriting half of a wide character blanks its other half */
	if (ln->c[x].s[0] == '\0' && x > 0)
		strcpy(ln->c[x - 1].s, " ");
	if (x + 1 < ln->w && ln->c[x + 1].s[0] == '\0')
		strcpy(ln->c[x + 1].s, " ");
	snprintf(ln->c[x].s, sizeof ln->c[x].s, "%s", g);
	ln->c[x].kind = (unsigned char)kind;
	ln->c[x].style = (unsigned char)style;
}

/* Write n bytes of text from column x; the caller made room for it. */
static void put_text(struct ladder_line *ln, int x, const char *s, size_t n, int kind, int style)
{
	size_t i = 0;
	while (i < n && x < ln->w) {
		uint32_t cp;
		size_t k = textwrap_decode(s + i, n - i, &cp);
		int w = textwrap_cpwidth(cp);
		char g[8];
		if (cp < 0x20 || cp == 0xFFFD || k >= sizeof g) {
			strcpy(g, "?");
			w = 1;
		} else {
			memcpy(g, s + i, k);
			g[k] = '\0';
		}
		i += k;
		if (w == 0) { /* a combining mark joins the character before it */
			if (x > 0 && strlen(ln->c[x - 1].s) + k < sizeof ln->c[x - 1].s)
				strcat(ln->c[x - 1].s, g);
			continue;
		}
		if (x + w > ln->w)
			break;
		put_glyph(ln, x, g, kind, style);
		if (w == 2) {
			put_glyph(ln, x + 1, "", kind, style);
			ln->c[x + 1].s[0] = '\0';
		}
		x += w;
	}
}

struct glyphs {
	const char *life, *head_r, *head_l;
	const char *body[5]; /* by enum arrow_style */
};

static const struct glyphs g_utf8 = {"│", "▶", "◀", {"─", "─", "═", "━", "╳"}};
static const struct glyphs g_ascii = {"|", ">", "<", {"-", "-", "=", "~", "x"}};

static void lifelines(struct ladder_line *ln, const struct ladder_geom *g, int utf8)
{
	const struct glyphs *gl = utf8 ? &g_utf8 : &g_ascii;
	put_glyph(ln, g->xl, gl->life, CELL_LIFE, 0);
	put_glyph(ln, g->xr, gl->life, CELL_LIFE, 0);
}

void ladder_blank_line(const struct ladder_geom *g, int utf8, struct ladder_line *out)
{
	line_init(out, g->width);
	lifelines(out, g, utf8);
}

/* The text a row shows beside a lifeline or across the page. */
static void row_text(const struct ladder_row *r, char *buf, size_t len)
{
	switch (r->kind) {
	case ROW_STATE:
		snprintf(buf, len, "[%s]", r->text);
		break;
	case ROW_NOTE:
		ladder_note_text(r, buf, len);
		break;
	case ROW_CALL:
		if (r->wait.call == CALL_WAIT) {
			ladder_call_text(&r->wait, 0, buf, len);
			break;
		}
		snprintf(buf, len, "%s", r->text);
		break;
	default:
		snprintf(buf, len, "%s", r->text);
		break;
	}
}

static int cell_kind_of(enum row_kind k)
{
	switch (k) {
	case ROW_STATE:
		return CELL_STATE;
	case ROW_UNSEEN:
		return CELL_UNSEEN;
	case ROW_PACKET:
		return CELL_LABEL;
	case ROW_NOTE:
		return CELL_NOTE;
	default:
		return CELL_CALL;
	}
}

/* The arrow from the sending lifeline, drawn as far as fraction f.  With
 * a label, the label rides just behind the head until it reaches the
 * middle of the span, where it stays: a segment in flight carries its
 * flags. */
static void draw_arrow(struct ladder_line *ln, const struct ladder_geom *g, int utf8,
		       const struct ladder_row *r, double f, const char *label)
{
	const struct glyphs *gl = utf8 ? &g_utf8 : &g_ascii;
	int dir = r->side == SIDE_SERVER ? -1 : 1;
	int span = g->xr - g->xl - 1;
	int style = (unsigned)r->style < 5 ? (int)r->style : ARROW_ACK;
	if (f < 0)
		f = 0;
	if (f > 1)
		f = 1;
	int k = (int)(f * span + 0.5);
	if (k < 1)
		k = 1;
	int lo = dir > 0 ? g->xl + 1 : g->xr - k;
	int hi = lo + k - 1;
	int head = dir > 0 ? hi : lo;
	for (int x = lo; x <= hi; x++)
		put_glyph(ln, x, gl->body[style], CELL_ARROW, style);
	if (label) {
		int lw = textwrap_swidth(label);
		int center = g->xl + 2 + (span - 2 - lw) / 2; /* the label's column */
		int xs = dir > 0 ? head - 1 - lw : head + 2;
		if (dir > 0 ? xs > center : xs < center)
			xs = center;
		if (xs - 1 >= lo && xs + lw <= hi && xs - 1 > g->xl + 1 && xs + lw < g->xr - 1) {
			put_glyph(ln, xs - 1, " ", CELL_LABEL, style);
			put_text(ln, xs, label, strlen(label), CELL_LABEL, style);
			put_glyph(ln, xs + lw, " ", CELL_LABEL, style);
		}
	}
	put_glyph(ln, head, dir > 0 ? gl->head_r : gl->head_l, CELL_HEAD, style);
}

/* Lay out row i; fill line `sub` into out (if not NULL).  Returns the
 * number of lines the row takes. */
static int row_layout(const struct ladder *l, size_t i, const struct ladder_geom *g, double f,
		      int utf8, unsigned flags, int sub, struct ladder_line *out)
{
	const struct ladder_row *r = &l->rows[i];
	char text[1024];
	struct textwrap_line *wl = NULL;
	size_t nl;
	int h = 1, kind = cell_kind_of(r->kind);
	row_text(r, text, sizeof text);
	int tw = textwrap_swidth(text);
	if (out) {
		line_init(out, g->width);
		if (r->kind != ROW_NOTE)
			lifelines(out, g, utf8);
		if (g->tw && sub == 0 && r->kind != ROW_NOTE) {
			char t[32];
			snprintf(t, sizeof t, "%*.3f", g->tw - 1, (double)r->t / 1e6);
			put_text(out, 0, t, strlen(t), CELL_TIME, 0);
		}
	}
	switch (r->kind) {
	case ROW_NOTE: {
		/* "* title: text", wrapped with a hanging indent */
		int x = g->tw, indent = 2;
		nl = textwrap_wrap(text, strlen(text), g->width - x - indent, &wl);
		h = nl ? (int)nl : 1;
		if (out && (size_t)sub < nl) {
			if (sub == 0)
				put_text(out, x, "* ", 2, CELL_NOTE, 0);
			put_text(out, x + indent, text + wl[sub].off, wl[sub].len, CELL_NOTE, 0);
		}
		break;
	}
	case ROW_PACKET: {
		int inline_room = g->xr - g->xl - 5;
		if (tw <= inline_room && !(flags & LADDER_TALL)) {
			if (out)
				draw_arrow(out, g, utf8, r, f, text);
			break;
		}
		/* the label above the arrow, centred, wrapped if need be */
		int room = g->xr - g->xl - 3;
		nl = textwrap_wrap(text, strlen(text), room, &wl);
		h = (int)nl + 1;
		if (!out)
			break;
		if ((size_t)sub < nl) {
			int x = g->xl + 2 + (room - wl[sub].width) / 2;
			put_text(out, x, text + wl[sub].off, wl[sub].len, CELL_LABEL, r->style);
		} else {
			draw_arrow(out, g, utf8, r, f, NULL);
		}
		break;
	}
	default: {
		/* beside the lifeline: outside if it fits, else inside */
		int outside = r->side == SIDE_SERVER ? g->width - g->xr - 2 : g->xl - 1 - g->tw;
		if (tw <= outside) {
			if (out)
				put_text(out, r->side == SIDE_SERVER ? g->xr + 2 : g->xl - 1 - tw,
					 text, strlen(text), kind, 0);
			break;
		}
		int inside = g->xr - g->xl - 3;
		nl = textwrap_wrap(text, strlen(text), inside, &wl);
		h = nl ? (int)nl : 1;
		if (out && (size_t)sub < nl) {
			int x = r->side == SIDE_SERVER ? g->xr - 1 - wl[sub].width : g->xl + 2;
			put_text(out, x, text + wl[sub].off, wl[sub].len, kind, 0);
		}
		break;
	}
	}
	free(wl);
	return h;
}

int ladder_row_height(const struct ladder *l, size_t i, const struct ladder_geom *g, unsigned flags)
{
	return row_layout(l, i, g, 1, 1, flags, 0, NULL);
}

void ladder_row_line(const struct ladder *l, size_t i, const struct ladder_geom *g, double f,
		     int utf8, unsigned flags, int sub, struct ladder_line *out)
{
	row_layout(l, i, g, f, utf8, flags, sub, out);
}

void ladder_header_line(const struct ladder *l, const struct ladder_geom *g, int ports,
			struct ladder_line *out)
{
	char c[64], sv[64];
	line_init(out, g->width);
	if (l->port[SIDE_CLIENT] && ports)
		snprintf(c, sizeof c, _("client :%u"), l->port[SIDE_CLIENT]);
	else
		snprintf(c, sizeof c, "%s", _("client"));
	if (l->port[SIDE_SERVER] && ports)
		snprintf(sv, sizeof sv, _("server :%u"), l->port[SIDE_SERVER]);
	else
		snprintf(sv, sizeof sv, "%s", _("server"));
	int cw = textwrap_swidth(c), sw = textwrap_swidth(sv);
	if (g->tw)
		put_text(out, 0, "ms", 2, CELL_HEADER, 0);
	/* the client's name ends at its lifeline, the server's starts one
	 * column after its own (or ends at the right edge) */
	int xc = g->xl - cw > g->tw ? g->xl - cw : g->tw;
	int xs = g->xr + 2 + sw <= g->width ? g->xr + 2 : g->width - sw;
	if (xs < xc + cw + 1)
		xs = xc + cw + 1;
	put_text(out, xc, c, strlen(c), CELL_HEADER, 0);
	put_text(out, xs, sv, strlen(sv), CELL_HEADER, 0);
}

size_t ladder_line_utf8(const struct ladder_line *ln, int trim, char *buf, size_t len)
{
	size_t n = 0;
	int end = ln->w;
	if (len == 0)
		return 0;
	while (trim && end > 0 && !strcmp(ln->c[end - 1].s, " "))
		end--;
	for (int i = 0; i < end; i++) {
		size_t k = strlen(ln->c[i].s);
		if (n + k + 1 > len)
			break;
		memcpy(buf + n, ln->c[i].s, k);
		n += k;
	}
	buf[n] = '\0';
	return n;
}

/* --- text renderer -------------------------------------------------------- */

void ladder_print(const struct ladder *l, FILE *out, int width, int utf8, int no_times)
{
	struct ladder_line *ln = xmalloc(sizeof *ln);
	char buf[LADDER_MAX_WIDTH * 8 + 1];
	struct ladder_geom g;
	if (no_times)
		ladder_geom(&g, width < 60 ? 60 : width, 0);
	else
		ladder_geom_times(&g, width < 60 ? 60 : width, l);
	ladder_header_line(l, &g, 1, ln);
	ladder_line_utf8(ln, 1, buf, sizeof buf);
	fprintf(out, "%s\n", buf);
	for (size_t i = 0; i < l->n; i++) {
		int h = ladder_row_height(l, i, &g, 0);
		for (int sub = 0; sub < h; sub++) {
			ladder_row_line(l, i, &g, 1, utf8, 0, sub, ln);
			ladder_line_utf8(ln, 1, buf, sizeof buf);
			fprintf(out, "%s\n", buf);
		}
	}
	const char *para[LADDER_LEGENDS];
	size_t np = ladder_legend(l, para, LADDER_LEGENDS);
	char indent[16];
	snprintf(indent, sizeof indent, "%*s", g.tw, "");
	for (size_t i = 0; i < np; i++)
		textwrap_print(out, para[i], g.width, indent, indent);
	free(ln);
}
