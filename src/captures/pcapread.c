/* SPDX-License-Identifier: MIT */
/*
 * pcapread.c - a capture file into a timeline (see pcapread.h).
 */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include "base/i18n.h"
#include "captures/packet.h"
#include "captures/pcapread.h"

/* zlib under a stdio FILE, for libpcap's pcap_fopen_offline. */
static ssize_t gz_read(void *gz, char *buf, size_t n)
{
	int r = gzread(gz, buf, n > INT_MAX ? INT_MAX : (unsigned)n);
	return r < 0 ? -1 : r;
}

static int gz_close(void *gz)
{
	return gzclose(gz) == Z_OK ? 0 : -1;
}

/* The file of fd as a FILE: through zlib when it is gzip-compressed, or
 * when it cannot be peeked at (a pipe: zlib passes plain data through). */
static FILE *open_stream(int fd)
{
	struct stat sb;
	unsigned char magic[2];
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    !(pread(fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b))
		return fdopen(fd, "rb");
	gzFile gz = gzdopen(fd, "rb");
	if (!gz)
		return NULL;
	gzbuffer(gz, 1 << 18);
	FILE *f = fopencookie(gz, "rb", (cookie_io_functions_t){gz_read, NULL, NULL, gz_close});
	if (!f)
		gzclose(gz);
	return f;
}

pcap_t *pcapread_open(const char *path, struct diag *d)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	int in = !strcmp(path, "-");
	const char *name = in ? _("standard input") : path;
	int fd = in ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
	FILE *f = fd < 0 ? NULL : open_stream(fd);
	if (!f) {
		diag_errno(d, DIAG_INPUT, errno, "%s", name);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	pcap_t *p = pcap_fopen_offline_with_tstamp_precision(f, PCAP_TSTAMP_PRECISION_NANO, ebuf);
	if (!p) {
		diag_set(d, DIAG_INPUT, "%s: %s", name, ebuf);
		fclose(f);
	}
	return p;
}

int pcapread_rereadable(const char *path)
{
	struct stat sb;
	return strcmp(path, "-") && stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

int64_t pcapread_ts(const struct pcap_pkthdr *h)
{
	/* at nanosecond precision libpcap puts nanoseconds in tv_usec */
	const int64_t lim = INT64_C(1) << 62, lim_s = lim / 1000000000 - 1;
	if (h->ts.tv_sec > lim_s)
		return lim;
	if (h->ts.tv_sec < -lim_s)
		return -lim;
	return (int64_t)h->ts.tv_sec * 1000000000 + h->ts.tv_usec;
}

int pcapread_load(const char *path, unsigned port, struct timeline *tl, struct pcapread_stats *st,
		  struct diag *d)
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
		diag_set(d, DIAG_INPUT, _("%s: damaged after %zu packets: %s"), path, st->frames,
			 pcap_geterr(p));
		rc = -1;
	}
	pcap_close(p);
	if (port)
		tl->server_port = (uint16_t)port;
	timeline_finish(tl);
	return rc;
}
