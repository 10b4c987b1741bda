/* SPDX-License-Identifier: MIT */
/*
 * anim.c - the ladder animation and its layout, without curses (anim.h).
 *
 * A row is drawn into an array of cells, one per display column, then
 * serialised to UTF-8.  The curses ladder prints those lines as they are and
 * only adds attributes, so what the tests check here is what the student
 * sees.  Segments are told apart by their glyphs, never by colour alone:
 * data ═══▶, pure ACK ┈┈┈▶, SYN ───▶, FIN ──F──▶, RST ━━R━━▶ (ASCII: ===>,
 * ...>, --->, --F-->, ##R##>).
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "model/anim.h"

static const double speeds[ANIM_SPEEDS] = { 0.25, 0.5, 1, 2, 4, 8, 16 };

void anim_init(struct anim *a, size_t nrows)
{
	memset(a, 0, sizeof *a);
	a->n = nrows;
	a->speed = ANIM_SPEED_NORMAL;
}

int anim_busy(const struct anim *a)
{
	return a->playing && a->cur < a->n;
}

/* Wall time a row takes to appear at 1x, ns. */
static int64_t row_duration(const struct ladder *l, size_t i)
{
	int ms = ANIM_ROW_MS;
	if (l && i < l->n && l->rows[i].kind == ROW_PACKET)
		ms = ANIM_PACKET_MS;
	return (int64_t)ms * 1000000;
}

int anim_advance(struct anim *a, const struct ladder *l, int64_t dt_ns)
{
	if (!a->playing)
		return 0;
	if (a->cur >= a->n) {
		a->playing = 0;
		a->frac = 0;
		return 0;
	}
	double left = (double)dt_ns * speeds[a->speed];
	while (left > 0 && a->cur < a->n) {
		double dur = (double)row_duration(l, a->cur);
		double need = (1.0 - a->frac) * dur;
		if (left < need) {
			a->frac += left / dur;
			left = 0;
		} else {
			left -= need;
			a->cur++;
			a->frac = 0;
		}
	}
	if (a->cur >= a->n) {
		a->playing = 0;
		a->frac = 0;
	}
	return 1;
}

int anim_step(struct anim *a, int dir)
{
	a->playing = 0;
	if (dir > 0) {
		if (a->cur >= a->n)
			return 0;
		a->cur++;
		a->frac = 0;
		return 1;
	}
	if (a->frac > 0) {
		a->frac = 0;
		return 1;
	}
	if (a->cur == 0)
		return 0;
	a->cur--;
	return 1;
}

void anim_jump(struct anim *a, size_t cur)
{
	a->cur = cur > a->n ? a->n : cur;
	a->frac = 0;
	if (a->cur >= a->n)
		a->playing = 0;
}

void anim_toggle_play(struct anim *a)
{
	if (a->playing) {
		a->playing = 0;
		return;
	}
	if (a->n == 0)
		return;
	if (a->cur >= a->n) /* at the end: play again from the start */
		a->cur = 0;
	a->frac = 0;
	a->playing = 1;
}

double anim_speed_change(struct anim *a, int delta)
{
	int s = a->speed + delta;
	if (s < 0)
		s = 0;
	if (s >= ANIM_SPEEDS)
		s = ANIM_SPEEDS - 1;
	a->speed = s;
	return speeds[s];
}

double anim_speed_factor(const struct anim *a)
{
	return speeds[a->speed];
}

int64_t anim_time(const struct anim *a, const struct ladder *l)
{
	if (!l || l->n == 0 || a->cur == 0) {
		if (l && l->n && a->frac > 0)
			return (int64_t)(a->frac * (double)l->rows[0].t);
		return 0;
	}
	size_t last = a->cur <= l->n ? a->cur - 1 : l->n - 1;
	int64_t t = l->rows[last].t;
	if (a->cur < l->n && a->frac > 0) {
		int64_t next = l->rows[a->cur].t;
		t += (int64_t)(a->frac * (double)(next - t));
	}
	return t;
}

/* ---- cells ---- */

#define MAX_CELLS 512

/* One display column: a UTF-8 glyph, or "" for the right half of a wide
 * character that starts in the previous cell. */
struct cell {
	char s[8];
};

struct line {
	struct cell c[MAX_CELLS];
	int w;
};

static void line_init(struct line *ln, int width)
{
	if (width < 0)
		width = 0;
	if (width > MAX_CELLS)
		width = MAX_CELLS;
	ln->w = width;
	for (int i = 0; i < width; i++)
		strcpy(ln->c[i].s, " ");
}

