/* SPDX-License-Identifier: MIT */
/*
 * actor.c - the client or the server of an experiment (see actor.h).
 *
 * Each syscall is bracketed by two records: AR_CALL just before it, so a
 * viewer can show "close() ..." while it blocks, and AR_RETURN with the
 * result, errno and both timestamps.  The sequence is exactly what the
 * scenario asked: nothing is retried behind the student's back except
 * where a step says so (write and read loops until their byte count).
 */
#include "config.h"
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "engine/actor.h"
#include "engine/sockdiag.h"
#include "base/util.h"

#define CHUNK (64 * 1024)

struct actor {
	const struct actor_ctx *ctx;
	int step;
	int line;
	int lfd, cfd;                /* listening and connected sockets */
	const struct step **pending; /* options for the next socket (as many
					as the side has steps) */
	size_t npending;
	int connects;  /* connect steps done so far */
	int copies[4]; /* dup()s of cfd, the latest last */
	int ncopies;
	int nonblock;          /* O_NONBLOCK is set on cfd */
	int listen_fd;         /* bound by the lab, for the first listen */
	uint16_t lport, rport; /* cfd's ports, known once connected */
	char *wbuf, *rbuf;
};

static void send_rec(struct actor *a, const struct actor_rec *r)
{
	ssize_t w;
	do
		w = write(a->ctx->rec_fd, r, sizeof *r);
	while (w < 0 && errno == EINTR);
	if (w != (ssize_t)sizeof *r)
		_exit(3); /* the lab is gone: nothing to report to */
}

/* Record the start of a call; returns the record to finish with ret(). */
static struct actor_rec call_begin(struct actor *a, enum call c, int64_t arg, int opt)
{
	struct actor_rec r;
	memset(&r, 0, sizeof r);
	r.type = AR_CALL;
	r.step = a->step;
	r.call.call = c;
	r.call.step = a->step;
	r.call.line = a->line;
	r.call.arg = arg;
	r.call.opt = opt;
	r.call.t_start = now_ns();
	send_rec(a, &r);
	r.call.t_start = now_ns();
	return r;
}

/* The state the kernel reports for the socket the call used. */
static uint8_t tcp_state_of(int fd)
{
	struct tcp_info ti;
	socklen_t len = sizeof ti;
	if (fd < 0 || getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) < 0)
		return 0;
	return ti.tcpi_state;
}

/* Remember the connected socket's ports, to find it after close(). */
static void learn_ports(struct actor *a)
{
	struct sockaddr_in l = {0}, p = {0}; /* the analyser does not know getsockname() */
	socklen_t ll = sizeof l, pl = sizeof p;
	if (getsockname(a->cfd, (struct sockaddr *)&l, &ll) == 0 &&
	    getpeername(a->cfd, (struct sockaddr *)&p, &pl) == 0) {
		a->lport = ntohs(l.sin_port);
		a->rport = ntohs(p.sin_port);
	}
}

/* Where the kernel holds the connection now, by its ports: TS_CLOSE if it
 * has no such socket, 0 if it cannot say; *sendq gets its send queue.
 * The sock_diag socket lives only for this question. */
static uint8_t kernel_state(const struct actor *a, uint32_t *sendq)
{
	struct ev_state st;
	int diag = a->lport ? sockdiag_open(NULL) : -1; /* why does not matter here */
	int found = diag < 0 ? -1 : sockdiag_lookup(diag, a->lport, a->rport, &st);
	if (diag >= 0)
		close(diag);
	*sendq = found > 0 ? st.sendq : 0;
	return found < 0 ? 0 : found ? st.state : TS_CLOSE;
}

