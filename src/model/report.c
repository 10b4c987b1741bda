/* SPDX-License-Identifier: MIT */
/*
 * report.c - text, JSON and raw outputs of a run (see report.h).
 */
#include "config.h"
#include <inttypes.h>
#include <string.h>
#include "base/i18n.h"
#include "model/ladder.h"
#include "model/verdict.h"
#include "model/report.h"

/* The names of enum note, in the JSON and the event list. */
static const char *note_name(enum note what)
{
	static const char *const names[] = {"capture_off",  "states_off", "host_net", "timeout",
					    "child_died",   "drops",      "counters", "wire",
					    "capture_warn", "sysctl",     "states"};
	return (unsigned)what < sizeof names / sizeof names[0] ? names[what] : "other";
}

void report_events(FILE *out, const struct timeline *tl)
{
	for (size_t i = 0; i < tl->n; i++) {
		const struct event *e = &tl->ev[i];
		double t = (double)(e->t - tl->t0) / 1e6;
		char fl[16];
		switch (e->kind) {
		case EV_CALL: /* it has not returned yet: no result, no duration */
			fprintf(out, "%10.3f %-6s call %s(%" PRId64 ")\n", t, side_name(e->side),
				call_name(e->u.call.call), e->u.call.arg);
			break;
		case EV_RETURN:
			fprintf(out,
				"%10.3f %-6s ret  %s(%" PRId64 ") = %" PRId64 " %s  [%.3f ms]\n", t,
				side_name(e->side), call_name(e->u.call.call), e->u.call.arg,
				e->u.call.ret, e->u.call.err ? errno_name(e->u.call.err) : "",
				(double)(e->u.call.t_end - e->u.call.t_start) / 1e6);
			break;
		case EV_PACKET:
			tcp_flags_str(e->u.pkt.flags, fl, sizeof fl);
			fprintf(out, "%10.3f %-6s pkt  %u > %u %s seq %u ack %u len %u win %u\n", t,
				side_name(e->side), e->u.pkt.sport, e->u.pkt.dport, fl,
				e->u.pkt.rseq, e->u.pkt.rack, e->u.pkt.len, e->u.pkt.win);
			break;
		case EV_STATE:
			fprintf(
			    out,
			    "%10.3f %-6s state %u-%u %s sendq %u recvq %u timer %u/%ums%s%s (%s)\n",
			    t, side_name(e->side), e->u.st.lport, e->u.st.rport,
			    tcp_state_name(e->u.st.state), e->u.st.sendq, e->u.st.recvq,
			    e->u.st.timer, e->u.st.timer_ms, e->u.st.orphan ? " orphan" : "",
			    e->u.st.queued ? " queued" : "", state_source_name(e->u.st.source));
			break;
		case EV_NOTE:
			fprintf(out, "%10.3f note  %s %s\n", t, note_name(e->u.note.what),
				e->u.note.text);
			break;
		}
	}
}

/* --- the verdict in sentences -------------------------------------------- */

static const char *who(enum side s)
{
	return s == SIDE_CLIENT   ? _("the client")
	       : s == SIDE_SERVER ? _("the server")
				  : _("nobody");
}

static void fact(const struct verdict *v, const char *name, char *buf, size_t len)
{
	if (verdict_fact(v, name, buf, len) < 0)
		snprintf(buf, len, "?");
}

static const char *read_end_text(int re)
{
	switch (re) {
	case RE_EOF:
		return _("0 (end of file: the peer closed in order)");
	case RE_RESET:
		return _("-1 ECONNRESET (the connection was reset)");
	case RE_EAGAIN:
		return _("-1 EAGAIN (nothing to read yet)");
	case RE_ERROR:
		return _("-1 with another error");
	case RE_DATA:
		return _("data (it stopped reading before the end)");
	default:
		return _("nothing (it did not read)");
	}
}

