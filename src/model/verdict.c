/* SPDX-License-Identifier: MIT */
/*
 * verdict.c - what a run proved (see verdict.h for the facts).
 *
 * Everything here is read off the timeline: syscall results for what the
 * applications saw, packets for what the TCPs sent and acknowledged,
 * state samples for where each socket ended.  A fact that depends on an
 * observation that was not made (no capture, say) has the value "unknown".
 */
#include "config.h"
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/verdict.h"

const char *read_end_name(int re)
{
	static const char *const names[] = { "none", "data", "eof", "reset", "eagain", "error" };
	return re >= 0 && re <= RE_ERROR ? names[re] : "none";
}

/* Send-Q counts sequence numbers: until the FIN is acknowledged, it
 * includes the FIN's.  Return the data bytes only. */
static int64_t state_data_queued(const struct ev_state *st)
{
	int fin_sent = st->state == TS_FIN_WAIT1 || st->state == TS_CLOSING ||
	               st->state == TS_LAST_ACK;
	return fin_sent && st->sendq > 0 ? (int64_t)st->sendq - 1 : st->sendq;
}

static int is_first(int64_t t, int64_t cur)
{
	return t && (!cur || t < cur);
}

void verdict_compute(const struct timeline *tl, struct verdict *v)
{
	int64_t close_end[2] = { 0, 0 };

	memset(v, 0, sizeof *v);
	v->packets = tl->packets_observed;
	v->states = tl->states_observed;
	v->first_closer = v->first_fin = v->first_rst = SIDE_NONE;
	for (int s = 0; s < 2; s++) {
		v->s[s].close_ret = INT64_MIN;
		v->s[s].close_sendq = -1;
		v->s[s].shutdown_ns = v->s[s].exit_ns = -1;
	}
	for (size_t i = 0; i < tl->n; i++) {
		const struct event *e = &tl->ev[i];
		if (e->side > SIDE_SERVER)
			continue;
		struct side_verdict *sv = &v->s[e->side];
		const struct ev_call *c = &e->u.call;
		switch (e->kind) {
		case EV_CALL:
			if ((c->call == CALL_CLOSE && c->arg == 0) || c->call == CALL_SHUTDOWN ||
			    c->call == CALL_EXIT || c->call == CALL_KILLED)
				if (!sv->t_first_close)
					sv->t_first_close = e->t;
			break;
		case EV_RETURN:
			if (c->state) {
				sv->final_state = c->state;
				sv->time_wait |= c->state == TS_TIME_WAIT;
			}
			switch (c->call) {
			case CALL_WRITE:
				if (c->ret < 0)
					sv->write_err = c->err;
				break;
			case CALL_READ:
				/* A reported reset ends the reads, whatever the
				 * reads after it return (0 once the socket is
				 * closed: not an orderly end of file). */
				if (sv->read_end == RE_RESET)
					break;
				if (c->ret > 0) {
					sv->read_end = RE_DATA;
				} else if (c->ret == 0 && c->arg > 0) {
					sv->read_end = RE_EOF;
				} else if (c->ret < 0) {
					sv->read_err = c->err;
					sv->read_end = c->err == ECONNRESET ? RE_RESET :
					               c->err == EAGAIN ? RE_EAGAIN : RE_ERROR;
				}
				break;
			case CALL_CLOSE:
				sv->close_ret = c->ret;
				sv->close_err = c->err;
				sv->close_ns = c->t_end - c->t_start;
				if (c->arg == 0 && c->state) {
					/* the actor asked sock_diag right after close() */
					struct ev_state st = { .state = c->state, .sendq = c->sendq };
					close_end[e->side] = 0;
					sv->close_sendq = c->state == TS_CLOSE ? 0 : state_data_queued(&st);
				} else if (c->arg == 0) {
					/* else the lab's first sample after it */
					close_end[e->side] = c->t_end;
					sv->close_sendq = -1;
				}
				break;
			case CALL_BIND:
				if (c->ret < 0)
					sv->bind_err = c->err;
				break;
			case CALL_SHUTDOWN:
				sv->shutdown_ns = c->t_end - c->t_start;
				break;
			case CALL_EXIT:
				sv->exit_ns = c->t_end - c->t_start;
				break;
			case CALL_SETSOCKOPT:
				if (c->ret < 0)
					sv->setsockopt_err = c->err;
				break;
			default:
				break;
			}
			break;
		case EV_PACKET: {
			const struct ev_packet *p = &e->u.pkt;
			if ((p->flags & FL_FIN) && !sv->sent_fin) {
				sv->sent_fin = 1;
				sv->t_fin = e->t;
			}
			if ((p->flags & FL_RST) && !sv->sent_rst) {
				sv->sent_rst = 1;
				sv->t_rst = e->t;
			}
			break;
		}
		case EV_STATE: {
			const struct ev_state *st = &e->u.st;
			if (st->state == TS_LISTEN || st->rport == 0)
				break; /* a listener, not the connection */
			sv->final_state = st->state;
			if (st->state == TS_TIME_WAIT)
				sv->time_wait = 1;
			if (close_end[e->side] && e->t >= close_end[e->side] && sv->close_sendq < 0)
				sv->close_sendq = st->state == TS_CLOSE ? 0 : state_data_queued(st);
			break;
		}
		default:
			break;
		}
	}
	accounting_at(tl, tl->n, &v->acct);
	for (int s = 0; s < 2; s++) {
		struct side_verdict *sv = &v->s[s];
		const struct acct_flow *f = &v->acct.f[s];
		sv->written = f->written;
		sv->acked = f->acked;
		sv->received = f->received;
		sv->read = v->acct.f[!s].read;
		sv->unread = f->written - f->read;
		if (is_first(sv->t_first_close, v->first_closer == SIDE_NONE ? 0 :
		             v->s[v->first_closer].t_first_close))
			v->first_closer = (enum side)s;
		if (sv->sent_fin && is_first(sv->t_fin, v->first_fin == SIDE_NONE ? 0 :
		                             v->s[v->first_fin].t_fin))
			v->first_fin = (enum side)s;
		if (sv->sent_rst && is_first(sv->t_rst, v->first_rst == SIDE_NONE ? 0 :
		                             v->s[v->first_rst].t_rst))
			v->first_rst = (enum side)s;
	}
}

