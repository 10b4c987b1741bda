/* SPDX-License-Identifier: MIT */
/*
 * test-live.c - run every built-in scenario on this machine's kernel and
 * assert what KERNEL-FACTS.md says Linux does, from the timeline's verdict;
 * then cross-check the saved capture against the timeline, with our own
 * pcap reader and, when $TSHARK is set, with tshark.
 *
 * Run as root it uses a network namespace; run as an ordinary user (see
 * live-unprivileged.sh) a user + network namespace.  TAP output.
 */
#include "config.h"
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "engine/experiment.h"
#include "base/i18n.h"
#include "model/anim.h"
#include "model/ladder.h"
#include "captures/pcapread.h"
#include "tap.h"
#include "model/timeline.h"
#include "model/verdict.h"

static char tmpdir[] = "/tmp/lltestXXXXXX";
static int sample_only; /* observe states by sampling only (sock_diag) */

struct run {
	struct timeline tl;
	struct verdict v;
	char pcap[256];
	char label[128];
	int ok;
};

static void run_scenario(struct run *r, const char *name, const char *set1, const char *set2)
{
	struct diag d = {0};
	char *path = scenario_find(name);
	struct scenario *sc = path ? scenario_load(path, &d) : NULL;
	free(path);
	memset(r, 0, sizeof *r);
	timeline_init(&r->tl);
	snprintf(r->label, sizeof r->label, "%s%s%s%s%s", name, set1 ? " " : "", set1 ? set1 : "",
		 set2 ? " " : "", set2 ? set2 : "");
	snprintf(r->pcap, sizeof r->pcap, "%s/%s.pcap", tmpdir, name);
	if (!sc) {
		tap_ok(0, "%s: load: %s", r->label, d.msg);
		return;
	}
	if ((set1 && scenario_set_arg(sc, set1, &d)) || (set2 && scenario_set_arg(sc, set2, &d)) ||
	    scenario_resolve(sc, &d)) {
		tap_ok(0, "%s: %s", r->label, d.msg);
		scenario_free(sc);
		return;
	}
	struct exp_options o = {.pcap_path = r->pcap, .sample_states = sample_only};
	int rc = experiment_run(sc, &o, &r->tl, NULL, &d);
	scenario_free(sc);
	int timeout = 0;
	for (size_t i = 0; i < r->tl.n; i++)
		if (r->tl.ev[i].kind == EV_NOTE && r->tl.ev[i].u.note.what == NOTE_TIMEOUT)
			timeout = 1;
	r->ok = rc == 0 && !timeout && r->tl.namespaced;
	tap_ok(r->ok, "%s: ran to the end in a private namespace (%s)", r->label,
	       rc                  ? d.msg
	       : timeout           ? "time limit hit"
	       : !r->tl.namespaced ? "it did not: host"
	       : r->tl.userns      ? "user+net"
				   : "net");
	verdict_compute(&r->tl, &r->v);
	if (!r->tl.namespaced || !r->tl.packets_observed || !r->tl.states_observed)
		tap_diag("%s: namespaced=%d packets=%d states=%d", r->label, r->tl.namespaced,
			 r->tl.packets_observed, r->tl.states_observed);
}

/* Why this user cannot have a private network namespace here, asked of
 * the kernel in a child (not of lingerlab: a lab that fails to make one
 * where one can be had is a failure, not a skip), or NULL. */
static const char *namespace_unavailable(void)
{
	static char why[160];
	int status;
	int flags = geteuid() == 0 ? CLONE_NEWNET : CLONE_NEWUSER | CLONE_NEWNET;
	pid_t pid = fork();
	if (pid == 0)
		_exit(unshare(flags) < 0 ? errno : 0);
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		tap_bail("cannot probe namespaces: %s", strerror(errno));
	if (!WEXITSTATUS(status))
		return NULL;
	snprintf(why, sizeof why, "no private network namespace for uid %u here (unshare: %s)",
		 (unsigned)geteuid(), strerror(WEXITSTATUS(status)));
	return why;
}

static const char *fact(struct run *r, const char *name)
{
	static char buf[8][64];
	static int k;
	char *b = buf[k++ % 8];
	if (verdict_fact(&r->v, name, b, 64) < 0)
		snprintf(b, 64, "<no such fact %s>", name);
	return b;
}

static long long num(struct run *r, const char *name)
{
	return atoll(fact(r, name));
}

static void expect(struct run *r, const char *name, const char *want, const char *why)
{
	const char *got = fact(r, name);
	if (!tap_ok(!strcmp(got, want), "%s: %s = %s (%s)", r->label, name, want, why))
		tap_diag("got %s = %s", name, got);
}

static void expect_range(struct run *r, const char *name, long long lo, long long hi,
			 const char *why)
{
	long long v = num(r, name);
	if (!tap_ok(v >= lo && v <= hi, "%s: %s in [%lld, %lld] (%s)", r->label, name, lo, hi, why))
		tap_diag("got %s = %lld", name, v);
}

