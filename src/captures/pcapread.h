/* SPDX-License-Identifier: MIT */
/*
 * pcapread.h - load a capture file into a timeline (packets only), for
 * `lingerlab view` and the golden tests.
 *
 * Any pcap or pcapng file libpcap opens; frames that are not TCP over a
 * supported link type are skipped and counted.  A truncated or corrupt
 * file yields what was read before the damage, and an error message.
 */
#ifndef LINGERLAB_PCAPREAD_H
#define LINGERLAB_PCAPREAD_H

#include <stddef.h>
#include <pcap/pcap.h>
#include "base/diag.h"
#include "model/steps.h"
#include "model/timeline.h"

struct pcapread_stats {
	size_t frames, tcp, skipped;
};

/* Returns 0, or -1 with d->msg set ("FILE: reason").  On -1 the timeline
 * still holds the packets read before the error.  timeline_finish() is
 * called in both cases.  Only TCP connections involving `port` are kept
 * when port is not 0. */
int pcapread_load(const char *path, unsigned port, struct timeline *tl, struct pcapread_stats *st,
		  struct diag *d);

/* Open a capture with nanosecond timestamps: a pcap or pcapng file,
 * gzip-compressed or not (read through zlib, as Wireshark reads
 * .pcap.gz), a FIFO or a pipe, or standard input for "-".  Opening a FIFO
 * waits for its writer, as open(2) does; SIGINT still ends the wait.
 * Returns NULL with d->msg = "FILE: reason".  Close with pcap_close(). */
pcap_t *pcapread_open(const char *path, struct diag *d);
/* Whether the capture can be read a second time (a regular file). */
int pcapread_rereadable(const char *path);
/* A packet header's timestamp in ns (files opened by pcapread_open),
 * clamped to +-2^62 ns (year 2116): a pcapng file's odd if_tsresol can
 * give seconds that would overflow, and differences of two clamped
 * timestamps never do. */
int64_t pcapread_ts(const struct pcap_pkthdr *h);

#endif
