#!/bin/sh
# SPDX-License-Identifier: MIT
# live-engine.sh - small truths of the engine, checked on live runs:
#   1. any number of `set` steps before connect reach the socket: the 20th
#      of them, `set linger 0`, turns close() into an RST;
#   2. server.close_sendq and client.close_sendq are measured in every
#      graceful run (40 runs), never randomly "unknown";
#   3. a side killed by a signal the scenario did not ask for: `run` prints
#      the note and exits 1.
# Live runs need a private namespace: without one here they SKIP.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/nsprobe.sh"
tap_tmpdir engine
ll=$top_builddir/src/lingerlab
export LC_ALL=C LANGUAGE=

why=$(ns_unavailable)
if [ -n "$why" ]; then
	echo "1..0 # SKIP $why"
	exit 0
fi

# --- 1. twenty options before connect ------------------------------------
{
	printf 'scenario many-sets\ntitle twenty options, the last one linger 0\nlimit 10s\n\n'
	printf 'server\n    listen\n    accept\n    read eof\n    close\n\nclient\n'
	i=0
	while [ $i -lt 19 ]; do
		printf '    set nodelay on\n'
		i=$((i + 1))
	done
	printf '    set linger 0\n    connect\n    write 100\n    close\n'
} >"$tmp/many.scn"
"$ll" run "$tmp/many.scn" --format json >"$tmp/out" 2>"$tmp/err"
check "[ $? = 0 ] && grep -q '\"client.sent\": \"rst\"' '$tmp/out'" \
	"the 20th set step before connect (linger 0) applies: the client's close sends RST"
check "[ \$(grep -c '\"kind\": \"return\", \"side\": \"client\", \"call\": \"setsockopt\"' '$tmp/out') = 20 ]" \
	"all 20 setsockopt() calls were made"

# --- 2. close_sendq in every graceful run ----------------------------------
missing=0
i=0
while [ $i -lt 40 ]; do
	"$ll" run graceful --format json >"$tmp/out" 2>"$tmp/err" || missing=$((missing + 100))
	grep -q '"server.close_sendq": "unknown"\|"client.close_sendq": "unknown"' "$tmp/out" &&
		missing=$((missing + 1))
	i=$((i + 1))
done
check "[ $missing = 0 ]" "close_sendq of both sides was measured in 40 of 40 graceful runs (unknown or failed: $missing)"

# --- 3. a side killed from outside -----------------------------------------
cat >"$tmp/hold.scn" <<'EOF'
scenario hold
title    both sides hold one connection until one of them goes
limit    300s

server
    listen
    accept
    read eof
    close

client
    connect
    read eof
    close
EOF
children() {
	for s in /proc/[0-9]*/stat; do
		{ read -r pid _ _ ppid _ <"$s"; } 2>/dev/null || continue
		[ "$ppid" = "$1" ] && echo "$pid"
	done
}
"$ll" run "$tmp/hold.scn" >"$tmp/out" 2>"$tmp/err" &
main=$!
victim=
end=$(($(date +%s) + 120))
while [ "$(date +%s)" -lt $end ] && [ -z "$victim" ]; do
	lab=$(children "$main")
	[ -n "$lab" ] && [ "$(children "$lab" | wc -l)" = 2 ] && victim=$(children "$lab" | tail -1)
	[ -n "$victim" ] || sleep 0.05
done
if [ -n "$victim" ]; then kill -KILL "$victim"; else kill -TERM "$main"; fi
wait "$main"
rc=$?
check "[ -n '$victim' ] && [ $rc = 1 ] && grep -q 'died of signal 9' '$tmp/out'" \
	"a side killed by a signal the scenario did not ask for: the run says so and exits 1 (got $rc)"
tap_plan
