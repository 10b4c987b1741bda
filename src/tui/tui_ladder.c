/* SPDX-License-Identifier: MIT */
/*
 * tui_ladder.c - the ladder pane and the state panel (tui_ladder.h).
 *
 * The layout of every row comes from ladder.c (the text ladder's layout),
 * so that this file only picks attributes: what test-ladder checks is what
 * is on the screen.
 */
#include "config.h"
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/anim.h"
#include "base/textwrap.h"
#include "base/i18n.h"
#include "tui/tui_app.h"
#include "tui/tui_ladder.h"
#include "base/util.h"

#define MAX_LINES 256

/* Where the last drawn rows are, for mouse clicks: line -> row + 1. */
static int click_y0, click_x0, click_w, click_h;
static size_t click_row[MAX_LINES];

static unsigned layout_flags(void)
{
	return tui.present ? LADDER_TALL : 0;
}

static enum tui_role arrow_role(int style)
{
	switch (style) {
	case ARROW_SYN:
		return R_SYN;
	case ARROW_DATA:
		return R_DATA;
	case ARROW_FIN:
		return R_FIN;
	case ARROW_RST:
		return R_RST;
	default:
		return R_ACK;
	}
}

static enum tui_role cell_role(const struct ladder_cell *c)
{
	switch (c->kind) {
	case CELL_ARROW:
	case CELL_HEAD:
	case CELL_LABEL:
		return arrow_role(c->style);
	case CELL_CALL:
	case CELL_UNSEEN:
		return R_CALL;
	case CELL_STATE:
		return R_STATE;
	case CELL_NOTE:
		return R_NOTE;
	case CELL_TIME:
		return R_DIM;
	case CELL_HEADER:
		return R_HEADING;
	default:
		return R_FRAME;
	}
}

/* Apply a role's attributes to columns [x, x + n) of line y. */
static void paint(int y, int x, int n, enum tui_role role)
{
	if (n <= 0)
		return;
	int a = tui_attr(role);
	mvchgat(y, x, n, (attr_t)a & ~A_COLOR, (short)PAIR_NUMBER(a), NULL);
}

/* Draw a laid-out line at (y, x): its text, then each run of cells of one
 * role with that role's attributes. */
static void draw_line(int y, int x, const struct ladder_line *ln)
{
	char buf[LADDER_MAX_WIDTH * 8 + 1];
	ladder_line_utf8(ln, 0, buf, sizeof buf);
	tui_put(y, x, buf, ln->w, R_FRAME);
	int start = 0;
	for (int i = 1; i <= ln->w; i++)
		if (i == ln->w || cell_role(&ln->c[i]) != cell_role(&ln->c[start])) {
			enum tui_role role = cell_role(&ln->c[start]);
			if (role != R_FRAME)
				paint(y, x + start, i - start, role);
			start = i;
		}
}

void tui_ladder_position(const struct tui_run *r, char *buf, size_t len)
{
	if (!r->have) {
		buf[0] = '\0';
		return;
	}
	const struct anim *a = &r->anim;
	double sp = anim_speed_factor(a);
	char spd[16];
	if (sp < 1)
		snprintf(spd, sizeof spd, "1/%gx", 1 / sp);
	else
		snprintf(spd, sizeof spd, "%gx", sp);
	snprintf(buf, len, "%zu/%zu %s %s +%.3f s", a->cur, a->n,
		 a->playing ? tui_glyph("▶", ">") : "||", spd, (double)anim_time(a, &r->lad) / 1e9);
}

static void draw_message(int y, int x, int h, int w, const char *msg, enum tui_role role)
{
	/* a message may be long (an error): wrapped by display width */
	struct textwrap_line *wl;
	size_t n = textwrap_wrap(msg, strlen(msg), w - 4, &wl);
	for (size_t i = 0; i < n && (int)i < h; i++) {
		char line[1024];
		size_t k = wl[i].len < sizeof line ? wl[i].len : sizeof line - 1;
		memcpy(line, msg + wl[i].off, k);
		line[k] = '\0';
		tui_put_center(y + (int)i, x + 1, w - 2, line, role);
	}
	free(wl);
}

