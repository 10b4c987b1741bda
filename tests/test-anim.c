/* SPDX-License-Identifier: MIT */
/*
 * test-anim.c - the TUI's animation model and ladder layout, without curses.
 *
 * Model in, expected text out: hand-made ladder rows are drawn at a given
 * width and fraction and compared with the exact line the student sees;
 * the playback position is stepped and advanced by elapsed time; the state
 * panel's byte accounting is computed from a hand-made timeline.
 * TAP output, one line per assertion.
 */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/textwrap.h"
#include "base/i18n.h"
#include "model/anim.h"

static int ntest, nfail;

static void ok(int cond, const char *what)
{
	ntest++;
	if (!cond)
		nfail++;
	printf("%s %d - %s\n", cond ? "ok" : "not ok", ntest, what);
}

static void is_str(const char *got, const char *want, const char *what)
{
	int same = strcmp(got, want) == 0;
	ok(same, what);
	if (!same)
		printf("#   got:  [%s]\n#   want: [%s]\n", got, want);
}

static void is_int(long long got, long long want, const char *what)
{
	ok(got == want, what);
	if (got != want)
		printf("#   got %lld, want %lld\n", got, want);
}

static struct ladder_row mkrow(enum row_kind k, enum side s, enum arrow_style st, const char *text)
{
	struct ladder_row r;
	memset(&r, 0, sizeof r);
	r.kind = k;
	r.side = s;
	r.style = st;
	snprintf(r.text, sizeof r.text, "%s", text);
	return r;
}

/* Row r laid out alone, line `sub`, `w` columns without times. */
static void line(const struct ladder_row *r, int w, double f, int utf8, unsigned flags, int sub,
		 const char *want, const char *what)
{
	char buf[4096];
	struct ladder l = {.rows = (struct ladder_row *)r, .n = 1};
	struct ladder_geom g;
	struct ladder_line ln;
	ladder_geom(&g, w, 0);
	ladder_row_line(&l, 0, &g, f, utf8, flags, sub, &ln);
	ladder_line_utf8(&ln, 0, buf, sizeof buf);
	is_str(buf, want, what);
	is_int(textwrap_swidth(buf), w, "  ... and it is exactly as wide as asked");
}

static int height(const struct ladder_row *r, int w, unsigned flags)
{
	struct ladder l = {.rows = (struct ladder_row *)r, .n = 1};
	struct ladder_geom g;
	ladder_geom(&g, w, 0);
	return ladder_row_height(&l, 0, &g, flags);
}

/* The animation draws the text ladder's layout (ladder.h): the same
 * glyphs, a segment in flight drawn as far as it has travelled. */
