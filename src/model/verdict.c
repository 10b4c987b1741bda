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
#include "base/i18n.h"
#include "model/verdict.h"

const char *read_end_name(int re)
{
	static const char *const names[] = {"none", "data", "eof", "reset", "eagain", "error"};
	return re >= 0 && re <= RE_ERROR ? names[re] : "none";
}

static int is_first(int64_t t, int64_t cur)
{
	return t && (!cur || t < cur);
}

/* An RST the lab injected (`inject rst`) shows on the wire as the peer's;
 * it is not what the peer's TCP sent.  It is the RST from side e->side
 * captured during the other side's successful inject call. */
static int injected(const struct timeline *tl, const struct event *e)
{
	for (size_t i = 0; i < tl->n; i++) {
		const struct event *c = &tl->ev[i];
		if (c->kind == EV_RETURN && c->side != e->side && c->side <= SIDE_SERVER &&
		    c->u.call.call == CALL_INJECT && c->u.call.ret == 0 &&
		    e->t >= c->u.call.t_start && e->t <= c->u.call.t_end)
			return 1;
	}
	return 0;
}

void verdict_compute(const struct timeline *tl, struct verdict *v)
{
	int64_t close_end[2] = {0, 0};

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
					sv->read_end = c->err == ECONNRESET ? RE_RESET
						       : c->err == EAGAIN   ? RE_EAGAIN
									    : RE_ERROR;
				}
				break;
			case CALL_CLOSE:
				sv->close_ret = c->ret;
				sv->close_err = c->err;
				sv->close_ns = c->t_end - c->t_start;
				if (c->arg == 0 && c->state) {
					/* the actor asked sock_diag right after close() */
					struct ev_state st = {.state = c->state, .sendq = c->sendq};
					close_end[e->side] = 0;
					sv->close_sendq = c->state == TS_CLOSE
							      ? 0
							      : (int64_t)acct_sendq_data(&st);
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
			case CALL_CONNECT:
				if (c->ret < 0)
					sv->connect_err = c->err;
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
			if ((p->flags & FL_RST) && !sv->sent_rst && !injected(tl, e)) {
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
				sv->close_sendq =
				    st->state == TS_CLOSE ? 0 : (int64_t)acct_sendq_data(st);
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
		if (is_first(sv->t_first_close, v->first_closer == SIDE_NONE
						    ? 0
						    : v->s[v->first_closer].t_first_close))
			v->first_closer = (enum side)s;
		if (sv->sent_fin &&
		    is_first(sv->t_fin, v->first_fin == SIDE_NONE ? 0 : v->s[v->first_fin].t_fin))
			v->first_fin = (enum side)s;
		if (sv->sent_rst &&
		    is_first(sv->t_rst, v->first_rst == SIDE_NONE ? 0 : v->s[v->first_rst].t_rst))
			v->first_rst = (enum side)s;
	}
}

/* --- facts ---------------------------------------------------------------- */

/* Every fact, in documentation order.  Per-side facts come after
 * FACT_FIRST_PER_SIDE; their names are "client." or "server." + name. */
enum fact_id {
	FACT_FIRST_CLOSER,
	FACT_FIRST_FIN,
	FACT_FIRST_RST,
	FACT_TIMEWAIT,
	FACT_PACKETS,
	FACT_STATES,
	FACT_SENT,
	FACT_WRITTEN,
	FACT_ACKED,
	FACT_RECEIVED,
	FACT_READ,
	FACT_UNREAD,
	FACT_READ_END,
	FACT_CLOSE_RET,
	FACT_CLOSE_ERRNO,
	FACT_CLOSE_MS,
	FACT_CLOSE_US,
	FACT_CLOSE_BLOCKED,
	FACT_SHUTDOWN_MS,
	FACT_SHUTDOWN_US,
	FACT_EXIT_MS,
	FACT_EXIT_US,
	FACT_CLOSE_SENDQ,
	FACT_WRITE_ERRNO,
	FACT_BIND_ERRNO,
	FACT_CONNECT_ERRNO,
	FACT_SETSOCKOPT_ERRNO,
	FACT_FINAL,
	FACT_COUNT
};
#define FACT_FIRST_PER_SIDE FACT_SENT

/* The values a fact can take, for verdict_fact_value_ok(). */
enum fact_domain {
	D_SIDE,
	D_TW,
	D_SENT,
	D_BYTES,
	D_READ_END,
	D_RET,
	D_ERRNO,
	D_MS,
	D_YESNO,
	D_STATE
};

