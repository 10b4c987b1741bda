#!/bin/sh
# SPDX-License-Identifier: MIT
# bench-analyze.sh - how fast `lingerlab analyze` reads a capture, against
# a bare libpcap read loop over the same file (tests/bench-pcaploop.c) and
# `tshark -q -z conv,tcp`.  Targets (issue 12): analyze within 1.3x of the
# bare loop and at least 25x faster than tshark, on small packets and on
# full-size ones, or the output shows that the gap is the reader (a
# memory-mapped walk of the same file, pcaploop --mmap, against libpcap's
# buffered loop); memory bounded by the connections open at once.  A
# benchmark, not a test: it asserts nothing.
#
#   tests/bench-analyze.sh [N [CONNECTIONS [FULL_CONNECTIONS]]]
#       (default 11 runs, 30000 connections of small packets, 1000
#        connections of full-size packets; from the build tree)
#
# The captures are real: as root, with unshare and tcpdump, a small
# generator (below) opens CONNECTIONS connections on the loopback of a
# private network namespace, from 4 client processes to 4 server processes,
# ending them in six ways (orderly close from either side, half-close,
# SO_LINGER 0 abort, close with unread data, connection refused), while
# tcpdump records them; then, with the loopback's MTU set to 1500 as on an
# Ethernet, FULL_CONNECTIONS connections that each send 256 KiB (about
# 280,000 packets of up to 1514 bytes for 1000).  Without root it merges
# `lingerlab run` captures of several scenarios with mergecap (300 runs: a
# much smaller file, so process start weighs more), and has no full-size
# capture.  BENCH_PCAP=FILE measures an existing capture instead;
# BENCH_SAVE=FILE keeps the small-packet capture it made.
set -u
N=${1:-11}
CONNS=${2:-30000}
FULL=${3:-1000}
: "${top_srcdir:=.}" "${top_builddir:=.}"
ll=${LINGERLAB:-$top_builddir/src/lingerlab}
[ -x "$ll" ] || { echo "bench-analyze: $ll not built" >&2; exit 2; }
tmp=$(mktemp -d /tmp/llbenchXXXXXX) && trap 'rm -rf "$tmp"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_us() { # command... -> wall microseconds of one run
	s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N)
	echo $(( (e - s) / 1000 ))
}
bench() { # runs label command...
	runs=$1 label=$2; shift 2
	i=0; : >"$tmp/$label"
	while [ $i -lt "$runs" ]; do time_us "$@" >>"$tmp/$label"; i=$((i + 1)); done
	median <"$tmp/$label"
}
peak_kib() { # command... -> peak resident set size in KiB, or "-"
	if /usr/bin/time -v true >/dev/null 2>&1; then
		/usr/bin/time -v "$@" 2>&1 >/dev/null | sed -n 's/.*Maximum resident set size (kbytes): //p'
	else
		echo -
	fi
}

cc=${CC:-cc}
pcap_flags=$(pkg-config --cflags --libs libpcap 2>/dev/null || echo -lpcap)
$cc -O2 -o "$tmp/pcaploop" "$top_srcdir/tests/bench-pcaploop.c" $pcap_flags ||
	{ echo "bench-analyze: cannot build the bare loop" >&2; exit 2; }

