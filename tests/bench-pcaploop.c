/* SPDX-License-Identifier: MIT */
/*
 * bench-pcaploop.c - the baseline of tests/bench-analyze.sh: the least a
 * program can do to read a capture, a bare pcap_next_ex() loop opened the
 * way `lingerlab analyze` opens it (nanosecond precision).  It touches the
 * first byte of each frame so that the data is really read, and prints the
 * number of frames so that the loop cannot be optimised away.
 *
 * With --mmap it walks the records of a pcap file (not pcapng) in memory
 * instead, without libpcap: what reading costs with no buffered copy, to
 * tell the reader's share of the time from the analysis'.
 *
 *   cc -O2 -o pcaploop tests/bench-pcaploop.c -lpcap
 *   pcaploop [--mmap] FILE.pcap
 */
#include <fcntl.h>
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* The records of a classic pcap file in host byte order, by mmap. */
static int mmap_walk(const char *path)
{
	struct stat sb;
	int fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &sb) < 0 || sb.st_size < 24) {
		fprintf(stderr, "pcaploop: %s: cannot read\n", path);
		return 2;
	}
	const unsigned char *m = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (m == MAP_FAILED)
		return 2;
	uint32_t magic;
	memcpy(&magic, m, 4);
	if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
		fprintf(stderr, "pcaploop: --mmap reads only pcap files in host order\n");
		return 2;
	}
	unsigned long frames = 0, sum = 0;
	size_t off = 24, size = (size_t)sb.st_size;
	while (off + 16 <= size) {
		uint32_t caplen;
		memcpy(&caplen, m + off + 8, 4);
		if (caplen > size - off - 16)
			break;
		frames++;
		sum += caplen ? m[off + 16] : 0;
		off += 16 + caplen;
	}
	printf("%lu frames (%lu)\n", frames, sum & 1);
	munmap((void *)m, size);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	char ebuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	unsigned long frames = 0, sum = 0;
	int r;
	if (argc == 3 && !strcmp(argv[1], "--mmap"))
		return mmap_walk(argv[2]);
	if (argc != 2) {
		fprintf(stderr, "usage: pcaploop [--mmap] FILE.pcap\n");
		return 2;
	}
	pcap_t *p =
	    pcap_open_offline_with_tstamp_precision(argv[1], PCAP_TSTAMP_PRECISION_NANO, ebuf);
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