/* Whether `side` was ever seen in `state` (sampled or via TCP_INFO). */
static int saw_state(struct run *r, enum side side, int state)
{
	for (size_t i = 0; i < r->tl.n; i++) {
		const struct event *e = &r->tl.ev[i];
		if (e->side != side)
			continue;
		if (e->kind == EV_STATE && e->u.st.state == state && e->u.st.rport)
			return 1;
		if (e->kind == EV_RETURN && e->u.call.state == state)
			return 1;
	}
	return 0;
}

static int counter(struct run *r, const char *name)
{
	for (size_t i = 0; i < r->tl.n; i++) {
		const struct event *e = &r->tl.ev[i];
		if (e->kind == EV_NOTE && e->u.note.what == NOTE_COUNTERS) {
			const char *p = strstr(e->u.note.text, name);
			if (p && p[strlen(name)] == '=')
				return atoi(p + strlen(name) + 1);
		}
	}
	return 0;
}

/* The states `side`'s connections went through, in time order, each once
 * per stay ("ESTABLISHED FIN_WAIT_1 ..."), from the state events (of the
 * given source, or any if src < 0) and, if `calls`, the states the calls
 * reported. */
static void state_seq(struct run *r, enum side side, int src, int calls, char *buf, size_t len)
{
	int last = -1;
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < r->tl.n; i++) {
		const struct event *e = &r->tl.ev[i];
		int st = -1;
		if (e->side != side)
			continue;
		if (e->kind == EV_STATE && e->u.st.rport && (src < 0 || e->u.st.source == src))
			st = e->u.st.state;
		if (calls && e->kind == EV_RETURN && e->u.call.state)
			st = e->u.call.state;
		if (st < 0 || st == last || o + 16 >= len)
			continue;
		o += (size_t)snprintf(buf + o, len - o, "%s%s", o ? " " : "", tcp_state_name(st));
		last = st;
	}
}

/* The most connections one side made or accepted in the run. */
static int connections(const struct run *r)
{
	int n[2] = {0, 0};
	for (size_t i = 0; i < r->tl.n; i++) {
		const struct event *e = &r->tl.ev[i];
		if (e->kind == EV_RETURN && e->side < SIDE_NONE && e->u.call.ret >= 0 &&
		    (e->u.call.call == CALL_CONNECT || e->u.call.call == CALL_ACCEPT))
			n[e->side]++;
	}
	return n[0] > n[1] ? n[0] : n[1];
}

