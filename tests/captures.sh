#!/bin/sh
# SPDX-License-Identifier: MIT
# captures.sh - hand-made captures (tests/captures/mkcaptures.py) analyzed
# and compared with the expected output, as listed in tests/captures/TESTLIST.
set -u
. "${top_srcdir:-.}/tests/lib.sh"
ll="$top_builddir/src/lingerlab"
d="$top_srcdir/tests/captures"
export LANGUAGE=en LC_ALL=C.UTF-8
tap_tmpdir capt
if ! python3 "$d/mkcaptures.py" "$tmp" 2>"$tmp/err"; then
	echo "1..0 # SKIP cannot write the captures (python3): $(head -1 "$tmp/err")"
	exit 0
fi
grep -v '^#' "$d/TESTLIST" >"$tmp/list"
while read -r pcap expected opts; do
	[ -n "$pcap" ] || continue
	case $pcap in
	"<"*) in=$tmp/${pcap#<} arg=- ;;
	*) in=/dev/null arg=$tmp/$pcap ;;
	esac
	# shellcheck disable=SC2086
	timeout 20 "$ll" analyze $opts "$arg" <"$in" >"$tmp/out" 2>"$tmp/err"; rc=$?
	if [ $rc = 0 ] && cmp -s "$tmp/out" "$d/$expected"; then
		ok "$pcap ${opts:+($opts) }gives $expected"
	else
		notok "$pcap ${opts:+($opts) }gives $expected (exit $rc)"
		diff -u "$d/$expected" "$tmp/out" | sed 's/^/# /'
		sed 's/^/# /' "$tmp/err"
	fi
done <"$tmp/list"

# The hostile corpus for view (UBSan found both): timestamps that overflow
# keep the capture's order; a capture without TCP says so and exits 1.
vt() { timeout 20 "$ll" view --text --width 80 "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }
vt "$tmp/tsresol.pcapng.gz"
syn=$(grep -n '\[S\] seq 0' "$tmp/out" | cut -d: -f1)
synack=$(grep -n '\[S\.\] seq 0 ack 1' "$tmp/out" | cut -d: -f1)
check "[ $rc = 0 ] && [ -n '$syn' ] && [ -n '$synack' ] && [ '${syn:-9}' -lt '${synack:-0}' ]" \
	"pcapng with if_tsresol 10^0 and overflowing times: the SYN stays before the SYN-ACK"
vt "$tmp/no-tcp.pcap"
check "[ $rc = 1 ] && grep -q 'no TCP connection to show' '$tmp/err'" \
	"view of a capture without TCP: a message, exit 1 (got $rc)"
vt - <"$tmp/pppoe.pcap.gz"
check "[ $rc = 0 ] && grep -q 'client :40000 .* server :80' '$tmp/out' && grep -q '\[F\.\]' '$tmp/out'" \
	"view - reads a gzip capture from standard input"

# A FIFO with no writer: open() waits, and SIGINT ends the wait.
mkfifo "$tmp/fifo"
for cmd in analyze "view --text"; do
	# shellcheck disable=SC2086
	# (a background job inherits SIGINT ignored: restore it, as a terminal has it)
	env --default-signal=INT "$ll" $cmd "$tmp/fifo" >/dev/null 2>&1 &
	pid=$!
	i=0
	while [ $i -lt 50 ] && ! grep -q fifo_open "/proc/$pid/wchan" 2>/dev/null &&
		! ls -l "/proc/$pid/fd" 2>/dev/null | grep -q fifo; do
		sleep 0.1; i=$((i + 1))
	done
	waiting=no
	kill -0 $pid 2>/dev/null && waiting=yes
	kill -INT $pid
	i=0
	while [ $i -lt 100 ] && kill -0 $pid 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
	if kill -0 $pid 2>/dev/null; then
		kill -KILL $pid
		notok "$cmd on a FIFO without a writer: SIGINT ends it"
	elif [ $waiting = yes ]; then
		ok "$cmd on a FIFO without a writer waits for one; SIGINT ends it"
	else
		notok "$cmd on a FIFO without a writer waits for one (it exited at once)"
	fi
	wait $pid 2>/dev/null
done
# ... and with a writer it is read like a file
"$ll" analyze "$tmp/fifo" >"$tmp/out" 2>"$tmp/err" &
pid=$!
cat "$tmp/pppoe.pcap.gz" >"$tmp/fifo"
wait $pid; rc=$?
check "[ $rc = 0 ] && cmp -s '$tmp/out' '$d/pppoe.out'" "a gzip capture written into a FIFO: read like the file"
tap_plan
