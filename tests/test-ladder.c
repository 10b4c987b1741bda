/* SPDX-License-Identifier: MIT */
/*
 * test-ladder.c - the model without a kernel: a timeline built by hand is
 * laid out as a ladder and printed, and compared with the expected text
 * (UTF-8 and ASCII); the verdict facts are computed from it; and the
 * packet decoder is fed every truncation and many mutations of a real
 * frame (run under ASan/valgrind, an out-of-bounds read fails the test).
 */
#include "config.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <pcap/dlt.h>
#include "base/i18n.h"
#include "model/ladder.h"
#include "model/steps.h"
#include "captures/packet.h"
#include "tap.h"
#include "model/timeline.h"
#include "base/util.h"
#include "model/verdict.h"

#define MS 1000000LL

static void call(struct timeline *tl, enum side s, int64_t t, enum call c, int64_t arg, int64_t ret,
		 int err, int64_t dur)
{
	struct event e = {.kind = EV_CALL, .side = s, .t = t - dur};
	e.u.call = (struct ev_call){
	    .call = c, .arg = arg, .ret = ret, .err = err, .t_start = t - dur, .t_end = t};
	timeline_add(tl, &e);
	e.kind = EV_RETURN;
	e.t = t;
	timeline_add(tl, &e);
}

static void pkt(struct timeline *tl, int64_t t, int from_client, uint8_t flags, uint32_t seq,
		uint32_t ack, uint32_t len)
{
	struct event e = {.kind = EV_PACKET, .t = t};
	e.u.pkt.sport = from_client ? 40000 : 4242;
	e.u.pkt.dport = from_client ? 4242 : 40000;
	e.u.pkt.flags = flags;
	e.u.pkt.seq = seq;
	e.u.pkt.ack = ack;
	e.u.pkt.len = len;
	timeline_add(tl, &e);
}

static void state(struct timeline *tl, int64_t t, int client, uint8_t st, uint32_t sendq,
		  uint32_t timer_ms)
{
	struct event e = {.kind = EV_STATE, .t = t};
	e.u.st.lport = client ? 40000 : 4242;
	e.u.st.rport = client ? 4242 : 40000;
	e.u.st.state = st;
	e.u.st.sendq = sendq;
	e.u.st.timer_ms = timer_ms;
	e.u.st.timer = st == TS_TIME_WAIT ? 3 : 0;
	timeline_add(tl, &e);
}

/* An abortive close: 100 bytes, then linger 0: RST; the server reads the
 * 100 bytes, then ECONNRESET.  Client ISN 1000, server ISN 5000. */
static void build(struct timeline *tl)
{
	timeline_init(tl);
	tl->server_port = 4242;
	tl->packets_observed = tl->states_observed = tl->namespaced = 1;
	/* appended out of order on purpose: timeline_finish sorts */
	call(tl, SIDE_SERVER, 30 * MS, CALL_READ, 65536, -1, ECONNRESET, 0);
	pkt(tl, 1 * MS + 100000, 1, FL_SYN, 1000, 0, 0);
	pkt(tl, 2 * MS, 0, FL_SYN | FL_ACK, 5000, 1001, 0);
	pkt(tl, 3 * MS, 1, FL_ACK, 1001, 5001, 0);
	call(tl, SIDE_CLIENT, 4 * MS, CALL_CONNECT, 4242, 0, 0, 3 * MS);
	call(tl, SIDE_CLIENT, 5 * MS, CALL_WRITE, 100, 100, 0, 0);
	pkt(tl, 6 * MS, 1, FL_ACK | FL_PSH, 1001, 5001, 100);
	pkt(tl, 7 * MS, 0, FL_ACK, 5001, 1101, 0);
	call(tl, SIDE_CLIENT, 8 * MS, CALL_SETSOCKOPT, 0, 0, 0, 0);
	tl->ev[tl->n - 1].u.call.opt = tl->ev[tl->n - 2].u.call.opt = SET_LINGER;
	call(tl, SIDE_CLIENT, 9 * MS, CALL_CLOSE, 0, 0, 0, 0);
	pkt(tl, 10 * MS, 1, FL_RST | FL_ACK, 1101, 5001, 0);
	state(tl, 11 * MS, 0, TS_CLOSE, 0, 0);
	call(tl, SIDE_SERVER, 29 * MS, CALL_READ, 65536, 100, 0, 0);
	timeline_finish(tl);
}