void report_text(FILE *out, const struct timeline *tl, const struct verdict *v, int width, int utf8)
{
	struct ladder l;
	char buf[64];
	ladder_build(tl, 0, &l);
	ladder_print(&l, out, width, utf8, 0);
	ladder_free(&l);

	fprintf(out, "\n%s\n", _("Verdict"));
	fprintf(out, "  ");
	fprintf(out, _("First to close: %s"), who(v->first_closer));
	fputc('\n', out);
	for (int s = 0; s < 2; s++) {
		const struct side_verdict *sv = &v->s[s];
		const char *name = s ? _("server:") : _("client:");
		fprintf(out, "  %s\n", name);
		if (v->packets) {
			fprintf(out, "    ");
			fprintf(out, _("its TCP ended with: %s\n"),
				sv->sent_fin && sv->sent_rst ? _("FIN, then RST")
				: sv->sent_rst               ? _("RST (abortive)")
				: sv->sent_fin               ? _("FIN (orderly)")
							     : _("neither FIN nor RST"));
		}
		if (sv->written || sv->unread)
			fprintf(out, "    ");
		if (sv->written || sv->unread)
			fprintf(out,
				_("wrote %" PRIu64 " B; the peer's TCP acknowledged %s B; "
				  "the peer's kernel received %" PRIu64 " B; "
				  "the peer application read %" PRIu64 " B; never read: %" PRIu64
				  " B"),
				sv->written,
				v->packets ? (snprintf(buf, sizeof buf, "%" PRIu64, sv->acked), buf)
					   : "?",
				sv->received, v->s[!s].read, sv->unread);
		if (sv->written || sv->unread)
			fputc('\n', out);
		if (sv->close_ret != INT64_MIN) {
			char dur[32];
			snprintf(dur, sizeof dur, "%.2f ms", (double)sv->close_ns / 1e6);
			fprintf(out, "    ");
			if (sv->close_ret < 0)
				fprintf(out, _("close() returned -1 %s after %s"),
					errno_name(sv->close_err) ? errno_name(sv->close_err) : "?",
					dur);
			else
				fprintf(out, _("close() returned %d after %s"), (int)sv->close_ret,
					dur);
			if (sv->close_sendq > 0) {
				fputs("; ", out);
				fprintf(out, _("%" PRId64 " B were still queued in its kernel"),
					sv->close_sendq);
			}
			fputc('\n', out);
		}
		fprintf(out, "    ");
		fprintf(out, _("its reads ended with: %s\n"), read_end_text(sv->read_end));
		if (v->states) {
			fact(v, s ? "server.final" : "client.final", buf, sizeof buf);
			fprintf(out, "    ");
			fprintf(out, _("last state seen: %s\n"), buf);
		}
	}
	fact(v, "timewait", buf, sizeof buf);
	fprintf(out, "  ");
	fprintf(out, _("TIME_WAIT held by: %s\n"),
		!strcmp(buf, "client")   ? _("the client")
		: !strcmp(buf, "server") ? _("the server")
		: !strcmp(buf, "both")   ? _("both sides")
		: !strcmp(buf, "none")   ? _("nobody")
					 : _("unknown (states not observed)"));
	if (!tl->namespaced)
		fprintf(out, "  %s\n",
			_("Ran on the host's loopback: kernel counters are not attributable to "
			  "this run."));
}

/* --- JSON ----------------------------------------------------------------- */

/* Bump when a field changes meaning or disappears (adding one does not). */
#define JSON_FORMAT_VERSION 1

static void json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

/* A string, or null when s is NULL. */
static void json_str_or_null(FILE *out, const char *s)
{
	if (s)
		json_str(out, s);
	else
		fputs("null", out);
}

/* A word as a JSON integer when it is one (no sign, no leading zero),
 * else as a string. */
static void json_word(FILE *out, const char *w, size_t len)
{
	int digits = len > 0 && len < 19 && (w[0] != '0' || len == 1);
	for (size_t i = 0; i < len && digits; i++)
		digits = w[i] >= '0' && w[i] <= '9';
	if (digits) {
		fprintf(out, "%.*s", (int)len, w);
		return;
	}
	char buf[256];
	snprintf(buf, sizeof buf, "%.*s", (int)len, w);
	json_str(out, buf);
}

