/* SPDX-License-Identifier: MIT */
/*
 * analyze.h - how every TCP connection in a capture ended, in one
 * streaming pass: `lingerlab analyze FILE.pcap [--port N]`.
 *
 * Frames are decoded by packet.h (bounds-checked) and filed by their
 * normalised 4-tuple (IPv4 or IPv6) in a hash table of the connections
 * open at that point of the capture.  A connection is reported as soon as
 * it has ended: both FINs acknowledged, or an RST seen (the report of an
 * RST waits a few packets, for a possible RST from the other side).  Its
 * memory is then reused, so what the analyzer holds is bounded by the
 * connections open at once, not by the size of the file.  What is still
 * open at the end of the capture is reported by analyze_finish().
 *
 * The classifier knows nothing of curses or of stdout: it hands each
 * ended connection to the caller's callback.  `lingerlab analyze` prints
 * them; the tests call analyze_file() or feed frames to analyze_packet().
 *
 * Call order: analyze_new(), analyze_packet() for each frame in capture
 * order, analyze_finish() once, analyze_free().  The report passed to the
 * callback belongs to the analyzer and is valid only during the call.
 */
#ifndef LINGERLAB_ANALYZE_H
#define LINGERLAB_ANALYZE_H

#include <stddef.h>
#include <stdint.h>
#include "base/diag.h"
#include "captures/conntab.h"
#include "model/steps.h"
#include "model/timeline.h"

/* How a connection ended, from the wire alone. */
enum analyze_kind {
	AK_ORDERLY,       /* FIN both ways, no RST */
	AK_HALF_CLOSE,    /* orderly, and data flowed toward the first FIN
			     sender after its FIN, before the peer's FIN */
	AK_ABORTIVE,      /* RST from `by`, which sent no FIN */
	AK_UNREAD_RST,    /* RST from `by`, no FIN, acknowledging all the data
			     it had received after its own last data: what the
			     wire proves.  Two causes look the same: a close()
			     with unread data (RFC 1122 4.2.2.13) and SO_LINGER
			     0 after reading everything */
	AK_RST_AFTER_FIN, /* RST from `by` after its own FIN */
	AK_REFUSED,       /* the SYN was answered by RST */
	AK_OPEN,          /* still open at the end of the capture (or when a
			     new connection reused its ports) */
	AK_COUNT
};

enum analyze_side { AS_CLIENT, AS_SERVER };

/* Who would hold TIME_WAIT (bits), in struct analyze_report.timewait. */
enum { AN_TW_CLIENT = 1, AN_TW_SERVER = 2 };

struct analyze_report {
	struct ct_endpoint client, server;
	struct ct_key key;                /* its 4-tuple in the table of connections */
	uint64_t frame_first, frame_last; /* frame numbers (from 1) of its
				 first packet and of the last one filed under it */
	void *user;                       /* what the open hook returned (the callback
					     owns it now), or NULL */
	int handshake;                    /* 1: the client is known from the SYN (or the
					     SYN-ACK); 0: not captured, guessed as the side
					     with the higher port */
	enum analyze_kind kind;
	enum analyze_side by; /* first FIN (orderly, half-close), else the RST */
	int simultaneous;     /* orderly/half-close: the two FINs crossed */
	int reused;           /* AK_OPEN: a new SYN reused the 4-tuple */
	int second_rst;       /* the other side sent an RST too */
	uint32_t bad_rst;     /* RSTs outside the receiver's window (RFC 5961),
				 which it drops: ignored, and counted here */
	uint32_t attempts;    /* AK_REFUSED: the SYNs refused (retries on the
				 same 4-tuple grouped) */
	uint64_t fin_frame_client, fin_frame_server; /* frame numbers of
				 each side's FIN, 0 none */
	uint64_t rst_frame;            /* frame number of the RST that ended it, 0 none */
	int64_t rst_idle;              /* ns between the packet before that RST and it */
	uint64_t rst_unacked;          /* bytes the RST's receiver had sent that its
					  sender had not acknowledged */
	uint32_t retrans;              /* segments that carried no new data (or a FIN
					  again) before the end */
	uint32_t zero_win;             /* segments advertising a zero window */
	uint32_t keepalive;            /* keep-alive probes (RFC 9293 3.8.4) */
	int rst_note;                  /* AK_RST_AFTER_FIN: 1 the peer's data arrived
					  after `by`'s FIN; 2 after both FINs */
	uint64_t bytes_c2s, bytes_s2c; /* payload, each sequence number once */
	uint64_t after_fin;            /* AK_HALF_CLOSE: bytes toward `by` after its FIN */
	uint64_t in_flight;            /* AK_ABORTIVE: bytes `by` had sent beyond the
					  peer's last ACK (data discarded) */
	int timewait;                  /* AN_TW_* bits, 0 none, -1 not known */
	int64_t t_first, t_end;        /* ns: first packet, the end (or last packet) */
	int64_t t_last;                /* ns: last packet before the end */
	uint64_t packets;
};

