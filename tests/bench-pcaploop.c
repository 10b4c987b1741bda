/* SPDX-License-Identifier: MIT */
/*
 * bench-pcaploop.c - the baseline of tests/bench-analyze.sh: the least a
 * program can do to read a capture, a bare pcap_next_ex() loop opened the
 * way `lingerlab analyze` opens it (nanosecond precision).  It touches the
 * first byte of each frame so that the data is really read, and prints the
 * number of frames so that the loop cannot be optimised away.
 *
 *   cc -O2 -o pcaploop tests/bench-pcaploop.c -lpcap
 *   pcaploop FILE.pcap
 */
#include <pcap/pcap.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	char ebuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	unsigned long frames = 0, sum = 0;
	int r;
	if (argc != 2) {
		fprintf(stderr, "usage: pcaploop FILE.pcap\n");
		return 2;
	}
	pcap_t *p = pcap_open_offline_with_tstamp_precision(argv[1], PCAP_TSTAMP_PRECISION_NANO, ebuf);
	if (!p) {
		fprintf(stderr, "pcaploop: %s\n", ebuf);
		return 2;
	}
	while ((r = pcap_next_ex(p, &h, &data)) == 1) {
		frames++;
		sum += h->caplen ? data[0] : 0;
	}
	if (r == PCAP_ERROR)
		fprintf(stderr, "pcaploop: %s\n", pcap_geterr(p));
	pcap_close(p);
	printf("%lu frames (%lu)\n", frames, sum & 1);
	return r == PCAP_ERROR;
}
