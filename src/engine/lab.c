/* SPDX-License-Identifier: MIT */
/*
 * lab.c - isolate, observe and referee one experiment (see lab.h).
 */
#include "config.h"
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "engine/actor.h"
#include "engine/capture.h"
#include "captures/packet.h"
#include "base/i18n.h"
#include "engine/lab.h"
#include "engine/netns.h"
#include "engine/sockdiag.h"
#include "engine/tracepoint.h"
#include "base/util.h"
#include "engine/wire.h"

#define MAX_SOCKS 64
#define SAMPLE_EVERY_MS 1
#define SAMPLE_MAX_SPREAD_NS 200000

struct side_proc {
	pid_t pid;
	int alive;
	int rec_fd, ctl_fd;
	uint8_t buf[sizeof(struct actor_rec) * 16];
	size_t len;
	int done[OP_COUNT];     /* finished steps, per operation */
	int waits[2][OP_COUNT]; /* waits issued on (side, op) */
	int waiting;            /* blocked in a barrier */
	int wait_side, wait_op, wait_need;
	int kill_requested;
	struct ev_call pending_end; /* exit/kill call, finished when reaped */
	int has_pending_end;
	uint16_t lport, rport; /* its connection, from its calls' records */
	int conn_known;        /* a sample has shown (or ended) it */
	uint16_t accepted[16]; /* peer ports of the connections it accepted */
	int naccepted;
};

struct lab {
	const struct lab_args *args;
	int out;
	uint16_t port;
	struct capture *cap;
	int diag_fd;
	struct ev_state socks[MAX_SOCKS];
	int nsocks;
	int64_t last_packet;
	int64_t fastest_dump; /* ns, the quickest sock_diag dump so far */
	int dropped;          /* samples dropped in a row as imprecise */
	struct side_proc side[2];
	struct tracepoint *tp; /* exact state changes (root), or NULL */
	struct traced {        /* our sockets as the tracepoint saw them */
		uint64_t sk;
		uint16_t lport, rport;
		uint8_t state;
		uint8_t handed; /* moved to a TIME_WAIT minisocket, which
				   the tracepoint does not follow */
		int pending;    /* `held` waits for the socket's port */
		struct wire_state held;
	} traced[MAX_SOCKS];
	int ntraced;
	int raw_fd; /* for `inject rst`: opened before privileges go */
	struct {    /* the latest segment each side sent */
		int seen;
		uint16_t sport, dport;
		uint32_t next_seq; /* its sequence number after that segment */
	} sent[2];
};

static void emit(struct lab *l, uint16_t type, uint16_t side, const void *a, size_t alen,
		 const void *b, size_t blen)
{
	if (wire_send(l->out, type, side, a, alen, b, blen) < 0)
		_exit(4); /* the parent is gone: the run is over */
}

static void note(struct lab *l, enum note what, const char *text)
{
	struct wire_note n = {now_ns(), what};
	emit(l, W_NOTE, SIDE_NONE, &n, sizeof n, text, strlen(text));
}

static void __attribute__((noreturn)) lab_fail(struct lab *l, const char *text)
{
	emit(l, W_ERROR, SIDE_NONE, text, strlen(text), NULL, 0);
	_exit(1);
}

/* --- packets and states ------------------------------------------------ */

static void on_packet(void *u, int64_t t, const uint8_t *frame, uint32_t caplen, uint32_t wirelen)
{
	struct lab *l = u;
	struct wire_packet p = {t, caplen, wirelen};
	struct ev_packet seg;
	l->last_packet = mono_ns();
	if (packet_decode(capture_linktype(l->cap), frame, caplen, &seg) == 0) {
		int s = seg.sport == l->port ? SIDE_SERVER : SIDE_CLIENT;
		l->sent[s].seen = 1;
		l->sent[s].sport = seg.sport;
		l->sent[s].dport = seg.dport;
		l->sent[s].next_seq =
		    seg.seq + seg.len + !!(seg.flags & FL_SYN) + !!(seg.flags & FL_FIN);
	}
	emit(l, W_PACKET, SIDE_NONE, &p, sizeof p, frame, caplen);
}

struct sample {
	struct ev_state now[MAX_SOCKS];
	int n;
};

static void on_sock(void *u, const struct ev_state *st)
{
	struct sample *s = u;
	if (s->n < MAX_SOCKS)
		s->now[s->n++] = *st;
}