void tui_ladder_draw(const struct tui_run *r, int y, int x, int h, int w)
{
	static struct ladder_line ln;
	char buf[256];
	struct ladder_geom g;
	click_h = 0;
	if (h < 2 || w <= LADDER_MIN_WIDTH)
		return;
	/* column x is the margin, where the latest row shown is marked */
	x++;
	w--;
	ladder_geom(&g, w, 0);
	/* Header: who is who (with the ports if there is room), and where
	 * the animation is, between the two names */
	tui_ladder_position(r, buf, sizeof buf);
	int bw = tui_width(buf), lo = 0, hi = 0;
	for (int ports = 1; ports >= 0; ports--) {
		ladder_header_line(&r->lad, &g, ports, &ln);
		for (lo = 0; lo < ln.w && ln.c[lo].kind != CELL_HEADER; lo++)
			;
		while (lo < ln.w && ln.c[lo].kind == CELL_HEADER)
			lo++;
		for (hi = ln.w; hi > lo && ln.c[hi - 1].kind != CELL_HEADER; hi--)
			;
		while (hi > lo && ln.c[hi - 1].kind == CELL_HEADER)
			hi--;
		if (!r->have || hi - lo - 2 >= bw)
			break;
	}
	draw_line(y, x, &ln);
	if (r->have && hi - lo - 2 >= bw)
		tui_put(y, x + lo + 1 + (hi - lo - 2 - bw) / 2, buf, bw, R_DIM);
	int body = h - 1;
	if (body > MAX_LINES)
		body = MAX_LINES;
	ladder_blank_line(&g, tui.utf8, &ln);
	for (int i = 0; i < body; i++)
		draw_line(y + 1 + i, x, &ln);
	if (!r->have) {
		const char *msg;
		char m[600];
		enum tui_role role = R_DIM;
		if (r->state == RUN_RUNNING) {
			static const char *const spin_u[] = {"⠋", "⠙", "⠹", "⠸", "⠼",
							     "⠴", "⠦", "⠧", "⠇", "⠏"};
			static const char *const spin_a[] = {"|", "/", "-", "\\"};
			int64_t el = tui_run_elapsed(r);
			int k = (int)(el / 100000000);
			const char *sp = tui.utf8 ? spin_u[k % 10] : spin_a[k % 4];
			snprintf(m, sizeof m, _("%s running: %.1f s  (c cancels)"), sp,
				 (double)el / 1e9);
			msg = m;
			role = R_KEY;
		} else if (r->state == RUN_FAILED) {
			msg = r->msg;
			role = R_ERROR;
		} else {
			msg = _("Press r to run the lab.");
		}
		draw_message(y + 1 + body / 2 - 1, x, body / 2 + 1, w, msg, role);
		return;
	}
	const struct anim *a = &r->anim;
	const struct ladder *l = &r->lad;
	unsigned fl = layout_flags();
	size_t first = anim_first_row(l, a, &g, body, fl);
	size_t end = a->cur;
	if (a->cur < l->n && (a->frac > 0 || a->playing))
		end = a->cur + 1;
	click_y0 = y + 1;
	click_x0 = x - 1;
	click_w = w + 1;
	click_h = 0;
	int line = 0;
	for (size_t i = first; i < end && line < body; i++) {
		double f = i < a->cur ? 1.0 : a->frac;
		int hh = ladder_row_height(l, i, &g, fl);
		/* The latest row shown is marked in the margin; in presenter
		 * mode its whole width is in reverse video, to be seen from the
		 * back of the room without relying on colour. */
		int latest = i + 1 == a->cur && !(a->frac > 0);
		for (int sub = 0; sub < hh && line < body; sub++, line++) {
			ladder_row_line(l, i, &g, f, tui.utf8, fl, sub, &ln);
			draw_line(y + 1 + line, x, &ln);
			if (latest && tui.present)
				paint(y + 1 + line, x, w, R_SELECT);
			click_row[line] = i + 1;
		}
		if (latest)
			tui_put(y + line, x - 1, tui_glyph("▸", ">"), 1, R_KEY);
	}
	click_h = line;
	if (r->state == RUN_FAILED && r->msg[0] && body > 2)
		draw_message(y + h - 1, x, 1, w, r->msg, R_ERROR);
}

