/* SPDX-License-Identifier: MIT */
/*
 * tui_view.c - the capture viewer (`lingerlab view FILE.pcap`).
 *
 * The packets of a capture, one TCP connection at a time, on the same
 * animated ladder as a live run (packets only: a capture has no syscalls
 * and no kernel states).  Tab moves to the next connection.
 */
#include "config.h"
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/i18n.h"
#include "captures/connview.h"
#include "tui/tui_app.h"
#include "tui/tui_ladder.h"
#include "tui/tui_run.h"
#include "base/util.h"

static struct {
	char path[1024];
	struct analyze_report *c; /* the connections, in order of first packet */
	size_t n, cur;
	struct tui_run run;
	char warn[512];
} V;

/* Show connection k: its packets, read again from the file. */
static void show(size_t k)
{
	struct timeline sub;
	struct diag d = { 0 };
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
	struct diag d = { 0 };
	struct connview_filter f = { 0 };
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
	show(0);
	if (V.warn[0])
		tui_status(1, "%s", V.warn);
	return 0;
}

int tui_view_damaged(void)
{
	return V.warn[0] != '\0';
}

static void view_draw(int rows, int cols)
{
	char title[1200];
	const char *base = strrchr(V.path, '/');
	base = base ? base + 1 : V.path;
	if (V.n)
		snprintf(title, sizeof title, _("%s %s connection %zu/%zu, ports %u %s %u"),
		         base, tui_glyph("·", "-"), V.cur + 1, V.n, V.c[V.cur].client.port,
		         tui_glyph("↔", "<->"), V.c[V.cur].server.port);
	else
		snprintf(title, sizeof title, "%s", base);
	tui_title_bar(cols, title);
	int sl = tui_state_lines(&V.run, cols - 2);
	int h = rows - 4 - sl;
	int w = cols - 2 < 110 ? cols - 2 : 110;
	tui_ladder_draw(&V.run, 1, 1 + (cols - 2 - w) / 2, h, w);
	tui_hline(h + 1, 0, cols, R_FRAME);
	tui_state_draw(&V.run, h + 2, 1, sl, cols - 2);
	char hint[256];
	snprintf(hint, sizeof hint,
	         _("%s step  p play  +/- speed  Home/End  Tab next connection  ? help  q quit"),
	         tui_glyph("→/←", "<-/->"));
	tui_put(rows - 2, 1, hint, cols - 2, R_DIM);
	tui_status_line(rows, cols, NULL);
	if (V.warn[0] && !tui.status[0]) /* the damage stays in sight */
		tui_put(rows - 1, 0, V.warn, cols, R_ERROR);
}

static int view_key(int ch)
{
	if (tui_ladder_key(&V.run, ch))
		return KEY_USED;
	if (ch == '\t' && V.n > 1) {
		show((V.cur + 1) % V.n);
		return KEY_USED;
	}
	if (ch == KEY_BTAB && V.n > 1) {
		show((V.cur + V.n - 1) % V.n);
		return KEY_USED;
	}
	return KEY_UNUSED;
}

static void view_mouse(int y, int x, unsigned long b)
{
	if (b & (BUTTON1_CLICKED | BUTTON1_PRESSED))
		tui_ladder_click(&V.run, y, x);
}

static int view_tick(int64_t dt_ns)
{
	return tui_ladder_tick(&V.run, dt_ns);
}

static void view_fini(void)
{
	tui_run_free(&V.run);
	connview_list_free(V.c, V.n);
	V.c = NULL;
	V.n = 0;
}

const struct tui_screen tui_view_screen = {
	"view", NULL, view_draw, view_key, view_mouse, view_tick, NULL, NULL,
	NULL, view_fini,
};