static int same_sock(const struct ev_state *a, const struct ev_state *b)
{
	return a->lport == b->lport && a->rport == b->rport;
}

static int same_values(const struct ev_state *a, const struct ev_state *b)
{
	return a->state == b->state && a->sendq == b->sendq && a->recvq == b->recvq &&
	       a->backlog == b->backlog && a->acceptq == b->acceptq && a->timer == b->timer &&
	       a->orphan == b->orphan && a->queued == b->queued && a->retrans == b->retrans;
}

static void read_recs(struct lab *l, enum side s);

/* A server connection without a descriptor is an orphan once the server
 * accepted it; before that it waits in the accept queue. */
static void tell_queued(const struct lab *l, struct ev_state *st)
{
	const struct side_proc *p = &l->side[SIDE_SERVER];
	if (!st->orphan || st->lport != l->port || !st->rport)
		return;
	for (int i = 0; i < p->naccepted; i++)
		if (p->accepted[i] == st->rport)
			return;
	st->orphan = 0;
	st->queued = 1;
}

/* A side's connection that no sample ever caught and that the kernel no
 * longer has (it lived between two samples, e.g. aborted at exit): its
 * last state is CLOSED, not whatever its last call saw. */
static void report_unseen_gone(struct lab *l, const struct sample *s, int64_t t)
{
	for (int side = 0; side < 2; side++) {
		struct side_proc *p = &l->side[side];
		struct ev_state st = {
		    .lport = p->lport, .rport = p->rport, .state = TS_CLOSE, .source = SRC_SAMPLE};
		if (!st.lport || p->conn_known)
			continue;
		for (int i = 0; i < s->n && !p->conn_known; i++)
			p->conn_known = same_sock(&st, &s->now[i]);
		if (p->conn_known)
			continue;
		p->conn_known = 1;
		struct wire_state w = {t, st};
		emit(l, W_STATE, SIDE_NONE, &w, sizeof w, NULL, 0);
	}
}

static struct traced *traced_sock(struct lab *l, uint16_t lport, uint16_t rport)
{
	for (int i = l->ntraced - 1; i >= 0; i--)
		if (l->traced[i].lport == lport && l->traced[i].rport == rport)
			return &l->traced[i];
	return NULL;
}

/* Whether a change the tracepoint saw (in any namespace) is ours: a socket
 * we already follow; a listen() or connect() made by the lab or one of its
 * sides (the only changes made in a process's own context from CLOSE); or
 * a socket on the far end of one of our connections. */
static struct traced *our_sock(struct lab *l, const struct tp_change *c)
{
	for (int i = 0; i < l->ntraced; i++)
		if (l->traced[i].sk && l->traced[i].sk == c->sk)
			return &l->traced[i];
	int ours = 0;
	if (c->oldstate == TS_CLOSE && (c->newstate == TS_LISTEN || c->newstate == TS_SYN_SENT))
		ours = c->pid == getpid() || c->pid == l->side[SIDE_CLIENT].pid ||
		       c->pid == l->side[SIDE_SERVER].pid;
	else if (c->sport && c->dport)
		ours = traced_sock(l, c->dport, c->sport) != NULL ||
		       (c->dport == l->side[SIDE_CLIENT].lport &&
			c->sport == l->side[SIDE_CLIENT].rport);
	if (!ours || l->ntraced == MAX_SOCKS)
		return NULL;
	struct traced *t = &l->traced[l->ntraced++];
	t->sk = c->sk;
	return t;
}

