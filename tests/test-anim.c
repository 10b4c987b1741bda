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

static struct ladder_row mkrow(enum row_kind k, enum side s,
                               enum arrow_style st, const char *text)
{
	struct ladder_row r;
	memset(&r, 0, sizeof r);
	r.kind = k;
	r.side = s;
	r.style = st;
	snprintf(r.text, sizeof r.text, "%s", text);
	return r;
}

static void line(const struct ladder_row *r, int w, double f, int utf8,
                 unsigned flags, int sub, const char *want, const char *what)
{
	char buf[2048];
	anim_row_text(r, w, f, utf8, flags, sub, NULL, buf, sizeof buf);
	is_str(buf, want, what);
	is_int(anim_text_width(buf), w, "  ... and it is exactly as wide as asked");
}

static void test_rows(void)
{
	struct ladder_row rst = mkrow(ROW_PACKET, SIDE_CLIENT, ARROW_RST,
	                              "[R.] seq 5001 ack 1");
	line(&rst, 40, 1, 1, 0, 0,
	     " │━━R━━━━ [R.] seq 5001 ack 1 ━━━━R━━▶│ ",
	     "an RST arrow is heavy and marked R (UTF-8)");
	line(&rst, 40, 1, 0, 0, 0,
	     " |##R#### [R.] seq 5001 ack 1 ####R##>| ",
	     "an RST arrow is # and marked R (ASCII)");
	line(&rst, 40, 0.5, 1, 0, 0,
	     " │━━R━━━━━━━━━━━━━━▶                  │ ",
	     "half way, the segment has travelled half the span");
	line(&rst, 40, 0, 1, 0, 0,
	     " │▶                                   │ ",
	     "at the start only the head shows");

	struct ladder_row fin = mkrow(ROW_PACKET, SIDE_SERVER, ARROW_FIN,
	                              "[F.] seq 1 ack 5002");
	line(&fin, 40, 1, 1, 0, 0,
	     " │◀──F─── [F.] seq 1 ack 5002 ─────F──│ ",
	     "a FIN from the server points left and is marked F");
	line(&fin, 40, 0.3, 1, 0, 0,
	     " │                         ◀───────F──│ ",
	     "a FIN in flight from the right");
	line(&fin, 40, 1, 0, 0, 0,
	     " |<--F--- [F.] seq 1 ack 5002 -----F--| ",
	     "a FIN in ASCII");

	struct ladder_row data = mkrow(ROW_PACKET, SIDE_CLIENT, ARROW_DATA,
	                               "[P.] seq 1:5001 len 5000");
	line(&data, 40, 1, 1, 0, 0,
	     " │═════ [P.] seq 1:5001 len 5000 ════▶│ ",
	     "data is a double line");
	line(&data, 40, 1, 1, ANIM_TALL, 0,
	     " │      [P.] seq 1:5001 len 5000      │ ",
	     "presenter mode: the label on its own line");
	line(&data, 40, 1, 1, ANIM_TALL, 1,
	     " │═══════════════════════════════════▶│ ",
	     "presenter mode: a bare arrow below it");

	struct ladder_row ack = mkrow(ROW_PACKET, SIDE_SERVER, ARROW_ACK,
	                              "[.] ack 5001");
	line(&ack, 40, 1, 1, 0, 0,
	     " │◀┈┈┈┈┈┈┈┈┈┈ [.] ack 5001 ┈┈┈┈┈┈┈┈┈┈┈│ ",
	     "a pure ACK is dotted");
	line(&ack, 40, 1, 0, 0, 0,
	     " |<.......... [.] ack 5001 ...........| ",
	     "a pure ACK in ASCII");

	struct ladder_row call = mkrow(ROW_CALL, SIDE_SERVER, 0,
	                               "read() = -1 ECONNRESET");
	line(&call, 40, 1, 1, 0, 0,
	     " │             read() = -1 ECONNRESET │ ",
	     "the server's calls sit against its lifeline");
	call = mkrow(ROW_CALL, SIDE_CLIENT, 0, "close() = 0  (2.00 s)");
	line(&call, 40, 1, 1, 0, 0,
	     " │ close() = 0  (2.00 s)              │ ",
	     "the client's calls sit against its lifeline");

	struct ladder_row st = mkrow(ROW_STATE, SIDE_CLIENT, 0, "FIN_WAIT1");
	line(&st, 40, 1, 1, 0, 0,
	     " ├─ FIN_WAIT1                         │ ",
	     "a state change branches off the client's lifeline");
	st.side = SIDE_SERVER;
	line(&st, 40, 1, 0, 0, 0,
	     " |                         FIN_WAIT1 -+ ",
	     "... and off the server's, in ASCII");

	struct ladder_row cjk = mkrow(ROW_PACKET, SIDE_SERVER, ARROW_DATA,
	                              "数据包中文标签");
	line(&cjk, 30, 1, 1, 0, 0, " │◀════ 数据包中文标签 ═════│ ",
	     "double-width labels are laid out by display width");
	struct ladder_row note = mkrow(ROW_NOTE, SIDE_NONE, 0,
	                               "抓包不可用：需要权限，这是很长的说明文字啊");
	line(&note, 40, 1, 1, 0, 0, " │ ※ 抓包不可用：需要权限，这是很长的 │ ",
	     "a long CJK note is cut on a character boundary");
	line(&note, 39, 1, 1, 0, 0, " │ ※ 抓包不可用：需要权限，这是很长  │ ",
	     "... leaving a blank where half a character would go");
}