static const struct fact {
	const char *name;
	enum fact_domain domain;
} facts[FACT_COUNT] = {
    [FACT_FIRST_CLOSER] = {"first_closer", D_SIDE},
    [FACT_FIRST_FIN] = {"first_fin", D_SIDE},
    [FACT_FIRST_RST] = {"first_rst", D_SIDE},
    [FACT_TIMEWAIT] = {"timewait", D_TW},
    [FACT_PACKETS] = {"packets", D_YESNO},
    [FACT_STATES] = {"states", D_YESNO},
    [FACT_SENT] = {"sent", D_SENT},
    [FACT_WRITTEN] = {"written", D_BYTES},
    [FACT_ACKED] = {"acked", D_BYTES},
    [FACT_RECEIVED] = {"received", D_BYTES},
    [FACT_READ] = {"read", D_BYTES},
    [FACT_UNREAD] = {"unread", D_BYTES},
    [FACT_READ_END] = {"read_end", D_READ_END},
    [FACT_CLOSE_RET] = {"close_ret", D_RET},
    [FACT_CLOSE_ERRNO] = {"close_errno", D_ERRNO},
    [FACT_CLOSE_MS] = {"close_ms", D_MS},
    [FACT_CLOSE_US] = {"close_us", D_MS},
    [FACT_CLOSE_BLOCKED] = {"close_blocked", D_YESNO},
    [FACT_SHUTDOWN_MS] = {"shutdown_ms", D_MS},
    [FACT_SHUTDOWN_US] = {"shutdown_us", D_MS},
    [FACT_EXIT_MS] = {"exit_ms", D_MS},
    [FACT_EXIT_US] = {"exit_us", D_MS},
    [FACT_CLOSE_SENDQ] = {"close_sendq", D_BYTES},
    [FACT_WRITE_ERRNO] = {"write_errno", D_ERRNO},
    [FACT_BIND_ERRNO] = {"bind_errno", D_ERRNO},
    [FACT_CONNECT_ERRNO] = {"connect_errno", D_ERRNO},
    [FACT_SETSOCKOPT_ERRNO] = {"setsockopt_errno", D_ERRNO},
    [FACT_FINAL] = {"final", D_STATE},
};

/* The fact called `name`, and the side of a per-side fact. */
static int find_fact(const char *name, enum side *side)
{
	*side = SIDE_NONE;
	if (!name)
		return -1;
	if (!strncmp(name, "client.", 7)) {
		*side = SIDE_CLIENT;
		name += 7;
	} else if (!strncmp(name, "server.", 7)) {
		*side = SIDE_SERVER;
		name += 7;
	}
	for (int id = 0; id < FACT_COUNT; id++)
		if (!strcmp(facts[id].name, name) &&
		    (id >= FACT_FIRST_PER_SIDE) == (*side != SIDE_NONE))
			return id;
	return -1;
}

const char *const *verdict_fact_names(void)
{
	static const char *names[2 * FACT_COUNT + 1];
	static char store[FACT_COUNT][2][40];
	if (!names[0]) {
		size_t n = 0;
		for (int id = 0; id < FACT_COUNT; id++) {
			if (id < FACT_FIRST_PER_SIDE) {
				names[n++] = facts[id].name;
				continue;
			}
			for (int s = 0; s < 2; s++) {
				snprintf(store[id][s], sizeof store[id][s], "%s.%s",
					 side_name((enum side)s), facts[id].name);
				names[n++] = store[id][s];
			}
		}
		names[n] = NULL;
	}
	return names;
}

static void set_null(struct fact_value *fv, const char *text)
{
	fv->type = FV_NULL;
	fv->word = text;
}

static void set_word(struct fact_value *fv, const char *word)
{
	fv->type = FV_WORD;
	fv->word = word;
}

static void set_int(struct fact_value *fv, int64_t n)
{
	fv->type = FV_INT;
	fv->n = n;
}

static void set_bool(struct fact_value *fv, int b)
{
	fv->type = FV_BOOL;
	fv->n = !!b;
}

static void set_errno(struct fact_value *fv, int err)
{
	if (!err)
		set_null(fv, "0");
	else
		set_word(fv, errno_name(err) ? errno_name(err) : "EOTHER");
}

/* A duration in ns (-1: the call was not made) in units of `unit` ns. */
static void set_duration(struct fact_value *fv, int64_t ns, int64_t unit)
{
	if (ns < 0)
		set_null(fv, "none");
	else
		set_int(fv, ns / unit);
}