/* ---- the state panel ----
 *
 * Both sockets' states, then the byte accounting of each direction that
 * carried data: items ("acked 248 KiB") laid out one after the other and
 * wrapped between items, never inside one, so no number is ever cut; the
 * panel gets the lines the longest position of the run needs. */

struct item {
	char label[64];
	char value[64];
	enum tui_role role;
	int sep; /* " · " before it when not first on its line */
};

/* Lay items out from column x, w columns, continuation lines indented by
 * `indent`; draw them from line y if draw is set (at most h lines).
 * Returns the lines used. */
static int flow(int y, int x, int w, int indent, const struct item *it, int n, int draw, int h)
{
	int line = 0, col = 0;
	const char *sep = tui_glyph(" · ", " | ");
	int sepw = tui_width(sep);
	for (int i = 0; i < n; i++) {
		const char *v = it[i].value;
		int lw = tui_width(it[i].label), vw = tui_width(v);
		int start = line ? indent : 0; /* where the current line begins */
		int sw = col > start && it[i].sep ? sepw : 0;
		if (col > start && col + sw + lw + (lw && vw) + vw > w) {
			line++;
			col = indent;
			sw = 0;
			/* a part that continues the previous one (", orphan")
			 * loses its comma at the start of a line */
			if (!lw && !strncmp(v, ", ", 2))
				v += 2;
			else if (!lw && !strncmp(v, "，", 3))
				v += 3;
			vw = tui_width(v);
		}
		if (draw && line < h) {
			int c = col;
			if (sw)
				c += tui_put(y + line, x + c, sep, w - c, R_DIM);
			if (lw) {
				c += tui_put(y + line, x + c, it[i].label, w - c, R_DIM);
				c += tui_put(y + line, x + c, " ", w - c, R_NORMAL);
			}
			tui_put(y + line, x + c, v, w - c, it[i].role);
		}
		col += sw + lw + (lw && vw) + vw;
	}
	return line + 1;
}

/* The items of a side's state: "client: ", "FIN_WAIT_1", ", orphan",
 * ", send-Q 248 KiB" (at most STATE_ITEMS). */
#define STATE_ITEMS 5
static int state_items(const struct tui_run *r, int side, const struct anim_side *s,
		       struct item *it)
{
	int n = 0;
	memset(it, 0, STATE_ITEMS * sizeof *it);
	/* the head is drawn as a value, in the heading's role */
	snprintf(it[n].value, sizeof it[n].value, _("%s: "),
		 side == SIDE_CLIENT ? _("client") : _("server"));
	it[n++].role = R_HEADING;
	snprintf(it[n].value, sizeof it[n].value, "%s",
		 s->state == TS_NONE ? (r->tl.states_observed ? "-" : "?")
				     : tcp_state_name(s->state));
	it[n++].role = s->tw_left_ms >= 0 ? R_EMPH : R_STATE;
	if (s->tw_left_ms >= 0) {
		snprintf(it[n].value, sizeof it[n].value, _(", %.1f s left"),
			 (double)s->tw_left_ms / 1000);
		it[n++].role = R_EMPH;
	}
	if (s->sampled && s->orphan && s->state != TS_TIME_WAIT && s->state != TS_CLOSE) {
		snprintf(it[n].value, sizeof it[n].value, "%s", _(", orphan"));
		it[n++].role = R_STATE;
	}
	if (s->sampled && s->sendq && s->state != TS_CLOSE) {
		char q[32];
		anim_bytes_text(s->sendq, q, sizeof q);
		snprintf(it[n].value, sizeof it[n].value, _(", send-Q %s"), q);
		it[n++].role = R_STATE;
	}
	return n;
}