static void on_change(void *u, const struct tp_change *c)
{
	struct lab *l = u;
	struct traced *t = our_sock(l, c);
	if (!t)
		return;
	struct wire_state w = {c->t,
			       {.lport = c->sport,
				.rport = c->dport,
				.state = c->newstate,
				.source = SRC_TRACEPOINT,
				.unsampled = 1}};
	/* connect() enters SYN_SENT before it picks the local port: that
	 * change is told with the port the socket's next change shows */
	if (t->pending) {
		t->held.st.lport = c->sport;
		emit(l, W_STATE, SIDE_NONE, &t->held, sizeof t->held, NULL, 0);
		t->pending = 0;
	}
	if (c->newstate == TS_SYN_SENT && !c->sport) {
		t->held = w;
		t->pending = 1;
		t->state = c->newstate;
		return;
	}
	/* entering TIME_WAIT (or FIN_WAIT_2 once its program closed it), the
	 * kernel hands the connection to a minisocket the tracepoint does not
	 * report, and the full socket goes to CLOSE: ask sock_diag where the
	 * connection is, and let the samples follow it from there */
	struct ev_state st;
	int64_t asked = now_ns();
	t->lport = c->sport;
	t->rport = c->dport;
	/* a closed socket is freed and its address reused, maybe by another
	 * namespace's socket: from now on it is known by its ports only */
	if (c->newstate == TS_CLOSE)
		t->sk = 0;
	if (c->newstate == TS_CLOSE && l->diag_fd >= 0 &&
	    (c->oldstate == TS_FIN_WAIT1 || c->oldstate == TS_FIN_WAIT2 ||
	     c->oldstate == TS_CLOSING) &&
	    sockdiag_lookup(l->diag_fd, c->sport, c->dport, &st) == 1) {
		t->handed = 1;
		t->state = st.state;
		/* caught in the middle of the handover, the answer can be the
		 * full socket's: then the next sample tells */
		if (st.state != TS_FIN_WAIT2 && st.state != TS_TIME_WAIT)
			return;
		w.st = st;
		w.st.source = SRC_LOOKUP;
		/* the timer as it stood at the change */
		if (st.timer_ms && asked > c->t)
			w.st.timer_ms += (uint32_t)((asked - c->t) / 1000000);
	}
	t->state = w.st.state;
	emit(l, W_STATE, SIDE_NONE, &w, sizeof w, NULL, 0);
}

/* Sample every socket of the experiment; report what changed.  `force`
 * keeps the sample however long the dump took (the last one of a run). */
static void sample(struct lab *l, int force)
{
	struct sample s = {.n = 0};
	if (l->diag_fd < 0)
		return;
	/* The kernel's answer reflects some instant between these two reads
	 * of the clock.  If we were preempted in between, we cannot say when
	 * the sockets were in these states: drop the sample and retake it. */
	int64_t t0 = now_ns();
	if (sockdiag_dump(l->diag_fd, l->port, on_sock, &s) < 0)
		return;
	int64_t t1 = now_ns();
	/* what the sides did before the dump (an accept(), a connection's
	 * ports) is in their pipes now */
	for (int side = 0; side < 2; side++)
		if (l->side[side].alive)
			read_recs(l, (enum side)side);
	/* and every change the dump may have seen is in the tracepoint's
	 * rings: take them first, so a sample never contradicts them */
	if (l->tp)
		tracepoint_read(l->tp, on_change, l);
	for (int i = 0; i < s.n; i++)
		tell_queued(l, &s.now[i]);
	/* "preempted" means much slower than the fastest dump seen: on the
	 * host's global table every dump is slow, yet precise enough */
	if (!l->fastest_dump || t1 - t0 < l->fastest_dump)
		l->fastest_dump = t1 - t0;
	if (!force && l->dropped < 20 && t1 - t0 > SAMPLE_MAX_SPREAD_NS &&
	    t1 - t0 > 3 * l->fastest_dump) {
		l->dropped++;
		return;
	}
	l->dropped = 0;
	/* The snapshot was taken before t1: stamping it t1 may show a state a
	 * little late, but never before the packet that caused it. */
	int64_t t = t1;
	for (int i = 0; i < s.n; i++) {
		const struct ev_state *cur = &s.now[i], *old = NULL;
		for (int j = 0; j < l->nsocks; j++)
			if (same_sock(cur, &l->socks[j]))
				old = &l->socks[j];
		if (old && same_values(old, cur))
			continue;
		/* with the tracepoint, a sample only adds queues and timers to
		 * the state it reported; a sample taken a moment before or after
		 * a change must not contradict it */
		struct traced *tr = traced_sock(l, cur->lport, cur->rport);
		if (tr && !tr->handed && tr->state != cur->state)
			continue;
		/* a connection handed to a TIME_WAIT minisocket can only be in
		 * FIN_WAIT_2 or TIME_WAIT: anything else is the dying full
		 * socket, seen in the middle of the handover */
		if (tr && tr->handed && (cur->state != TS_FIN_WAIT2 || tr->state == TS_TIME_WAIT) &&
		    cur->state != TS_TIME_WAIT)
			continue;
		if (tr && tr->handed)
			tr->state = cur->state;
		struct wire_state w = {t, *cur};
		emit(l, W_STATE, SIDE_NONE, &w, sizeof w, NULL, 0);
	}
	for (int j = 0; j < l->nsocks; j++) {
		struct traced *tr = traced_sock(l, l->socks[j].lport, l->socks[j].rport);
		if (l->tp && !(tr && tr->handed))
			continue; /* the tracepoint reports its end */
		int found = 0;
		for (int i = 0; i < s.n && !found; i++)
			found = same_sock(&s.now[i], &l->socks[j]);
		if (!found) {
			struct wire_state w = {t, l->socks[j]};
			w.st.state = TS_CLOSE;
			w.st.sendq = w.st.recvq = w.st.backlog = w.st.acceptq = 0;
			w.st.timer = TIMER_NONE;
			w.st.timer_ms = 0;
			emit(l, W_STATE, SIDE_NONE, &w, sizeof w, NULL, 0);
		}
	}
	if (!l->tp)
		report_unseen_gone(l, &s, t);
	memcpy(l->socks, s.now, sizeof s.now[0] * (size_t)s.n);
	l->nsocks = s.n;
}

