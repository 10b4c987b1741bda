#!/bin/sh
# SPDX-License-Identifier: MIT
# bench-analyze.sh - how fast `lingerlab analyze` reads a capture, against
# a bare libpcap read loop over the same file (tests/bench-pcaploop.c) and
# `tshark -q -z conv,tcp`.  Targets (PRODUCT.md): analyze within 3x of the
# bare loop, at least 25x faster than tshark, memory bounded by the
# connections open at once.  A benchmark, not a test: it asserts nothing.
#
#   tests/bench-analyze.sh [N [CONNECTIONS]]   (default 11 runs, 30000
#                                               connections; from the build tree)
#
# The capture is real: as root, with unshare and tcpdump, a small generator
# (below) opens CONNECTIONS connections on the loopback of a private network
# namespace, from 4 client processes to 4 server processes, ending them in
# six ways (orderly close from either side, half-close, SO_LINGER 0 abort,
# close with unread data, connection refused), while tcpdump records them.
# Otherwise it merges `lingerlab run` captures of several scenarios with
# mergecap (300 runs: a much smaller file, so process start weighs more).
# BENCH_PCAP=FILE measures an existing capture instead; BENCH_SAVE=FILE
# keeps the capture it made.
set -u
N=${1:-11}
CONNS=${2:-30000}
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
int main(int argc, char **argv)
{
	int conns = argc > 1 ? atoi(argv[1]) : 30000, one = 1;
	pid_t srv[WORKERS], cli[WORKERS];
	struct sockaddr_in a = to(PORT);
	int lfd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(lfd, (struct sockaddr *)&a, sizeof a) < 0 || listen(lfd, 1024) < 0) { perror("gen: listen"); return 1; }
	signal(SIGPIPE, SIG_IGN);
	for (int w = 0; w < WORKERS; w++)
		if ((srv[w] = fork()) == 0) { serve(lfd); _exit(0); }
	for (int w = 0; w < WORKERS; w++)
		if ((cli[w] = fork()) == 0) { client(w * (conns / WORKERS), conns / WORKERS); _exit(0); }
	for (int w = 0; w < WORKERS; w++) waitpid(cli[w], NULL, 0);
	usleep(200000);
	for (int w = 0; w < WORKERS; w++) { kill(srv[w], SIGKILL); waitpid(srv[w], NULL, 0); }
	return 0;
}
EOF

pcap=${BENCH_PCAP:-}
how="BENCH_PCAP"
if [ -z "$pcap" ] && [ "$(id -u)" = 0 ] && command -v unshare >/dev/null && command -v tcpdump >/dev/null &&
	$cc -O2 -o "$tmp/gen" "$tmp/gen.c" 2>"$tmp/gen.err"; then
	pcap="$tmp/gen.pcap"
	how="generator, $CONNS connections in a private namespace, tcpdump"
	unshare -n sh -c '
		ip link set lo up 2>/dev/null || ifconfig lo up
		tcpdump -i lo -s 0 -B 65536 -Z root -w "$1" "tcp port 5555 or tcp port 5556" 2>"$2/tcpdump.err" &
		t=$!
		i=0; while ! grep -q listening "$2/tcpdump.err" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
		"$2/gen" "$3"
		sleep 0.5; kill -INT $t; wait $t' sh "$pcap" "$tmp" "$CONNS"
	sed -n 's/^/  tcpdump: /p' "$tmp/tcpdump.err" | grep -i 'captured\|dropped'
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
frames=$("$tmp/pcaploop" "$pcap" | sed 's/ .*//')
size=$(wc -c <"$pcap")
echo "capture: $how"
echo "  $frames frames, $((size / 1024)) KiB"
LANGUAGE=en "$ll" analyze "$pcap" >"$tmp/analyze.out"
tail -1 "$tmp/analyze.out" | sed 's/^/  /'

bare_us=$(bench "$N" bare "$tmp/pcaploop" "$pcap")
an_us=$(bench "$N" analyze "$ll" analyze "$pcap")
bare_rss=$(peak_kib "$tmp/pcaploop" "$pcap")
an_rss=$(peak_kib "$ll" analyze "$pcap")
printf 'runs per measurement: %s (medians, microseconds)\n' "$N"
printf '  bare pcap_next_ex loop                %10d   peak RSS %s KiB\n' "$bare_us" "$bare_rss"
printf '  lingerlab analyze                     %10d   peak RSS %s KiB\n' "$an_us" "$an_rss"
if command -v tshark >/dev/null 2>&1; then
	tn=$N; [ "$tn" -gt 5 ] && tn=5
	ts_us=$(bench "$tn" tshark tshark -q -z conv,tcp -r "$pcap")
	ts_rss=$(peak_kib tshark -q -z conv,tcp -r "$pcap")
	printf '  tshark -q -z conv,tcp (%s runs)        %10d   peak RSS %s KiB\n' "$tn" "$ts_us" "$ts_rss"
else
	ts_us=0
	echo "  tshark not installed"
fi
awk -v a="$an_us" -v b="$bare_us" -v t="$ts_us" 'BEGIN {
	printf "  ratio analyze/bare loop      %8.2f   (target <= 3)\n", a / b
	if (t > 0) printf "  ratio tshark/analyze         %8.1f   (target >= 25)\n", t / a }'