static int64_t call_end(struct actor *a, struct actor_rec *r, int64_t ret, int err)
{
	r->call.t_end = now_ns();
	r->lport = a->lport;
	r->rport = a->rport;
	if (r->call.call == CALL_CLOSE && r->call.arg == 0 && a->lport) {
		/* the descriptor is gone; the kernel may still hold the socket
		 * (an orphan in FIN_WAIT_1, or TIME_WAIT): ask it right away */
		uint32_t sendq;
		uint8_t st = kernel_state(a, &sendq);
		if (st) {
			r->call.state = st;
			r->call.sendq = sendq;
		}
		a->lport = a->rport = 0;
	}
	switch (r->call.call) {
	case CALL_CONNECT:
	case CALL_ACCEPT:
	case CALL_WRITE:
	case CALL_READ:
	case CALL_SHUTDOWN:
	case CALL_SETSOCKOPT:
	case CALL_FCNTL:
		r->call.state = tcp_state_of(a->cfd >= 0                   ? a->cfd
					     : r->call.call == CALL_ACCEPT ? (int)ret
									   : -1);
		/* a connection that reached TIME_WAIT lives on in a separate
		 * socket, and the descriptor's socket says CLOSED: report the
		 * connection, not the husk */
		if (r->call.state == TS_CLOSE) {
			uint32_t sendq;
			if (kernel_state(a, &sendq) == TS_TIME_WAIT)
				r->call.state = TS_TIME_WAIT;
		}
		break;
	default:
		break;
	}
	r->type = AR_RETURN;
	r->call.ret = ret;
	r->call.err = ret < 0 ? err : 0;
	send_rec(a, r);
	errno = err;
	return ret;
}

static int set_option(struct actor *a, int fd, const struct step *st)
{
	int v = (int)st->value, r, e;
	struct actor_rec rec;
	if (st->opt == SET_NONBLOCK) {
		rec = call_begin(a, CALL_FCNTL, st->value, st->opt);
		int fl = fcntl(fd, F_GETFL);
		r = fl < 0 ? -1 : fcntl(fd, F_SETFL, v ? fl | O_NONBLOCK : fl & ~O_NONBLOCK);
		e = errno;
		if (r == 0)
			a->nonblock = v;
		return (int)call_end(a, &rec, r, e);
	}
	/* the integer options, by level and name */
	static const struct {
		int level, name;
	} int_opts[SET_COUNT] = {
	    [SET_RCVBUF] = {SOL_SOCKET, SO_RCVBUF},
	    [SET_SNDBUF] = {SOL_SOCKET, SO_SNDBUF},
	    [SET_REUSEADDR] = {SOL_SOCKET, SO_REUSEADDR},
	    [SET_NODELAY] = {IPPROTO_TCP, TCP_NODELAY},
	};
	rec = call_begin(a, CALL_SETSOCKOPT, st->value, st->opt);
	if (st->opt == SET_LINGER) {
		struct linger l = {st->value >= 0, st->value >= 0 ? (int)st->value : 0};
		r = setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
	} else if (st->opt < SET_COUNT && int_opts[st->opt].name) {
		r = setsockopt(fd, int_opts[st->opt].level, int_opts[st->opt].name, &v, sizeof v);
	} else {
		r = -1;
		errno = EINVAL;
	}
	e = errno;
	return (int)call_end(a, &rec, r, e);
}

/* socket() and the options queued for it.  `made` is a socket the lab
 * already made (and bound) for us, or -1. */
static int new_socket(struct actor *a, int made)
{
	struct actor_rec rec = call_begin(a, CALL_SOCKET, 0, 0);
	int fd = made >= 0 ? made : socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	call_end(a, &rec, fd, errno);
	if (fd < 0)
		return -1;
	for (size_t i = 0; i < a->npending; i++)
		set_option(a, fd, a->pending[i]);
	a->npending = 0;
	return fd;
}

