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

void report_events(FILE *out, const struct timeline *tl)
{
	for (size_t i = 0; i < tl->n; i++) {
		const struct event *e = &tl->ev[i];
		double t = (double)(e->t - tl->t0) / 1e6;
		char fl[16];
		switch (e->kind) {
		case EV_CALL:
		case EV_RETURN:
			fprintf(out, "%10.3f %-6s %s %s(%" PRId64 ") = %" PRId64 " %s  [%.3f ms]\n", t,
			        side_name(e->side), e->kind == EV_CALL ? "call" : "ret ",
			        call_name(e->u.call.call), e->u.call.arg, e->u.call.ret,
			        e->u.call.err ? errno_name(e->u.call.err) : "",
			        (double)(e->u.call.t_end - e->u.call.t_start) / 1e6);
			break;
		case EV_PACKET:
			tcp_flags_str(e->u.pkt.flags, fl, sizeof fl);
			fprintf(out, "%10.3f %-6s pkt  %u > %u %s seq %u ack %u len %u win %u\n", t,
			        side_name(e->side), e->u.pkt.sport, e->u.pkt.dport, fl,
			        e->u.pkt.rseq, e->u.pkt.rack, e->u.pkt.len, e->u.pkt.win);
			break;
		case EV_STATE:
			fprintf(out, "%10.3f %-6s state %u-%u %s sendq %u recvq %u timer %u/%ums%s\n", t,
			        side_name(e->side), e->u.st.lport, e->u.st.rport,
			        tcp_state_name(e->u.st.state), e->u.st.sendq, e->u.st.recvq,
			        e->u.st.timer, e->u.st.timer_ms, e->u.st.orphan ? " orphan" : "");
			break;
		case EV_NOTE:
			fprintf(out, "%10.3f note %d %s\n", t, e->u.note.what, e->u.note.text);
			break;
		}
	}
}

/* --- the verdict in sentences -------------------------------------------- */

static const char *who(enum side s)
{
	return s == SIDE_CLIENT ? _("the client") : s == SIDE_SERVER ? _("the server") : _("nobody");
}

static void fact(const struct verdict *v, const char *name, char *buf, size_t len)
{
	if (verdict_fact(v, name, buf, len) < 0)
		snprintf(buf, len, "?");
}

static const char *read_end_text(int re)
{
	switch (re) {
	case RE_EOF: return _("0 (end of file: the peer closed in order)");
	case RE_RESET: return _("-1 ECONNRESET (the connection was reset)");
	case RE_EAGAIN: return _("-1 EAGAIN (nothing to read yet)");
	case RE_ERROR: return _("-1 with another error");
	case RE_DATA: return _("data (it stopped reading before the end)");
	default: return _("nothing (it did not read)");
	}
}

void report_text(FILE *out, const struct timeline *tl, const struct verdict *v,
                 int width, int utf8)
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
			        sv->sent_fin && sv->sent_rst ? _("FIN, then RST") :
			        sv->sent_rst ? _("RST (abortive)") :
			        sv->sent_fin ? _("FIN (orderly)") : _("neither FIN nor RST"));
		}
		if (sv->written || sv->unread)
			fprintf(out, "    ");
		if (sv->written || sv->unread)
			fprintf(out, _("wrote %" PRIu64 " B; the peer's TCP acknowledged %s B; "
		               "the peer application read %" PRIu64 " B; never read: %" PRIu64 " B"),
		        sv->written, v->packets ? (snprintf(buf, sizeof buf, "%" PRIu64, sv->acked), buf) : "?",
		        v->s[!s].read, sv->unread);
		if (sv->written || sv->unread)
			fputc('\n', out);
		if (sv->close_ret != INT64_MIN) {
			char dur[32];
			snprintf(dur, sizeof dur, "%.2f ms", (double)sv->close_ns / 1e6);
			fprintf(out, "    ");
			if (sv->close_ret < 0)
				fprintf(out, _("close() returned -1 %s after %s"),
				        errno_name(sv->close_err) ? errno_name(sv->close_err) : "?", dur);
			else
				fprintf(out, _("close() returned %d after %s"), (int)sv->close_ret, dur);
			if (sv->close_sendq > 0) {
				fputs("; ", out);
				fprintf(out, _("%" PRId64 " B were still queued in its kernel"), sv->close_sendq);
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
	        !strcmp(buf, "client") ? _("the client") : !strcmp(buf, "server") ? _("the server") :
	        !strcmp(buf, "both") ? _("both sides") : !strcmp(buf, "none") ? _("nobody") :
	        _("unknown (states not observed)"));
	if (!tl->namespaced)
		fprintf(out, "  %s\n", _("Ran on the host's loopback: kernel counters are not attributable to this run."));
}

