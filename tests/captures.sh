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

# ---- analyze --format json: the schema, and what each capture proves ----
schema=$top_srcdir/assets/schema/analyze.schema.json
if ! python3 -c 'import jsonschema' 2>/dev/null; then
	ok "# SKIP python3-jsonschema not installed"
else
	for f in "$tmp"/*.pcap "$tmp"/*.pcapng "$tmp"/*.gz "$top_srcdir"/tests/ladders/*.pcap; do
		timeout 20 "$ll" analyze --format json "$f" >"$tmp/$(basename "$f").json" 2>>"$tmp/err"
	done
	timeout 20 "$ll" analyze --format json --ending abortive --host 10.0.0.2 "$tmp/rst-late.pcap" >"$tmp/filtered.json"
	head -c 3000 "$top_srcdir/tests/ladders/graceful.pcap" >"$tmp/trunc.pcap"
	timeout 20 "$ll" analyze --format json "$tmp/trunc.pcap" >"$tmp/trunc.json" 2>/dev/null
	python3 - "$schema" "$tmp" >"$tmp/out" 2>&1 <<'EOF'
import glob, json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft7Validator.check_schema(schema)
v = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
bad = 0
files = sorted(glob.glob(sys.argv[2] + "/*.json"))
for f in files:
    for e in v.iter_errors(json.load(open(f))):
        print(f, e.message)
        bad += 1
print(len(files), "documents,", bad, "errors")
sys.exit(1 if bad or len(files) < 20 else 0)
EOF
	check "[ $? = 0 ]" "analyze --format json: every document matches assets/schema/analyze.schema.json ($(tail -1 "$tmp/out"))"
	# jq_ FILE EXPR: the values of a Python tuple over the document d
	jq_() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(*($2))" "$tmp/$1" 2>&1; }
	got=$(jq_ rst-late.pcap.json "','.join(c['ending'] for c in d['connections']), d['summary']['connections']")
	check '[ "$got" = "abortive,orderly,open 3" ]' \
		"json: a reset with late packets is one connection; the new ISN another ($got)"
	got=$(jq_ rst-late.pcap.json "d['connections'][0]['reset']['frame'], d['connections'][0]['reset']['idle_ns'], d['connections'][0]['closing_frames']['rst'], d['connections'][0]['first_packet_ns']")
	check '[ "$got" = "6 10000 6 1000000" ]' \
		"json: the reset's frame number, its idle time, absolute times in ns ($got)"
	got=$(jq_ reset-unacked.pcap.json "d['connections'][0]['reset']['by'], d['connections'][0]['reset']['receiver_had_unacked_data'], d['connections'][0]['reset']['receiver_unacked_bytes'], d['connections'][0]['retransmissions'], d['connections'][0]['zero_window_segments'], d['connections'][0]['keepalives']")
	check '[ "$got" = "client True 500 1 1 1" ]' \
		"json: unacknowledged data at the reset's receiver, retransmission, zero window, keep-alive ($got)"
	got=$(jq_ server-abort-after-read.pcap.json "d['connections'][0]['ending'], d['connections'][0]['reset']['by']")
	check '[ "$got" = "rst-after-data server" ]' \
		"json: a server abort after reading: rst-after-data by the server ($got)"
	got=$(jq_ rst-out-of-window.pcap.json "d['connections'][0]['ending'], d['connections'][0]['out_of_window_rsts'], d['summary']['out_of_window_rsts'], ','.join(d['connections'][0]['notes'])")
	check '[ "$got" = "orderly 1 1 out-of-window-rst-ignored" ]' \
		"json: an out-of-window RST is ignored and counted ($got)"
	got=$(jq_ syn-retry-refused.pcap.json "d['summary']['endings']['refused'], d['connections'][0]['refused_attempts']")
	check '[ "$got" = "1 3" ]' \
		"json: three refused SYNs on one 4-tuple are one refusal with 3 attempts ($got)"
	got=$(jq_ vlan-stacked.pcap.json "d['summary']['skipped']['total'], d['summary']['skipped']['not_ip'], d['summary']['skipped']['not_tcp']")
	check '[ "$got" = "2 1 1" ]' "json: skipped frames, by reason ($got)"
	got=$(jq_ filtered.json "','.join(c['ending'] for c in d['connections']), d['summary']['endings']['abortive'], d['summary']['servers'][0]['server']['port']")
	check '[ "$got" = "abortive 1 80" ]' \
		"json: --ending and --host filter the connections, the summary and the servers ($got)"
	got=$(jq_ trunc.json "d['summary']['damaged'] is not None, len(d['connections'])")
	check '[ "$got" = "True 1" ]' "json: a damaged capture: what was read, and why it stopped ($got)"
fi
an_t() { timeout 20 "$ll" analyze "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }
an_t --ending orderly "$tmp/rst-late.pcap"
check "[ $rc = 0 ] && [ \$(grep -c ' -> ' '$tmp/out') = 1 ] && grep -q '^connections: 1 (orderly close 1,' '$tmp/out' && grep -q '^server 10.0.0.2:80: 1 connection (orderly close 1)$' '$tmp/out'" \
	"--ending orderly: that connection only, in the summary and the totals per server"
an_t --host 2001:db8::2 "$tmp/ipv6-ext.pcap"
check "[ $rc = 0 ] && grep -q '^connections: 1 ' '$tmp/out'" "--host with an IPv6 address"
an_t --ending nope "$tmp/rst-late.pcap"
check "[ $rc = 2 ] && grep -q \"nope\" '$tmp/err'" "--ending with an unknown kind: exit 2"
an_t --host 10.0.0 "$tmp/rst-late.pcap"
check "[ $rc = 2 ] && grep -q -- '--host' '$tmp/err'" "--host with no address: exit 2"
an_t --format xml "$tmp/rst-late.pcap"
check "[ $rc = 2 ] && grep -q 'xml' '$tmp/err'" "--format xml: exit 2"

# --conn N: the Nth connection in order of first packet, as the list numbers them
vt --conn 2 "$tmp/rst-late.pcap"
check "[ $rc = 0 ] && grep -q 'client :40001 .* server :8080' '$tmp/out' && ! grep -q 'server :80\$' '$tmp/out' && [ \$(grep -c 'client :' '$tmp/out') = 1 ]" \
	"view --conn 2: that connection's ladder only"
vt --conn 4 "$tmp/rst-late.pcap"
check "[ $rc = 1 ] && grep -q 'no TCP connection to show' '$tmp/err'" "view --conn past the last connection: a message, exit 1"
vt --conn 0 "$tmp/rst-late.pcap"
check "[ $rc = 2 ] && grep -q -- '--conn' '$tmp/err'" "view --conn 0: exit 2"

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