static const char *unknown = "unknown";

static void global_fact(const struct verdict *v, int id, struct fact_value *fv)
{
	enum side who = id == FACT_FIRST_CLOSER ? v->first_closer
			: id == FACT_FIRST_FIN  ? v->first_fin
						: v->first_rst;
	int tw0 = v->s[0].time_wait, tw1 = v->s[1].time_wait;
	switch (id) {
	case FACT_FIRST_CLOSER:
	case FACT_FIRST_FIN:
	case FACT_FIRST_RST:
		if (!v->packets && id != FACT_FIRST_CLOSER)
			set_null(fv, unknown);
		else
			set_word(fv, side_name(who));
		break;
	case FACT_TIMEWAIT:
		if (!v->states)
			set_null(fv, unknown);
		else
			set_word(fv, tw0 && tw1 ? "both"
				     : tw0      ? "client"
				     : tw1      ? "server"
						: "none");
		break;
	case FACT_PACKETS:
		set_bool(fv, v->packets);
		break;
	default: /* FACT_STATES */
		set_bool(fv, v->states);
		break;
	}
}

static void side_fact(const struct verdict *v, const struct side_verdict *sv, int id,
		      struct fact_value *fv)
{
	int64_t close_ns = sv->close_ret == INT64_MIN ? -1 : sv->close_ns;
	switch (id) {
	case FACT_SENT:
		if (!v->packets)
			set_null(fv, unknown);
		else
			set_word(fv, sv->sent_fin && sv->sent_rst ? "both"
				     : sv->sent_fin               ? "fin"
				     : sv->sent_rst               ? "rst"
								  : "none");
		break;
	case FACT_WRITTEN:
		set_int(fv, (int64_t)sv->written);
		break;
	case FACT_ACKED:
		if (!v->packets)
			set_null(fv, unknown);
		else
			set_int(fv, (int64_t)sv->acked);
		break;
	case FACT_RECEIVED:
		set_int(fv, (int64_t)sv->received);
		break;
	case FACT_READ:
		set_int(fv, (int64_t)sv->read);
		break;
	case FACT_UNREAD:
		set_int(fv, (int64_t)sv->unread);
		break;
	case FACT_READ_END:
		set_word(fv, read_end_name(sv->read_end));
		break;
	case FACT_CLOSE_RET:
		if (sv->close_ret == INT64_MIN)
			set_null(fv, "none");
		else
			set_int(fv, sv->close_ret);
		break;
	case FACT_CLOSE_ERRNO:
		set_errno(fv, sv->close_err);
		break;
	case FACT_CLOSE_MS:
		set_duration(fv, close_ns, 1000000);
		break;
	case FACT_CLOSE_US:
		set_duration(fv, close_ns, 1000);
		break;
	case FACT_CLOSE_BLOCKED:
		set_bool(fv, close_ns >= 100000000);
		break;
	case FACT_SHUTDOWN_MS:
		set_duration(fv, sv->shutdown_ns, 1000000);
		break;
	case FACT_SHUTDOWN_US:
		set_duration(fv, sv->shutdown_ns, 1000);
		break;
	case FACT_EXIT_MS:
		set_duration(fv, sv->exit_ns, 1000000);
		break;
	case FACT_EXIT_US:
		set_duration(fv, sv->exit_ns, 1000);
		break;
	case FACT_CLOSE_SENDQ:
		if (sv->close_sendq < 0)
			set_null(fv, unknown);
		else
			set_int(fv, sv->close_sendq);
		break;
	case FACT_WRITE_ERRNO:
		set_errno(fv, sv->write_err);
		break;
	case FACT_BIND_ERRNO:
		set_errno(fv, sv->bind_err);
		break;
	case FACT_CONNECT_ERRNO:
		set_errno(fv, sv->connect_err);
		break;
	case FACT_SETSOCKOPT_ERRNO:
		set_errno(fv, sv->setsockopt_err);
		break;
	default: /* FACT_FINAL */
		if (!v->states)
			set_null(fv, unknown);
		else if (sv->final_state == TS_NONE)
			set_null(fv, tcp_state_name(TS_NONE));
		else
			set_word(fv, tcp_state_name(sv->final_state));
		break;
	}
}

