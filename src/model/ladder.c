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
#include "model/ladder.h"
#include "model/steps.h"
#include "base/util.h"

const char *note_title(enum note n)
{
	switch (n) {
	case NOTE_CAPTURE_OFF: return _("Packets not observed");
	case NOTE_STATES_OFF: return _("Socket states not observed");
	case NOTE_HOST_NET: return _("No private network namespace: ran on the host's loopback");
	case NOTE_TIMEOUT: return _("Time limit reached");
	case NOTE_CHILD_DIED: return _("A side died unexpectedly");
	case NOTE_DROPS: return _("The capture dropped packets");
	case NOTE_COUNTERS: return _("Kernel counters that moved");
	case NOTE_WIRE: return _("The wire");
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
	static const char *const names[SET_COUNT] = {
		"SO_LINGER", "SO_RCVBUF", "SO_SNDBUF", "SO_REUSEADDR", "O_NONBLOCK", "TCP_NODELAY"
	};
	return opt >= 0 && opt < SET_COUNT ? names[opt] : "?";
}

static void duration(int64_t ns, char *buf, size_t len)
{
	if (ns >= 1000000000)
		snprintf(buf, len, "%.2f s", (double)ns / 1e9);
	else
		snprintf(buf, len, "%.2f ms", (double)ns / 1e6);
}

void ladder_call_text(const struct ev_call *c, char *buf, size_t len)
{
	char res[48], dur[24] = "", args[48] = "";
	const char *err = c->err ? errno_name(c->err) : NULL;
	if (c->ret < 0)
		snprintf(res, sizeof res, "-1 %s", err ? err : "?");
	else
		snprintf(res, sizeof res, "%" PRId64, c->ret);
	if (c->t_end - c->t_start >= 1000000)
		duration(c->t_end - c->t_start, dur, sizeof dur);
	switch (c->call) {
	/* setsockopt() and fcntl() are shown by the option they set, to fit
	 * 80 columns; the JSON output has the call itself. */
	case CALL_SETSOCKOPT:
		if (c->opt == SET_LINGER)
			snprintf(buf, len, "SO_LINGER={%d,%" PRId64 "} = %s", c->arg >= 0,
			         c->arg >= 0 ? c->arg : 0, res);
		else
			snprintf(buf, len, "%s=%" PRId64 " = %s", opt_symbol(c->opt), c->arg, res);
		return;
	case CALL_FCNTL:
		snprintf(buf, len, "%sO_NONBLOCK = %s", c->arg ? "+" : "-", res);
		return;
	case CALL_WRITE:
		if (c->ret != c->arg)
			snprintf(args, sizeof args, "%" PRId64, c->arg);
		break;
	case CALL_SHUTDOWN:
		snprintf(args, sizeof args, "%s", c->arg == SHUT_RD ? "SHUT_RD" :
		         c->arg == SHUT_WR ? "SHUT_WR" : "SHUT_RDWR");
		break;
	case CALL_CLOSE:
		if (c->arg == 1)
			snprintf(args, sizeof args, "listener");
		break;
	case CALL_EXIT:
		snprintf(buf, len, "exit()%s%s", dur[0] ? "  " : "", dur);
		return;
	case CALL_KILLED:
		snprintf(buf, len, "killed (SIGKILL)");
		return;
	case CALL_WAIT:
		snprintf(buf, len, c->opt == SIDE_CLIENT ? _("(waited for the client's %s)") :
		         _("(waited for the server's %s)"), step_op_name((enum step_op)c->arg));
		return;
	default:
		break;
	}
	if (c->call == CALL_READ && c->ret == 0)
		snprintf(res, sizeof res, "0 (EOF)");
	snprintf(buf, len, "%s(%s) = %s%s%s", call_name(c->call), args, res,
	         dur[0] ? "  " : "", dur);
}

/* --- building rows -------------------------------------------------------- */

struct builder {
	struct ladder *l;
	uint8_t state[2];
	int last_call_row[2];   /* index of the side's last ROW_CALL, or -1 */
	int merge_calls[2];     /* that row is a run of reads/writes */
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
};

static struct ladder_row *add_row(struct builder *b, const struct timeline *tl,
                                  size_t ev, enum row_kind kind, enum side side)
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

/* Find the return of the call that starts at event i. */
static const struct event *find_return(const struct timeline *tl, size_t i)
{
	const struct event *c = &tl->ev[i];
	for (size_t j = i + 1; j < tl->n; j++) {
		const struct event *e = &tl->ev[j];
		if (e->kind == EV_RETURN && e->side == c->side &&
		    e->u.call.t_start >= c->u.call.t_start - 1000000 &&
		    e->u.call.step == c->u.call.step && e->u.call.call == c->u.call.call)
			return e;
	}
	return NULL;
}

static void add_call(struct builder *b, const struct timeline *tl, size_t i)
{
	const struct event *e = &tl->ev[i];
	const struct ev_call *c = &e->u.call;
	int s = e->side;
	int rw = (c->call == CALL_READ || c->call == CALL_WRITE) && c->ret > 0;
	if (e->kind == EV_CALL) {
		/* show a call that blocks when it starts, so a reader sees it
		 * waiting; its result follows on its own row */
		const struct event *ret = find_return(tl, i);
		int64_t dur = ret ? ret->u.call.t_end - ret->u.call.t_start : INT64_MAX;
		if (c->call == CALL_EXIT || c->call == CALL_KILLED ||
		    ((c->call == CALL_CLOSE || c->call == CALL_SHUTDOWN ||
		      c->call == CALL_CONNECT) && dur >= 10000000)) {
			struct ladder_row *r = add_row(b, tl, i, ROW_CALL, e->side);
			if (c->call == CALL_EXIT || c->call == CALL_KILLED)
				ladder_call_text(c, r->text, sizeof r->text);
			else
				snprintf(r->text, sizeof r->text, "%s() ...", call_name(c->call));
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
			snprintf(r->text, sizeof r->text, "%s() x%d = %" PRIu64,
			         call_name(c->call), b->merged_count[s], b->merged_bytes[s]);
		return;
	}
	struct ladder_row *r = add_row(b, tl, i, ROW_CALL, e->side);
	ladder_call_text(c, r->text, sizeof r->text);
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

static void add_packet(struct builder *b, const struct timeline *tl, size_t i,
                       unsigned flags)
{
	const struct event *e = &tl->ev[i];
	const struct ev_packet *p = &e->u.pkt;
	enum arrow_style st = ladder_arrow_style(p->flags, p->len);
	if (e->side > SIDE_SERVER)
		return;
	if ((flags & LADDER_NO_PURE_ACKS) && st == ARROW_ACK)
		return;
	/* merge a run of data segments (or of pure ACKs) in one direction */
	if (b->run_count && b->l->n) {
		struct ladder_row *last = &b->l->rows[b->l->n - 1];
		const struct ev_packet *lp = &tl->ev[last->ev].u.pkt;
		if (last->kind == ROW_PACKET && last->side == e->side && last->style == st &&
		    (st == ARROW_DATA || st == ARROW_ACK) &&
		    !((p->flags ^ lp->flags) & ~FL_PSH)) {
			char fl[16];
			b->run_count++;
			tcp_flags_str(p->flags | (lp->flags & FL_PSH), fl, sizeof fl);
			if (st == ARROW_DATA)
				snprintf(last->text, sizeof last->text, "%s %u:%u x%d",
				         fl, b->run_first_seq, p->rseq + p->len, b->run_count);
			else
				snprintf(last->text, sizeof last->text, "%s ack %u x%d", fl, p->rack,
				         b->run_count);
			last->ev = i; /* the run ends here */
			return;
		}
	}
	int me = e->side, peer = !e->side;
	if ((p->flags & FL_FIN) && b->state[me] == TS_CLOSE_WAIT && !b->lastack_fin_t[me]) {
		b->lastack_fin_t[me] = e->t;
		b->lastack_fin_seq[me] = p->rseq + p->len + 1;
	}
	int ends_lastack = b->lastack_fin_t[peer] && (p->flags & FL_ACK) &&
	                   p->rack == b->lastack_fin_seq[peer];
	struct ladder_row *r = add_row(b, tl, i, ROW_PACKET, e->side);
	r->style = st;
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
	if (st->state == TS_LAST_ACK)
		b->seen_lastack[e->side] = 1;
	struct ladder_row *r = add_row(b, tl, i, ROW_STATE, e->side);
	if (st->state == TS_TIME_WAIT && st->timer_ms)
		snprintf(r->text, sizeof r->text, "TIME_WAIT (%.1f s)", st->timer_ms / 1000.0);
	else if (st->sendq > 1 && st->state != TS_LISTEN)
		snprintf(r->text, sizeof r->text, "%s Q:%u", tcp_state_name(st->state),
		         st->sendq);
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
	for (size_t i = 0; i < tl->n; i++) {
		const struct event *e = &tl->ev[i];
		if (e->kind == EV_PACKET && e->side == SIDE_CLIENT && !l->port[SIDE_CLIENT])
			l->port[SIDE_CLIENT] = e->u.pkt.sport;
		switch (e->kind) {
		case EV_CALL:
		case EV_RETURN:
			if (!(flags & LADDER_PACKETS_ONLY) && e->side <= SIDE_SERVER)
				add_call(&b, tl, i);
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
				snprintf(r->text, sizeof r->text, "%s", e->u.note.text);
			}
			break;
		}
	}
	return 0;
}

void ladder_free(struct ladder *l)
{
	free(l->rows);
	memset(l, 0, sizeof *l);
}

/* --- text renderer -------------------------------------------------------- */

/* A line of cells, each holding one UTF-8 character of width 1. */
struct line {
	char cell[400][4];
	int w;
};

static void line_clear(struct line *ln, int w)
{
	ln->w = w;
	for (int i = 0; i < w; i++)
		strcpy(ln->cell[i], " ");
}

/* Put ASCII text at column x, cut at `max` columns with a final '~'. */
static void line_put(struct line *ln, int x, const char *s, int max)
{
	int n = (int)strlen(s);
	for (int i = 0; i < n && i < max && x + i < ln->w; i++) {
		ln->cell[x + i][0] = (i == max - 1 && n > max) ? '~' : s[i];
		ln->cell[x + i][1] = '\0';
	}
}

static void line_glyph(struct line *ln, int x, const char *g)
{
	if (x >= 0 && x < ln->w)
		snprintf(ln->cell[x], sizeof ln->cell[x], "%s", g);
}

static void line_print(struct line *ln, FILE *out)
{
	int end = ln->w;
	while (end > 0 && !strcmp(ln->cell[end - 1], " "))
		end--;
	for (int i = 0; i < end; i++)
		fputs(ln->cell[i], out);
	fputc('\n', out);
}

/* Display columns of a UTF-8 string. */
static int text_columns(const char *s)
{
	mbstate_t ms;
	int cols = 0;
	memset(&ms, 0, sizeof ms);
	while (*s) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s, strlen(s), &ms);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(&ms, 0, sizeof ms);
			n = 1;
			wc = '?';
		}
		int w = wcwidth(wc);
		cols += w > 0 ? w : 0;
		s += n;
	}
	return cols;
}