static void test_rows(void)
{
	struct ladder_row rst = mkrow(ROW_PACKET, SIDE_CLIENT, ARROW_RST, "[R.] seq 5001 ack 1");
	line(&rst, 40, 1, 1, 0, 0, "     │╳╳╳ [R.] seq 5001 ack 1 ╳╳╳▶│     ",
	     "an RST arrow is drawn with crosses, as in the text ladder (UTF-8)");
	line(&rst, 40, 1, 0, 0, 0, "     |xxx [R.] seq 5001 ack 1 xxx>|     ",
	     "an RST arrow is x (ASCII)");
	line(&rst, 40, 0.5, 1, 0, 0, "     │╳╳╳╳╳╳╳╳╳╳╳╳╳▶              │     ",
	     "half way, the segment has travelled half the span");
	line(&rst, 40, 0, 1, 0, 0, "     │▶                           │     ",
	     "at the start only the head shows");

	struct ladder_row fin = mkrow(ROW_PACKET, SIDE_SERVER, ARROW_FIN, "[F.] seq 1 ack 5002");
	line(&fin, 40, 1, 1, 0, 0, "     │◀━━ [F.] seq 1 ack 5002 ━━━━│     ",
	     "a FIN from the server points left and is heavy");
	line(&fin, 40, 0.3, 1, 0, 0, "     │                    ◀━━━━━━━│     ",
	     "a FIN in flight from the right");
	line(&fin, 40, 1, 0, 0, 0, "     |<~~ [F.] seq 1 ack 5002 ~~~~|     ",
	     "a FIN in ASCII is ~, unlike an ACK");

	struct ladder_row data = mkrow(ROW_PACKET, SIDE_CLIENT, ARROW_DATA, "[P.] 1:5001 ack 1");
	line(&data, 40, 1, 1, 0, 0, "     │════ [P.] 1:5001 ack 1 ════▶│     ",
	     "data is a double line");
	is_int(height(&data, 40, LADDER_TALL), 2, "presenter mode: a segment takes two lines");
	line(&data, 40, 1, 1, LADDER_TALL, 0, "     │     [P.] 1:5001 ack 1      │     ",
	     "presenter mode: the label on its own line");
	line(&data, 40, 1, 1, LADDER_TALL, 1, "     │═══════════════════════════▶│     ",
	     "presenter mode: a bare arrow below it");
	struct ladder_row longer =
	    mkrow(ROW_PACKET, SIDE_CLIENT, ARROW_DATA, "[P.] 100001:131073 ack 1 x90");
	is_int(height(&longer, 40, 0), 3, "a label too long for the arrow goes above it, wrapped");
	line(&longer, 40, 1, 1, 0, 0, "     │  [P.] 100001:131073 ack 1  │     ",
	     "... wrapped at a space, its first line above the arrow");

	struct ladder_row ack = mkrow(ROW_PACKET, SIDE_SERVER, ARROW_ACK, "[.] ack 5001");
	line(&ack, 40, 1, 0, 0, 0, "     |<------ [.] ack 5001 -------|     ",
	     "a pure ACK in ASCII");

	struct ladder_row call = mkrow(ROW_CALL, SIDE_SERVER, 0, "read() = -1 ECONNRESET");
	line(&call, 40, 1, 1, 0, 0, "     │     read() = -1 ECONNRESET │     ",
	     "a call too wide for the server's side sits inside, against its lifeline");
	call = mkrow(ROW_CALL, SIDE_CLIENT, 0, "close() = 0");
	line(&call, 60, 1, 1, 0, 0, "   close() = 0 │                            │               ",
	     "a call that fits sits outside the client's lifeline");

	struct ladder_row st = mkrow(ROW_STATE, SIDE_SERVER, 0, "FIN_WAIT1");
	line(&st, 40, 1, 0, 0, 0, "     |                [FIN_WAIT1] |     ",
	     "a state is in brackets");

	struct ladder_row cjk = mkrow(ROW_PACKET, SIDE_SERVER, ARROW_DATA, "数据包中文标签");
	line(&cjk, 40, 1, 1, 0, 0, "     │◀═════ 数据包中文标签 ══════│     ",
	     "double-width labels are laid out by display width");
	struct ladder_row note = mkrow(ROW_NOTE, SIDE_NONE, 0, "");
	note.note = NOTE_TIMEOUT;
	note.note_text = (char *)"the run hit its time limit: both sides were killed; "
				 "TCPAbortOnClose=1 TCPAbortOnData=2";
	is_int(height(&note, 40, 0), 3, "a long note wraps over three lines");
	line(&note, 40, 1, 1, 0, 2, "  TCPAbortOnClose=1 TCPAbortOnData=2    ",
	     "... at spaces: no word is cut");
	struct ladder_row zh = mkrow(ROW_CALL, SIDE_CLIENT, 0, "（等待服务器的 shutdown）");
	line(&zh, 40, 1, 1, 0, 0, "     │ （等待服务器的 shutdown）  │     ",
	     "a Chinese call wider than the pane wraps by display width");
	line(&zh, 40, 1, 1, 0, 1, "     │                            │     ",
	     "... on a character boundary, the lifelines in place");
}

/* The panel's numbers: exact when short, else with a unit; never cut. */
static void test_bytes(void)
{
	char b[32];
	anim_bytes_text(5000, b, sizeof b);
	is_str(b, "5000", "5000 bytes stay exact");
	anim_bytes_text(99999, b, sizeof b);
	is_str(b, "99999", "... up to 99999");
	anim_bytes_text(253952, b, sizeof b);
	is_str(b, "248 KiB", "253952 is 248 KiB (it was cut to 'send-Q 253')");
	anim_bytes_text(237568 + 512, b, sizeof b);
	is_str(b, "232.5 KiB", "a fraction of a KiB keeps one decimal");
	anim_bytes_text(16ull << 20, b, sizeof b);
	is_str(b, "16 MiB", "16 MiB");
	anim_bytes_text(UINT64_MAX, b, sizeof b);
	ok(textwrap_swidth(b) <= 24 && strstr(b, "MiB"), "the largest count still has its unit");
}

static void test_geometry(void)
{
	struct ladder_geom g;
	ladder_geom(&g, 80, 1);
	is_int(g.tw, 9, "the text ladder has a time column");
	is_int(g.xl, 30, "left lifeline at 80 columns");
	is_int(g.xr, 58, "right lifeline at 80 columns");
	ladder_geom(&g, 44, 0);
	ok(g.xr - g.xl - 1 >= 24, "a narrow pane keeps 24 columns or more for the segments");
}