static int settled(const struct lab *l)
{
	for (int i = 0; i < l->nsocks; i++)
		if (l->socks[i].state != TS_TIME_WAIT)
			return 0;
	return 1;
}

/* --- kernel counters (per network namespace) --------------------------- */

static const char *const counter_names[] = {
    "TCPAbortOnData",   "TCPAbortOnClose", "TCPAbortOnLinger", "TCPAbortOnTimeout",
    "TCPAbortOnMemory", "OutRsts",         "EstabResets",      "AttemptFails",
};

/* Read /proc/net/{netstat,snmp}: pairs of "Prefix: names" and
 * "Prefix: values" lines. */
static void read_counters(long long *val)
{
	static const char *const files[] = {"/proc/self/net/netstat", "/proc/self/net/snmp"};
	for (size_t c = 0; c < ARRAY_LEN(counter_names); c++)
		val[c] = 0;
	for (size_t f = 0; f < ARRAY_LEN(files); f++) {
		size_t len;
		char *text = read_file(files[f], 1 << 20, &len);
		if (!text)
			continue;
		char *save = NULL, *names = NULL;
		for (char *line = strtok_r(text, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			if (!names) {
				names = line;
				continue;
			}
			/* names and values lines share a prefix like "TcpExt:" */
			char *s1 = NULL, *s2 = NULL;
			char *n = strtok_r(names, " ", &s1), *v = strtok_r(line, " ", &s2);
			if (n && v && !strcmp(n, v) &&
			    (!strcmp(n, "TcpExt:") || !strcmp(n, "Tcp:")))
				while ((n = strtok_r(NULL, " ", &s1)) &&
				       (v = strtok_r(NULL, " ", &s2)))
					for (size_t c = 0; c < ARRAY_LEN(counter_names); c++)
						if (!strcmp(n, counter_names[c]))
							val[c] = atoll(v);
			names = NULL;
		}
		free(text);
	}
}

static void report_counters(struct lab *l, const long long *before)
{
	long long after[ARRAY_LEN(counter_names)];
	char text[512] = "";
	size_t o = 0;
	read_counters(after);
	for (size_t c = 0; c < ARRAY_LEN(counter_names); c++)
		if (after[c] != before[c] && o < sizeof text - 64)
			o += (size_t)snprintf(text + o, sizeof text - o, "%s%s=%lld", o ? " " : "",
					      counter_names[c], after[c] - before[c]);
	note(l, NOTE_COUNTERS, text);
}

/* --- the two sides ------------------------------------------------------ */

/* Fork one side.  The child keeps only its own pipes (and, for the
 * server on the host's loopback, the listener the lab bound for it): not
 * the capture, the sock_diag socket, the pipe to our parent nor the other
 * side's pipes. */
static void spawn(struct lab *l, enum side s, int listen_fd)
{
	int rec[2], ctl[2];
	if (pipe2(rec, O_CLOEXEC) < 0 || pipe2(ctl, O_CLOEXEC) < 0)
		lab_fail(l, strerror(errno));
	pid_t pid = fork();
	if (pid < 0)
		lab_fail(l, strerror(errno));
	if (pid == 0) {
		struct actor_ctx ctx = {s, l->args->sc, l->port, rec[1], ctl[0], listen_fd};
		int keep[] = {rec[1], ctl[0], listen_fd};
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() == 1 || close_other_fds(keep, ARRAY_LEN(keep)) < 0)
			_exit(3);
		actor_run(&ctx);
	}
	close(rec[1]);
	close(ctl[0]);
	fcntl(rec[0], F_SETFL, O_NONBLOCK);
	l->side[s].pid = pid;
	l->side[s].alive = 1;
	l->side[s].rec_fd = rec[0];
	l->side[s].ctl_fd = ctl[1];
}