/* "name=value name=value" as an object. */
static void json_params(FILE *out, const char *params)
{
	const char *p = params ? params : "";
	int first = 1;
	fputc('{', out);
	while (*p) {
		size_t len = strcspn(p, " ");
		const char *eq = memchr(p, '=', len);
		if (eq) {
			char name[128];
			snprintf(name, sizeof name, "%.*s", (int)(eq - p), p);
			fputs(first ? "" : ", ", out);
			json_str(out, name);
			fputs(": ", out);
			json_word(out, eq + 1, len - (size_t)(eq - p) - 1);
			first = 0;
		}
		p += len;
		p += strspn(p, " ");
	}
	fputc('}', out);
}

static const char *json_errno(int err)
{
	if (!err)
		return NULL;
	return errno_name(err) ? errno_name(err) : "EOTHER";
}

static void json_call(FILE *out, const struct event *e, int64_t t0)
{
	const struct ev_call *c = &e->u.call;
	fprintf(out, ", \"call\": \"%s\", \"step\": %d, \"line\": %d, \"arg\": %" PRId64,
		call_name(c->call), c->step, c->line, c->arg);
	if (c->call == CALL_SETSOCKOPT || c->call == CALL_FCNTL)
		fprintf(out, ", \"option\": \"%s\"", set_opt_name((enum set_opt)c->opt));
	if (e->kind != EV_RETURN)
		return;
	fprintf(out, ", \"ret\": %" PRId64 ", \"errno\": ", c->ret);
	json_str_or_null(out, json_errno(c->err));
	fprintf(out,
		", \"t_start_ns\": %" PRId64 ", \"duration_ns\": %" PRId64 ", \"state_after\": ",
		c->t_start - t0, c->t_end - c->t_start);
	json_str_or_null(out, c->state ? tcp_state_name(c->state) : NULL);
}

/* A number, or null when it was not observed. */
static void json_uint_or_null(FILE *out, unsigned n, int known)
{
	if (known)
		fprintf(out, "%u", n);
	else
		fputs("null", out);
}

static void json_state(FILE *out, const struct ev_state *s)
{
	static const char *const timers[TIMER_COUNT] = {
	    [TIMER_RETRANSMIT] = "retransmit",
	    [TIMER_KEEPALIVE] = "keepalive",
	    [TIMER_TIME_WAIT] = "time_wait",
	    [TIMER_ZERO_WINDOW_PROBE] = "zero_window_probe",
	};
	int known = !s->unsampled; /* the tracepoint gives no queues, no timer */
	fprintf(out, ", \"lport\": %u, \"rport\": %u, \"state\": \"%s\", \"source\": \"%s\"",
		s->lport, s->rport, tcp_state_name(s->state), state_source_name(s->source));
	fputs(", \"send_q\": ", out);
	json_uint_or_null(out, s->sendq, known);
	fputs(", \"recv_q\": ", out);
	json_uint_or_null(out, s->recvq, known);
	fprintf(out, ", \"backlog\": %u, \"accept_q\": %u, \"timer\": ", s->backlog, s->acceptq);
	json_str_or_null(out, !known                                        ? NULL
			      : s->timer < sizeof timers / sizeof timers[0] ? timers[s->timer]
									    : "other");
	fputs(", \"timer_ms\": ", out);
	json_uint_or_null(out, s->timer_ms, known && s->timer);
	fputs(", \"retransmits\": ", out);
	json_uint_or_null(out, s->retrans, known);
	fprintf(out, ", \"orphan\": %s, \"queued\": %s", s->orphan ? "true" : "false",
		s->queued ? "true" : "false");
}

