/* SPDX-License-Identifier: MIT */
/*
 * test-accounting.c - the one byte accounting, live and synthetic.
 *
 * Live: every built-in scenario (each .scn of $top_srcdir/assets/scenarios
 * with its defaults, plus the sandbox with linger=0, the case of issue 9)
 * runs on this kernel, then:
 *   - the state panel's numbers at the end of the ladder (anim_snapshot)
 *     equal the verdict's facts (written, acked, received, read, unread);
 *   - at every event the bytes add up (written = unsent + in flight +
 *     queued + read + discarded), acked <= received, read <= received <=
 *     sent <= written, and written, acked, received and read only grow
 *     (what is discarded may shrink: a read can show later that the
 *     peer's kernel had received more than any ACK said);
 *   - once neither socket exists (both CLOSED, or the run is over and an
 *     RST passed), nothing is in flight or unsent.
 * Synthetic: an RST carrying the only ACK, and a write() still running.
 * TAP output; the live part skips with the reason when experiments cannot
 * run here.
 */
#include "config.h"
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "base/i18n.h"
#include "engine/experiment.h"
#include "model/accounting.h"
#include "model/anim.h"
#include "model/ladder.h"
#include "model/verdict.h"
#include "tap.h"

static uint64_t fact_num(const struct verdict *v, const char *name)
{
	char buf[64];
	if (verdict_fact(v, name, buf, sizeof buf) < 0)
		return UINT64_MAX;
	return strtoull(buf, NULL, 10);
}

/* The panel at the end of the ladder against the verdict's facts. */
static void check_end(const char *label, const struct timeline *tl, const struct verdict *v)
{
	struct ladder l;
	struct anim a;
	struct anim_snap sn;
	ladder_build(tl, 0, &l);
	anim_init(&a, l.n);
	anim_jump(&a, l.n);
	anim_snapshot(tl, &l, &a, &sn);
	for (int s = 0; s < 2; s++) {
		const struct acct_flow *p = &sn.s[s].out;
		const char *S = side_name((enum side)s), *P = side_name((enum side) !s);
		char n[5][32];
		snprintf(n[0], sizeof n[0], "%s.written", S);
		snprintf(n[1], sizeof n[1], "%s.acked", S);
		snprintf(n[2], sizeof n[2], "%s.received", S);
		snprintf(n[3], sizeof n[3], "%s.read", P);
		snprintf(n[4], sizeof n[4], "%s.unread", S);
		uint64_t f[5];
		for (int i = 0; i < 5; i++)
			f[i] = fact_num(v, n[i]);
		int same = p->written == f[0] && (!v->packets || p->acked == f[1]) &&
			   p->received == f[2] && p->read == f[3] &&
			   p->unsent + p->in_flight + p->queued + p->discarded == f[4];
		if (!tap_ok(same,
			    "%s: the panel at the end shows the verdict's bytes for %s's data "
			    "(written %" PRIu64 ", acked %" PRIu64 ", received %" PRIu64
			    ", read %" PRIu64 ", never read %" PRIu64 ")",
			    label, S, f[0], f[1], f[2], f[3], f[4]))
			tap_diag("panel: written %" PRIu64 " acked %" PRIu64 " received %" PRIu64
				 " read %" PRIu64 " unsent %" PRIu64 " in flight %" PRIu64
				 " queued %" PRIu64 " discarded %" PRIu64,
				 p->written, p->acked, p->received, p->read, p->unsent,
				 p->in_flight, p->queued, p->discarded);
	}
	/* Neither socket exists: both ended CLOSED (or TIME_WAIT, which holds
	 * no data), as the kernel reported last. */
	int st0 = v->s[0].final_state, st1 = v->s[1].final_state;
	int gone =
	    (st0 == TS_CLOSE || st0 == TS_TIME_WAIT) && (st1 == TS_CLOSE || st1 == TS_TIME_WAIT);
	if (gone && v->states)
		tap_ok(sn.s[0].out.in_flight + sn.s[0].out.unsent + sn.s[1].out.in_flight +
			       sn.s[1].out.unsent ==
			   0,
		       "%s: both sockets ended (%s, %s): nothing in flight or unsent", label,
		       tcp_state_name(st0), tcp_state_name(st1));
	ladder_free(&l);
}

