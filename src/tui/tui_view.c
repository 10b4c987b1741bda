/* SPDX-License-Identifier: MIT */
/*
 * tui_view.c - the capture viewer (`lingerlab view FILE.pcap`).
 *
 * A list of the connections of a capture (peers, ports, duration, bytes,
 * how each ended; s sorts, f keeps one ending), and for the one chosen
 * with Enter the same animated ladder as a live run (packets only: a
 * capture has no syscalls and no kernel states), under the sentence that
 * says how it ended; l opens the lesson that teaches that ending, Tab the
 * next connection, Esc goes back to the list.
 */
#include "config.h"
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/i18n.h"
#include "captures/connview.h"
#include "lesson/lesson.h"
#include "tui/tui.h"
#include "tui/tui_app.h"
#include "tui/tui_ladder.h"
#include "tui/tui_run.h"
#include "base/util.h"

/* Sort orders of the list, in the order 's' goes through them. */
enum { SORT_CAPTURE, SORT_DURATION, SORT_BYTES, SORT_ENDING, SORT_COUNT };

static struct {
	char path[1024];
	struct analyze_report *c; /* the connections, in order of first packet */
	size_t n, cur;
	size_t *row; /* the list's rows: indices into c */
	size_t nrow, sel, top;
	int sort, ending;   /* ending: the filter, -1 every ending */
	int list;           /* the list is shown (else the ladder) */
	int list_y, list_h; /* where its rows were drawn */
	unsigned port;      /* --port: only its connections */
	struct tui_run run;
	char warn[512];
} V;

/* The lesson that teaches an ending, by the slug of its file name. */
static const char *const ending_lesson[AK_COUNT] = {
    [AK_ORDERLY] = "four-segment-close", [AK_HALF_CLOSE] = "half-close",
    [AK_ABORTIVE] = "abortive",          [AK_UNREAD_RST] = "unread-data",
    [AK_RST_AFTER_FIN] = "unread-data",
};

/* Index in the catalog of the lesson for connection k, or -1. */
static long lesson_for(size_t k)
{
	const struct lesson_catalog *cat = tui_catalog();
	const char *slug = ending_lesson[V.c[k].kind];
	for (size_t i = 0; slug && i < cat->n; i++) {
		const char *dash = strchr(cat->e[i].id, '-');
		if (dash && !strcmp(dash + 1, slug))
			return (long)i;
	}
	return -1;
}

static uint64_t total_bytes(const struct analyze_report *r)
{
	return r->bytes_c2s + r->bytes_s2c;
}

