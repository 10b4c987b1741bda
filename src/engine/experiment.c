/* SPDX-License-Identifier: MIT */
/*
 * experiment.c - start a lab, pump its records into a timeline, save the
 * capture (see experiment.h).
 */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include "engine/capture.h"
#include "engine/experiment.h"
#include "base/i18n.h"
#include "engine/lab.h"
#include "captures/packet.h"
#include "base/outfile.h"
#include "base/util.h"
#include "engine/wire.h"

struct experiment {
	pid_t pid;
	int fd;
	int running;
	struct wire_reader rd;
	struct outfile pcap; /* opened before the run: errors come early */
	int saving;          /* --pcap: not yet committed or discarded */
	int pcap_header;     /* its file header is written */
	int packets;         /* the lab captures packets */
	int linktype;
};

static void __attribute__((format(printf, 2, 3))) set_diag(struct diag *d, const char *fmt, ...)
{
	va_list ap;
	if (!d)
		return;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof d->msg, fmt, ap);
	va_end(ap);
}

struct experiment *experiment_start(const struct scenario *sc, const struct exp_options *opt,
				    struct diag *d)
{
	struct experiment *x = xcalloc(1, sizeof *x);
	int p[2];
	x->fd = -1;
	x->linktype = -1;
	if (opt && opt->pcap_path) {
		if (outfile_open(&x->pcap, opt->pcap_path, d) < 0) {
			free(x);
			return NULL;
		}
		x->saving = 1;
	}
	if (pipe2(p, O_CLOEXEC) < 0) {
		set_diag(d, "%s%s", "pipe: ", strerror(errno));
		goto fail;
	}
	/* If the lab dies first, its children come to us to be reaped. */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	fflush(NULL);
	pid_t parent = getpid();
	x->pid = fork();
	if (x->pid < 0) {
		set_diag(d, "%s%s", "fork: ", strerror(errno));
		close(p[0]);
		close(p[1]);
		goto fail;
	}
	if (x->pid == 0) {
		struct lab_args a = {sc, p[1], opt && opt->no_namespace, opt && opt->sample_states,
				     parent};
		/* nothing of ours goes to the lab (nor on to the two sides): not
		 * the capture file, nor whatever our caller holds open */
		if (close_other_fds(&p[1], 1) < 0)
			_exit(4);
		/* Its own process group: the terminal's Ctrl-C goes to us, and
		 * we decide; experiment_cancel() kills the whole group. */
		setpgid(0, 0);
		if (!getenv("LINGERLAB_DEBUG")) {
			int null = open("/dev/null", O_RDWR | O_CLOEXEC);
			if (null >= 0) {
				dup2(null, 0);
				dup2(null, 1);
				dup2(null, 2);
				if (null > 2)
					close(null);
			}
		}
		lab_main(&a);
	}
	setpgid(x->pid, x->pid);
	close(p[1]);
	x->fd = p[0];
	fcntl(x->fd, F_SETFL, O_NONBLOCK);
	x->running = 1;
	return x;
fail:
	outfile_discard(&x->pcap);
	free(x);
	return NULL;
}

int experiment_fd(const struct experiment *x)
{
	return x->fd;
}

static void save_packet(struct experiment *x, const struct wire_packet *wp, const uint8_t *frame)
{
	/* nanoseconds: the file header says so */
	uint32_t rec[4] = {(uint32_t)(wp->t / 1000000000), (uint32_t)(wp->t % 1000000000),
			   wp->caplen, wp->wirelen};
	if (!x->pcap_header)
		return;
	outfile_write(&x->pcap, rec, sizeof rec);
	outfile_write(&x->pcap, frame, wp->caplen);
}

/* The classic pcap file header with nanosecond time stamps, in the host's
 * byte order, as libpcap writes it (pcap-savefile(5)). */
static void write_pcap_header(struct experiment *x)
{
	struct {
		uint32_t magic;
		uint16_t major, minor;
		int32_t thiszone;
		uint32_t sigfigs, snaplen, linktype;
	} h = {0xa1b23c4d, 2, 4, 0, 0, CAPTURE_SNAPLEN, (uint32_t)x->linktype};
	if (!x->saving || x->linktype < 0 || x->pcap_header)
		return;
	outfile_write(&x->pcap, &h, sizeof h);
	x->pcap_header = 1;
}

/* Turn one record into timeline events.  Returns 1 to go on, 0 at W_END,
 * -1 at W_ERROR. */