/* At every event: the bytes add up, the orders hold, counts only grow. */
static void check_every_event(const char *label, const struct timeline *tl)
{
	struct accounting prev, a;
	memset(&prev, 0, sizeof prev);
	size_t bad = SIZE_MAX;
	int bad_side = 0;
	const char *why = "";
	uint64_t writes[2] = {0, 0};
	for (size_t k = 0; k <= tl->n && bad == SIZE_MAX; k++) {
		if (k > 0) {
			const struct event *e = &tl->ev[k - 1];
			if (e->kind == EV_RETURN && e->u.call.call == CALL_WRITE &&
			    e->u.call.ret > 0 && e->side < SIDE_NONE)
				writes[e->side] += (uint64_t)e->u.call.ret;
		}
		accounting_at(tl, k, &a);
		for (int s = 0; s < 2 && bad == SIZE_MAX; s++) {
			const struct acct_flow *f = &a.f[s], *p = &prev.f[s];
			if (f->unsent + f->in_flight + f->queued + f->read + f->discarded !=
			    f->written)
				why = "written = unsent + in flight + queued + read + discarded";
			else if (f->acked > f->received || f->read > f->received ||
				 f->received > f->sent || f->sent > f->written)
				why = "acked, read <= received <= sent <= written";
			else if (f->written < writes[s])
				why = "written counts at least what write() returned";
			else if (f->written < p->written || f->acked < p->acked ||
				 f->received < p->received || f->read < p->read)
				why = "counts only grow";
			else
				continue;
			bad = k;
			bad_side = s;
		}
		prev = a;
	}
	/* No estimate may overshoot: once every write() returned, written is
	 * exactly what they returned. */
	int open_writes[2] = {0, 0};
	for (size_t i = 0; i < tl->n; i++) {
		const struct event *e = &tl->ev[i];
		if ((e->kind == EV_CALL || e->kind == EV_RETURN) && e->side < SIDE_NONE &&
		    e->u.call.call == CALL_WRITE)
			open_writes[e->side] += e->kind == EV_CALL ? 1 : -1;
	}
	accounting_at(tl, tl->n, &a);
	for (int s = 0; s < 2; s++)
		if (open_writes[s] <= 0)
			tap_ok(a.f[s].written == writes[s],
			       "%s: at the end %s's written is what its "
			       "write()s returned (%" PRIu64 " = %" PRIu64 ")",
			       label, side_name((enum side)s), a.f[s].written, writes[s]);
	if (!tap_ok(bad == SIZE_MAX,
		    "%s: at each of %zu events the bytes add up, acked <= received, "
		    "read <= received <= sent <= written, counts only grow",
		    label, tl->n))
		tap_diag("after %zu events, %s's data: not %s", bad, side_name(bad_side), why);
}

