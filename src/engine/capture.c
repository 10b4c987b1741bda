/* SPDX-License-Identifier: MIT */
/*
 * capture.c - libpcap on the experiment's loopback (see capture.h).
 */
#include "config.h"
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine/capture.h"
#include "base/i18n.h"
#include "base/util.h"

struct capture {
	pcap_t *p;
	capture_cb cb;
	void *user;
	char warning[PCAP_ERRBUF_SIZE + 64];
};

/* What one packet takes in the ring: libpcap's slot is the snap length
 * plus the tpacket header and the link-layer address, aligned. */
#define SLOT_BYTES 256
/* A segment carries at least this much data when a window is open. */
#define MIN_SEGMENT 256

int capture_buffer_for(uint64_t bytes)
{
	uint64_t packets = 2 * (bytes / MIN_SEGMENT) + 1024;
	uint64_t size = packets * SLOT_BYTES;
	if (size < 256 << 10)
		size = 256 << 10;
	if (size > 16 << 20)
		size = 16 << 20;
	return (int)size;
}

static int fail(struct capture *c, struct diag *d, const char *what)
{
	diag_set(d, DIAG_FAIL, "%s: %s", what, c->p ? pcap_geterr(c->p) : "");
	if (c->p)
		pcap_close(c->p);
	free(c);
	return -1;
}

struct capture *capture_open(const char *dev, uint16_t port, int buffer, struct diag *d)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	struct capture *c = xcalloc(1, sizeof *c);
	struct bpf_program prog;
	char filter[64];
	int r;

	c->p = pcap_create(dev, ebuf);
	if (!c->p) {
		diag_set(d, DIAG_FAIL, "pcap_create(%s): %s", dev, ebuf);
		free(c);
		return NULL;
	}
	if (pcap_set_snaplen(c->p, CAPTURE_SNAPLEN) || pcap_set_immediate_mode(c->p, 1) ||
	    pcap_set_tstamp_precision(c->p, PCAP_TSTAMP_PRECISION_NANO) ||
	    pcap_set_buffer_size(c->p, buffer) || pcap_set_timeout(c->p, 1)) {
		fail(c, d, "pcap_set_*");
		return NULL;
	}
	r = pcap_activate(c->p);
	if (r < 0) {
		if (r == PCAP_ERROR_PERM_DENIED)
			diag_set(d, DIAG_FAIL,
				 _("no permission to capture on %s (%s); run in a private "
				   "namespace (the default) or with sudo"),
				 dev, pcap_geterr(c->p));
		else
			diag_set(d, DIAG_FAIL, "pcap_activate(%s): %s", dev, pcap_geterr(c->p));
		pcap_close(c->p);
		free(c);
		return NULL;
	}
	if (r > 0)
		snprintf(c->warning, sizeof c->warning, "pcap_activate(%s): %s%s%s", dev,
			 pcap_statustostr(r), *pcap_geterr(c->p) ? ": " : "", pcap_geterr(c->p));
	snprintf(filter, sizeof filter, "tcp port %u", (unsigned)port);
	if (pcap_compile(c->p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) < 0) {
		fail(c, d, "pcap_compile");
		return NULL;
	}
	r = pcap_setfilter(c->p, &prog);
	pcap_freecode(&prog);
	if (r < 0 || pcap_setnonblock(c->p, 1, ebuf) < 0) {
		fail(c, d, "pcap_setfilter");
		return NULL;
	}
	return c;
}

const char *capture_warning(const struct capture *c)
{
	return c->warning[0] ? c->warning : NULL;
}

int capture_fd(const struct capture *c)
{
	return pcap_get_selectable_fd(c->p);
}

int capture_linktype(const struct capture *c)
{
	return pcap_datalink(c->p);
}

static void on_packet(u_char *u, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct capture *c = (struct capture *)u;
	/* With nanosecond precision, tv_usec holds nanoseconds. */
	int64_t t = (int64_t)h->ts.tv_sec * 1000000000 + h->ts.tv_usec;
	c->cb(c->user, t, bytes, h->caplen, h->len);
}

int capture_dispatch(struct capture *c, capture_cb cb, void *user)
{
	c->cb = cb;
	c->user = user;
	int total = 0;
	for (;;) {
		int n = pcap_dispatch(c->p, -1, on_packet, (u_char *)c);
		if (n < 0)
			return -1;
		if (n == 0)
			return total;
		total += n;
	}
}

unsigned capture_drops(struct capture *c)
{
	struct pcap_stat st;
	if (pcap_stats(c->p, &st) < 0)
		return 0;
	return st.ps_drop + st.ps_ifdrop;
}

void capture_close(struct capture *c)
{
	if (!c)
		return;
	pcap_close(c->p);
	free(c);
}