/* Index of the first row whose text is `text` (or -1). */
static long row_index(const struct ladder *l, const char *text)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->rows[i].text, text))
			return (long)i;
	return -1;
}

/* Calls where they happened (issue 9): the client's write() returns after
 * its data was sent and read by the server, its close() after its FIN.
 * Each is shown at its start too, so no effect precedes its cause; a call
 * during which nothing happened keeps one row. */
static void test_call_starts(void)
{
	struct timeline tl;
	struct ladder l;
	timeline_init(&tl);
	tl.server_port = 4242;
	tl.packets_observed = tl.states_observed = tl.namespaced = 1;
	pkt(&tl, 1 * MS, 1, FL_SYN, 1000, 0, 0);
	pkt(&tl, 2 * MS, 0, FL_SYN | FL_ACK, 5000, 1001, 0);
	pkt(&tl, 3 * MS, 1, FL_ACK, 1001, 5001, 0);
	call(&tl, SIDE_CLIENT, 3 * MS + 500000, CALL_CONNECT, 4242, 0, 0, 0);
	call(&tl, SIDE_CLIENT, 8 * MS, CALL_WRITE, 5000, 5000, 0, 3 * MS); /* 5..8 ms */
	pkt(&tl, 6 * MS, 1, FL_ACK | FL_PSH, 1001, 5001, 5000);
	call(&tl, SIDE_SERVER, 7 * MS, CALL_READ, 65536, 5000, 0, 3 * MS); /* 4..7 ms */
	call(&tl, SIDE_CLIENT, 10 * MS, CALL_CLOSE, 0, 0, 0, 1 * MS);      /* 9..10 ms */
	pkt(&tl, 9 * MS + 500000, 1, FL_FIN | FL_ACK, 6001, 5001, 0);
	call(&tl, SIDE_SERVER, 12 * MS, CALL_READ, 65536, 0, 0, 0);
	timeline_finish(&tl);
	ladder_build(&tl, 0, &l);
	long wstart = row_index(&l, "write(5000) ..."),
	     wret = row_index(&l, "write() = 5000  3.00 ms");
	long data = row_index(&l, "[P.] 1:5001 ack 1"),
	     rd = row_index(&l, "read() = 5000  3.00 ms");
	long cstart = row_index(&l, "close() ..."), cret = row_index(&l, "close() = 0  1.00 ms");
	long fin = row_index(&l, "[F.] seq 5001 ack 1");
	if (!tap_ok(wstart >= 0 && wstart < data && data < rd && rd < wret,
		    "write(5000) ... starts before its data, which the server reads before "
		    "write() = 5000 returns"))
		tap_diag("rows %ld %ld %ld %ld", wstart, data, rd, wret);
	if (!tap_ok(cstart >= 0 && cstart < fin && fin < cret,
		    "close() ... starts before its FIN, close() = 0 returns after it"))
		tap_diag("rows %ld %ld %ld", cstart, fin, cret);
	tap_ok(row_index(&l, "connect() ...") < 0 && row_index(&l, "connect() = 0") >= 0,
	       "a call during which nothing happened has one row");
	tap_ok(row_index(&l, "read() ...") >= 0,
	       "the server's read(), waiting while the client called write(), starts on its row");
	/* the text ladder shows both rows, in that order */
	char *text = NULL;
	size_t tlen = 0;
	FILE *f = open_memstream(&text, &tlen);
	ladder_print(&l, f, 80, 1, 0);
	fclose(f);
	char *a = text ? strstr(text, "write(5000) ...") : NULL;
	char *b = a ? strstr(a, "read() = 5000") : NULL;
	tap_ok(b && strstr(b, "write() = 5000"),
	       "... and the text ladder prints them in that order");
	free(text);
	ladder_free(&l);
	timeline_free(&tl);
}

/* A wait's sentence follows a change of language after the ladder was
 * built (the TUI's L key keeps the run). */