/* Print `text` wrapped to `width` display columns, each line indented. */
static void print_wrapped(FILE *out, const char *text, int width, int indent)
{
	mbstate_t ms;
	const char *p = text, *line_start = text, *last_space = NULL;
	int col = indent;
	memset(&ms, 0, sizeof ms);
	fprintf(out, "%*s", indent, "");
	while (*p) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, p, strlen(p), &ms);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			n = 1;
			wc = '?';
			memset(&ms, 0, sizeof ms);
		}
		int w = wcwidth(wc);
		if (w < 0)
			w = 1;
		if (wc == ' ')
			last_space = p;
		if (col + w > width && p > line_start) {
			const char *cut = last_space && last_space > line_start ? last_space : p;
			fwrite(line_start, 1, (size_t)(cut - line_start), out);
			fprintf(out, "\n%*s", indent, "");
			line_start = cut == last_space ? cut + 1 : cut;
			last_space = NULL;
			p = line_start;
			col = indent;
			memset(&ms, 0, sizeof ms);
			continue;
		}
		col += w;
		p += n;
	}
	fputs(line_start, out);
	fputc('\n', out);
}

void ladder_print(const struct ladder *l, FILE *out, int width, int utf8, int no_times)
{
	struct line *ln = xmalloc(sizeof *ln);
	if (width < 60)
		width = 60;
	if (width > 400)
		width = 400;
	int tw = no_times ? 0 : 9;           /* " 12.345  " */
	int side_w = (width - tw - 2) * 3 / 10 + 1;
	int cx = tw + side_w;                /* client lifeline */
	int sx = width - side_w - 1;         /* server lifeline */
	const char *vl = utf8 ? "│" : "|";

	/* the header in the language of the reader: print it directly, since
	 * the cell grid holds one-column characters only */
	{
		char c[64], sv[64];
		snprintf(c, sizeof c, _("client :%u"), l->port[SIDE_CLIENT]);
		snprintf(sv, sizeof sv, _("server :%u"), l->port[SIDE_SERVER]);
		int cw = text_columns(c);
		int pad = cx - cw > tw ? cx - cw : tw;
		fprintf(out, "%s%*s%s%*s%s\n", no_times ? "" : "ms", pad - (no_times ? 0 : 2), "", c,
		        sx + 2 - pad - cw > 1 ? sx + 2 - pad - cw : 1, "", sv);
	}

	for (size_t i = 0; i < l->n; i++) {
		const struct ladder_row *r = &l->rows[i];
		if (r->kind == ROW_NOTE) {
			char buf[512];
			snprintf(buf, sizeof buf, "* %s%s%s", note_title(r->note),
			         r->text[0] ? ": " : "", r->text);
			print_wrapped(out, buf, width, tw);
			continue;
		}
		line_clear(ln, width);
		if (!no_times) {
			char t[16];
			snprintf(t, sizeof t, "%8.3f", (double)r->t / 1e6);
			line_put(ln, 0, t, tw);
		}
		line_glyph(ln, cx, vl);
		line_glyph(ln, sx, vl);
		if (r->kind == ROW_CALL || r->kind == ROW_STATE || r->kind == ROW_UNSEEN) {
			char buf[160];
			if (r->kind == ROW_STATE)
				snprintf(buf, sizeof buf, "[%s]", r->text);
			else
				snprintf(buf, sizeof buf, "%s", r->text);
			if (r->side == SIDE_CLIENT) {
				int len = (int)strlen(buf);
				int x = cx - 1 - len;
				line_put(ln, x < tw ? tw : x, buf, cx - 1 - tw);
			} else {
				line_put(ln, sx + 2, buf, width - sx - 2);
			}
		} else if (r->kind == ROW_PACKET) {
			const char *body;
			switch (r->style) {
			case ARROW_DATA: body = utf8 ? "═" : "="; break;
			case ARROW_FIN: body = utf8 ? "━" : "-"; break;
			case ARROW_RST: body = utf8 ? "╳" : "x"; break;
			default: body = utf8 ? "─" : "-"; break;
			}
			for (int x = cx + 1; x < sx; x++)
				line_glyph(ln, x, body);
			if (r->side == SIDE_CLIENT)
				line_glyph(ln, sx - 1, utf8 ? "▶" : ">");
			else
				line_glyph(ln, cx + 1, utf8 ? "◀" : "<");
			int span = sx - cx - 5;
			int len = (int)strlen(r->text);
			if (len > span)
				len = span;
			int x = cx + 3 + (span - len) / 2;
			line_glyph(ln, x - 1, " ");
			line_put(ln, x, r->text, span);
			line_glyph(ln, x + len, " ");
		}
		line_print(ln, out);
	}
	for (size_t i = 0; i < l->n; i++)
		if (l->rows[i].kind == ROW_UNSEEN) {
			print_wrapped(out, _("(STATE N us): a state too short to be sampled; its duration "
			                     "comes from the two packets that began and ended it."), width, tw);
			break;
		}
	free(ln);
}