/* The items of the data side s sent (accounting.h): where the bytes are,
 * then what the peer got of them. */
#define BYTES_ITEMS 7
static int bytes_items(const struct anim_snap *sn, int calls, int s, struct item *it)
{
	const struct acct_flow *b = &sn->s[s].out;
	const uint64_t n[BYTES_ITEMS] = {b->written,  b->unsent, b->in_flight, b->acked,
					 b->received, b->read,   b->discarded};
	/* Without a capture the wire's numbers are unknown; a capture alone
	 * does not show what the applications wrote and read. */
	const int wire[BYTES_ITEMS] = {0, 1, 1, 1, 0, 0, 0};
	const int app[BYTES_ITEMS] = {1, 1, 0, 0, 0, 1, 1};
	const char *labels[BYTES_ITEMS] = {_("written"),  _("unsent"),        _("in flight"),
					   _("acked"),    _("peer received"), _("peer read"),
					   _("discarded")};
	memset(it, 0, BYTES_ITEMS * sizeof *it);
	for (int i = 0; i < BYTES_ITEMS; i++) {
		if ((wire[i] && !sn->packets) || (app[i] && !calls))
			strcpy(it[i].value, "?");
		else
			anim_bytes_text(n[i], it[i].value, sizeof it[i].value);
		snprintf(it[i].label, sizeof it[i].label, "%s", labels[i]);
		it[i].role = i == BYTES_ITEMS - 1 && b->discarded ? R_BAD : R_NORMAL;
		it[i].sep = i > 0;
	}
	return BYTES_ITEMS;
}

/* Lay the panel out at position `sn` (draw it if draw); returns its lines. */
static int panel(const struct tui_run *r, const struct anim_snap *sn, int y, int x, int w, int h,
		 int draw)
{
	struct item st[2][STATE_ITEMS];
	int n[2], lines = 0;
	for (int s = 0; s < 2; s++)
		n[s] = state_items(r, s, &sn->s[s], st[s]);
	/* both states on one line when each fits in half of it */
	int half = w / 2;
	if (flow(0, 0, half - 2, 2, st[0], n[0], 0, 0) == 1 &&
	    flow(0, 0, w - half, 2, st[1], n[1], 0, 0) == 1) {
		flow(y, x, half - 2, 2, st[0], n[0], draw, h);
		flow(y, x + half, w - half, 2, st[1], n[1], draw, h);
		lines = 1;
	} else {
		for (int s = 0; s < 2; s++)
			lines += flow(y + lines, x, w, 2, st[s], n[s], draw, h - lines);
	}
	/* Most labs send data one way; when the server wrote too, each
	 * direction gets its items. */
	int calls = 0;
	for (size_t i = 0; i < r->tl.n && !calls; i++)
		calls = r->tl.ev[i].kind == EV_RETURN;
	for (int s = 0; s < 2; s++) {
		if (s == SIDE_SERVER && r->v.s[SIDE_SERVER].written == 0)
			break;
		struct item it[1 + BYTES_ITEMS];
		char head[96];
		snprintf(head, sizeof head, "%s %s %s",
			 s == SIDE_CLIENT ? _("client") : _("server"), tui_glyph("→", "->"),
			 s == SIDE_CLIENT ? _("server") : _("client"));
		memset(it, 0, sizeof it[0]);
		snprintf(it[0].value, sizeof it[0].value, _("%s: "), head);
		it[0].role = R_HEADING;
		int k = 1 + bytes_items(sn, calls, s, it + 1);
		it[1].sep = 0;
		int indent = tui_width(it[0].value);
		if (indent > w / 3)
			indent = 2;
		lines += flow(y + lines, x, w, indent, it, k, draw, h - lines);
	}
	return lines;
}