static int take(struct experiment *x, struct timeline *tl, const struct wire_hdr *h,
		const uint8_t *pl, struct diag *d)
{
	struct event e;
	memset(&e, 0, sizeof e);
	e.side = h->side < 2 ? (enum side)h->side : SIDE_NONE;
	switch (h->type) {
	case W_HELLO: {
		struct wire_hello hello;
		if (h->len < sizeof hello)
			return 1;
		memcpy(&hello, pl, sizeof hello);
		tl->linktype = hello.linktype;
		tl->server_port = hello.server_port;
		tl->namespaced = hello.namespaced;
		tl->userns = hello.userns;
		tl->packets_observed = hello.packets;
		tl->states_observed = hello.states;
		tl->states_traced = hello.traced;
		x->linktype = hello.linktype;
		x->packets = hello.packets;
		write_pcap_header(x);
		return 1;
	}
	case W_CALL:
	case W_RETURN: {
		struct wire_call wc;
		if (h->len < sizeof wc)
			return 1;
		memcpy(&wc, pl, sizeof wc);
		e.kind = h->type == W_CALL ? EV_CALL : EV_RETURN;
		e.t = wc.t;
		e.u.call = wc.call;
		timeline_add(tl, &e);
		return 1;
	}
	case W_PACKET: {
		struct wire_packet wp;
		if (h->len < sizeof wp)
			return 1;
		memcpy(&wp, pl, sizeof wp);
		if (wp.caplen > h->len - sizeof wp)
			return 1;
		save_packet(x, &wp, pl + sizeof wp);
		e.kind = EV_PACKET;
		e.t = wp.t;
		if (packet_decode(tl->linktype, pl + sizeof wp, wp.caplen, &e.u.pkt) == 0) {
			e.u.pkt.wirelen = wp.wirelen;
			timeline_add(tl, &e);
		}
		return 1;
	}
	case W_STATE: {
		struct wire_state ws;
		if (h->len < sizeof ws)
			return 1;
		memcpy(&ws, pl, sizeof ws);
		e.kind = EV_STATE;
		e.t = ws.t;
		e.u.st = ws.st;
		timeline_add(tl, &e);
		return 1;
	}
	case W_NOTE: {
		struct wire_note wn;
		if (h->len < sizeof wn)
			return 1;
		memcpy(&wn, pl, sizeof wn);
		timeline_add_note(tl, wn.t, (enum note)wn.what, (const char *)pl + sizeof wn);
		return 1;
	}
	case W_ERROR:
		set_diag(d, "%s%s", _("the experiment failed: "), (const char *)pl);
		return -1;
	case W_END:
		return 0;
	}
	return 1;
}

/* Reap the lab, then whatever of its group was re-parented to us (we are
 * a child subreaper), so that no zombie outlives the run either. */
static void finish(struct experiment *x)
{
	int status;
	if (x->pid > 0) {
		while (waitpid(x->pid, &status, 0) < 0 && errno == EINTR)
			;
		while (waitpid(-x->pid, &status, 0) > 0 || errno == EINTR)
			;
		x->pid = 0;
	}
	x->running = 0;
}

int experiment_pump(struct experiment *x, struct timeline *tl, struct diag *d)
{
	struct wire_hdr h;
	const uint8_t *pl;
	int r;
	if (!x->running)
		return 0;
	int f = wire_fill(&x->rd, x->fd);
	while ((r = wire_next(&x->rd, &h, &pl)) == 1) {
		int t = take(x, tl, &h, pl, d);
		if (t <= 0) {
			finish(x);
			return t;
		}
	}
	if (r < 0) {
		set_diag(d, "%s%s", _("the experiment sent garbage"), "");
		experiment_cancel(x);
		return -1;
	}
	if (f <= 0) {
		set_diag(d, "%s%s", _("the experiment ended without a result"), "");
		experiment_cancel(x);
		return -1;
	}
	return 1;
}

void experiment_cancel(struct experiment *x)
{
	if (x && x->pid > 0) {
		kill(-x->pid, SIGKILL);
		kill(x->pid, SIGKILL);
		finish(x);
	}
}

int experiment_save(struct experiment *x, struct diag *d)
{
	if (!x->saving)
		return 0;
	x->saving = 0;
	if (!x->pcap_header || !x->packets) {
		diag_set(d, DIAG_OUTPUT, _("no packets could be captured: %s was not written"),
			 x->pcap.name);
		outfile_discard(&x->pcap);
		return -1;
	}
	return outfile_commit(&x->pcap, d);
}

void experiment_free(struct experiment *x)
{
	if (!x)
		return;
	experiment_cancel(x);
	if (x->fd >= 0)
		close(x->fd);
	wire_reader_free(&x->rd);
	outfile_discard(&x->pcap); /* not saved: the target is untouched */
	free(x);
}

int experiment_run(const struct scenario *sc, const struct exp_options *opt, struct timeline *tl,
		   volatile int *stop, struct diag *d)
{
	struct experiment *x = experiment_start(sc, opt, d);
	int r;
	if (!x)
		return -1;
	free(tl->scenario);
	tl->scenario = xstrdup(sc->name);
	while ((r = experiment_pump(x, tl, d)) == 1) {
		struct pollfd p = {experiment_fd(x), POLLIN, 0};
		if (stop && *stop) {
			set_diag(d, "%s%s", _("interrupted"), "");
			r = -1;
			break;
		}
		poll(&p, 1, 100);
	}
	if (r >= 0 && experiment_save(x, d) < 0)
		r = -1;
	experiment_free(x);
	timeline_finish(tl);
	return r < 0 ? -1 : 0;
}