/* Every word of `sub` appears in `seq`, in the same order. */
static int subsequence(const char *sub, const char *seq)
{
	char a[512], *save = NULL;
	const char *p = seq;
	snprintf(a, sizeof a, "%s", sub);
	for (char *w = strtok_r(a, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		size_t n = strlen(w);
		for (;;) {
			const char *q = strstr(p, w);
			if (!q)
				return 0;
			p = q + n;
			if ((q == seq || q[-1] == ' ') && (*p == ' ' || !*p))
				break;
		}
	}
	return 1;
} /* Packets the capture reported dropped (its NOTE_DROPS note), or 0. */
static int drops(struct run *r)
{
	for (size_t i = 0; i < r->tl.n; i++)
		if (r->tl.ev[i].kind == EV_NOTE && r->tl.ev[i].u.note.what == NOTE_DROPS)
			return atoi(r->tl.ev[i].u.note.text);
	return 0;
}

/* Count packets from `side` with all of `flags` set. */
static int packets(struct run *r, enum side side, uint8_t flags)
{
	int n = 0;
	for (size_t i = 0; i < r->tl.n; i++) {
		const struct event *e = &r->tl.ev[i];
		if (e->kind == EV_PACKET && e->side == side && (e->u.pkt.flags & flags) == flags)
			n++;
	}
	return n;
}

/* The saved capture holds exactly the timeline's packets, in order: read
 * back with our decoder, and (if available) with tshark. */
static void check_pcap(struct run *r)
{
	struct timeline back;
	struct pcapread_stats st;
	struct diag d;
	size_t n = 0, same = 0;
	timeline_init(&back);
	int rc = pcapread_load(r->pcap, r->tl.server_port, &back, &st, &d);
	for (size_t i = 0, j = 0; i < r->tl.n; i++) {
		if (r->tl.ev[i].kind != EV_PACKET)
			continue;
		n++;
		while (j < back.n && back.ev[j].kind != EV_PACKET)
			j++;
		if (j < back.n && back.ev[j].u.pkt.flags == r->tl.ev[i].u.pkt.flags &&
		    back.ev[j].u.pkt.seq == r->tl.ev[i].u.pkt.seq && back.ev[j].t == r->tl.ev[i].t)
			same++;
		j++;
	}
	tap_ok(rc == 0 && n > 0 && same == n && back.n == n,
	       "%s: the saved pcap has the timeline's %zu packets (read back: %zu, matching %zu)",
	       r->label, n, back.n, same);
	timeline_free(&back);

	const char *tshark = getenv("TSHARK");
	if (!tshark || !*tshark || access(tshark, X_OK)) {
		tap_skip("%s: tshark cross-check (tshark not found)", r->label);
		return;
	}
	char cmd[512];
	snprintf(cmd, sizeof cmd, "'%s' -r '%s' -T fields -e tcp.flags -e tcp.len 2>/dev/null",
		 tshark, r->pcap);
	FILE *p = popen(cmd, "r");
	size_t k = 0, agree = 0, i = 0;
	unsigned flags, len;
	char line[128];
	while (p && fgets(line, sizeof line, p)) {
		if (sscanf(line, "%x %u", &flags, &len) != 2)
			continue;
		while (i < r->tl.n && r->tl.ev[i].kind != EV_PACKET)
			i++;
		if (i < r->tl.n && (flags & 0xff) == r->tl.ev[i].u.pkt.flags &&
		    len == r->tl.ev[i].u.pkt.len)
			agree++;
		i++;
		k++;
	}
	if (p)
		pclose(p);
	tap_ok(k == n && agree == n,
	       "%s: tshark reads the same %zu segments (flags, length): %zu of %zu agree", r->label,
	       n, agree, k);
}

static void done(struct run *r)
{
	timeline_free(&r->tl);
	unlink(r->pcap);
}

int main(void)
{
	struct run r;
	i18n_init("en");
	const char *no_ns = namespace_unavailable();
	if (no_ns) {
		printf("1..0 # SKIP %s\n", no_ns);
		return 0;
	}
	if (!mkdtemp(tmpdir))
		tap_bail("mkdtemp: %s", strerror(errno));
	tap_diag("running as uid %u", (unsigned)getuid());

	/* Graceful close, client first: FIN, ACK, FIN, ACK; TIME_WAIT on the
	 * client; the server passes through CLOSE_WAIT. */
	run_scenario(&r, "graceful", NULL, NULL);
	expect(&r, "client.sent", "fin", "an orderly close sends FIN");
	expect(&r, "server.sent", "fin", "the server answers with its own FIN");
	expect(&r, "first_fin", "client", "the client closed first");
	expect(&r, "timewait", "client", "the side that closes first holds TIME_WAIT");
	expect(&r, "server.read_end", "eof", "the server reads EOF");
	expect(&r, "client.unread", "0", "every byte was read");
	tap_ok(saw_state(&r, SIDE_SERVER, TS_CLOSE_WAIT), "graceful: server seen in CLOSE_WAIT");
	tap_ok(saw_state(&r, SIDE_CLIENT, TS_FIN_WAIT1), "graceful: client seen in FIN_WAIT_1");
	tap_ok(saw_state(&r, SIDE_CLIENT, TS_FIN_WAIT2), "graceful: client seen in FIN_WAIT_2");
	{
		/* LAST_ACK lasts microseconds on loopback: either a sample caught
		 * it, or the ladder says it was too short to sample */
		struct ladder l;
		int unseen = 0;
		ladder_build(&r.tl, 0, &l);
		for (size_t i = 0; i < l.n; i++)
			unseen += l.rows[i].kind == ROW_UNSEEN && l.rows[i].side == SIDE_SERVER &&
				  strstr(l.rows[i].text, "LAST_ACK");
		ladder_free(&l);
		tap_ok(saw_state(&r, SIDE_SERVER, TS_LAST_ACK) != (unseen == 1),
		       "graceful: the server's LAST_ACK is either sampled or shown as too short to "
		       "sample");
	}
	tap_ok(saw_state(&r, SIDE_CLIENT, TS_TIME_WAIT), "graceful: client seen in TIME_WAIT");
	tap_ok(packets(&r, SIDE_CLIENT, FL_RST) + packets(&r, SIDE_SERVER, FL_RST) == 0,
	       "graceful: no RST on the wire");
	check_pcap(&r);
	{
		/* a listener's numbers are its backlog and accept queue, never
		 * a send queue, and nothing of it shows on the connection */
		int listen_ok = 0, listen_bad = 0, server_sendq = 0;
		for (size_t i = 0; i < r.tl.n; i++) {
			const struct event *e = &r.tl.ev[i];
			if (e->kind != EV_STATE || e->side != SIDE_SERVER)
				continue;
			if (e->u.st.state == TS_LISTEN) {
				listen_ok += e->u.st.backlog == 16;
				listen_bad += e->u.st.sendq || e->u.st.recvq;
			} else if (e->u.st.rport && e->u.st.sendq > 1) {
				server_sendq++; /* more than its FIN */
			}
		}
		tap_ok(listen_ok > 0 && !listen_bad && !server_sendq,
		       "graceful: the listener shows backlog 16 (%d), no send/receive queue (%d); "
		       "the server's connection, which wrote nothing, no send queue beyond its FIN "
		       "(%d)",
		       listen_ok, listen_bad, server_sendq);
		struct ladder l;
		struct anim a;
		struct anim_snap sn;
		int carried = 0;
		ladder_build(&r.tl, 0, &l);
		anim_init(&a, l.n);
		for (size_t k = 0; k <= l.n; k++) {
			anim_jump(&a, k);
			anim_snapshot(&r.tl, &l, &a, &sn);
			carried += sn.s[SIDE_SERVER].sendq > 1;
		}
		ladder_free(&l);
		tap_ok(carried == 0,
		       "graceful: the panel never shows the listener's backlog as the server's "
		       "send queue, nor any send queue beyond its FIN (%d rows did)",
		       carried);

		/* as root, the tracepoint gives LAST_ACK its true duration */
		int64_t t_la = 0, t_after = 0;
		for (size_t i = 0; i < r.tl.n; i++) {
			const struct event *e = &r.tl.ev[i];
			if (e->kind != EV_STATE || e->side != SIDE_SERVER || !e->u.st.rport)
				continue;
			if (e->u.st.state == TS_LAST_ACK && e->u.st.source == SRC_TRACEPOINT)
				t_la = e->t;
			else if (t_la && !t_after && e->u.st.state == TS_CLOSE)
				t_after = e->t;
		}
		if (!r.tl.states_traced)
			tap_skip("graceful: LAST_ACK from the tracepoint (no tracepoint here: "
				 "states are sampled; lingerlab doctor says why)");
		else
			tap_ok(t_la && t_after > t_la && t_after - t_la < 1000000000,
			       "graceful: the tracepoint shows the server's LAST_ACK for %.0f us",
			       (double)(t_after - t_la) / 1000);

		/* every connection's state names both its ports, SYN_SENT too
		 * (the tracepoint sees it before connect() picks the port) */
		int portless = 0, syn_sent = 0;
		for (size_t i = 0; i < r.tl.n; i++) {
			const struct event *e = &r.tl.ev[i];
			if (e->kind == EV_STATE && e->u.st.rport) {
				portless += !e->u.st.lport;
				syn_sent += e->u.st.state == TS_SYN_SENT;
			}
		}
		tap_ok(!portless && (syn_sent || !r.tl.states_traced),
		       "graceful: every connection state has its local port (%d without; SYN_SENT "
		       "seen %d)",
		       portless, syn_sent);

		/* TIME_WAIT counts down from the recorded sample */
		int64_t t_tw = 0;
		for (size_t i = 0; i < r.tl.n && !t_tw; i++)
			if (r.tl.ev[i].kind == EV_STATE && r.tl.ev[i].side == SIDE_CLIENT &&
			    r.tl.ev[i].u.st.state == TS_TIME_WAIT)
				t_tw = r.tl.ev[i].t;
		int64_t l0 = timewait_left(&r.tl, SIDE_CLIENT, t_tw);
		int64_t l10 = timewait_left(&r.tl, SIDE_CLIENT, t_tw + 10 * (int64_t)1000000000);
		int64_t l61 = timewait_left(&r.tl, SIDE_CLIENT, t_tw + 61 * (int64_t)1000000000);
		tap_ok(
		    t_tw && l0 > 58000 && l0 <= 60000 && l10 >= l0 - 10001 && l10 <= l0 - 9999 &&
			l61 == 0 && timewait_left(&r.tl, SIDE_CLIENT, t_tw - 1) == -1 &&
			timewait_left(&r.tl, SIDE_SERVER, t_tw) == -1,
		    "graceful: TIME_WAIT counts down: %lld ms left on entry, %lld ms 10 s later, "
		    "%lld at 61 s",
		    (long long)l0, (long long)l10, (long long)l61);
	}
	done(&r);

	run_scenario(&r, "graceful", "closer=server", NULL);
	expect(&r, "first_fin", "server", "the server closed first");
	expect(&r, "timewait", "server", "now the server holds TIME_WAIT");
	expect(&r, "client.read_end", "eof", "the client reads EOF");
	done(&r);

	/* SO_LINGER {1, 0}: RST, unsent data discarded, no TIME_WAIT; the
	 * peer reads what had arrived, then ECONNRESET. */
	run_scenario(&r, "abortive", NULL, NULL);
	expect(&r, "client.sent", "rst", "linger 0 sends RST instead of FIN");
	expect(&r, "server.read_end", "reset", "the peer's read fails with ECONNRESET");
	expect(&r, "client.close_ret", "0", "close() succeeds");
	expect(&r, "client.close_blocked", "no", "close() does not wait");
	expect(&r, "timewait", "none", "an abort skips TIME_WAIT");
	tap_ok(num(&r, "server.read") > 0 && num(&r, "server.read") < num(&r, "client.written"),
	       "abortive: the server read the bytes that had arrived (%lld of %lld), no more",
	       num(&r, "server.read"), num(&r, "client.written"));
	tap_ok(packets(&r, SIDE_CLIENT, FL_FIN) == 0, "abortive: no FIN from the client");
	tap_ok(counter(&r, "TCPAbortOnData") == 1 && counter(&r, "OutRsts") >= 1,
	       "abortive: the kernel counted TCPAbortOnData=1 and OutRsts (got %d, %d)",
	       counter(&r, "TCPAbortOnData"), counter(&r, "OutRsts"));
	check_pcap(&r);
	done(&r);

	run_scenario(&r, "abortive", "linger=off", NULL);
	expect(&r, "client.sent", "fin", "without linger 0, close sends FIN");
	expect(&r, "server.read_end", "eof", "and the peer reads to EOF");
	expect(&r, "client.unread", "0", "nothing is lost");
	done(&r);

	/* l_linger = 2 against a peer that does not read: close() blocks the
	 * whole 2 s, returns 0 (not EWOULDBLOCK), and the data still arrive;
	 * the same with O_NONBLOCK. */
	for (int nb = 0; nb < 2; nb++) {
		run_scenario(&r, "linger-timeout", nb ? "nonblock=yes" : NULL, NULL);
		expect_range(&r, "client.close_ms", 1500, 3500, "close() lingers about 2 s");
		expect(&r, "client.close_ret", "0",
		       "Linux returns 0 when the linger time runs out");
		expect(&r, "client.close_errno", "0", "no EWOULDBLOCK");
		expect(&r, "client.unread", "0",
		       "the queued data was not discarded: the peer read it all");
		expect(&r, "server.read_end", "eof", "then EOF");
		expect_range(&r, "client.close_sendq", 1, 1 << 30,
			     "data still queued when close() returned");
		tap_ok(drops(&r) == 0, "%s: the capture dropped no packet (%d)", r.label,
		       drops(&r));
		if (!nb)
			check_pcap(&r);
		done(&r);
	}

	run_scenario(&r, "linger-short", NULL, NULL);
	expect_range(&r, "client.close_ms", 700, 1450, "close() gives up after l_linger = 1 s");
	expect(&r, "client.close_ret", "0", "and returns 0");
	expect(&r, "client.unread", "0", "the peer still gets every byte");
	done(&r);

	run_scenario(&r, "linger-short", "delay=200", "linger=5");
	expect_range(&r, "client.close_ms", 100, 4000,
		     "close() returns once everything is acknowledged, before 5 s");
	done(&r);

	/* A successful lingering close proves the peer's TCP acknowledged the
	 * data, not that the application read it. */
	run_scenario(&r, "linger-ack", NULL, NULL);
	expect(&r, "client.close_ret", "0", "the lingering close succeeded");
	expect(&r, "client.close_blocked", "no", "the peer's TCP acknowledged at once");
	expect(&r, "client.acked", "5000", "all 5000 bytes acknowledged by the peer's TCP");
	expect(&r, "server.read", "0", "yet the application never read them");
	expect(&r, "client.unread", "5000", "they are lost");
	done(&r);

	/* close() with unread data: RST without SO_LINGER (RFC 1122 4.2.2.13). */
	run_scenario(&r, "unread-data", NULL, NULL);
	expect(&r, "server.sent", "rst", "unread data turns close() into RST");
	expect(&r, "client.read_end", "reset", "the client's read gets ECONNRESET");
	tap_ok(counter(&r, "TCPAbortOnClose") == 1,
	       "unread-data: the kernel counted TCPAbortOnClose=1 (got %d)",
	       counter(&r, "TCPAbortOnClose"));
	check_pcap(&r);
	done(&r);

	run_scenario(&r, "unread-data", "server_reads=yes", NULL);
	expect(&r, "server.sent", "fin", "read first, then close: FIN");
	expect(&r, "client.read_end", "eof", "the client reads EOF");
	done(&r);

	/* shutdown(SHUT_WR) sends FIN at once, no linger wait; reading to EOF
	 * confirms the peer application read everything. */
	run_scenario(&r, "shutdown-wr", NULL, NULL);
	expect(&r, "first_fin", "client", "shutdown(SHUT_WR) sends the FIN");
	expect(&r, "client.read_end", "eof", "the client reads the server's EOF");
	expect(&r, "client.unread", "0", "the server application read every byte before its EOF");
	expect(&r, "timewait", "client", "the client closed first");
	tap_ok(saw_state(&r, SIDE_CLIENT, TS_FIN_WAIT2) || saw_state(&r, SIDE_CLIENT, TS_FIN_WAIT1),
	       "shutdown-wr: the half-closed client was seen in FIN_WAIT_1/2");
	expect_range(&r, "client.shutdown_ms", 0, 50, "shutdown() does not linger");
	{
		/* read EOF in FIN_WAIT_2: the connection goes to TIME_WAIT, the
		 * descriptor's husk is CLOSED: the ladder must not show both */
		char seq[512];
		state_seq(&r, SIDE_CLIENT, -1, 1, seq, sizeof seq);
		const char *closed = strstr(seq, "CLOSED");
		tap_ok(
		    strstr(seq, "TIME_WAIT") && (!closed || !closed[6]),
		    "shutdown-wr: the client's states end in TIME_WAIT, no CLOSED in between: %s",
		    seq);
	}
	done(&r);

	run_scenario(&r, "shutdown-wr", "write_after=yes", NULL);
	expect(&r, "client.write_errno", "EPIPE",
	       "a write after shutdown(SHUT_WR) fails with EPIPE");
	expect(&r, "client.read_end", "eof", "reading still works");
	done(&r);

	/* shutdown(SHUT_RD) sends nothing; later data is still acknowledged
	 * and readable on Linux. */
	run_scenario(&r, "shutdown-rd", NULL, NULL);
	expect(&r, "server.read", "2000", "data sent after SHUT_RD is still readable");
	expect(&r, "client.acked", "2000", "and acknowledged by the server's TCP");
	{
		int64_t t_shut = 0, t_data = 0;
		int sent_between = 0;
		for (size_t i = 0; i < r.tl.n; i++) {
			const struct event *e = &r.tl.ev[i];
			if (e->kind == EV_RETURN && e->side == SIDE_SERVER &&
			    e->u.call.call == CALL_SHUTDOWN)
				t_shut = e->t;
			if (e->kind == EV_PACKET && e->side == SIDE_CLIENT && e->u.pkt.len &&
			    !t_data)
				t_data = e->t;
		}
		for (size_t i = 0; i < r.tl.n; i++) {
			const struct event *e = &r.tl.ev[i];
			if (e->kind == EV_PACKET && e->side == SIDE_SERVER && e->t >= t_shut &&
			    e->t < t_data)
				sent_between++;
		}
		tap_ok(t_shut && t_data && sent_between == 0,
		       "shutdown-rd: the server sent nothing between shutdown(SHUT_RD) and the "
		       "client's data (%d)",
		       sent_between);
	}
	done(&r);

	run_scenario(&r, "app-ack", NULL, NULL);
	expect(&r, "client.read", "1", "the client read the one-byte reply");
	expect(&r, "client.unread", "0", "which proves the server application had read everything");
	done(&r);

	run_scenario(&r, "peer-killed", NULL, NULL);
	expect(&r, "client.acked", "5000", "the server's TCP had acknowledged the data");
	expect(&r, "server.read", "0", "the application died without reading");
	expect(&r, "server.sent", "rst", "its socket closed with unread data: RST");
	expect(&r, "client.read_end", "reset", "the client's read fails with ECONNRESET");
	done(&r);

	/* bind() over the server's TIME_WAIT: on Linux SO_REUSEADDR must be
	 * on the old socket (the TIME_WAIT one inherits it) and the new one. */
	static const struct {
		const char *set, *bind_errno, *why;
	} rebind[] = {
	    {NULL, "EADDRINUSE", "TIME_WAIT keeps the port: bind() fails"},
	    {"reuseaddr=on", "0", "with SO_REUSEADDR, bind() succeeds despite TIME_WAIT"},
	    {"reuseaddr=new", "EADDRINUSE", "the TIME_WAIT socket lacks SO_REUSEADDR"},
	};
	for (size_t i = 0; i < sizeof rebind / sizeof rebind[0]; i++) {
		run_scenario(&r, "timewait-rebind", rebind[i].set, NULL);
		expect(&r, "timewait", "server", "the server closed first");
		expect(&r, "server.bind_errno", rebind[i].bind_errno, rebind[i].why);
		done(&r);
	}

	run_scenario(&r, "listener-close", NULL, NULL);
	expect_range(&r, "server.close_ms", 0, 99,
		     "closing a listener never lingers, even with SO_LINGER 2 s");
	expect(&r, "client.read_end", "reset", "the connection in the accept queue is reset");
	{
		int queued = 0, orphan = 0;
		for (size_t i = 0; i < r.tl.n; i++) {
			const struct event *e = &r.tl.ev[i];
			if (e->kind == EV_STATE && e->side == SIDE_SERVER && e->u.st.rport &&
			    e->u.st.state != TS_CLOSE) {
				queued += e->u.st.queued;
				orphan += e->u.st.orphan;
			}
		}
		tap_ok(
		    queued > 0 && orphan == 0,
		    "listener-close: the never-accepted connection is 'in the accept queue' (%d), "
		    "not an orphan (%d)",
		    queued, orphan);
	}
	done(&r);

	run_scenario(&r, "exit-linger", NULL, NULL);
	{
		int64_t exit_ns = -1;
		for (size_t i = 0; i < r.tl.n; i++)
			if (r.tl.ev[i].kind == EV_RETURN && r.tl.ev[i].u.call.call == CALL_EXIT)
				exit_ns = r.tl.ev[i].u.call.t_end - r.tl.ev[i].u.call.t_start;
		tap_ok(exit_ns >= 0 && exit_ns < 500000000,
		       "exit-linger: the process exited in %.1f ms although l_linger is 5 s",
		       (double)exit_ns / 1e6);
	}
	expect_range(&r, "client.exit_ms", 0, 499, "the exit fact agrees");
	expect(&r, "client.unread", "0", "the orphaned socket still delivered every byte");
	done(&r);

	/* linger 0 at exit: RST, the socket is gone.  The connection lives
	 * about a millisecond: the last state must be what the kernel said
	 * last (CLOSED), never the ESTABLISHED a call saw before. */
	for (int k = 0; k < 5; k++) {
		run_scenario(&r, "exit-linger", "linger=0", NULL);
		expect(&r, "client.final", "CLOSED", "the abort at exit is the last state");
		done(&r);
	}

	run_scenario(&r, "default-close", NULL, NULL);
	expect(&r, "client.close_blocked", "no", "a default close() returns at once");
	expect_range(&r, "client.close_sendq", 65536, 1 << 30,
		     "with data still queued in the kernel");
	expect(&r, "client.unread", "0", "which the kernel delivers later");
	done(&r);

	run_scenario(&r, "sandbox", NULL, NULL);
	expect(&r, "client.unread", "0", "the sandbox's defaults deliver everything");
	done(&r);

	/* Lesson 10's bulk lab: 1 MiB through a 4 KiB window, about 500
	 * segments; the capture must lose none of them. */
	run_scenario(&r, "sandbox", "bytes=1M", "how=shutdown");
	tap_ok(r.ok && drops(&r) == 0 && packets(&r, SIDE_CLIENT, FL_FIN) == 1,
	       "sandbox bytes=1M: the capture dropped no packet (%d dropped, %d packets)",
	       drops(&r), packets(&r, SIDE_CLIENT, 0) + packets(&r, SIDE_SERVER, 0));
	check_pcap(&r);
	done(&r);

	/* Issue 10's labs.  A lingering close() ended by the peer's RST: 0,
	 * early, with most of the data never acknowledged. */
	run_scenario(&r, "linger-rst", NULL, NULL);
	expect(&r, "client.close_ret", "0", "close() returns 0 although the wait was cut short");
	expect_range(&r, "client.close_ms", 150, 4000,
		     "the RST after about 300 ms ends the 5 s wait");
	expect(&r, "server.sent", "rst", "the server closed with unread data: RST");
	tap_ok(num(&r, "client.acked") < num(&r, "client.written"),
	       "linger-rst: only %lld of %lld bytes were acknowledged", num(&r, "client.acked"),
	       num(&r, "client.written"));
	done(&r);

	/* The peer closes with data still in flight: EOF first, RST after. */
	run_scenario(&r, "eof-then-rst", NULL, NULL);
	expect(&r, "client.read_end", "eof", "the client reads EOF: the peer's queue was empty");
	expect(&r, "first_rst", "server", "then the late data meets a closed socket: RST");
	expect_range(&r, "client.unread", 1, 1 << 30, "data was lost although the client read EOF");
	tap_ok(counter(&r, "TCPAbortOnData") >= 1,
	       "eof-then-rst: the kernel counted TCPAbortOnData (%d)",
	       counter(&r, "TCPAbortOnData"));
	done(&r);

	/* read() after SHUT_RD on an empty queue: 0 at once. */
	run_scenario(&r, "shutdown-rd-read", NULL, NULL);
	expect(&r, "server.read_end", "eof", "read() after SHUT_RD returns 0");
	expect(&r, "server.read", "0", "at once, before the client's bytes (sent 300 ms later)");
	done(&r);

	/* dup: close() on one of two descriptors sends nothing, the other
	 * still writes; linger applies at the last close only. */
	run_scenario(&r, "dup-close", "linger=0", NULL);
	{
		int64_t t_first = 0, t_pkt = 0;
		for (size_t i = 0; i < r.tl.n; i++) {
			const struct event *e = &r.tl.ev[i];
			if (e->kind == EV_RETURN && e->side == SIDE_CLIENT &&
			    e->u.call.call == CALL_CLOSE && e->u.call.arg == 2)
				t_first = e->t;
			if (e->kind == EV_PACKET && e->side == SIDE_CLIENT && t_first && !t_pkt)
				t_pkt = e->t;
		}
		tap_ok(t_first && t_pkt && t_pkt - t_first >= 50000000,
		       "dup-close: nothing left the client for %.0f ms after close() of one of two "
		       "descriptors",
		       (double)(t_pkt - t_first) / 1e6);
	}
	expect(&r, "client.write_errno", "0", "the other descriptor still writes");
	expect(&r, "server.read", "2000", "and the server reads those bytes");
	expect(&r, "client.sent", "rst", "linger 0 acts at the last close: RST");
	done(&r);

	run_scenario(&r, "dup-close", "first=shutdown", NULL);
	expect(&r, "first_fin", "client", "shutdown() on one descriptor sends the FIN at once");
	expect(&r, "client.write_errno", "EPIPE", "and the other descriptor can no longer write");
	done(&r);

	/* Simultaneous close: both FINs cross, both CLOSING, both TIME_WAIT. */
	run_scenario(&r, "simultaneous-close", NULL, NULL);
	expect(&r, "timewait", "both", "both sides hold TIME_WAIT");
	tap_ok(saw_state(&r, SIDE_CLIENT, TS_CLOSING) && saw_state(&r, SIDE_SERVER, TS_CLOSING),
	       "simultaneous-close: both sides seen in CLOSING");
	done(&r);

	/* sysctls in the lab's namespace: tcp_fin_timeout = 2 s ends the
	 * client's orphan in FIN_WAIT_2; the server, in CLOSE_WAIT, closes
	 * 4 s later and gets an RST. */
	run_scenario(&r, "close-wait-leak", NULL, NULL);
	tap_ok(saw_state(&r, SIDE_SERVER, TS_CLOSE_WAIT),
	       "close-wait-leak: the server sat in CLOSE_WAIT");
	expect(&r, "first_rst", "client",
	       "the client's orphan had expired: its kernel answers the late FIN with RST");
	done(&r);

	/* Two ephemeral ports, both in TIME_WAIT: connect() fails with
	 * EADDRNOTAVAIL; with tcp_tw_reuse = 1 it reuses one. */
	run_scenario(&r, "port-exhaustion", NULL, NULL);
	expect(&r, "client.connect_errno", "EADDRNOTAVAIL", "no free local port");
	done(&r);

	run_scenario(&r, "port-exhaustion", "tw_reuse=1", NULL);
	expect(&r, "client.connect_errno", "0", "tcp_tw_reuse takes over a port in TIME_WAIT");
	done(&r);

	/* The server holds TIME_WAIT; the same client port connects again. */
	run_scenario(&r, "timewait-syn", NULL, NULL);
	expect(&r, "client.connect_errno", "0", "a SYN for a 4-tuple in TIME_WAIT is accepted");
	tap_ok(saw_state(&r, SIDE_SERVER, TS_TIME_WAIT), "timewait-syn: the server held TIME_WAIT");
	done(&r);

	/* TIME_WAIT assassination: an RST with the expected sequence number,
	 * injected by the lab, ends the client's TIME_WAIT at once; with
	 * tcp_rfc1337 = 1 the RST is ignored. */
	run_scenario(&r, "timewait-assassination", NULL, NULL);
	tap_ok(saw_state(&r, SIDE_CLIENT, TS_TIME_WAIT),
	       "timewait-assassination: the client held TIME_WAIT");
	expect(&r, "client.final", "CLOSED", "the injected RST ended it (tcp_rfc1337 = 0)");
	expect(&r, "server.sent", "fin",
	       "the verdict does not count the injected RST as the server's");
	done(&r);

	run_scenario(&r, "timewait-assassination", "rfc1337=1", NULL);
	expect(&r, "client.final", "TIME_WAIT", "with tcp_rfc1337 = 1 the RST is ignored");
	done(&r);

	/* Both sources of states agree: for every built-in scenario, the
	 * states sampling saw are, in order, among those the tracepoint saw
	 * (sampling misses short ones, never invents one). */
	DIR *dir = opendir(scenario_dirs()[0]);
	struct dirent *de;
	while (dir && (de = readdir(dir))) {
		char name[64];
		size_t nl = strlen(de->d_name);
		if (nl < 5 || nl >= sizeof name || strcmp(de->d_name + nl - 4, ".scn"))
			continue;
		snprintf(name, sizeof name, "%.*s", (int)(nl - 4), de->d_name);
		/* the two runs are two executions: where timing picks the path
		 * (an ACK before or after an RST), try again, up to 3 times */
		struct run tr;
		char seq[2][2][512];
		int agree = 0, traced = 1, tries = 0, conns = 0;
		while (!agree && traced && tries < 3) {
			tries++;
			run_scenario(&tr, name, NULL, NULL);
			traced = tr.tl.states_traced;
			conns = connections(&tr);
			for (int s = 0; s < 2; s++)
				state_seq(&tr, (enum side)s, -1, 0, seq[1][s], sizeof seq[1][s]);
			done(&tr);
			if (!traced || conns > 1)
				break;
			sample_only = 1;
			run_scenario(&tr, name, NULL, NULL);
			sample_only = 0;
			for (int s = 0; s < 2; s++)
				state_seq(&tr, (enum side)s, -1, 0, seq[0][s], sizeof seq[0][s]);
			agree = !tr.tl.states_traced && seq[0][0][0] && seq[1][0][0] &&
				subsequence(seq[0][0], seq[1][0]) &&
				subsequence(seq[0][1], seq[1][1]);
			done(&tr);
		}
		if (!traced)
			tap_skip("%s: tracepoint and sampling agree (no tracepoint here; lingerlab "
				 "doctor says why)",
				 name);
		else if (conns > 1)
			/* samples carry ports, not the socket: sequential
			 * connections on one 4-tuple cannot be told apart */
			tap_skip("%s: tracepoint and sampling agree (%d connections on one side: "
				 "samples of different sockets interleave)",
				 name, conns);
		else
			tap_ok(agree,
			       "%s: the sampled states are among the traced ones, in order "
			       "(run %d): client %s / %s; server %s / %s",
			       name, tries, seq[0][0], seq[1][0], seq[0][1], seq[1][1]);
	}
	if (dir)
		closedir(dir);

	rmdir(tmpdir);
	return tap_done();
}
