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
#include "captures/pcapread.h"
#include "tui/tui_app.h"
#include "tui/tui_ladder.h"
#include "tui/tui_run.h"
#include "base/util.h"

#define MAX_CONNS 4096

struct conn {
	uint16_t a, b; /* ports, a < b */
	size_t packets;
};

static struct {
	struct timeline all;
	int loaded;
	char path[1024];
	struct conn *c;
	size_t n, cur;
	struct tui_run run;
	char warn[512];
} V;

static int same(const struct conn *c, const struct ev_packet *p)
{
	uint16_t a = p->sport < p->dport ? p->sport : p->dport;
	uint16_t b = p->sport < p->dport ? p->dport : p->sport;
	return c->a == a && c->b == b;
}

static void find_conns(void)
{
	free(V.c);
	V.c = NULL;
	V.n = 0;
	size_t cap = 0;
	for (size_t i = 0; i < V.all.n; i++) {
		const struct event *e = &V.all.ev[i];
		if (e->kind != EV_PACKET)
			continue;
		size_t k;
		for (k = 0; k < V.n; k++)
			if (same(&V.c[k], &e->u.pkt))
				break;
		if (k == V.n) {
			if (V.n >= MAX_CONNS)
				continue;
			xgrow(&V.c, &cap, V.n + 1, sizeof *V.c);
			V.c[k].a = e->u.pkt.sport < e->u.pkt.dport ? e->u.pkt.sport : e->u.pkt.dport;
			V.c[k].b = e->u.pkt.sport < e->u.pkt.dport ? e->u.pkt.dport : e->u.pkt.sport;
			V.c[k].packets = 0;
			V.n++;
		}
		V.c[k].packets++;
	}
}

/* Show connection k: its packets in a timeline of their own. */
static void show(size_t k)
{
	struct timeline sub;
	timeline_init(&sub);
	sub.server_port = V.all.server_port;
	sub.linktype = V.all.linktype;
	sub.packets_observed = 1;
	if (k < V.n) {
		/* The lower port of a connection is usually the server's. */
		if (V.c[k].a != V.all.server_port && V.c[k].b != V.all.server_port)
			sub.server_port = V.c[k].a;
		for (size_t i = 0; i < V.all.n; i++)
			if (V.all.ev[i].kind == EV_PACKET && same(&V.c[k], &V.all.ev[i].u.pkt))
				timeline_add(&sub, &V.all.ev[i]);
	}
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
	struct diag d;
	struct pcapread_stats st;
	timeline_init(&V.all);
	d.msg[0] = '\0';
	int r = pcapread_load(path, 0, &V.all, &st, &d);
	if (r < 0 && V.all.n == 0) {
		snprintf(msg, len, "%s", d.msg);
		timeline_free(&V.all);
		return -1;
	}
	V.loaded = 1;
	snprintf(V.warn, sizeof V.warn, "%s", r < 0 ? d.msg : "");
	snprintf(V.path, sizeof V.path, "%s", path);
	find_conns();
	if (V.n == 0) {
		snprintf(msg, len, _("%s: no TCP connection in this capture"), path);
		return -1;
	}
	show(0);
	if (V.warn[0])
		tui_status(1, "%s", V.warn);
	return 0;
}

static void view_draw(int rows, int cols)
{
	char title[1200];
	const char *base = strrchr(V.path, '/');
	base = base ? base + 1 : V.path;
	if (V.n)
		snprintf(title, sizeof title, _("%s %s connection %zu/%zu, ports %u %s %u"),
		         base, tui_glyph("·", "-"), V.cur + 1, V.n, V.c[V.cur].a,
		         tui_glyph("↔", "<->"), V.c[V.cur].b);
	else
		snprintf(title, sizeof title, "%s", base);
	tui_title_bar(cols, title);
	int sl = tui_state_lines(&V.run);
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
	if (V.loaded)
		timeline_free(&V.all);
	V.loaded = 0;
	free(V.c);
	V.c = NULL;
	V.n = 0;
}

const struct tui_screen tui_view_screen = {
	"view", NULL, view_draw, view_key, view_mouse, view_tick, NULL, NULL,
	NULL, view_fini,
};