static void test_wait_language(void)
{
	struct timeline tl;
	struct ladder l;
	timeline_init(&tl);
	tl.server_port = 4242;
	call(&tl, SIDE_SERVER, 2 * MS, CALL_WAIT, OP_CLOSE, 0, 0, 1 * MS);
	tl.ev[0].u.call.opt = tl.ev[1].u.call.opt = SIDE_CLIENT;
	timeline_finish(&tl);
	ladder_build(&tl, 0, &l);
	char *en = NULL, *fr = NULL;
	size_t n;
	FILE *f = open_memstream(&en, &n);
	ladder_print(&l, f, 80, 1, 1);
	fclose(f);
	i18n_set(LANG_FR);
	f = open_memstream(&fr, &n);
	ladder_print(&l, f, 80, 1, 1);
	fclose(f);
	i18n_set(LANG_EN);
	if (!tap_ok(en && fr && strstr(en, "(waited for the client's") && !strstr(fr, "waited") &&
			strstr(fr, "(a attendu le close du"),
		    "a wait row is translated when drawn: it follows the language"))
		tap_diag("en:\n%s\nfr:\n%s", en ? en : "", fr ? fr : "");
	free(en);
	free(fr);
	ladder_free(&l);
	timeline_free(&tl);
}

/* A run of more than 100 s (a linger of 120 s): the time column grows,
 * no time is cut and the lifelines move right together. */
static void test_long_times(void)
{
	struct timeline tl;
	struct ladder l;
	timeline_init(&tl);
	tl.server_port = 4242;
	call(&tl, SIDE_CLIENT, 1 * MS, CALL_CONNECT, 4242, 0, 0, 0);
	call(&tl, SIDE_CLIENT, 1 * MS + 123456789000LL, CALL_CLOSE, 0, 0, 0, 0);
	timeline_finish(&tl);
	ladder_build(&tl, 0, &l);
	char *text = NULL;
	size_t n;
	FILE *f = open_memstream(&text, &n);
	ladder_print(&l, f, 80, 1, 0);
	fclose(f);
	/* a: the line of the first time, b: of the last; each starts with its time */
	char *a = text ? strstr(text, "\n") + 1 : NULL, *b = a ? strstr(a, "\n") + 1 : NULL;
	if (!tap_ok(a && b && !strncmp(b, "123456.789 ", 11) && !strncmp(a + 5, "0.000 ", 6) &&
			strchr(a, '\n') - strstr(a, "│") == strchr(b, '\n') - strstr(b, "│"),
		    "a time of 123456.789 ms is whole and aligned with the others, so are the "
		    "lifelines"))
		tap_diag("%s", text ? text : "");
	free(text);
	ladder_free(&l);
	timeline_free(&tl);
}

/* Packets the capture dropped: the ladder says which bytes are missing,
 * where the sequence numbers jump; without a drops note, nothing. */
static void test_drop_gap(void)
{
	for (int dropped = 0; dropped < 2; dropped++) {
		struct timeline tl;
		struct ladder l;
		timeline_init(&tl);
		tl.server_port = 4242;
		tl.packets_observed = 1;
		pkt(&tl, 1 * MS, 1, FL_SYN, 1000, 0, 0);
		pkt(&tl, 2 * MS, 0, FL_SYN | FL_ACK, 5000, 1001, 0);
		pkt(&tl, 3 * MS, 1, FL_ACK, 1001, 5001, 0);
		pkt(&tl, 4 * MS, 1, FL_ACK, 1001, 5001, 1000);
		/* the next 1000 bytes (relative 1001 to 2001) lost by the
		 * capture, not by TCP: the ACK covers them */
		pkt(&tl, 6 * MS, 1, FL_ACK | FL_PSH, 3001, 5001, 500);
		pkt(&tl, 7 * MS, 0, FL_ACK, 5001, 3501, 0);
		if (dropped)
			timeline_add_note(&tl, 8 * MS, NOTE_DROPS, "2");
		timeline_finish(&tl);
		ladder_build(&tl, 0, &l);
		int gaps = 0, at = 0;
		for (size_t i = 0; i < l.n; i++)
			if (l.rows[i].kind == ROW_NOTE && l.rows[i].note == NOTE_DROPS &&
			    l.rows[i].note_text &&
			    strstr(l.rows[i].note_text, "bytes 1001 to 2001")) {
				gaps++;
				at = i + 1 < l.n && l.rows[i + 1].kind == ROW_PACKET &&
				     l.rows[i].t == 5 * MS;
			}
		if (dropped)
			tap_ok(gaps == 1 && at,
			       "drops: the ladder marks the client's missing bytes 1001 to 2001, "
			       "just before the segment after the hole (%d, %d)",
			       gaps, at);
		else
			tap_ok(gaps == 0, "no drops note: no gap is marked (%d)", gaps);
		ladder_free(&l);
		timeline_free(&tl);
	}
}