static void run_one(const char *name, const char *set)
{
	struct diag d = {0};
	char label[128];
	snprintf(label, sizeof label, "%s%s%s", name, set ? " " : "", set ? set : "");
	char *path = scenario_find(name);
	struct scenario *sc = path ? scenario_load(path, &d) : NULL;
	free(path);
	if (!sc || (set && scenario_set_arg(sc, set, &d)) || scenario_resolve(sc, &d)) {
		tap_ok(0, "%s: load: %s", label, d.msg);
		scenario_free(sc);
		return;
	}
	struct timeline tl;
	struct verdict v;
	timeline_init(&tl);
	struct exp_options o = {.pcap_path = NULL};
	int rc = experiment_run(sc, &o, &tl, NULL, &d);
	scenario_free(sc);
	if (rc) {
		tap_skip("%s: cannot run an experiment here: %s", label, d.msg);
		timeline_free(&tl);
		return;
	}
	verdict_compute(&tl, &v);
	check_end(label, &tl, &v);
	check_every_event(label, &tl);
	if (set && !strcmp(set, "linger=0")) {
		/* Issue 9: read 4096, -1 ECONNRESET, then read eof returns 0. */
		char re[16];
		verdict_fact(&v, "server.read_end", re, sizeof re);
		tap_ok(!strcmp(re, "reset"),
		       "%s: the server's reads ended with the reset, not the "
		       "0 of a read after it (got %s)",
		       label, re);
		tap_ok(v.s[SIDE_SERVER].read <= v.s[SIDE_CLIENT].received,
		       "%s: the peer read no more than its kernel received (%" PRIu64 " <= %" PRIu64
		       ")",
		       label, v.s[SIDE_SERVER].read, v.s[SIDE_CLIENT].received);
	}
	timeline_free(&tl);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void live(void)
{
	const char *top = getenv("top_srcdir");
	char dir[1024];
	snprintf(dir, sizeof dir, "%s/assets/scenarios", top ? top : ".");
	DIR *dp = opendir(dir);
	if (!dp) {
		tap_ok(0, "open %s", dir);
		return;
	}
	char *names[64];
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(dp)) && n < 64) {
		size_t len = strlen(de->d_name);
		if (len > 4 && !strcmp(de->d_name + len - 4, ".scn"))
			names[n++] = strndup(de->d_name, len - 4);
	}
	closedir(dp);
	qsort(names, n, sizeof *names, cmp_str);
	tap_ok(n >= 15, "%zu built-in scenarios found in %s", n, dir);
	for (size_t i = 0; i < n; i++) {
		run_one(names[i], NULL);
		free(names[i]);
	}
	run_one("sandbox", "linger=0");
}

static struct event pkt(enum side s, int64_t t, uint8_t flags, uint32_t rseq, uint32_t rack,
			uint32_t len)
{
	struct event e = {.kind = EV_PACKET, .side = s, .t = t};
	e.u.pkt = (struct ev_packet){.flags = flags, .rseq = rseq, .rack = rack, .len = len};
	return e;
}

static struct event ret(enum side s, int64_t t, enum call c, int64_t arg, int64_t r, int err)
{
	struct event e = {.kind = EV_RETURN, .side = s, .t = t};
	e.u.call = (struct ev_call){.call = c, .arg = arg, .ret = r, .err = err};
	return e;
}

/* 100 bytes; the server reads them and closes with more arriving: its RST
 * carries the only ACK.  Then a write() still running while bytes go out. */
