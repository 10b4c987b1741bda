/* SPDX-License-Identifier: MIT */
/*
 * pcapread.c - a capture file into a timeline (see pcapread.h).
 */
#include "config.h"
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>
#include "base/i18n.h"
#include "captures/packet.h"
#include "captures/pcapread.h"

pcap_t *pcapread_open(const char *path, struct diag *d)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	pcap_t *p = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, ebuf);
	if (!p)
		snprintf(d->msg, sizeof d->msg, "%s: %s", path, ebuf);
	return p;
}

int64_t pcapread_ts(const struct pcap_pkthdr *h)
{
	/* at nanosecond precision libpcap puts nanoseconds in tv_usec */
	return (int64_t)h->ts.tv_sec * 1000000000 + h->ts.tv_usec;
}

int pcapread_load(const char *path, unsigned port, struct timeline *tl,
                  struct pcapread_stats *st, struct diag *d)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	int r, rc = 0;
	memset(st, 0, sizeof *st);
	pcap_t *p = pcapread_open(path, d);
	if (!p)
		return -1;
	tl->linktype = pcap_datalink(p);
	tl->packets_observed = 1;
	while ((r = pcap_next_ex(p, &h, &data)) == 1) {
		struct event e;
		memset(&e, 0, sizeof e);
		st->frames++;
		e.kind = EV_PACKET;
		e.t = pcapread_ts(h);
		if (packet_decode(tl->linktype, data, h->caplen, &e.u.pkt) < 0 ||
		    (port && e.u.pkt.sport != port && e.u.pkt.dport != port)) {
			st->skipped++;
			continue;
		}
		e.u.pkt.wirelen = h->len;
		st->tcp++;
		timeline_add(tl, &e);
	}
	if (r == PCAP_ERROR) {
		snprintf(d->msg, sizeof d->msg, _("%s: damaged after %zu packets: %s"), path,
		         st->frames, pcap_geterr(p));
		rc = -1;
	}
	pcap_close(p);
	if (port)
		tl->server_port = (uint16_t)port;
	timeline_finish(tl);
	return rc;
}