static struct sockaddr_in server_addr(const struct actor *a)
{
	struct sockaddr_in sin;
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(a->ctx->port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sin;
}

/* Send the lab a request (AR_WAIT, AR_INJECT) and block for its one-byte
 * answer: 1 done, 0 never will be. */
static int ask_lab(struct actor *a, enum actor_rec_type type, enum side side, enum step_op op)
{
	struct actor_rec r;
	memset(&r, 0, sizeof r);
	r.type = (uint8_t)type;
	r.step = a->step;
	r.wait_side = (uint8_t)side;
	r.wait_op = (uint8_t)op;
	send_rec(a, &r);
	char c = 0;
	ssize_t n;
	do
		n = read(a->ctx->ctl_fd, &c, 1);
	while (n < 0 && errno == EINTR);
	if (n != 1)
		_exit(3);
	return c == 1;
}

/* Block until the lab says the other side finished `op`.  Returns 1 if it
 * did, 0 if it never will. */
static int barrier(struct actor *a, enum side side, enum step_op op)
{
	return ask_lab(a, AR_WAIT, side, op);
}

static void wait_ready(int fd, short ev)
{
	struct pollfd p = {fd, ev, 0};
	while (poll(&p, 1, -1) < 0 && errno == EINTR)
		;
}

static void do_write(struct actor *a, int64_t total)
{
	int64_t done = 0;
	while (done < total) {
		size_t n = (size_t)(total - done > (1 << 20) ? (1 << 20) : total - done);
		struct actor_rec rec = call_begin(a, CALL_WRITE, (int64_t)n, 0);
		ssize_t w = write(a->cfd, a->wbuf, n);
		call_end(a, &rec, w, errno);
		if (w < 0)
			return; /* EPIPE, ECONNRESET, EAGAIN: the step ends there */
		done += w;
	}
}

static void do_read(struct actor *a, int64_t want)
{
	int64_t done = 0;
	for (;;) {
		size_t n = CHUNK;
		if (want >= 0) {
			if (done >= want)
				return;
			if (want - done < CHUNK)
				n = (size_t)(want - done);
		}
		struct actor_rec rec = call_begin(a, CALL_READ, (int64_t)n, 0);
		ssize_t r = read(a->cfd, a->rbuf, n);
		int e = errno;
		call_end(a, &rec, r, e);
		if (want == READ_ONCE || r == 0)
			return;
		if (r < 0) {
			if (e == EAGAIN && a->nonblock) {
				wait_ready(a->cfd, POLLIN);
				continue;
			}
			return;
		}
		done += r;
	}
}

static void sleep_ms(int64_t ms)
{
	struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000};
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Tell the lab this process is about to end (exit) or must be killed;
 * the lab finishes the call when it has reaped us. */
static void announce_end(struct actor *a, enum actor_rec_type type, enum call c)
{
	struct actor_rec rec;
	memset(&rec, 0, sizeof rec);
	rec.type = (uint8_t)type;
	rec.step = a->step;
	rec.call.call = c;
	rec.call.step = a->step;
	rec.call.line = a->line;
	rec.call.t_start = now_ns();
	send_rec(a, &rec);
}

static void run_step(struct actor *a, const struct step *st)
{
	struct actor_rec rec;
	struct sockaddr_in sin = server_addr(a);
	int r, e;

	switch (st->op) {
	case OP_LISTEN: {
		/* On the host's loopback, the first listener comes bound from
		 * the lab (lab.c: host_listener); its bind() was done there. */
		int bound = a->listen_fd;
		a->listen_fd = -1;
		a->lfd = new_socket(a, bound);
		rec = call_begin(a, CALL_BIND, a->ctx->port, 0);
		r = bound >= 0 ? 0 : bind(a->lfd, (struct sockaddr *)&sin, sizeof sin);
		e = errno;
		call_end(a, &rec, r, e);
		if (r == 0) {
			rec = call_begin(a, CALL_LISTEN, 16, 0);
			r = listen(a->lfd, 16);
			call_end(a, &rec, r, errno);
		}
		break;
	}
	case OP_ACCEPT:
		rec = call_begin(a, CALL_ACCEPT, 0, 0);
		r = accept4(a->lfd, NULL, NULL, SOCK_CLOEXEC);
		e = errno;
		if (r >= 0) {
			a->cfd = r;
			learn_ports(a);
		}
		call_end(a, &rec, r, e);
		break;
	case OP_CONNECT:
		/* the first connection waits for the server's first listen();
		 * later ones connect to whatever listens then */
		if (!a->connects++)
			barrier(a, SIDE_SERVER, OP_LISTEN);
		a->cfd = new_socket(a, -1);
		rec = call_begin(a, CALL_CONNECT, a->ctx->port, 0);
		r = connect(a->cfd, (struct sockaddr *)&sin, sizeof sin);
		e = errno;
		if (r == 0)
			learn_ports(a);
		call_end(a, &rec, r, e);
		break;
	case OP_SET: {
		/* the connected socket, else the listener, else the next one */
		int fd = a->cfd >= 0 ? a->cfd : a->lfd;
		if (fd >= 0)
			set_option(a, fd, st);
		else
			a->pending[a->npending++] = st;
		break;
	}
	case OP_WRITE:
		do_write(a, st->arg);
		break;
	case OP_READ:
		do_read(a, st->arg);
		break;
	case OP_SHUTDOWN:
		rec = call_begin(a, CALL_SHUTDOWN, st->arg, 0);
		r = shutdown(a->cfd, (int)st->arg);
		call_end(a, &rec, r, errno);
		break;
	case OP_DUP:
		rec = call_begin(a, CALL_DUP, 0, 0);
		r = a->ncopies < (int)ARRAY_LEN(a->copies) ? fcntl(a->cfd, F_DUPFD_CLOEXEC, 0) : -1;
		e = r < 0 && a->ncopies == (int)ARRAY_LEN(a->copies) ? EMFILE : errno;
		call_end(a, &rec, r, e);
		if (r >= 0)
			a->copies[a->ncopies++] = r;
		break;
	case OP_CLOSE:
		/* while a dup remains, this close() leaves the socket open and
		 * the dup becomes the descriptor the next steps use */
		rec = call_begin(a, CALL_CLOSE, a->ncopies ? 2 : 0, 0);
		r = close(a->cfd);
		call_end(a, &rec, r, errno);
		a->cfd = a->ncopies ? a->copies[--a->ncopies] : -1;
		if (a->cfd < 0)
			a->nonblock = 0;
		break;
	case OP_CLOSE_LISTENER:
		rec = call_begin(a, CALL_CLOSE, 1, 0);
		r = close(a->lfd);
		call_end(a, &rec, r, errno);
		a->lfd = -1;
		break;
	case OP_SLEEP:
		rec = call_begin(a, CALL_SLEEP, st->arg, 0);
		sleep_ms(st->arg);
		call_end(a, &rec, 0, 0);
		break;
	case OP_WAIT:
	case OP_SYNC: {
		enum side other = a->ctx->side == SIDE_CLIENT ? SIDE_SERVER : SIDE_CLIENT;
		enum side ws = st->op == OP_SYNC ? other : st->wait_side;
		enum step_op wop = st->op == OP_SYNC ? OP_SYNC : st->wait_op;
		rec = call_begin(a, CALL_WAIT, wop, ws);
		r = barrier(a, ws, wop);
		call_end(a, &rec, r ? 0 : -1, r ? 0 : ESRCH);
		break;
	}
	case OP_INJECT:
		rec = call_begin(a, CALL_INJECT, 0, 0);
		r = ask_lab(a, AR_INJECT, a->ctx->side, OP_INJECT);
		call_end(a, &rec, r ? 0 : -1, r ? 0 : ENOTCONN);
		break;
	case OP_EXIT:
		announce_end(a, AR_EXITING, CALL_EXIT);
		_exit(0);
	case OP_KILL:
		announce_end(a, AR_KILL_ME, CALL_KILLED);
		for (;;)
			pause();
	default:
		break;
	}
}

void actor_run(const struct actor_ctx *ctx)
{
	struct actor a;
	memset(&a, 0, sizeof a);
	a.ctx = ctx;
	a.lfd = a.cfd = -1;
	a.listen_fd = ctx->listen_fd;
	a.pending = xcalloc(ctx->sc->nsteps[ctx->side] + 1, sizeof *a.pending);
	a.wbuf = xmalloc(1 << 20);
	a.rbuf = xmalloc(CHUNK);
	/* recognisable payload in a capture */
	for (size_t i = 0; i < (1 << 20); i++)
		a.wbuf[i] = (char)('a' + i % 26);
	/* A write to a reset connection must fail with EPIPE, not kill us. */
	signal(SIGPIPE, SIG_IGN);

	const struct step *steps = ctx->sc->steps[ctx->side];
	for (size_t i = 0; i < ctx->sc->nsteps[ctx->side]; i++) {
		struct actor_rec done;
		a.step = (int)i;
		a.line = steps[i].line;
		run_step(&a, &steps[i]);
		memset(&done, 0, sizeof done);
		done.type = AR_STEP_DONE;
		done.step = (int)i;
		done.call.arg = steps[i].op;
		done.call.t_end = now_ns();
		send_rec(&a, &done);
	}
	_exit(0);
}