static void synthetic(void)
{
	struct timeline tl;
	struct verdict v;
	struct accounting a;
	timeline_init(&tl);
	tl.packets_observed = tl.states_observed = 1;
	struct event ev[] = {
	    ret(SIDE_CLIENT, 10, CALL_WRITE, 100, 100, 0),
	    pkt(SIDE_CLIENT, 20, FL_ACK | FL_PSH, 1, 1, 100),
	    ret(SIDE_SERVER, 30, CALL_READ, 100, 100, 0),
	    ret(SIDE_SERVER, 40, CALL_CLOSE, 0, 0, 0),
	    pkt(SIDE_SERVER, 50, FL_ACK | FL_RST, 1, 101, 0),
	    ret(SIDE_CLIENT, 60, CALL_READ, 10, -1, ECONNRESET),
	    ret(SIDE_CLIENT, 70, CALL_READ, 10, 0, 0),
	};
	for (size_t i = 0; i < sizeof ev / sizeof ev[0]; i++)
		timeline_add(&tl, &ev[i]);
	verdict_compute(&tl, &v);
	char acked[32], received[32], re[32];
	verdict_fact(&v, "client.acked", acked, sizeof acked);
	verdict_fact(&v, "client.received", received, sizeof received);
	verdict_fact(&v, "client.read_end", re, sizeof re);
	tap_ok(!strcmp(acked, "0"),
	       "an RST's ACK number is no acknowledgement: client.acked = 0 (%s)", acked);
	tap_ok(!strcmp(received, "100"), "but it shows the peer's kernel received 100 (%s)",
	       received);
	tap_ok(!strcmp(re, "reset"),
	       "read 0 after ECONNRESET: the reads still ended with the reset (%s)", re);
	/* Facts: a typed machine value, and a rendering for students. */
	struct fact_value fv;
	char text[64];
	tap_ok(verdict_fact_get(&v, "client.close_blocked", &fv) == 0 && fv.type == FV_BOOL &&
		   verdict_fact_get(&v, "client.written", &fv) == 0 && fv.type == FV_INT &&
		   fv.n == 100 && verdict_fact_get(&v, "server.close_errno", &fv) == 0 &&
		   fv.type == FV_NULL && !strcmp(fv.word, "0") &&
		   verdict_fact_get(&v, "client.close_ret", &fv) == 0 && fv.type == FV_NULL &&
		   !strcmp(fv.word, "none") && verdict_fact_get(&v, "client.bogus", &fv) < 0 &&
		   verdict_fact_get(&v, "sent", &fv) < 0,
	       "facts are typed: booleans, integers, null with the word lessons compare");
	tap_ok(verdict_fact_text(&v, "server.close_blocked", text, sizeof text) == 0 &&
		   !strcmp(text, "no") &&
		   verdict_fact_text(&v, "timewait", text, sizeof text) == 0 &&
		   !strcmp(text, "nobody") &&
		   verdict_fact_text(&v, "client.read_end", text, sizeof text) == 0 &&
		   !strcmp(text, "ECONNRESET") &&
		   verdict_fact_text(&v, "server.sent", text, sizeof text) == 0 &&
		   !strcmp(text, "RST"),
	       "a fact's text for students: no, nobody, ECONNRESET, RST (machine values no, none, "
	       "reset, rst)");
	check_end("synthetic RST", &tl, &v);
	timeline_free(&tl);

	timeline_init(&tl);
	tl.packets_observed = 1;
	struct event w[] = {
	    {.kind = EV_CALL,
	     .side = SIDE_CLIENT,
	     .t = 10,
	     .u.call = {.call = CALL_WRITE, .arg = 65536}},
	    pkt(SIDE_CLIENT, 20, FL_ACK, 1, 1, 4096),
	    pkt(SIDE_SERVER, 30, FL_ACK, 1, 4097, 0),
	    pkt(SIDE_CLIENT, 40, FL_ACK, 4097, 1, 4096),
	    {.kind = EV_STATE,
	     .side = SIDE_CLIENT,
	     .t = 45,
	     .u.st = {.lport = 40000, .rport = 4242, .state = TS_ESTABLISHED, .sendq = 50000}},
	    ret(SIDE_CLIENT, 50, CALL_WRITE, 65536, 65536, 0),
	};
	for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
		timeline_add(&tl, &w[i]);
	accounting_at(&tl, 4, &a);
	tap_ok(a.f[0].written == 8192 && a.f[0].acked == 4096 && a.f[0].in_flight == 4096,
	       "before write() returns, written counts what reached the wire (%" PRIu64
	       " written, %" PRIu64 " acked, %" PRIu64 " in flight)",
	       a.f[0].written, a.f[0].acked, a.f[0].in_flight);
	accounting_at(&tl, 5, &a);
	tap_ok(a.f[0].written == 50000 && a.f[0].unsent == 50000 - 8192,
	       "... and what its send queue holds at a sample (%" PRIu64 " written, %" PRIu64
	       " unsent)",
	       a.f[0].written, a.f[0].unsent);
	accounting_at(&tl, 6, &a);
	tap_ok(a.f[0].written == 65536 && a.f[0].unsent == 65536 - 8192,
	       "when it returns, all of it (%" PRIu64 ", %" PRIu64 " unsent)", a.f[0].written,
	       a.f[0].unsent);
	timeline_free(&tl);
}

int main(void)
{
	i18n_init("en");
	synthetic();
	live();
	return tap_done();
}
