/* SPDX-License-Identifier: MIT */
/*
 * bench-tsread.c - a timestamping reader for tests/bench-tui.sh.
 *
 * tmux's pipe-pane feeds it the raw output of the pane (what the program
 * wrote to its terminal).  For every read() it appends one line to FILE:
 *
 *   SECONDS.NANOSECONDS BYTES      (CLOCK_MONOTONIC)
 *
 * so that the benchmark can group reads into frames (bursts separated by
 * idle gaps) and count frames per second and bytes per frame.  It exits on
 * end of file, when tmux closes the pipe.
 *
 *   cc -O2 -o tsread tests/bench-tsread.c
 *   tmux pipe-pane -o 'exec tsread FILE'
 */
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <errno.h>

int main(int argc, char **argv)
{
	static char buf[1 << 16];
	if (argc != 2) {
		fprintf(stderr, "usage: tsread FILE\n");
		return 2;
	}
	FILE *out = fopen(argv[1], "a");
	if (!out) {
		perror(argv[1]);
		return 2;
	}
	for (;;) {
		ssize_t n = read(0, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		/* flushed at once: tmux may kill us rather than close the pipe */
		fprintf(out, "%lld.%09ld %zd\n", (long long)ts.tv_sec, ts.tv_nsec, n);
		fflush(out);
	}
	return fclose(out) == 0 ? 0 : 1;
}