/* --- facts ---------------------------------------------------------------- */

enum fact_type { F_SIDE, F_TW, F_SENT, F_BYTES, F_READ_END, F_RET, F_ERRNO,
                 F_MS, F_YESNO, F_STATE, F_SENDQ, F_GLOBAL_YESNO };

struct fact {
	const char *name;      /* without the "S." prefix for per-side facts */
	int per_side;
	enum fact_type type;
};

static const struct fact facts[] = {
	{ "first_closer", 0, F_SIDE },
	{ "first_fin", 0, F_SIDE },
	{ "first_rst", 0, F_SIDE },
	{ "timewait", 0, F_TW },
	{ "sent", 1, F_SENT },
	{ "written", 1, F_BYTES },
	{ "acked", 1, F_BYTES },
	{ "received", 1, F_BYTES },
	{ "read", 1, F_BYTES },
	{ "unread", 1, F_BYTES },
	{ "read_end", 1, F_READ_END },
	{ "close_ret", 1, F_RET },
	{ "close_errno", 1, F_ERRNO },
	{ "close_ms", 1, F_MS },
	{ "close_blocked", 1, F_YESNO },
	{ "shutdown_ms", 1, F_MS },
	{ "exit_ms", 1, F_MS },
	{ "close_sendq", 1, F_SENDQ },
	{ "write_errno", 1, F_ERRNO },
	{ "bind_errno", 1, F_ERRNO },
	{ "setsockopt_errno", 1, F_ERRNO },
	{ "final", 1, F_STATE },
	{ "packets", 0, F_GLOBAL_YESNO },
	{ "states", 0, F_GLOBAL_YESNO },
};

static const struct fact *find_fact(const char *name, int *side)
{
	*side = -1;
	if (!strncmp(name, "client.", 7)) {
		*side = SIDE_CLIENT;
		name += 7;
	} else if (!strncmp(name, "server.", 7)) {
		*side = SIDE_SERVER;
		name += 7;
	}
	for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++)
		if (!strcmp(facts[i].name, name) && facts[i].per_side == (*side >= 0))
			return &facts[i];
	return NULL;
}

const char *const *verdict_fact_names(void)
{
	static const char *names[2 * sizeof facts / sizeof facts[0] + 1];
	static char store[sizeof facts / sizeof facts[0]][2][40];
	if (!names[0]) {
		size_t n = 0;
		for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++) {
			if (!facts[i].per_side) {
				names[n++] = facts[i].name;
				continue;
			}
			for (int s = 0; s < 2; s++) {
				snprintf(store[i][s], sizeof store[i][s], "%s.%s",
				         s ? "server" : "client", facts[i].name);
				names[n++] = store[i][s];
			}
		}
		names[n] = NULL;
	}
	return names;
}

static const char *errno_sym(int err)
{
	const char *n = errno_name(err);
	return n ? n : "EOTHER";
}