# ---- the generator: real connections ending in six ways ----
cat >"$tmp/gen.c" <<'EOF'
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#define PORT 5555
#define WORKERS 4
static char buf[65536];
static struct sockaddr_in to(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}
static void drain(int fd) { while (read(fd, buf, sizeof buf) > 0) ; }
static void put(int fd, size_t n) { while (n) { ssize_t w = write(fd, buf, n); if (w <= 0) return; n -= (size_t)w; } }
static void serve(int lfd)
{
	for (;;) {
		int fd = accept(lfd, NULL, NULL);
		char k;
		if (fd < 0) continue;
		if (read(fd, &k, 1) != 1) { close(fd); continue; }
		if (k == 'u') { /* close with the rest unread: RST */
			struct pollfd p = { fd, POLLIN, 0 };
			poll(&p, 1, 100);
		} else if (k == 's') { /* read the request, answer, close first */
			size_t n = 0; unsigned char len[2];
			if (read(fd, len, 2) == 2) n = (size_t)len[0] << 8 | len[1];
			while (n) { ssize_t r = read(fd, buf, n < sizeof buf ? n : sizeof buf); if (r <= 0) break; n -= (size_t)r; }
			put(fd, 1000);
		} else {
			drain(fd);
			if (k == 'h') put(fd, 2000); /* answer after the client's FIN */
		}
		close(fd);
	}
}
static void client(int first, int count)
{
	static const char kinds[] = "gggahusgaur";
	for (int i = first; i < first + count; i++) {
		char k = kinds[i % (sizeof kinds - 1)];
		size_t n = 100 + (size_t)(i * 37) % 1900;
		struct sockaddr_in a = to(k == 'r' ? PORT + 1 : PORT);
		int fd = socket(AF_INET, SOCK_STREAM, 0);
		if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) { close(fd); continue; }
		buf[0] = k; buf[1] = (char)(n >> 8); buf[2] = (char)n;
		put(fd, k == 's' ? n + 3 : n);
		if (k == 'a') {
			struct linger l = { 1, 0 };
			setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
		} else if (k == 'h') {
			shutdown(fd, SHUT_WR);
			drain(fd);
		} else if (k == 's' || k == 'u') {
			drain(fd);
		}
		close(fd);
	}
}
/* gen CONNS BYTES: every connection sends BYTES and closes (full-size) */
static void client_bulk(int count, size_t bytes)
{
	for (int i = 0; i < count; i++) {
		struct sockaddr_in a = to(PORT);
		int fd = socket(AF_INET, SOCK_STREAM, 0);
		if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) { close(fd); continue; }
		buf[0] = 'g';
		put(fd, bytes);
		close(fd);
		usleep(10000); /* a pace tcpdump can write */
	}
}
int main(int argc, char **argv)
{
	int conns = argc > 1 ? atoi(argv[1]) : 30000, one = 1;
	size_t bulk = argc > 2 ? (size_t)atol(argv[2]) : 0;
	pid_t srv[WORKERS], cli[WORKERS];
	struct sockaddr_in a = to(PORT);
	int lfd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(lfd, (struct sockaddr *)&a, sizeof a) < 0 || listen(lfd, 1024) < 0) { perror("gen: listen"); return 1; }
	signal(SIGPIPE, SIG_IGN);
	for (int w = 0; w < WORKERS; w++)
		if ((srv[w] = fork()) == 0) { serve(lfd); _exit(0); }
	for (int w = 0; w < WORKERS; w++)
		if ((cli[w] = fork()) == 0) {
			if (bulk)
				client_bulk(conns / WORKERS, bulk);
			else
				client(w * (conns / WORKERS), conns / WORKERS);
			_exit(0);
		}
	for (int w = 0; w < WORKERS; w++) waitpid(cli[w], NULL, 0);
	usleep(200000);
	for (int w = 0; w < WORKERS; w++) { kill(srv[w], SIGKILL); waitpid(srv[w], NULL, 0); }
	return 0;
}
EOF

# capture OUT CONNECTIONS [BYTES MTU]: the generator's traffic, recorded by
# tcpdump in a private network namespace
capture() {
	unshare -n sh -c '
		ip link set lo up 2>/dev/null || ifconfig lo up
		if [ -n "$5" ]; then # frames of an Ethernet: MTU 1500, no segmentation offload
			ip link set lo mtu "$5"
			ethtool -K lo tso off gso off gro off 2>/dev/null || echo "  (no ethtool: loopback offloads stay on)"
		fi
		tcpdump -i lo -s 0 -B 262144 -Z root -w "$1" "tcp port 5555 or tcp port 5556" 2>"$2/tcpdump.err" &
		t=$!
		i=0; while ! grep -q listening "$2/tcpdump.err" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
		"$2/gen" "$3" $4
		sleep 0.5; kill -INT $t; wait $t' sh "$1" "$tmp" "$2" "${3:-}" "${4:-}"
	sed -n 's/^/  tcpdump: /p' "$tmp/tcpdump.err" | grep -i 'captured\|dropped'
}