static void json_facts(FILE *out, const struct verdict *v)
{
	const char *const *names = verdict_fact_names();
	fputs("{", out);
	for (size_t i = 0; names[i]; i++) {
		struct fact_value fv;
		verdict_fact_get(v, names[i], &fv);
		fprintf(out, "%s\n    \"%s\": ", i ? "," : "", names[i]);
		switch (fv.type) {
		case FV_NULL:
			fputs("null", out);
			break;
		case FV_WORD:
			json_str(out, fv.word);
			break;
		case FV_INT:
			fprintf(out, "%" PRId64, fv.n);
			break;
		case FV_BOOL:
			fputs(fv.n ? "true" : "false", out);
			break;
		}
	}
	fputs("\n  }", out);
}

static void json_accounting(FILE *out, const struct verdict *v)
{
	fputs("{", out);
	for (int s = 0; s < 2; s++) {
		const struct acct_flow *f = &v->acct.f[s];
		fprintf(out,
			"%s\n    \"%s\": {\"written\": %" PRIu64 ", \"sent\": %" PRIu64
			", \"acked\": %" PRIu64 ", \"received\": %" PRIu64 ", \"read\": %" PRIu64
			", \"unsent\": %" PRIu64 ", \"in_flight\": %" PRIu64
			", \"queued\": %" PRIu64 ", \"discarded\": %" PRIu64 "}",
			s ? "," : "", side_name((enum side)s), f->written, f->sent, f->acked,
			f->received, f->read, f->unsent, f->in_flight, f->queued, f->discarded);
	}
	fputs("\n  }", out);
}

void report_json(FILE *out, const struct timeline *tl, const struct verdict *v)
{
	static const char *const kinds[] = {"call", "return", "packet", "state", "note"};
	fprintf(out,
		"{\n  \"format_version\": %d,\n  \"lingerlab_version\": ", JSON_FORMAT_VERSION);
	json_str(out, PACKAGE_VERSION);
	fputs(",\n  \"scenario\": ", out);
	json_str(out, tl->scenario);
	fputs(",\n  \"params\": ", out);
	json_params(out, tl->params);
	fprintf(out,
		",\n  \"server_port\": %u,\n  \"namespace\": \"%s\",\n"
		"  \"packets_observed\": %s,\n  \"states_observed\": %s,\n"
		"  \"start_ns\": %" PRId64 ",\n  \"events\": [",
		tl->server_port,
		!tl->namespaced ? "host"
		: tl->userns    ? "user+net"
				: "net",
		tl->packets_observed ? "true" : "false", tl->states_observed ? "true" : "false",
		tl->t0);
	for (size_t i = 0; i < tl->n; i++) {
		const struct event *e = &tl->ev[i];
		fprintf(out, "%s\n    {\"t_ns\": %" PRId64 ", \"kind\": \"%s\", \"side\": ",
			i ? "," : "", e->t - tl->t0, kinds[e->kind]);
		json_str_or_null(out, e->side == SIDE_NONE ? NULL : side_name(e->side));
		switch (e->kind) {
		case EV_CALL:
		case EV_RETURN:
			json_call(out, e, tl->t0);
			break;
		case EV_PACKET: {
			char fl[16];
			const struct ev_packet *p = &e->u.pkt;
			tcp_flags_str(p->flags, fl, sizeof fl);
			fprintf(out,
				", \"sport\": %u, \"dport\": %u, \"flags\": \"%s\", \"seq\": %u, "
				"\"ack\": %u, \"rel_seq\": %u, \"rel_ack\": %u, \"len\": %u, "
				"\"win\": %u",
				p->sport, p->dport, fl, p->seq, p->ack, p->rseq, p->rack, p->len,
				p->win);
			break;
		}
		case EV_STATE:
			json_state(out, &e->u.st);
			break;
		case EV_NOTE:
			fprintf(out, ", \"note\": \"%s\", \"text\": ", note_name(e->u.note.what));
			json_str(out, e->u.note.text);
			break;
		}
		fputc('}', out);
	}
	fputs("\n  ],\n  \"facts\": ", out);
	json_facts(out, v);
	fputs(",\n  \"accounting\": ", out);
	json_accounting(out, v);
	fputs("\n}\n", out);
}