int main(void)
{
	struct timeline tl;
	struct ladder l;
	struct verdict v;
	char buf[64];
	i18n_init("en");
	build(&tl);

	tap_ok(tl.t0 == 1 * MS && tl.ev[0].kind == EV_CALL && tl.ev[1].kind == EV_PACKET,
	       "timeline_finish orders events by time");
	int sides_ok = 1;
	for (size_t i = 0; i < tl.n; i++)
		if (tl.ev[i].kind == EV_PACKET)
			sides_ok &= tl.ev[i].side ==
				    (tl.ev[i].u.pkt.sport == 4242 ? SIDE_SERVER : SIDE_CLIENT);
	tap_ok(sides_ok, "packets get their side from the server port");
	const struct ev_packet *data = NULL;
	for (size_t i = 0; i < tl.n; i++)
		if (tl.ev[i].kind == EV_PACKET && tl.ev[i].u.pkt.len)
			data = &tl.ev[i].u.pkt;
	tap_ok(data && data->rseq == 1 && data->rack == 1,
	       "sequence numbers are relative to each ISN");

	ladder_build(&tl, 0, &l);
	char *text = NULL;
	size_t tlen = 0;
	FILE *f = open_memstream(&text, &tlen);
	ladder_print(&l, f, 80, 1, 1);
	fclose(f);
	static const char *want =
	    "           client :40000                                 server :4242\n"
	    "          connect() ... │                              │\n"
	    "                        │───────── [S] seq 0 ─────────▶│\n"
	    "                        │◀───── [S.] seq 0 ack 1 ──────│\n"
	    "                        │────── [.] seq 1 ack 1 ──────▶│\n"
	    " connect() = 0  3.00 ms │                              │\n"
	    "          write() = 100 │                              │\n"
	    "                        │══════ [P.] 1:101 ack 1 ═════▶│\n"
	    "                        │◀──── [.] seq 1 ack 101 ──────│\n"
	    "    SO_LINGER={1,0} = 0 │                              │\n"
	    "            close() = 0 │                              │\n"
	    "                        │╳╳╳╳╳ [R.] seq 101 ack 1 ╳╳╳╳▶│\n"
	    "                        │                              │ [CLOSED]\n"
	    "                        │                              │ read() = 100\n"
	    "                        │                              │ read() = -1 ECONNRESET\n"
	    "States: sampled with sock_diag about every millisecond; a shorter state can be\n"
	    "missed.\n";
	if (!tap_ok(text && !strcmp(text, want),
		    "the ladder of a hand-built abortive close, UTF-8, 80 columns"))
		tap_diag("got:\n%s", text ? text : "(nothing)");
	free(text);

	f = open_memstream(&text, &tlen);
	ladder_print(&l, f, 80, 0, 1);
	fclose(f);
	if (!tap_ok(text && strstr(text, "|xxxxx [R.] seq 101 ack 1 xxxx>|") &&
			strstr(text, "|====== [P.] 1:101 ack 1 =====>|") && !strstr(text, "│"),
		    "the ASCII ladder: RST drawn with x, data with =, no box characters"))
		tap_diag("got:\n%s", text ? text : "(nothing)");
	free(text);

	int rst_rows = 0, fin_rows = 0;
	for (size_t i = 0; i < l.n; i++) {
		rst_rows += l.rows[i].kind == ROW_PACKET && l.rows[i].style == ARROW_RST;
		fin_rows += l.rows[i].kind == ROW_PACKET && l.rows[i].style == ARROW_FIN;
	}
	tap_ok(rst_rows == 1 && fin_rows == 0, "one RST arrow, no FIN arrow");
	tap_ok(l.rows[l.n - 1].state[SIDE_SERVER] == TS_CLOSE, "rows carry both sides' states");
	const char *para[LADDER_LEGENDS];
	tap_ok(ladder_legend(&l, para, LADDER_LEGENDS) == 1 && strstr(para[0], "sampled"),
	       "the legend says the states were sampled");
	l.sources = 1u << SRC_TRACEPOINT;
	tap_ok(ladder_legend(&l, para, LADDER_LEGENDS) == 1 && strstr(para[0], "tracepoint"),
	       "... or that they came from the kernel's tracepoint");
	ladder_free(&l);

	verdict_compute(&tl, &v);
	struct {
		const char *fact, *want;
	} facts[] = {
	    {"client.sent", "rst"},     {"server.sent", "none"},        {"first_rst", "client"},
	    {"first_closer", "client"}, {"server.read_end", "reset"},   {"server.read", "100"},
	    {"client.written", "100"},  {"client.acked", "100"},        {"client.unread", "0"},
	    {"client.close_ret", "0"},  {"client.close_blocked", "no"}, {"timewait", "none"},
	    {"server.final", "CLOSED"}, {"server.close_ret", "none"},
	};
	for (size_t i = 0; i < ARRAY_LEN(facts); i++) {
		verdict_fact(&v, facts[i].fact, buf, sizeof buf);
		if (!tap_ok(!strcmp(buf, facts[i].want), "fact %s = %s", facts[i].fact,
			    facts[i].want))
			tap_diag("got %s", buf);
	}
	tap_ok(verdict_fact(&v, "client.nonsense", buf, sizeof buf) < 0,
	       "an unknown fact is refused");
	tap_ok(verdict_fact_value_ok("server.read_end", "reset") &&
		   !verdict_fact_value_ok("server.read_end", "ECONNRESET") &&
		   verdict_fact_value_ok("client.close_errno", "EWOULDBLOCK") &&
		   verdict_fact_value_ok("client.close_errno", "EAGAIN") &&
		   !verdict_fact_value_ok("client.close_errno", "ESOMETHING") &&
		   verdict_fact_value_ok("client.close_ms", "2000") &&
		   !verdict_fact_value_ok("client.close_ms", "two"),
	       "fact values are checked against what each fact can be");
	int nfacts = 0;
	for (const char *const *p = verdict_fact_names(); *p; p++)
		nfacts += verdict_fact(&v, *p, buf, sizeof buf) == 0;
	tap_ok(nfacts >= 30, "every listed fact has a value (%d)", nfacts);
	timeline_free(&tl);
	test_call_starts();
	test_wait_language();
	test_long_times();

	/* the decoder against every truncation of a real loopback frame */
	static const uint8_t frame[] =
	    {
		0,    0,    0,    0,    0,    0,    0,    0, 0,    0,    0,    0,
		0x08, 0x00,                                                       /* ethernet */
		0x45, 0,    0,    0x3c, 0x12, 0x34, 0x40, 0, 0x40, 0x06, 0,    0, /* IPv4 */
		127,  0,    0,    1,    127,  0,    0,    1, 0x9c, 0x40, 0x10, 0x92,
		0,    0,    0x03, 0xe8, 0,    0,    0,    0, /* TCP */
		0xa0, 0x02, 0xff, 0xd7, 0,    0,    0,    0, 2,    4,    0xff, 0xd7,
		4,    2,    8,    10,   0,    0,    0,    0, 0,    0,    0,    0,
		1,    3,    3,    7,
	    };
	struct ev_packet p;
	tap_ok(packet_decode(DLT_EN10MB, frame, sizeof frame, &p) == 0 && p.sport == 40000 &&
		   p.dport == 4242 && p.seq == 1000 && p.flags == FL_SYN && p.len == 0 &&
		   p.wscale == 7,
	       "a SYN frame decodes: ports, seq, flags, window scale 7");
	int bad = 0;
	for (size_t n = 0; n < 54; n++)
		bad += packet_decode(DLT_EN10MB, frame, (uint32_t)n, &p) == 0;
	tap_ok(bad == 0, "every truncation before the end of the TCP header is rejected");
	uint64_t rng = 42;
	uint8_t m[sizeof frame];
	for (int it = 0; it < 100000; it++) {
		memcpy(m, frame, sizeof m);
		for (int k = 0; k < 3; k++) {
			rng = rng * 6364136223846793005ull + 1442695040888963407ull;
			m[(rng >> 33) % sizeof m] = (uint8_t)(rng >> 17);
		}
		rng = rng * 6364136223846793005ull + 1442695040888963407ull;
		packet_decode((int)((rng >> 40) % 300), m, (uint32_t)((rng >> 20) % (sizeof m + 1)),
			      &p);
	}
	tap_ok(1, "100000 mutated frames on random link types decoded without a crash");
	test_drop_gap();
	return tap_done();
}