static void put_glyph(struct line *ln, int x, const char *g)
{
	if (x < 0 || x >= ln->w)
		return;
	/* Overwriting half of a wide character blanks the other half. */
	if (ln->c[x].s[0] == '\0' && x > 0)
		strcpy(ln->c[x - 1].s, " ");
	if (x + 1 < ln->w && ln->c[x + 1].s[0] == '\0')
		strcpy(ln->c[x + 1].s, " ");
	snprintf(ln->c[x].s, sizeof ln->c[x].s, "%s", g);
}

/* Decode one UTF-8 character; returns its length (1 for an invalid byte,
 * which then counts as one column) and its width in *w. */
static size_t utf8_next(const char *s, int *w)
{
	mbstate_t st;
	wchar_t wc;
	memset(&st, 0, sizeof st);
	size_t k = mbrtowc(&wc, s, strnlen(s, 4), &st);
	if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
		*w = 1;
		return 1;
	}
	int cw = wcwidth(wc);
	*w = cw < 0 ? 1 : cw;
	return k;
}

int anim_text_width(const char *s)
{
	int total = 0;
	while (s && *s) {
		int w;
		s += utf8_next(s, &w);
		total += w;
	}
	return total;
}

/* Write text from column x, not past column `limit` (exclusive).  A wide
 * character that does not fit is left out. */
static void put_text(struct line *ln, int x, int limit, const char *s)
{
	if (limit > ln->w)
		limit = ln->w;
	while (*s && x < limit) {
		int w;
		const char *p = s;
		size_t k = utf8_next(s, &w);
		s += k;
		if (w == 0)
			continue; /* combining marks: dropped, we keep it simple */
		if (x + w > limit)
			break;
		char g[8];
		if (k >= sizeof g || (k == 1 && ((unsigned char)*p < 0x20 ||
		                                 (unsigned char)*p >= 0x80)))
			strcpy(g, "?");
		else {
			memcpy(g, p, k);
			g[k] = '\0';
		}
		put_glyph(ln, x, g);
		if (w == 2 && x + 1 < ln->w)
			ln->c[x + 1].s[0] = '\0';
		x += w;
	}
}

static size_t line_out(const struct line *ln, char *buf, size_t len)
{
	size_t n = 0;
	if (len == 0)
		return 0;
	for (int i = 0; i < ln->w; i++) {
		size_t k = strlen(ln->c[i].s);
		if (n + k + 1 > len)
			break;
		memcpy(buf + n, ln->c[i].s, k);
		n += k;
	}
	buf[n] = '\0';
	return n;
}

/* ---- glyphs ---- */

struct glyphs {
	const char *life, *tee_l, *tee_r, *horiz;
	const char *head_r, *head_l;
	const char *body[5]; /* by enum arrow_style */
	char tag[5];         /* letter marked on the arrow, or 0 */
	const char *note;
};

static const struct glyphs g_utf8 = {
	"│", "├", "┤", "─", "▶", "◀",
	{ "─", "┈", "═", "─", "━" },
	{ 0, 0, 0, 'F', 'R' },
	"※",
};

static const struct glyphs g_ascii = {
	"|", "+", "+", "-", ">", "<",
	{ "-", ".", "=", "-", "#" },
	{ 0, 0, 0, 'F', 'R' },
	"!",
};

void anim_lifelines(int width, int *xl, int *xr)
{
	*xl = 1;
	*xr = width - 2;
	if (*xr <= *xl)
		*xr = *xl + 1;
}

int anim_row_height(const struct ladder_row *r, unsigned flags)
{
	return (flags & ANIM_TALL) && r->kind == ROW_PACKET ? 2 : 1;
}

void anim_arrow_at(int x_from, int x_to, double f, struct anim_arrow *g)
{
	int dir = x_to >= x_from ? 1 : -1;
	int span = (x_to - x_from) * dir - 1; /* cells between the lifelines */
	if (span < 1)
		span = 1;
	if (f < 0)
		f = 0;
	if (f > 1)
		f = 1;
	int k = (int)(f * span + 0.5);
	if (k < 1)
		k = 1;
	g->dir = dir;
	if (dir > 0) {
		g->lo = x_from + 1;
		g->hi = g->lo + k - 1;
		g->head = g->hi;
	} else {
		g->hi = x_from - 1;
		g->lo = g->hi - k + 1;
		g->head = g->lo;
	}
}

static void draw_lifelines(struct line *ln, const struct glyphs *g, int xl,
                           int xr)
{
	put_glyph(ln, xl, g->life);
	put_glyph(ln, xr, g->life);
}