int verdict_fact(const struct verdict *v, const char *name, char *buf, size_t len)
{
	int s;
	const struct fact *f = find_fact(name, &s);
	if (!f)
		return -1;
	const struct side_verdict *sv = s >= 0 ? &v->s[s] : NULL;
	const char *unknown = "unknown";
	switch (f->type) {
	case F_SIDE: {
		enum side who = !strcmp(f->name, "first_closer") ? v->first_closer :
		                !strcmp(f->name, "first_fin") ? v->first_fin : v->first_rst;
		if (!v->packets && strcmp(f->name, "first_closer"))
			snprintf(buf, len, "%s", unknown);
		else
			snprintf(buf, len, "%s", side_name(who));
		break;
	}
	case F_TW:
		if (!v->states)
			snprintf(buf, len, "%s", unknown);
		else
			snprintf(buf, len, "%s", v->s[0].time_wait && v->s[1].time_wait ? "both" :
			         v->s[0].time_wait ? "client" : v->s[1].time_wait ? "server" : "none");
		break;
	case F_SENT:
		if (!v->packets)
			snprintf(buf, len, "%s", unknown);
		else
			snprintf(buf, len, "%s", sv->sent_fin && sv->sent_rst ? "both" :
			         sv->sent_fin ? "fin" : sv->sent_rst ? "rst" : "none");
		break;
	case F_BYTES: {
		uint64_t b = !strcmp(f->name, "written") ? sv->written :
		             !strcmp(f->name, "acked") ? sv->acked :
		             !strcmp(f->name, "received") ? sv->received :
		             !strcmp(f->name, "read") ? sv->read : sv->unread;
		if (!strcmp(f->name, "acked") && !v->packets)
			snprintf(buf, len, "%s", unknown);
		else
			snprintf(buf, len, "%" PRIu64, b);
		break;
	}
	case F_READ_END:
		snprintf(buf, len, "%s", read_end_name(sv->read_end));
		break;
	case F_RET:
		if (sv->close_ret == INT64_MIN)
			snprintf(buf, len, "none");
		else
			snprintf(buf, len, "%" PRId64, sv->close_ret);
		break;
	case F_ERRNO: {
		int err = !strcmp(f->name, "close_errno") ? sv->close_err :
		          !strcmp(f->name, "write_errno") ? sv->write_err :
		          !strcmp(f->name, "bind_errno") ? sv->bind_err : sv->setsockopt_err;
		snprintf(buf, len, "%s", err ? errno_sym(err) : "0");
		break;
	}
	case F_MS: {
		int64_t ns = !strcmp(f->name, "close_ms") ? (sv->close_ret == INT64_MIN ? -1 : sv->close_ns) :
		             !strcmp(f->name, "shutdown_ms") ? sv->shutdown_ns : sv->exit_ns;
		if (ns < 0)
			snprintf(buf, len, "none");
		else
			snprintf(buf, len, "%" PRId64, ns / 1000000);
		break;
	}
	case F_YESNO:
		snprintf(buf, len, "%s", sv->close_ns >= 100000000 ? "yes" : "no");
		break;
	case F_SENDQ:
		if (sv->close_sendq < 0)
			snprintf(buf, len, "%s", unknown);
		else
			snprintf(buf, len, "%" PRId64, sv->close_sendq);
		break;
	case F_STATE:
		if (!v->states)
			snprintf(buf, len, "%s", unknown);
		else
			snprintf(buf, len, "%s", tcp_state_name(sv->final_state));
		break;
	case F_GLOBAL_YESNO:
		snprintf(buf, len, "%s", (!strcmp(f->name, "packets") ? v->packets : v->states)
		         ? "yes" : "no");
		break;
	}
	return 0;
}

int verdict_fact_value_ok(const char *name, const char *value)
{
	static const char *const sides[] = { "client", "server", "none", "unknown", NULL };
	static const char *const tw[] = { "client", "server", "both", "none", "unknown", NULL };
	static const char *const sent[] = { "fin", "rst", "both", "none", "unknown", NULL };
	static const char *const re[] = { "none", "data", "eof", "reset", "eagain", "error", NULL };
	static const char *const yn[] = { "yes", "no", NULL };
	const char *const *set = NULL;
	int s;
	const struct fact *f = find_fact(name, &s);
	if (!f || !value || !*value)
		return 0;
	switch (f->type) {
	case F_SIDE: set = sides; break;
	case F_TW: set = tw; break;
	case F_SENT: set = sent; break;
	case F_READ_END: set = re; break;
	case F_YESNO:
	case F_GLOBAL_YESNO: set = yn; break;
	case F_ERRNO:
		/* EWOULDBLOCK is EAGAIN on Linux, but a lesson may name it */
		if (!strcmp(value, "0") || !strcmp(value, "EOTHER") || !strcmp(value, "EWOULDBLOCK"))
			return 1;
		for (int e = 1; e < 200; e++)
			if (errno_name(e) && !strcmp(errno_name(e), value))
				return 1;
		return 0;
	case F_STATE:
		for (int st = 0; st < TS_COUNT; st++)
			if (!strcmp(tcp_state_name(st), value))
				return 1;
		return !strcmp(value, "unknown");
	case F_RET:
	case F_MS:
		if (!strcmp(value, "none"))
			return 1;
		__attribute__((fallthrough)); /* else an integer */
	case F_BYTES:
	case F_SENDQ: {
		char *end;
		if (!strcmp(value, "unknown") && f->type != F_RET && f->type != F_MS)
			return 1;
		strtoll(value, &end, 10);
		return end != value && !*end;
	}
	}
	for (; *set; set++)
		if (!strcmp(*set, value))
			return 1;
	return 0;
}