static struct ladder_row rows[6];

static void test_playback(void)
{
	struct ladder l = {rows, 6, 6, {40000, 5000}, 0};
	rows[0] = mkrow(ROW_CALL, SIDE_CLIENT, 0, "write(5000) = 5000");
	rows[1] = mkrow(ROW_PACKET, SIDE_CLIENT, ARROW_DATA, "[P.] seq 1:5001");
	rows[2] = mkrow(ROW_PACKET, SIDE_SERVER, ARROW_ACK, "[.] ack 5001");
	rows[3] = mkrow(ROW_CALL, SIDE_CLIENT, 0, "close() = 0");
	rows[4] = mkrow(ROW_PACKET, SIDE_CLIENT, ARROW_RST, "[R.] seq 5001");
	rows[5] = mkrow(ROW_CALL, SIDE_SERVER, 0, "read() = -1 ECONNRESET");
	for (int i = 0; i < 6; i++) {
		rows[i].t = (int64_t)i * 1000000; /* 1 ms apart */
		rows[i].ev = (size_t)i;
	}
	struct anim a;
	anim_init(&a, l.n);
	ok(!anim_busy(&a), "a new animation is paused at the start");
	anim_toggle_play(&a);
	ok(anim_busy(&a), "play starts it");
	anim_advance(&a, &l, (int64_t)ANIM_ROW_MS * 1000000);
	is_int((long long)a.cur, 1, "a call row takes ANIM_ROW_MS at 1x");
	anim_advance(&a, &l, (int64_t)ANIM_PACKET_MS * 500000);
	is_int((long long)a.cur, 1, "half a segment later, still row 1");
	ok(a.frac > 0.49 && a.frac < 0.51, "... half way across");
	is_int(anim_time(&a, &l), 500000, "run time is interpolated");
	anim_speed_change(&a, +1);
	ok(anim_speed_factor(&a) == 2, "faster: 2x");
	anim_advance(&a, &l, (int64_t)ANIM_PACKET_MS * 250000);
	is_int((long long)a.cur, 2, "at 2x the rest of the segment takes half");
	anim_speed_change(&a, +100);
	ok(anim_speed_factor(&a) == 16, "speed is clamped at 16x");
	anim_speed_change(&a, -100);
	ok(anim_speed_factor(&a) == 0.25, "... and at 1/4x");
	anim_advance(&a, &l, (int64_t)60 * 1000000000);
	is_int((long long)a.cur, 6, "a long time later, the end");
	ok(!a.playing && !anim_busy(&a), "... and it stopped by itself");
	ok(!anim_step(&a, +1), "no step past the end");
	ok(anim_step(&a, -1) && a.cur == 5, "step back");
	ok(anim_step(&a, +1) && a.cur == 6, "step forward");
	anim_jump(&a, 0);
	is_int((long long)a.cur, 0, "jump to the start");
	ok(!anim_step(&a, -1), "no step before the start");
	anim_jump(&a, 99);
	is_int((long long)a.cur, 6, "jump to the end is clamped");
	anim_toggle_play(&a);
	ok(a.playing && a.cur == 0, "play at the end replays from the start");

	/* Scrolling: the current row is always on screen. */
	struct ladder_geom g;
	ladder_geom(&g, 60, 0);
	anim_init(&a, l.n);
	anim_jump(&a, 6);
	is_int((long long)anim_first_row(&l, &a, &g, 4, 0), 2, "4 lines show the last 4 rows");
	is_int((long long)anim_first_row(&l, &a, &g, 4, LADDER_TALL), 3,
	       "tall segments take two lines");
	anim_jump(&a, 2);
	is_int((long long)anim_first_row(&l, &a, &g, 4, 0), 0, "near the start nothing scrolls");
	a.playing = 1;
	a.frac = 0.2;
	is_int((long long)anim_first_row(&l, &a, &g, 2, 0), 1, "the row in flight counts");
}

static struct event evs[16];

static struct event mkev(enum ev_kind k, enum side s, int64_t t)
{
	struct event e;
	memset(&e, 0, sizeof e);
	e.kind = k;
	e.side = s;
	e.t = t;
	return e;
}