/* The arrow from the sending lifeline, drawn as far as fraction f.  The
 * label rides just behind the head until it reaches the middle of the
 * span, where it stays: a segment in flight carries its flags. */
static void draw_arrow(struct line *ln, const struct glyphs *g,
                       const struct ladder_row *r, int xl, int xr, double f,
                       int with_label)
{
	int from = r->side == SIDE_SERVER ? xr : xl;
	int to = r->side == SIDE_SERVER ? xl : xr;
	struct anim_arrow full, part;
	anim_arrow_at(from, to, 1, &full);
	anim_arrow_at(from, to, f, &part);
	int style = (unsigned)r->style < 5 ? (int)r->style : ARROW_ACK;
	int span = full.hi - full.lo + 1;
	int lw = with_label ? anim_text_width(r->text) : 0;
	int room = span - 4; /* keep a tail and a head visible */
	if (lw > room)
		lw = room > 0 ? room : 0;
	int block = lw > 0 ? lw + 2 : 0;
	for (int x = part.lo; x <= part.hi; x++)
		put_glyph(ln, x, g->body[style]);
	if (g->tag[style]) {
		char t[2] = { g->tag[style], 0 };
		int tail = full.dir > 0 ? full.lo + 2 : full.hi - 2;
		int nearhead = full.dir > 0 ? full.hi - 3 : full.lo + 3;
		if (tail >= part.lo && tail <= part.hi && span >= 4)
			put_glyph(ln, tail, t);
		if ((span >= lw + 12 || (!with_label && span >= 8)) &&
		    nearhead >= part.lo && nearhead <= part.hi && nearhead != part.head)
			put_glyph(ln, nearhead, t);
	}
	if (block > 0) {
		int center = full.lo + (span - block) / 2;
		int xs;
		if (part.dir > 0) {
			xs = part.head - block;
			if (xs > center)
				xs = center;
		} else {
			xs = part.head + 1;
			if (xs < center)
				xs = center;
		}
		if (xs > part.lo && xs + block - 1 < part.hi + (part.dir > 0 ? 0 : 1) &&
		    xs + block - 1 <= full.hi - 1) {
			put_glyph(ln, xs, " ");
			put_text(ln, xs + 1, xs + 1 + lw, r->text);
			put_glyph(ln, xs + block - 1, " ");
		}
	}
	put_glyph(ln, part.head, part.dir > 0 ? g->head_r : g->head_l);
}

size_t anim_row_text(const struct ladder_row *r, int width, double f,
                     int utf8, unsigned flags, int sub, const char *note,
                     char *buf, size_t len)
{
	const struct glyphs *g = utf8 ? &g_utf8 : &g_ascii;
	struct line ln;
	int xl, xr;
	line_init(&ln, width);
	anim_lifelines(ln.w, &xl, &xr);
	draw_lifelines(&ln, g, xl, xr);
	int w = anim_text_width(r->text);
	switch (r->kind) {
	case ROW_CALL:
	case ROW_UNSEEN: /* text beside the lifeline; the state does not change */
		if (r->side == SIDE_SERVER) {
			int x = xr - 1 - w;
			put_text(&ln, x < xl + 2 ? xl + 2 : x, xr - 1, r->text);
		} else {
			put_text(&ln, xl + 2, xr - 1, r->text);
		}
		break;
	case ROW_STATE:
		if (r->side == SIDE_SERVER) {
			put_glyph(&ln, xr, g->tee_r);
			put_glyph(&ln, xr - 1, g->horiz);
			int x = xr - 2 - w;
			put_text(&ln, x < xl + 2 ? xl + 2 : x, xr - 2, r->text);
		} else {
			put_glyph(&ln, xl, g->tee_l);
			put_glyph(&ln, xl + 1, g->horiz);
			put_text(&ln, xl + 3, xr - 1, r->text);
		}
		break;
	case ROW_PACKET:
		if ((flags & ANIM_TALL) && sub == 0) {
			if (f > 0) {
				int x = xl + 1 + (xr - xl - 1 - w) / 2;
				put_text(&ln, x < xl + 1 ? xl + 1 : x, xr, r->text);
			}
		} else {
			draw_arrow(&ln, g, r, xl, xr, f, !(flags & ANIM_TALL));
		}
		break;
	case ROW_NOTE: {
		const char *t = note ? note : r->text;
		put_text(&ln, xl + 2, xr - 1, g->note);
		put_text(&ln, xl + 4, xr - 1, t);
		break;
	}
	}
	return line_out(&ln, buf, len);
}