static void release(struct side_proc *p, char ok)
{
	ssize_t w;
	p->waiting = 0;
	do
		w = write(p->ctl_fd, &ok, 1);
	while (w < 0 && errno == EINTR);
}

/* Let a side through its barrier once the step it waits for is done, or
 * tell it the step never will be (the other side has ended). */
static void check_barriers(struct lab *l)
{
	for (int s = 0; s < 2; s++) {
		struct side_proc *p = &l->side[s];
		if (!p->waiting)
			continue;
		struct side_proc *o = &l->side[p->wait_side];
		if (p->wait_op == OP_SYNC) {
			/* a sync releases both sides together, once both wait */
			if (o->waiting && o->wait_op == OP_SYNC) {
				release(p, 1);
				release(o, 1);
			} else if (!o->alive) {
				release(p, 0);
			}
			continue;
		}
		if (o->done[p->wait_op] >= p->wait_need)
			release(p, 1);
		else if (!o->alive)
			release(p, 0);
	}
}

/* A raw socket for the scenario's `inject rst` steps, if it has any: in
 * the lab's own namespace only (CAP_NET_RAW there), never on the host. */
static void open_raw(struct lab *l, enum ns_mode mode)
{
	const struct scenario *sc = l->args->sc;
	int needed = 0;
	for (int s = 0; s < 2; s++)
		for (size_t i = 0; i < sc->nsteps[s]; i++)
			needed |= sc->steps[s][i].op == OP_INJECT;
	if (!needed)
		return;
	if (mode == NS_HOST)
		lab_fail(l, _("this scenario injects an RST, which lingerlab only does inside "
			      "a private network namespace, and none could be created here"));
	l->raw_fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_TCP);
	if (l->raw_fd < 0) {
		char msg[256];
		snprintf(msg, sizeof msg, _("cannot open a raw socket to inject an RST: %s"),
			 strerror(errno));
		lab_fail(l, msg);
	}
}

