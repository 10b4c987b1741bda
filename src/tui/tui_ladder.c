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
	         a->playing ? tui_glyph("▶", ">") : "||", spd,
	         (double)anim_time(a, &r->lad) / 1e9);
}

static void draw_message(int y, int x, int h, int w, const char *msg,
                         enum tui_role role)
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
			static const char *const spin_u[] = { "⠋", "⠙", "⠹", "⠸", "⠼",
			                                      "⠴", "⠦", "⠧", "⠇", "⠏" };
			static const char *const spin_a[] = { "|", "/", "-", "\\" };
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
		for (int sub = 0; sub < hh && line < body; sub++, line++) {
			ladder_row_line(l, i, &g, f, tui.utf8, fl, sub, &ln);
			draw_line(y + 1 + line, x, &ln);
			click_row[line] = i + 1;
		}
		/* The latest row shown is marked in the margin. */
		if (i + 1 == a->cur && !(a->frac > 0))
			tui_put(y + line, x - 1, tui_glyph("▸", ">"), 1, R_KEY);
	}
	click_h = line;
	if (r->state == RUN_FAILED && r->msg[0] && body > 2)
		draw_message(y + h - 1, x, 1, w, r->msg, R_ERROR);
}

int tui_state_lines(const struct tui_run *r)
{
	(void)r;
	return 3;
}

static void state_text(const struct tui_run *r, const struct anim_side *s,
                       char *buf, size_t len)
{
	const char *name = s->state == TS_NONE
		? (r->tl.states_observed ? "-" : "?")
		: tcp_state_name(s->state);
	int n = snprintf(buf, len, "%s", name);
	if (n < 0 || (size_t)n >= len)
		return;
	if (s->tw_left_ms >= 0)
		n += snprintf(buf + n, len - (size_t)n, _(", %.1f s left"),
		              (double)s->tw_left_ms / 1000);
	if (n < 0 || (size_t)n >= len)
		return;
	if (s->sampled && s->orphan && s->state != TS_TIME_WAIT &&
	    s->state != TS_CLOSE)
		n += snprintf(buf + n, len - (size_t)n, "%s", _(", orphan"));
	if (n < 0 || (size_t)n >= len)
		return;
	if (s->sampled && s->sendq && s->state != TS_CLOSE)
		snprintf(buf + n, len - (size_t)n, _(", send-Q %u"), s->sendq);
}

/* Labels and values in a row: "label value · label value ...".
 * Returns the next column. */
static int pairs(int y, int x, int xend, const char *const *labels,
                 char (*vals)[32], const enum tui_role *roles, int n)
{
	for (int i = 0; i < n && x < xend; i++) {
		if (i)
			x += tui_put(y, x, tui_glyph(" · ", " | "), xend - x, R_DIM);
		x += tui_put(y, x, labels[i], xend - x, R_DIM);
		x += tui_put(y, x, " ", xend - x, R_NORMAL);
		x += tui_put(y, x, vals[i], xend - x, roles[i]);
	}
	return x;
}

/* The byte accounting of the data side s sent (accounting.h), on two
 * lines: where the bytes are, then what the peer got of them. */
static void bytes_lines(const struct anim_snap *sn, int calls, int s, int y,
                        int x, int w, int nlines)
{
	const struct acct_flow *b = &sn->s[s].out;
	const uint64_t n[7] = { b->written, b->unsent, b->in_flight, b->acked,
	                        b->received, b->read, b->discarded };
	/* Without a capture the wire's numbers are unknown; a capture alone
	 * does not show what the applications wrote and read. */
	const int wire[7] = { 0, 1, 1, 1, 0, 0, 0 }, app[7] = { 1, 1, 0, 0, 0, 1, 1 };
	char v[7][32];
	for (int i = 0; i < 7; i++) {
		if ((wire[i] && !sn->packets) || (app[i] && !calls))
			strcpy(v[i], "?");
		else
			tui_bytes(n[i], v[i], sizeof v[i]);
	}
	const char *labels[7] = { _("written"), _("unsent"), _("in flight"), _("acked"),
	                          _("peer received"), _("peer read"), _("discarded") };
	enum tui_role roles[7] = { R_NORMAL, R_NORMAL, R_NORMAL, R_NORMAL, R_NORMAL,
	                           R_NORMAL, b->discarded ? R_BAD : R_NORMAL };
	char dir[96];
	snprintf(dir, sizeof dir, "%s %s %s: ", s == SIDE_CLIENT ? _("client") : _("server"),
	         tui_glyph("→", "->"), s == SIDE_CLIENT ? _("server") : _("client"));
	int xx = x + tui_put(y, x, dir, w, R_HEADING);
	if (nlines < 2) {
		pairs(y, xx, x + w, labels, v, roles, 7);
		return;
	}
	pairs(y, xx, x + w, labels, v, roles, 4);
	pairs(y + 1, xx, x + w, labels + 4, v + 4, roles + 4, 3);
}

void tui_state_draw(const struct tui_run *r, int y, int x, int h, int w)
{
	char buf[256];
	if (!r->have) {
		tui_put(y, x, _("Socket states and byte counts appear here after a run."),
		        w, R_DIM);
		return;
	}
	struct anim_snap sn;
	anim_snapshot(&r->tl, &r->lad, &r->anim, &sn);
	int half = w / 2;
	for (int s = 0; s < 2; s++) {
		int xx = x + s * half;
		xx += tui_put(y, xx, s == 0 ? _("client") : _("server"), half, R_HEADING);
		xx += tui_put(y, xx, ": ", 2, R_NORMAL);
		state_text(r, &sn.s[s], buf, sizeof buf);
		tui_put(y, xx, buf, x + (s + 1) * half - xx - 1,
		        sn.s[s].tw_left_ms >= 0 ? R_EMPH : R_STATE);
	}
	/* Most labs send data one way; when the server wrote too, each
	 * direction gets one line. */
	int calls = 0;
	for (size_t i = 0; i < r->tl.n && !calls; i++)
		calls = r->tl.ev[i].kind == EV_RETURN;
	if (r->v.s[SIDE_SERVER].written > 0 && h >= 3) {
		bytes_lines(&sn, calls, SIDE_CLIENT, y + 1, x, w, 1);
		bytes_lines(&sn, calls, SIDE_SERVER, y + 2, x, w, 1);
	} else if (h >= 2) {
		bytes_lines(&sn, calls, SIDE_CLIENT, y + 1, x, w, h - 1);
	}
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