static int by_order(const void *a, const void *b)
{
	const struct analyze_report *x = &V.c[*(const size_t *)a], *y = &V.c[*(const size_t *)b];
	int64_t dx = x->t_end - x->t_first, dy = y->t_end - y->t_first;
	uint64_t bx = total_bytes(x), by = total_bytes(y);
	int r = 0;
	switch (V.sort) {
	case SORT_DURATION: /* longest first */
		r = dx > dy ? -1 : dx < dy;
		break;
	case SORT_BYTES: /* largest first */
		r = bx > by ? -1 : bx < by;
		break;
	case SORT_ENDING:
		r = (int)x->kind - (int)y->kind;
		break;
	}
	if (r)
		return r;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

/* The rows of the list, after the filter, in the chosen order. */
static void make_rows(void)
{
	V.nrow = 0;
	for (size_t i = 0; i < V.n; i++)
		if (V.ending < 0 || (int)V.c[i].kind == V.ending)
			V.row[V.nrow++] = i;
	if (V.nrow > 1)
		qsort(V.row, V.nrow, sizeof *V.row, by_order);
	V.sel = V.top = 0;
}

/* Show connection k: its packets, read again from the file. */
static void show(size_t k)
{
	struct timeline sub;
	struct diag d = {0};
	timeline_init(&sub);
	sub.linktype = -1;
	connview_load(V.path, &V.c[k], &sub, &d);
	V.cur = k;
	if (tui_run_adopt(&V.run, &sub, LADDER_PACKETS_ONLY) < 0) {
		timeline_free(&sub);
		tui_status(1, "%s", _("out of memory"));
		return;
	}
	timeline_free(&sub);
	anim_jump(&V.run.anim, 0);
	anim_toggle_play(&V.run.anim);
	tui_dirty();
}

int tui_view_open(const char *path, char *msg, size_t len)
{
	struct diag d = {0};
	struct connview_filter f = {V.port, 0};
	int r = connview_list(path, &f, &V.c, &V.n, &d);
	if (r == -1) {
		snprintf(msg, len, "%s", d.msg);
		return -1;
	}
	snprintf(V.warn, sizeof V.warn, "%s", r < 0 ? d.msg : "");
	snprintf(V.path, sizeof V.path, "%s", path);
	if (V.n == 0) {
		if (r < 0)
			snprintf(msg, len, "%s", d.msg);
		else
			snprintf(msg, len, _("%s: no TCP connection in this capture"), path);
		connview_list_free(V.c, V.n);
		V.c = NULL;
		return -1;
	}
	V.row = xcalloc(V.n, sizeof *V.row);
	V.ending = -1;
	make_rows();
	V.list = V.n > 1; /* one connection: straight to its ladder */
	show(0);
	if (V.warn[0])
		tui_status(1, "%s", V.warn);
	return 0;
}

void tui_view_port(unsigned port)
{
	V.port = port;
}

int tui_view_damaged(void)
{
	return V.warn[0] != '\0';
}

static const char *sort_name(int sort)
{
	static const char *const name[SORT_COUNT] = {
	    N_("capture order"),
	    N_("duration"),
	    N_("bytes"),
	    N_("ending"),
	};
	return _(name[sort]);
}

/* Where the list's columns start (display columns, CJK-wide headings
 * included): number, client, arrow, server, duration, bytes, ending. */
struct cols {
	int num, client, arrow, server, dur_end, bytes_end, ending;
};

static int max_i(int a, int b)
{
	return a > b ? a : b;
}

/* One line of the list: right-aligned number, duration and bytes. */
static void list_line(int y, int cols, const struct cols *c, enum tui_role r,
		      const char *const f[7])
{
	tui_put_right(y, c->client - 2, f[0], 5, r);
	tui_put(y, c->client, f[1], c->arrow - c->client - 1, r);
	tui_put(y, c->arrow, f[2], c->server - c->arrow, r);
	tui_put(y, c->server, f[3], c->dur_end - c->server, r);
	tui_put_right(y, c->dur_end, f[4], c->dur_end - c->server, r);
	tui_put_right(y, c->bytes_end, f[5], c->bytes_end - c->dur_end - 1, r);
	if (c->ending < cols - 1)
		tui_put(y, c->ending, f[6], cols - 1 - c->ending, r);
}

static void list_draw(int rows, int cols)
{
	char title[1200];
	const char *base = strrchr(V.path, '/');
	base = base ? base + 1 : V.path;
	snprintf(title, sizeof title,
		 ngettext("%s %s %zu connection", "%s %s %zu connections", V.n), base,
		 tui_glyph("·", "-"), V.n);
	tui_title_bar(cols, title);
	/* column widths from the endpoints shown and the headings */
	const char *arrow = tui_glyph("→", "->");
	const char *head[7] = {"#",           _("client"),        "",         _("server"),
			       _("duration"), _("bytes -> / <-"), _("ending")};
	int wc = tui_width(head[1]), ws = tui_width(head[3]);
	for (size_t i = 0; i < V.nrow; i++) {
		char ep[64];
		wc = max_i(wc, (int)analyze_endpoint_str(&V.c[V.row[i]].client, ep, sizeof ep));
		ws = max_i(ws, (int)analyze_endpoint_str(&V.c[V.row[i]].server, ep, sizeof ep));
	}
	struct cols c;
	c.num = 1;
	c.client = 8;
	c.arrow = c.client + (wc > 47 ? 47 : wc) + 1;
	c.server = c.arrow + tui_width(arrow) + 1;
	c.dur_end = c.server + (ws > 47 ? 47 : ws) + 1 + max_i(9, tui_width(head[4]));
	c.bytes_end = c.dur_end + 2 + max_i(13, tui_width(head[5]));
	c.ending = c.bytes_end + 2;
	list_line(1, cols, &c, R_HEADING, head);
	V.list_y = 2;
	V.list_h = rows - 5;
	if (V.sel >= V.nrow)
		V.sel = V.nrow ? V.nrow - 1 : 0;
	if (V.sel < V.top)
		V.top = V.sel;
	if (V.sel >= V.top + (size_t)V.list_h)
		V.top = V.sel - (size_t)V.list_h + 1;
	for (int i = 0; i < V.list_h && V.top + (size_t)i < V.nrow; i++) {
		size_t k = V.row[V.top + (size_t)i];
		const struct analyze_report *r = &V.c[k];
		char num[24], cl[64], sv[64], du[32], by[48];
		int sel = V.top + (size_t)i == V.sel;
		snprintf(num, sizeof num, "%zu", k + 1);
		analyze_endpoint_str(&r->client, cl, sizeof cl);
		analyze_endpoint_str(&r->server, sv, sizeof sv);
		analyze_duration_str(r->t_end - r->t_first, du, sizeof du);
		snprintf(by, sizeof by, "%llu / %llu", (unsigned long long)r->bytes_c2s,
			 (unsigned long long)r->bytes_s2c);
		const char *f[7] = {num, cl, arrow, sv, du, by, analyze_kind_name(r->kind)};
		if (sel) { /* the whole line in reverse: visible without colour */
			move(V.list_y + i, 1);
			for (int x = 1; x < cols - 1; x++)
				addch(' ' | (chtype)tui_attr(R_SELECT));
		}
		list_line(V.list_y + i, cols, &c, sel ? R_SELECT : R_NORMAL, f);
	}
	if (!V.nrow)
		tui_put(V.list_y, 2, _("No connection ended that way; f shows another ending."),
			cols - 4, R_DIM);
	char hint[512];
	snprintf(hint, sizeof hint,
		 _("%s choose  Enter ladder  s sort: %s  f ending: %s  ? help  q quit"),
		 tui_glyph("↑↓", "Up/Down"), sort_name(V.sort),
		 V.ending < 0 ? _("all") : analyze_kind_name((enum analyze_kind)V.ending));
	tui_hline(rows - 3, 0, cols, R_FRAME);
	tui_put(rows - 2, 1, hint, cols - 2, R_DIM);
}

static void ladder_draw(int rows, int cols)
{
	char title[1200], cl[64], sv[64], line[640];
	const char *base = strrchr(V.path, '/');
	base = base ? base + 1 : V.path;
	const struct analyze_report *r = &V.c[V.cur];
	analyze_endpoint_str(&r->client, cl, sizeof cl);
	analyze_endpoint_str(&r->server, sv, sizeof sv);
	snprintf(title, sizeof title, _("%s %s connection %zu/%zu: %s %s %s"), base,
		 tui_glyph("·", "-"), V.cur + 1, V.n, cl, tui_glyph("→", "->"), sv);
	tui_title_bar(cols, title);
	/* how it ended, in the words of `lingerlab analyze` */
	analyze_format(r, line, sizeof line);
	const char *why = strstr(line, "  ") ? strstr(line, "  ") + 2 : line;
	tui_put(1, 1, why, cols - 2, R_EMPH);
	int sl = tui_state_lines(&V.run, cols - 2);
	int h = rows - 5 - sl;
	int w = cols - 2 < 110 ? cols - 2 : 110;
	tui_ladder_draw(&V.run, 2, 1 + (cols - 2 - w) / 2, h, w);
	tui_hline(h + 2, 0, cols, R_FRAME);
	tui_state_draw(&V.run, h + 3, 1, sl, cols - 2);
	char hint[512], lesson[64] = "";
	long li = lesson_for(V.cur);
	if (li >= 0)
		snprintf(lesson, sizeof lesson, _("l lesson %d  "), tui_catalog()->e[li].number);
	snprintf(hint, sizeof hint, _("%s step  p play  Tab next  Esc list  %s? help  q quit"),
		 tui_glyph("→/←", "<-/->"), lesson);
	tui_put(rows - 2, 1, hint, cols - 2, R_DIM);
}

static void view_draw(int rows, int cols)
{
	if (V.list)
		list_draw(rows, cols);
	else
		ladder_draw(rows, cols);
	tui_status_line(rows, cols, NULL);
	if (V.warn[0] && !tui.status[0]) /* the damage stays in sight */
		tui_put(rows - 1, 0, V.warn, cols, R_ERROR);
}

static int list_key(int ch)
{
	switch (ch) {
	case KEY_UP:
	case 'k':
		if (V.sel > 0)
			V.sel--;
		break;
	case KEY_DOWN:
	case 'j':
		if (V.sel + 1 < V.nrow)
			V.sel++;
		break;
	case KEY_HOME:
	case 'g':
		V.sel = 0;
		break;
	case KEY_END:
	case 'G':
		V.sel = V.nrow ? V.nrow - 1 : 0;
		break;
	case KEY_NPAGE:
		V.sel += (size_t)(V.list_h > 1 ? V.list_h - 1 : 1);
		if (V.sel >= V.nrow)
			V.sel = V.nrow ? V.nrow - 1 : 0;
		break;
	case KEY_PPAGE:
		V.sel = V.sel > (size_t)V.list_h ? V.sel - (size_t)V.list_h : 0;
		break;
	case 's':
		V.sort = (V.sort + 1) % SORT_COUNT;
		make_rows();
		break;
	case 'f': /* every ending, then each ending in turn */
		V.ending = V.ending + 1 < AK_COUNT ? V.ending + 1 : -1;
		make_rows();
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
	case KEY_RIGHT:
		if (V.sel >= V.nrow)
			return KEY_USED;
		V.list = 0;
		show(V.row[V.sel]);
		break;
	default:
		return KEY_UNUSED;
	}
	tui_dirty();
	return KEY_USED;
}

/* Tab in the ladder: the next connection of the list (or of all). */
static void next_conn(int step)
{
	size_t pos = 0;
	if (!V.nrow) {
		show((V.cur + V.n + (size_t)step) % V.n);
		return;
	}
	for (size_t i = 0; i < V.nrow; i++)
		if (V.row[i] == V.cur)
			pos = i;
	pos = (pos + V.nrow + (size_t)step) % V.nrow;
	V.sel = pos;
	show(V.row[pos]);
}

static int view_key(int ch)
{
	if (V.list)
		return list_key(ch);
	if (ch == 27 || ch == KEY_BACKSPACE || ch == 127 || ch == '\b') {
		V.list = 1;
		tui_dirty();
		return KEY_USED;
	}
	if (ch == 'l') {
		long li = lesson_for(V.cur);
		if (li >= 0)
			tui_open_lesson((size_t)li, 0);
		else
			tui_status(0, "%s", _("No lesson teaches this ending."));
		return KEY_USED;
	}
	if (tui_ladder_key(&V.run, ch))
		return KEY_USED;
	if (ch == '\t' && V.n > 1) {
		next_conn(1);
		return KEY_USED;
	}
	if (ch == KEY_BTAB && V.n > 1) {
		next_conn(-1);
		return KEY_USED;
	}
	return KEY_UNUSED;
}

static void view_mouse(int y, int x, unsigned long b)
{
	if (!(b & (BUTTON1_CLICKED | BUTTON1_PRESSED)))
		return;
	if (!V.list) {
		tui_ladder_click(&V.run, y, x);
		return;
	}
	/* A click selects; a click on the selected connection opens it. */
	int i = y - V.list_y;
	if (i < 0 || i >= V.list_h || V.top + (size_t)i >= V.nrow)
		return;
	if (V.top + (size_t)i == V.sel)
		list_key('\n');
	else
		V.sel = V.top + (size_t)i;
	tui_dirty();
}

static int view_tick(int64_t dt_ns)
{
	return tui_ladder_tick(&V.run, dt_ns);
}

static void view_fini(void)
{
	tui_run_free(&V.run);
	connview_list_free(V.c, V.n);
	free(V.row);
	V.row = NULL;
	V.c = NULL;
	V.n = V.nrow = 0;
}

const struct tui_screen tui_view_screen = {
    "view", NULL, view_draw, view_key, view_mouse, view_tick, NULL, NULL, NULL, view_fini,
};