static uint16_t csum_add(uint32_t sum, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(b[i] << 8 | b[i + 1]);
	if (n & 1)
		sum += (uint32_t)b[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* `inject rst`: send side `s` an RST that looks like its peer's, with the
 * sequence number s expects next (RFC 9293: an RST is accepted only
 * then), through the raw socket, on the lab's own loopback.  Returns 1
 * if sent. */
static int inject_rst(struct lab *l, enum side s)
{
	int peer = s == SIDE_CLIENT ? SIDE_SERVER : SIDE_CLIENT;
	if (l->raw_fd < 0 || !l->sent[peer].seen)
		return 0;
	uint8_t seg[20], pseudo[12] = {127, 0, 0, 1, 127, 0, 0, 1, 0, IPPROTO_TCP, 0, 20};
	uint32_t seq = htonl(l->sent[peer].next_seq);
	uint16_t sp = htons(l->sent[peer].sport), dp = htons(l->sent[peer].dport);
	memset(seg, 0, sizeof seg);
	memcpy(seg, &sp, 2);
	memcpy(seg + 2, &dp, 2);
	memcpy(seg + 4, &seq, 4);
	seg[12] = 5 << 4; /* data offset: 5 words, no options */
	seg[13] = 0x04;   /* RST */
	uint16_t sum =
	    htons((uint16_t)~csum_add(csum_add(0, pseudo, sizeof pseudo), seg, sizeof seg));
	memcpy(seg + 16, &sum, 2);
	struct sockaddr_in to = {.sin_family = AF_INET};
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sendto(l->raw_fd, seg, sizeof seg, 0, (struct sockaddr *)&to, sizeof to) ==
	       (ssize_t)sizeof seg;
}

static void handle_rec(struct lab *l, enum side s, const struct actor_rec *r)
{
	struct side_proc *p = &l->side[s];
	struct wire_call wc = {0, r->call};
	switch (r->type) {
	case AR_CALL:
		wc.t = r->call.t_start;
		emit(l, W_CALL, s, &wc, sizeof wc, NULL, 0);
		break;
	case AR_RETURN:
		wc.t = r->call.t_end;
		emit(l, W_RETURN, s, &wc, sizeof wc, NULL, 0);
		if (r->lport && (r->lport != p->lport || r->rport != p->rport)) {
			p->lport = r->lport;
			p->rport = r->rport;
			p->conn_known = 0;
		}
		if (r->call.call == CALL_ACCEPT && r->call.ret >= 0 &&
		    p->naccepted < (int)ARRAY_LEN(p->accepted))
			p->accepted[p->naccepted++] = r->rport;
		break;
	case AR_STEP_DONE:
		if (r->call.arg >= 0 && r->call.arg < OP_COUNT)
			p->done[r->call.arg]++;
		break;
	case AR_WAIT:
		if (r->wait_side < 2 && r->wait_op < OP_COUNT) {
			p->waiting = 1;
			p->wait_side = r->wait_side;
			p->wait_op = r->wait_op;
			p->wait_need = ++p->waits[r->wait_side][r->wait_op];
		}
		break;
	case AR_INJECT:
		/* the segments captured so far tell the sequence number */
		if (l->cap)
			capture_dispatch(l->cap, on_packet, l);
		release(p, (char)inject_rst(l, s));
		break;
	case AR_KILL_ME:
	case AR_EXITING:
		wc.t = r->call.t_start;
		emit(l, W_CALL, s, &wc, sizeof wc, NULL, 0);
		p->pending_end = r->call;
		p->has_pending_end = 1;
		if (r->type == AR_KILL_ME) {
			p->kill_requested = 1;
			kill(p->pid, SIGKILL);
		}
		break;
	}
}

static void read_recs(struct lab *l, enum side s)
{
	struct side_proc *p = &l->side[s];
	for (;;) {
		ssize_t n = read(p->rec_fd, p->buf + p->len, sizeof p->buf - p->len);
		if (n <= 0)
			return;
		p->len += (size_t)n;
		size_t off = 0;
		while (p->len - off >= sizeof(struct actor_rec)) {
			struct actor_rec r;
			memcpy(&r, p->buf + off, sizeof r);
			handle_rec(l, s, &r);
			off += sizeof r;
		}
		memmove(p->buf, p->buf + off, p->len - off);
		p->len -= off;
	}
}

static void reap(struct lab *l)
{
	for (int s = 0; s < 2; s++) {
		struct side_proc *p = &l->side[s];
		int status;
		if (!p->alive || waitpid(p->pid, &status, WNOHANG) != p->pid)
			continue;
		read_recs(l, (enum side)s); /* what it said before it went */
		p->alive = 0;
		if (p->has_pending_end) {
			struct wire_call wc = {now_ns(), p->pending_end};
			wc.call.t_end = wc.t;
			wc.call.ret = 0;
			emit(l, W_RETURN, (uint16_t)s, &wc, sizeof wc, NULL, 0);
			p->done[p->kill_requested ? OP_KILL : OP_EXIT]++;
		} else if (WIFSIGNALED(status) && !p->kill_requested) {
			char msg[256];
			snprintf(msg, sizeof msg,
				 s == SIDE_CLIENT ? _("the client died of signal %d (%s)")
						  : _("the server died of signal %d (%s)"),
				 WTERMSIG(status), strsignal(WTERMSIG(status)));
			note(l, NOTE_CHILD_DIED, msg);
		}
		close(p->rec_fd);
		close(p->ctl_fd);
	}
}

/* The data the scenario moves, both sides' writes: sizes the capture. */
static uint64_t run_bytes(const struct scenario *sc)
{
	uint64_t bytes = 0;
	for (int s = 0; s < 2; s++)
		for (size_t i = 0; i < sc->nsteps[s]; i++)
			if (sc->steps[s][i].op == OP_WRITE && sc->steps[s][i].arg > 0)
				bytes += (uint64_t)sc->steps[s][i].arg;
	return bytes;
}

/* The scenario's `sysctl` lines, written in the lab's own namespace only:
 * on the host's network they would change the machine's settings. */
static void set_sysctls(struct lab *l, enum ns_mode mode, char *done, size_t len)
{
	const struct scenario *sc = l->args->sc;
	size_t o = 0;
	struct diag err = {0};
	if (sc->nsysctls && mode == NS_HOST)
		lab_fail(l, _("this scenario changes kernel settings (sysctl), which lingerlab "
			      "only does inside a private network namespace, and none could "
			      "be created here"));
	for (size_t i = 0; i < sc->nsysctls; i++) {
		if (netns_sysctl(sc->sysctls[i].name, sc->sysctls[i].value, &err) < 0)
			lab_fail(l, err.msg);
		if (o < len)
			o += (size_t)snprintf(done + o, len - o, "%snet.ipv4.%s=%s", o ? "  " : "",
					      sc->sysctls[i].name, sc->sysctls[i].value);
	}
}

/* On the host's loopback another process could take a port between our
 * choice and the server's bind(): bind the server's first listener here,
 * to a port the kernel picks, and hand the bound socket over.  Returns
 * the socket (its port in *port), or -1 with errno. */
static int host_listener(uint16_t *port)
{
	struct sockaddr_in sin = {.sin_family = AF_INET};
	socklen_t len = sizeof sin;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&sin, sizeof sin) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sin, &len) < 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	*port = ntohs(sin.sin_port);
	return fd;
}