size_t anim_blank_text(int width, int utf8, char *buf, size_t len)
{
	const struct glyphs *g = utf8 ? &g_utf8 : &g_ascii;
	struct line ln;
	int xl, xr;
	line_init(&ln, width);
	anim_lifelines(ln.w, &xl, &xr);
	draw_lifelines(&ln, g, xl, xr);
	return line_out(&ln, buf, len);
}

size_t anim_first_row(const struct ladder *l, const struct anim *a,
                      int height, unsigned flags)
{
	if (!l || l->n == 0 || height <= 0)
		return 0;
	size_t end = a->cur; /* exclusive */
	if (a->cur < l->n && (a->frac > 0 || a->playing))
		end = a->cur + 1;
	if (end > l->n)
		end = l->n;
	int used = 0;
	size_t first = end;
	while (first > 0) {
		int h = anim_row_height(&l->rows[first - 1], flags);
		if (used + h > height)
			break;
		used += h;
		first--;
	}
	return first;
}

/* ---- the state panel ---- */

void anim_snapshot(const struct timeline *tl, const struct ladder *l,
                   const struct verdict *v, const struct anim *a,
                   struct anim_snap *out)
{
	memset(out, 0, sizeof *out);
	out->t = anim_time(a, l);
	out->packets = tl ? tl->packets_observed : 0;
	for (int s = 0; s < 2; s++) {
		out->s[s].state = TS_NONE;
		out->s[s].tw_left_ms = -1;
	}
	if (l && a->cur > 0 && a->cur <= l->n) {
		out->s[0].state = l->rows[a->cur - 1].state[0];
		out->s[1].state = l->rows[a->cur - 1].state[1];
	}
	if (!tl)
		return;
	/* Events before the first row not yet shown count as happened. */
	size_t limit = tl->n;
	if (l)
		for (size_t i = a->cur; i < l->n; i++)
			if (l->rows[i].ev < limit)
				limit = l->rows[i].ev;
	int rst_seen = 0;
	int64_t tw_since[2] = { -1, -1 };
	uint64_t rack_max[2] = { 0, 0 }; /* highest ACK each side sent */
	for (size_t i = 0; i < limit; i++) {
		const struct event *e = &tl->ev[i];
		int s = e->side;
		if (s != SIDE_CLIENT && s != SIDE_SERVER)
			continue;
		int o = 1 - s;
		switch (e->kind) {
		case EV_RETURN:
			if (e->u.call.ret <= 0)
				break;
			if (e->u.call.call == CALL_WRITE)
				out->s[s].out.written += (uint64_t)e->u.call.ret;
			else if (e->u.call.call == CALL_READ)
				out->s[o].out.read += (uint64_t)e->u.call.ret;
			break;
		case EV_PACKET: {
			const struct ev_packet *p = &e->u.pkt;
			if (p->flags & FL_RST)
				rst_seen = 1;
			if (p->len > 0) {
				uint64_t hi = (uint64_t)p->rseq + p->len - 1;
				if (hi > out->s[s].out.sent)
					out->s[s].out.sent = hi;
			}
			if ((p->flags & FL_ACK) && p->rack > rack_max[s])
				rack_max[s] = p->rack;
			break;
		}
		case EV_STATE: {
			struct anim_side *sd = &out->s[s];
			sd->sampled = 1;
			sd->orphan = e->u.st.orphan;
			sd->sendq = e->u.st.sendq;
			sd->recvq = e->u.st.recvq;
			if (e->u.st.state == TS_TIME_WAIT) {
				int64_t left = e->u.st.timer == 3 && e->u.st.timer_ms
					? (int64_t)e->u.st.timer_ms : 60000;
				if (tw_since[s] < 0 || e->u.st.timer == 3)
					tw_since[s] = (e->t - tl->t0) + left * 1000000;
			} else {
				tw_since[s] = -1;
			}
			break;
		}
		default:
			break;
		}
	}
	for (int s = 0; s < 2; s++) {
		struct anim_bytes *b = &out->s[s].out;
		/* The peer acknowledges byte k with ack k+1; the SYN takes
		 * sequence number 0 and a FIN one more, hence the clamp. */
		uint64_t acked = rack_max[1 - s] > 0 ? rack_max[1 - s] - 1 : 0;
		b->acked = acked > b->sent ? b->sent : acked;
		b->over = rst_seen || (l && a->cur >= l->n && l->n > 0);
		if (b->over && v)
			b->discarded = v->s[s].unread;
		if (tw_since[s] >= 0 && out->s[s].state == TS_TIME_WAIT) {
			int64_t left = (tw_since[s] - out->t) / 1000000;
			out->s[s].tw_left_ms = left < 0 ? 0 : left;
		}
	}
}