# measure LABEL FILE: the timings of one capture
measure() {
	label=$1 pcap=$2
	frames=$("$tmp/pcaploop" "$pcap" | sed 's/ .*//')
	size=$(wc -c <"$pcap")
	echo "capture: $label"
	echo "  $frames frames, $((size / 1024)) KiB, $((size / (frames > 0 ? frames : 1))) bytes per frame on average"
	LANGUAGE=en "$ll" analyze "$pcap" >"$tmp/analyze.out"
	grep '^connections:' "$tmp/analyze.out" | sed 's/^/  /'
	bare_us=$(bench "$N" bare "$tmp/pcaploop" "$pcap")
	mmap_us=$(bench "$N" mmap "$tmp/pcaploop" --mmap "$pcap")
	an_us=$(bench "$N" analyze "$ll" analyze "$pcap")
	bare_rss=$(peak_kib "$tmp/pcaploop" "$pcap")
	an_rss=$(peak_kib "$ll" analyze "$pcap")
	printf '  runs per measurement: %s (medians, microseconds)\n' "$N"
	printf '  memory-mapped walk (no libpcap)       %10d\n' "$mmap_us"
	printf '  bare pcap_next_ex loop                %10d   peak RSS %s KiB\n' "$bare_us" "$bare_rss"
	printf '  lingerlab analyze                     %10d   peak RSS %s KiB\n' "$an_us" "$an_rss"
	if command -v tshark >/dev/null 2>&1; then
		tn=$N; [ "$tn" -gt 3 ] && tn=3
		ts_us=$(bench "$tn" tshark tshark -q -z conv,tcp -r "$pcap")
		ts_rss=$(peak_kib tshark -q -z conv,tcp -r "$pcap")
		printf '  tshark -q -z conv,tcp (%s runs)        %10d   peak RSS %s KiB\n' "$tn" "$ts_us" "$ts_rss"
	else
		ts_us=0
		echo "  tshark not installed"
	fi
	awk -v a="$an_us" -v b="$bare_us" -v t="$ts_us" -v m="$mmap_us" 'BEGIN {
		printf "  ratio analyze/bare loop      %8.2f   (target <= 1.3)\n", a / b
		if (t > 0) printf "  ratio tshark/analyze         %8.1f   (target >= 25)\n", t / a
		if (t > 0) printf "  ratio tshark/bare loop       %8.1f   (the most any analysis read by libpcap could reach)\n", t / b
		printf "  the analysis itself: analyze - bare loop = %d us, %.0f%% of analyze\n", a - b, 100 * (a - b) / a
		printf "  the reader: libpcap loop / memory-mapped walk %6.2f; analyze over the walk %6.2f\n", b / m, a / m }'
}

pcap=${BENCH_PCAP:-}
how="BENCH_PCAP"
if [ -z "$pcap" ] && [ "$(id -u)" = 0 ] && command -v unshare >/dev/null && command -v tcpdump >/dev/null &&
	$cc -O2 -o "$tmp/gen" "$tmp/gen.c" 2>"$tmp/gen.err"; then
	pcap="$tmp/gen.pcap"
	how="generator, $CONNS connections in a private namespace, tcpdump"
	capture "$pcap" "$CONNS"
fi
if [ -z "$pcap" ] || [ ! -s "$pcap" ]; then
	command -v mergecap >/dev/null || { echo "bench-analyze: needs root+unshare+tcpdump, or mergecap" >&2; exit 2; }
	how="300 lingerlab runs merged with mergecap"
	i=0
	while [ $i -lt 300 ]; do
		for sc in abortive unread-data graceful shutdown-wr listener-close peer-killed; do
			i=$((i + 1))
			"$ll" run "$sc" --pcap "$tmp/r$i.pcap" >/dev/null 2>&1 || rm -f "$tmp/r$i.pcap"
		done
	done
	pcap="$tmp/merged.pcap"
	mergecap -w "$pcap" "$tmp"/r*.pcap || exit 2
fi

[ -n "${BENCH_SAVE:-}" ] && cp "$pcap" "$BENCH_SAVE"
measure "$how" "$pcap"
rm -f "$tmp"/r*.pcap
if [ -z "${BENCH_PCAP:-}" ] && [ -x "$tmp/gen" ] && [ "$FULL" -gt 0 ]; then
	rm -f "$tmp/gen.pcap"
	capture "$tmp/full.pcap" "$FULL" 262144 1500
	[ -s "$tmp/full.pcap" ] &&
		measure "full-size: generator, $FULL connections of 256 KiB, loopback MTU 1500, tcpdump" "$tmp/full.pcap"
fi