int tui_state_lines(const struct tui_run *r, int w)
{
	/* the most any position of the run needs, so the panel does not
	 * change height while the ladder plays; computed once per run,
	 * width and language */
	static const struct tui_run *c_run;
	static size_t c_rows, c_events;
	static int c_w = -1, c_lang = -1, c_lines;
	if (!r->have)
		return 3;
	if (c_run == r && c_rows == r->lad.n && c_events == r->tl.n && c_w == w &&
	    c_lang == (int)i18n_get())
		return c_lines;
	int most = 3;
	for (size_t k = 0; k <= r->lad.n; k++) {
		struct anim a = r->anim;
		struct anim_snap sn;
		anim_jump(&a, k);
		anim_snapshot(&r->tl, &r->lad, &a, &sn);
		int n = panel(r, &sn, 0, 0, w, 0, 0);
		if (n > most)
			most = n;
	}
	c_run = r;
	c_rows = r->lad.n;
	c_events = r->tl.n;
	c_w = w;
	c_lang = (int)i18n_get();
	c_lines = most;
	return most;
}

void tui_state_draw(const struct tui_run *r, int y, int x, int h, int w)
{
	if (!r->have) {
		const char *m = _("Socket states and byte counts appear here after a run.");
		struct textwrap_line *wl;
		size_t n = textwrap_wrap(m, strlen(m), w, &wl);
		for (size_t i = 0; i < n && (int)i < h; i++)
			tui_putn(y + (int)i, x, m + wl[i].off, wl[i].len, w, R_DIM);
		free(wl);
		return;
	}
	struct anim_snap sn;
	anim_snapshot(&r->tl, &r->lad, &r->anim, &sn);
	panel(r, &sn, y, x, w, h, 1);
}

int tui_ladder_key(struct tui_run *r, int ch)
{
	if (!r->have)
		return 0;
	struct anim *a = &r->anim;
	switch (ch) {
	case ' ':
	case KEY_RIGHT:
		anim_step(a, +1);
		break;
	case KEY_LEFT:
		anim_step(a, -1);
		break;
	case KEY_SRIGHT:
		anim_jump(a, a->cur + 10);
		break;
	case KEY_SLEFT:
		anim_jump(a, a->cur > 10 ? a->cur - 10 : 0);
		break;
	case 'p':
		anim_toggle_play(a);
		break;
	case '+':
	case '=':
		anim_speed_change(a, +1);
		break;
	case '-':
	case '_':
		anim_speed_change(a, -1);
		break;
	case KEY_HOME:
	case 'g':
		anim_jump(a, 0);
		break;
	case KEY_END:
	case 'G':
		anim_jump(a, a->n);
		break;
	default:
		return 0;
	}
	tui_dirty();
	return 1;
}

int tui_ladder_tick(struct tui_run *r, int64_t dt_ns)
{
	if (r->state == RUN_RUNNING) {
		tui_dirty(); /* spinner and elapsed time */
		return 100;
	}
	if (!r->have || !anim_busy(&r->anim))
		return -1;
	if (anim_advance(&r->anim, &r->lad, dt_ns))
		tui_dirty();
	/* The wait comes after the frame's work (poll's timeout is not a
	 * deadline): 33 ms gave 29.8 frames/s; 25 ms gives about 40. */
	return anim_busy(&r->anim) ? 25 : -1;
}

int tui_ladder_click(struct tui_run *r, int y, int x)
{
	if (!r->have || x < click_x0 || x >= click_x0 + click_w)
		return 0;
	int line = y - click_y0;
	if (line < 0 || line >= click_h || line >= MAX_LINES)
		return 0;
	anim_jump(&r->anim, click_row[line]);
	tui_dirty();
	return 1;
}