/* --- JSON ----------------------------------------------------------------- */

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

void report_json(FILE *out, const struct timeline *tl, const struct verdict *v)
{
	static const char *const kinds[] = { "call", "return", "packet", "state", "note" };
	static const char *const notes[] = { "capture_off", "states_off", "host_net", "timeout",
	                                     "child_died", "drops", "counters", "wire", "capture_warn" };
	fputs("{\n  \"scenario\": ", out);
	json_str(out, tl->scenario);
	fputs(",\n  \"params\": ", out);
	json_str(out, tl->params);
	fprintf(out, ",\n  \"server_port\": %u,\n  \"namespace\": \"%s\",\n"
	        "  \"packets_observed\": %s,\n  \"states_observed\": %s,\n  \"events\": [",
	        tl->server_port, !tl->namespaced ? "host" : tl->userns ? "user+net" : "net",
	        tl->packets_observed ? "true" : "false", tl->states_observed ? "true" : "false");
	for (size_t i = 0; i < tl->n; i++) {
		const struct event *e = &tl->ev[i];
		fprintf(out, "%s\n    {\"t_ns\": %" PRId64 ", \"kind\": \"%s\", \"side\": \"%s\"",
		        i ? "," : "", e->t - tl->t0, kinds[e->kind], side_name(e->side));
		switch (e->kind) {
		case EV_CALL:
		case EV_RETURN: {
			const struct ev_call *c = &e->u.call;
			fprintf(out, ", \"call\": \"%s\", \"line\": %d, \"arg\": %" PRId64,
			        call_name(c->call), c->line, c->arg);
			if (c->call == CALL_SETSOCKOPT || c->call == CALL_FCNTL)
				fprintf(out, ", \"option\": \"%s\"", set_opt_name((enum set_opt)c->opt));
			if (e->kind == EV_RETURN)
				fprintf(out, ", \"ret\": %" PRId64 ", \"errno\": \"%s\", \"duration_ns\": %" PRId64,
				        c->ret, c->err ? (errno_name(c->err) ? errno_name(c->err) : "EOTHER") : "0",
				        c->t_end - c->t_start);
			break;
		}
		case EV_PACKET: {
			char fl[16];
			const struct ev_packet *p = &e->u.pkt;
			tcp_flags_str(p->flags, fl, sizeof fl);
			fprintf(out, ", \"sport\": %u, \"dport\": %u, \"flags\": \"%s\", \"seq\": %u, "
			        "\"ack\": %u, \"rel_seq\": %u, \"rel_ack\": %u, \"len\": %u, \"win\": %u",
			        p->sport, p->dport, fl, p->seq, p->ack, p->rseq, p->rack, p->len, p->win);
			break;
		}
		case EV_STATE: {
			const struct ev_state *s = &e->u.st;
			fprintf(out, ", \"lport\": %u, \"rport\": %u, \"state\": \"%s\", \"send_q\": %u, "
			        "\"recv_q\": %u, \"timer\": %u, \"timer_ms\": %u, \"orphan\": %s",
			        s->lport, s->rport, tcp_state_name(s->state), s->sendq, s->recvq,
			        s->timer, s->timer_ms, s->orphan ? "true" : "false");
			fprintf(out, ", \"source\": \"%s\", \"queued\": %s, \"backlog\": %u, \"accept_q\": %u",
			        state_source_name(s->source), s->queued ? "true" : "false",
			        s->backlog, s->acceptq);
			break;
		}
		case EV_NOTE:
			fprintf(out, ", \"note\": \"%s\", \"text\": ", notes[e->u.note.what]);
			json_str(out, e->u.note.text);
			break;
		}
		fputc('}', out);
	}
	fputs("\n  ],\n  \"facts\": {", out);
	const char *const *names = verdict_fact_names();
	for (size_t i = 0; names[i]; i++) {
		char buf[64];
		verdict_fact(v, names[i], buf, sizeof buf);
		fprintf(out, "%s\n    \"%s\": ", i ? "," : "", names[i]);
		json_str(out, buf);
	}
	fputs("\n  }\n}\n", out);
}