void lab_main(const struct lab_args *args)
{
	struct lab lab, *l = &lab;
	struct diag why = {0};
	struct diag err = {0}, derr = {0};
	enum ns_mode mode = NS_HOST;
	long long before[ARRAY_LEN(counter_names)];

	memset(l, 0, sizeof *l);
	l->args = args;
	l->out = args->out_fd;
	l->diag_fd = -1;
	l->raw_fd = -1;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != args->parent)
		_exit(4);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	fcntl(l->out, F_SETPIPE_SZ, 1 << 20);

	if (!args->no_namespace)
		mode = netns_enter(&why);
	else
		diag_set(&why, DIAG_NONE, "%s", _("requested with --host-net"));
	if (mode == NS_FAILED)
		lab_fail(l, why.msg);
	int listen_fd = -1;
	l->port = LAB_PORT;
	if (mode == NS_HOST && (listen_fd = host_listener(&l->port)) < 0) {
		char msg[256];
		snprintf(msg, sizeof msg, _("cannot bind a port on the host's loopback: %s"),
			 strerror(errno));
		lab_fail(l, msg);
	}

	char wire[256] = "";
	if (args->sc->link_kbit && mode != NS_HOST) {
		struct diag wd = {0};
		if (netns_slow_wire(args->sc->link_kbit, &wd) == 0)
			snprintf(wire, sizeof wire,
				 _("the loopback was slowed down to %u kbit/s "
				   "(a tbf qdisc, MTU 1500) so that short states last long enough "
				   "to be seen"),
				 args->sc->link_kbit);
		else
			snprintf(wire, sizeof wire, "%.250s", wd.msg);
	} else if (args->sc->link_kbit) {
		snprintf(wire, sizeof wire, "%s",
			 _("the host's loopback is never slowed down: the run is at full speed"));
	}
	char settings[256] = "";
	set_sysctls(l, mode, settings, sizeof settings);
	open_raw(l, mode);
	l->cap = capture_open("lo", l->port, capture_buffer_for(run_bytes(args->sc)), &err);
	l->diag_fd = sockdiag_open(&derr);
	/* without the tracepoint the states are sampled; the run's note
	 * says which source it had */
	if (!args->sample_states)
		l->tp = tracepoint_open(l->port, NULL);
	read_counters(before);
	if (netns_drop_privileges(mode) < 0)
		lab_fail(l, _("cannot drop privileges"));
	/* credentials changed: the parent-death signal was reset */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != args->parent)
		_exit(4);

	struct wire_hello h = {
	    .linktype = l->cap ? capture_linktype(l->cap) : -1,
	    .server_port = l->port,
	    .namespaced = mode != NS_HOST,
	    .userns = mode == NS_USER_NET,
	    .packets = l->cap != NULL,
	    .states = l->diag_fd >= 0,
	    .traced = l->tp != NULL,
	};
	emit(l, W_HELLO, SIDE_NONE, &h, sizeof h, NULL, 0);
	if (mode == NS_HOST)
		note(l, NOTE_HOST_NET, why.msg);
	if (!l->cap)
		note(l, NOTE_CAPTURE_OFF, err.msg);
	else if (capture_warning(l->cap))
		note(l, NOTE_CAPTURE_WARN, capture_warning(l->cap));
	if (l->diag_fd < 0)
		note(l, NOTE_STATES_OFF, derr.msg);
	else
		note(l, NOTE_STATES,
		     l->tp ? _("every change, from the kernel's tracepoint "
			       "sock:inet_sock_set_state, at the moment it happened")
			   : _("sampled with sock_diag after every event and every "
			       "millisecond: a shorter state can be missed (as root, "
			       "lingerlab reads every change from a kernel tracepoint)"));
	if (wire[0])
		note(l, NOTE_WIRE, wire);
	if (settings[0])
		note(l, NOTE_SYSCTL, settings);

	sample(l, 1);
	spawn(l, SIDE_SERVER, listen_fd);
	if (listen_fd >= 0)
		close(listen_fd); /* the server's now, and only the server's */
	spawn(l, SIDE_CLIENT, -1);

	int64_t start = mono_ns();
	int64_t deadline = start + args->sc->limit_ms * 1000000;
	int64_t ended = 0, timed_out = 0;
	for (;;) {
		struct pollfd pf[3];
		int n = 0;
		for (int s = 0; s < 2; s++)
			if (l->side[s].alive)
				pf[n++] = (struct pollfd){l->side[s].rec_fd, POLLIN, 0};
		if (l->cap)
			pf[n++] = (struct pollfd){capture_fd(l->cap), POLLIN, 0};
		poll(pf, (nfds_t)n, SAMPLE_EVERY_MS);

		for (int s = 0; s < 2; s++)
			if (l->side[s].alive)
				read_recs(l, (enum side)s);
		if (l->tp)
			tracepoint_read(l->tp, on_change, l);
		if (l->cap)
			capture_dispatch(l->cap, on_packet, l);
		sample(l, 0);
		reap(l);
		check_barriers(l);

		int64_t t = mono_ns();
		if (!l->side[0].alive && !l->side[1].alive) {
			if (!ended)
				ended = t;
			/* Wait for the sockets to settle (gone or in TIME_WAIT),
			 * and for the wire to be quiet a moment. */
			int quiet = t - l->last_packet > 5000000;
			if ((l->diag_fd >= 0 ? settled(l) : t - ended > 100000000) && quiet)
				break;
			if (timed_out && t - timed_out > 200000000)
				break;
		}
		if (!timed_out && t > deadline) {
			char msg[256];
			timed_out = t;
			snprintf(msg, sizeof msg,
				 _("the run hit its time limit of %.1f s; both sides were killed"),
				 (double)args->sc->limit_ms / 1000);
			note(l, NOTE_TIMEOUT, msg);
			for (int s = 0; s < 2; s++)
				if (l->side[s].alive)
					kill(l->side[s].pid, SIGKILL);
		}
	}
	if (l->cap) {
		capture_dispatch(l->cap, on_packet, l);
		unsigned drops = capture_drops(l->cap);
		if (drops) {
			char msg[320];
			/* the count first: scripts read it */
			snprintf(
			    msg, sizeof msg,
			    ngettext("%u (the kernel's capture ring was full; the ladder marks "
				     "the missing bytes; run the lab again, with fewer bytes or "
				     "on a less busy machine)",
				     "%u (the kernel's capture ring was full; the ladder marks "
				     "the missing bytes; run the lab again, with fewer bytes or "
				     "on a less busy machine)",
				     drops),
			    drops);
			note(l, NOTE_DROPS, msg);
		}
	}
	if (l->tp) {
		tracepoint_read(l->tp, on_change, l);
		for (int i = 0; i < l->ntraced; i++)
			if (l->traced[i].pending)
				emit(l, W_STATE, SIDE_NONE, &l->traced[i].held,
				     sizeof l->traced[i].held, NULL, 0);
		if (tracepoint_lost(l->tp)) {
			char msg[256];
			unsigned long long lost = tracepoint_lost(l->tp);
			snprintf(
			    msg, sizeof msg,
			    ngettext("the tracepoint lost %llu state change (its ring was full): "
				     "a state is missing",
				     "the tracepoint lost %llu state changes (its ring was full): "
				     "some states are missing",
				     lost),
			    lost);
			note(l, NOTE_STATES, msg);
		}
	}
	sample(l, 1);
	if (mode != NS_HOST)
		report_counters(l, before);
	emit(l, W_END, SIDE_NONE, NULL, 0, NULL, 0);
	_exit(0);
}