static void test_geometry(void)
{
	struct anim_arrow g;
	anim_arrow_at(1, 38, 1, &g);
	is_int(g.lo, 2, "a full arrow starts after the left lifeline");
	is_int(g.head, 37, "... and its head is before the right lifeline");
	anim_arrow_at(38, 1, 0.5, &g);
	is_int(g.dir, -1, "a server segment goes left");
	is_int(g.hi, 37, "... from the server's lifeline");
	is_int(g.head, 20, "... and half way at f = 0.5");
	int xl, xr;
	anim_lifelines(44, &xl, &xr);
	is_int(xl, 1, "left lifeline");
	is_int(xr, 42, "right lifeline");
}

static struct ladder_row rows[6];

static void test_playback(void)
{
	struct ladder l = { rows, 6, 6, { 40000, 5000 } };
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
	anim_init(&a, l.n);
	anim_jump(&a, 6);
	is_int((long long)anim_first_row(&l, &a, 4, 0), 2,
	       "4 lines show the last 4 rows");
	is_int((long long)anim_first_row(&l, &a, 4, ANIM_TALL), 3,
	       "tall segments take two lines");
	anim_jump(&a, 2);
	is_int((long long)anim_first_row(&l, &a, 4, 0), 0,
	       "near the start nothing scrolls");
	a.playing = 1;
	a.frac = 0.2;
	is_int((long long)anim_first_row(&l, &a, 2, 0), 1,
	       "the row in flight counts");
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
	evs[n++] = e;                                     /* 0 */
	e = mkev(EV_PACKET, SIDE_CLIENT, 2000);
	e.u.pkt.flags = FL_ACK | FL_PSH;
	e.u.pkt.rseq = 1;
	e.u.pkt.rack = 1;
	e.u.pkt.len = 4096;
	evs[n++] = e;                                     /* 1 */
	e = mkev(EV_PACKET, SIDE_SERVER, 3000);
	e.u.pkt.flags = FL_ACK;
	e.u.pkt.rseq = 1;
	e.u.pkt.rack = 4097;
	evs[n++] = e;                                     /* 2 */
	e = mkev(EV_RETURN, SIDE_SERVER, 3500);
	e.u.call.call = CALL_READ;
	e.u.call.ret = 1000;
	evs[n++] = e;                                     /* 3 */
	e = mkev(EV_PACKET, SIDE_CLIENT, 4000);
	e.u.pkt.flags = FL_ACK | FL_RST;
	e.u.pkt.rseq = 4097;
	evs[n++] = e;                                     /* 4 */
	e = mkev(EV_STATE, SIDE_SERVER, 5000);
	e.u.st.state = TS_TIME_WAIT;
	e.u.st.timer = 3;
	e.u.st.timer_ms = 59000;
	evs[n++] = e;                                     /* 5 */
	struct timeline tl;
	memset(&tl, 0, sizeof tl);
	tl.ev = evs;
	tl.n = tl.cap = n;
	tl.packets_observed = tl.states_observed = 1;

	struct ladder_row lr[5];
	size_t map[5] = { 0, 1, 2, 4, 5 };
	for (int i = 0; i < 5; i++) {
		memset(&lr[i], 0, sizeof lr[i]);
		lr[i].ev = map[i];
		lr[i].t = evs[map[i]].t;
		lr[i].kind = ROW_PACKET;
		lr[i].state[0] = TS_ESTABLISHED;
		lr[i].state[1] = i == 4 ? TS_TIME_WAIT : TS_ESTABLISHED;
	}
	lr[4].kind = ROW_STATE;
	struct ladder l = { lr, 5, 5, { 0, 0 } };
	struct verdict v;
	memset(&v, 0, sizeof v);
	v.s[SIDE_CLIENT].unread = 65536 - 1000;

	struct anim a;
	struct anim_snap sn;
	anim_init(&a, l.n);
	anim_jump(&a, 2); /* the write and the data segment shown */
	anim_snapshot(&tl, &l, &v, &a, &sn);
	is_int((long long)sn.s[0].out.written, 65536, "written counts write() returns");
	is_int((long long)sn.s[0].out.sent, 4096, "sent counts bytes on the wire");
	is_int((long long)sn.s[0].out.acked, 0, "the ACK has not arrived yet");
	ok(!sn.s[0].out.over, "nothing is discarded yet");
	anim_jump(&a, 3);
	anim_snapshot(&tl, &l, &v, &a, &sn);
	is_int((long long)sn.s[0].out.acked, 4096, "acked from the peer's ack number");
	is_int((long long)sn.s[0].out.read, 1000,
	       "the read before the next row counts as read by the peer");
	anim_jump(&a, 4);
	anim_snapshot(&tl, &l, &v, &a, &sn);
	ok(sn.s[0].out.over, "after the RST the connection is over");
	is_int((long long)sn.s[0].out.discarded, 64536, "... and discarded = never read");
	is_int(sn.s[1].tw_left_ms, -1, "no TIME_WAIT yet");
	anim_jump(&a, 5);
	anim_snapshot(&tl, &l, &v, &a, &sn);
	is_int(sn.s[1].state, TS_TIME_WAIT, "the server is in TIME_WAIT");
	is_int(sn.s[1].tw_left_ms, 59000, "TIME_WAIT left from the kernel's timer");
	/* Half a second of run time after that sample. */
	lr[4].t += 500000000;
	anim_snapshot(&tl, &l, &v, &a, &sn);
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
	test_playback();
	test_snapshot();
	printf("1..%d\n", ntest);
	if (nfail)
		printf("# %d of %d failed\n", nfail, ntest);
	return 0;
}