struct analyze_stats {
	size_t frames;         /* frames read */
	size_t tcp;            /* TCP segments analyzed */
	size_t skipped;        /* not TCP, undecodable, or not --port */
	size_t skip[PK_COUNT]; /* skipped, by enum packet_skip; [0]: --port */
	size_t bad_rst;        /* out-of-window RSTs ignored */
	size_t conns;          /* connections reported */
	size_t kind[AK_COUNT];
	size_t held_max; /* most connections held at once */
};

typedef void (*analyze_cb)(const struct analyze_report *r, void *arg);
/* A connection starts at frame `frame`: return a pointer of yours to get
 * its packets (analyze_pkt_cb) and that pointer back in its report, or
 * NULL to get neither. */
typedef void *(*analyze_open_cb)(const struct ct_key *k, uint64_t frame, void *arg);
/* A segment filed under a connection whose open hook returned `user`
 * (late segments absorbed after its end included, until it is reported). */
typedef void (*analyze_pkt_cb)(void *user, int64_t t, const struct ev_packet *p, void *arg);

struct analyzer;

/* port: keep only connections to or from it (0: all). */
struct analyzer *analyze_new(unsigned port, analyze_cb cb, void *arg);
/* Optional, before the first packet: the hooks above (same arg as cb).
 * A caller that sets them calls analyze_finish() before analyze_free(),
 * so that every pointer comes back in a report. */
void analyze_hooks(struct analyzer *a, analyze_open_cb open, analyze_pkt_cb pkt);
/* From a callback: analyze_file() reads no further frame. */
void analyze_stop(struct analyzer *a);
/* One captured frame of link type `linktype` (a DLT_ value), t in ns,
 * caplen bytes captured of wirelen. */
void analyze_packet(struct analyzer *a, int linktype, int64_t t, const uint8_t *frame,
		    uint32_t caplen, uint32_t wirelen);
/* Report every connection still held; fill *st if not NULL. */
void analyze_finish(struct analyzer *a, struct analyze_stats *st);
void analyze_free(struct analyzer *a);

/* The whole file, read with pcap_next_ex at nanosecond precision.
 * Returns 0; -1 if the file cannot be opened as a capture (d->msg is
 * "FILE: reason", nothing was reported); -2 if it is damaged (everything
 * read before the damage was reported, d->msg is "FILE: damaged after N
 * packets: reason"). */
int analyze_file(const char *path, unsigned port, analyze_cb cb, void *arg,
		 struct analyze_stats *st, struct diag *d);
/* The same with an analyzer of the caller's (hooks set), which it still
 * frees; analyze_finish() is called here. */
int analyze_run(struct analyzer *a, const char *path, struct analyze_stats *st, struct diag *d);

/* One line (no newline) in the current language, cut to len - 1 bytes;
 * returns its length.  E.g.
 * "127.0.0.1:40000 -> 127.0.0.1:4242  orderly close, client FIN first;
 *  5000 B -> / 0 B <-; TIME_WAIT on the client; 51.9 ms". */
size_t analyze_format(const struct analyze_report *r, char *buf, size_t len);
/* The kind's name in the current language, as in the summary. */
const char *analyze_kind_name(enum analyze_kind k);
/* "0.198 ms" under 10 ms, "51.9 ms" under 10 s, else "12.3 s". */
size_t analyze_duration_str(int64_t ns, char *buf, size_t len);
/* "10.0.0.2:80", "[2001:db8::2]:443"; returns its length. */
size_t analyze_endpoint_str(const struct ct_endpoint *e, char *buf, size_t len);

#endif