static void test_snapshot(void)
{
	size_t n = 0;
	struct event e;
	e = mkev(EV_RETURN, SIDE_CLIENT, 1000);
	e.u.call.call = CALL_WRITE;
	e.u.call.ret = 65536;
	evs[n++] = e; /* 0 */
	e = mkev(EV_PACKET, SIDE_CLIENT, 2000);
	e.u.pkt.flags = FL_ACK | FL_PSH;
	e.u.pkt.rseq = 1;
	e.u.pkt.rack = 1;
	e.u.pkt.len = 4096;
	evs[n++] = e; /* 1 */
	e = mkev(EV_PACKET, SIDE_SERVER, 3000);
	e.u.pkt.flags = FL_ACK;
	e.u.pkt.rseq = 1;
	e.u.pkt.rack = 4097;
	evs[n++] = e; /* 2 */
	e = mkev(EV_RETURN, SIDE_SERVER, 3500);
	e.u.call.call = CALL_READ;
	e.u.call.ret = 1000;
	evs[n++] = e; /* 3 */
	e = mkev(EV_PACKET, SIDE_CLIENT, 4000);
	e.u.pkt.flags = FL_ACK | FL_RST;
	e.u.pkt.rseq = 4097;
	evs[n++] = e; /* 4 */
	e = mkev(EV_STATE, SIDE_SERVER, 5000);
	e.u.st.state = TS_TIME_WAIT;
	e.u.st.timer = 3;
	e.u.st.timer_ms = 59000;
	evs[n++] = e; /* 5 */
	struct timeline tl;
	memset(&tl, 0, sizeof tl);
	tl.ev = evs;
	tl.n = tl.cap = n;
	tl.packets_observed = tl.states_observed = 1;

	struct ladder_row lr[5];
	size_t map[5] = {0, 1, 2, 4, 5};
	for (int i = 0; i < 5; i++) {
		memset(&lr[i], 0, sizeof lr[i]);
		lr[i].ev = map[i];
		lr[i].t = evs[map[i]].t;
		lr[i].kind = ROW_PACKET;
		lr[i].state[0] = TS_ESTABLISHED;
		lr[i].state[1] = i == 4 ? TS_TIME_WAIT : TS_ESTABLISHED;
	}
	lr[4].kind = ROW_STATE;
	struct ladder l = {lr, 5, 5, {0, 0}, 0};
	struct anim a;
	struct anim_snap sn;
	anim_init(&a, l.n);
	anim_jump(&a, 2); /* the write and the data segment shown */
	anim_snapshot(&tl, &l, &a, &sn);
	is_int((long long)sn.s[0].out.written, 65536, "written counts write() returns");
	is_int((long long)sn.s[0].out.sent, 4096, "sent counts bytes on the wire");
	is_int((long long)sn.s[0].out.acked, 0, "the ACK has not arrived yet");
	is_int((long long)sn.s[0].out.in_flight, 4096, "4096 bytes in flight");
	is_int((long long)sn.s[0].out.unsent, 65536 - 4096, "the rest unsent");
	is_int((long long)sn.s[0].out.discarded, 0, "nothing is discarded yet");
	anim_jump(&a, 3);
	anim_snapshot(&tl, &l, &a, &sn);
	is_int((long long)sn.s[0].out.acked, 4096, "acked from the peer's ack number");
	is_int((long long)sn.s[0].out.read, 1000,
	       "the read before the next row counts as read by the peer");
	is_int((long long)sn.s[0].out.queued, 3096, "the rest waits in the peer's kernel");
	anim_jump(&a, 4);
	anim_snapshot(&tl, &l, &a, &sn);
	is_int((long long)sn.s[0].out.in_flight + (long long)sn.s[0].out.unsent, 0,
	       "after the RST nothing is in flight or unsent");
	is_int((long long)sn.s[0].out.discarded, 65536 - 4096,
	       "... the sender's kernel discarded what the peer had not received");
	is_int((long long)sn.s[0].out.queued, 3096,
	       "... and the peer can still read what had arrived");
	is_int(sn.s[1].tw_left_ms, -1, "no TIME_WAIT yet");
	anim_jump(&a, 5);
	anim_snapshot(&tl, &l, &a, &sn);
	is_int(sn.s[1].state, TS_TIME_WAIT, "the server is in TIME_WAIT");
	is_int(sn.s[1].tw_left_ms, 59000, "TIME_WAIT left from the kernel's timer");
	/* Half a second of run time after that sample. */
	lr[4].t += 500000000;
	anim_snapshot(&tl, &l, &a, &sn);
	is_int(sn.s[1].tw_left_ms, 58500, "... counting down with the run time");
}

int main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8") && !setlocale(LC_ALL, "C.utf8")) {
		printf("1..0 # SKIP no C.UTF-8 locale\n");
		return 0;
	}
	test_rows();
	test_geometry();
	test_bytes();
	test_playback();
	test_snapshot();
	printf("1..%d\n", ntest);
	if (nfail)
		printf("# %d of %d failed\n", nfail, ntest);
	return 0;
}