int verdict_fact_get(const struct verdict *v, const char *name, struct fact_value *fv)
{
	enum side s;
	int id = find_fact(name, &s);
	memset(fv, 0, sizeof *fv);
	if (id < 0)
		return -1;
	if (s == SIDE_CLIENT || s == SIDE_SERVER)
		side_fact(v, &v->s[s], id, fv);
	else
		global_fact(v, id, fv);
	return 0;
}

int verdict_fact(const struct verdict *v, const char *name, char *buf, size_t len)
{
	struct fact_value fv;
	if (verdict_fact_get(v, name, &fv) < 0)
		return -1;
	if (fv.type == FV_INT)
		snprintf(buf, len, "%" PRId64, fv.n);
	else if (fv.type == FV_BOOL)
		snprintf(buf, len, "%s", fv.n ? "yes" : "no");
	else
		snprintf(buf, len, "%s", fv.word);
	return 0;
}

/* The words of a word-valued fact, with how a student reads them. */
static const struct {
	const char *word, *text;
} word_texts[] = {
    {"client", N_("client")},       {"server", N_("server")}, {"none", N_("none")},
    {"both", N_("both sides")},     {"fin", "FIN"},           {"rst", "RST"},
    {"eof", N_("end of file")},     {"reset", "ECONNRESET"},  {"eagain", "EAGAIN"},
    {"error", N_("another error")}, {"data", N_("data")},     {"unknown", N_("unknown")},
};

int verdict_fact_text(const struct verdict *v, const char *name, char *buf, size_t len)
{
	struct fact_value fv;
	int id;
	enum side s;
	if (verdict_fact_get(v, name, &fv) < 0)
		return -1;
	id = find_fact(name, &s);
	if (fv.type == FV_BOOL) {
		snprintf(buf, len, "%s", fv.n ? _("yes") : _("no"));
		return 0;
	}
	if (fv.type == FV_INT) {
		snprintf(buf, len, "%" PRId64, fv.n);
		return 0;
	}
	const char *text = fv.word;
	if (id == FACT_SENT && !strcmp(fv.word, "both"))
		text = _("FIN, then RST");
	else if (id == FACT_SENT && !strcmp(fv.word, "none"))
		text = _("neither FIN nor RST");
	else if (id == FACT_READ_END && !strcmp(fv.word, "none"))
		text = _("nothing read");
	else if ((id < FACT_FIRST_PER_SIDE && !strcmp(fv.word, "none")))
		text = _("nobody");
	else
		for (size_t i = 0; i < sizeof word_texts / sizeof word_texts[0]; i++)
			if (!strcmp(word_texts[i].word, fv.word))
				text = _(word_texts[i].text);
	snprintf(buf, len, "%s", text);
	return 0;
}

int verdict_fact_value_ok(const char *name, const char *value)
{
	static const char *const sides[] = {"client", "server", "none", "unknown", NULL};
	static const char *const tw[] = {"client", "server", "both", "none", "unknown", NULL};
	static const char *const sent[] = {"fin", "rst", "both", "none", "unknown", NULL};
	static const char *const re[] = {"none", "data", "eof", "reset", "eagain", "error", NULL};
	static const char *const yn[] = {"yes", "no", NULL};
	const char *const *set = NULL;
	enum side s;
	int id = find_fact(name, &s);
	if (id < 0 || !value || !*value)
		return 0;
	switch (facts[id].domain) {
	case D_SIDE:
		set = sides;
		break;
	case D_TW:
		set = tw;
		break;
	case D_SENT:
		set = sent;
		break;
	case D_READ_END:
		set = re;
		break;
	case D_YESNO:
		set = yn;
		break;
	case D_ERRNO:
		/* EWOULDBLOCK is EAGAIN on Linux, but a lesson may name it */
		if (!strcmp(value, "0") || !strcmp(value, "EOTHER") ||
		    !strcmp(value, "EWOULDBLOCK"))
			return 1;
		for (int e = 1; e < 200; e++)
			if (errno_name(e) && !strcmp(errno_name(e), value))
				return 1;
		return 0;
	case D_STATE:
		for (int st = 0; st < TS_COUNT; st++)
			if (!strcmp(tcp_state_name(st), value))
				return 1;
		return !strcmp(value, "unknown");
	case D_RET:
	case D_MS:
		if (!strcmp(value, "none"))
			return 1;
		__attribute__((fallthrough)); /* else an integer */
	case D_BYTES: {
		char *end;
		if (!strcmp(value, "unknown") && facts[id].domain == D_BYTES)
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
