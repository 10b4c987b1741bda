#!/bin/sh
# SPDX-License-Identifier: MIT
# live-fds.sh - least privilege, read from /proc while a run is going on.
#
# A scenario keeps both sides connected until the test has looked (each
# side blocks in read() until its time limit); meanwhile this test reads /proc/PID/status (Uid, CapEff) and /proc/PID/fd of the client
# and the server (the lab's two children) and checks that each side:
#   - runs as nobody (65534) with no capability, on the namespace path and
#     on the --host-net path alike;
#   - holds only /dev/null on 0-2, its own TCP sockets (found in its
#     /proc/PID/net/tcp: no packet socket, no netlink socket) and exactly
#     two pipes, shared neither with the other side nor with lingerlab
#     itself (the pipe to the parent).
# As root the whole test runs again as nobody (setpriv), where the
# namespace path is a user namespace.  A case that needs a private
# namespace SKIPs when this user cannot have one here (tests/nsprobe.sh).
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/nsprobe.sh"
n=${LL_FDS_N:-0}

# $base holds the program and the scenario (readable by nobody); $tmp is
# this user's scratch folder.
if [ -z "${LL_FDS_DIR:-}" ]; then
	tap_tmpdir fds
	base=$tmp
	tmp=$base/root
	mkdir "$tmp" "$base/tests" "$base/nobody"
	chmod 755 "$base"
	cp "$top_builddir/src/lingerlab" "$base/" && cp "$top_srcdir/tests/lib.sh" \
		"$top_srcdir/tests/nsprobe.sh" "$top_srcdir/tests/live-fds.sh" "$base/tests/" ||
		{ echo "Bail out! cannot copy the program"; exit 1; }
	cat >"$base/hold.scn" <<'EOF'
scenario hold
title    both sides hold one connection until the test ends the run
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
	chmod -R a+rX "$base"
	chown nobody "$base/nobody" 2>/dev/null
else
	base=$LL_FDS_DIR
	tmp=$base/nobody
fi
ll=$base/lingerlab
who="uid $(id -u)"

# Children of process $1.
children() {
	for s in /proc/[0-9]*/stat; do
		{ read -r pid _ _ ppid _ <"$s"; } 2>/dev/null || continue
		[ "$ppid" = "$1" ] && echo "$pid"
	done
}

# Inodes of the "socket:[N]" or "pipe:[N]" ($2) descriptors of process $1.
inodes() {
	for f in /proc/"$1"/fd/*; do
		l=$(readlink "$f" 2>/dev/null) || continue
		case $l in "$2:["*) l=${l#"$2:["}; echo "${l%]}" ;; esac
	done | sort
}

# What is wrong with side $1 (pid) as seen now; nothing when all is right.
side_problems() {
	p=$1
	uid=$(awk '/^Uid:/ { print $2, $3, $4, $5 }' /proc/"$p"/status)
	[ "$uid" = "65534 65534 65534 65534" ] || echo "Uid is $uid, not nobody"
	cap=$(awk '/^CapEff:/ { print $2 }' /proc/"$p"/status)
	[ "$cap" = 0000000000000000 ] || echo "CapEff is $cap"
	for fd in 0 1 2; do
		[ "$(readlink /proc/"$p"/fd/$fd)" = /dev/null ] || echo "fd $fd is $(readlink /proc/"$p"/fd/$fd)"
	done
	for f in /proc/"$p"/fd/*; do
		l=$(readlink "$f" 2>/dev/null) || continue
		case ${f##*/} in 0|1|2) continue ;; esac
		case $l in
		socket:*)
			i=${l#socket:[}; i=${i%]}
			awk -v i="$i" '$10 == i { f = 1 } END { exit !f }' /proc/"$p"/net/tcp ||
				echo "fd ${f##*/} is a socket that is not TCP ($l)" ;;
		pipe:*) ;;
		*) echo "fd ${f##*/} is $l" ;;
		esac
	done
	np=$(inodes "$p" pipe | wc -l)
	[ "$np" = 2 ] || echo "it holds $np pipes, not its own 2"
}

# run_case LABEL ARGS...: start a run, inspect both sides, then its end.
run_case() {
	label=$1
	shift
	"$ll" run "$base/hold.scn" "$@" >"$tmp/out" 2>"$tmp/err" &
	main=$!
	lab= sides=
	end=$(($(date +%s) + 120))
	while [ "$(date +%s)" -lt $end ]; do
		lab=$(children "$main")
		[ -n "$lab" ] && sides=$(children "$lab")
		# connected: the server holds two sockets, the client one
		[ "$(echo "$sides" | wc -w)" = 2 ] &&
			[ $(($(inodes "$(echo "$sides" | head -1)" socket | wc -l) + \
			     $(inodes "$(echo "$sides" | tail -1)" socket | wc -l))) = 3 ] && break
		sleep 0.05
	done
	if [ "$(echo "$sides" | wc -w)" != 2 ]; then
		notok "[$who, $label] the client and the server were found during the run"
		kill -TERM "$main"
		wait "$main"
		return
	fi
	ok "[$who, $label] the client and the server were found during the run"
	a=$(echo "$sides" | head -1) b=$(echo "$sides" | tail -1)
	for p in $a $b; do
		side_problems "$p" >"$tmp/why"
		nsock=$(inodes "$p" socket | wc -l)
		check "[ ! -s '$tmp/why' ]" \
			"[$who, $label] a side ($nsock sockets) is nobody without capabilities, holding only its socket(s), /dev/null and two pipes"
		sed 's/^/#   /' "$tmp/why"
	done
	inodes "$a" pipe >"$tmp/pa"
	inodes "$b" pipe >"$tmp/pb"
	inodes "$main" pipe >"$tmp/pm"
	check "[ -z \"\$(comm -12 '$tmp/pa' '$tmp/pb')\" ]" \
		"[$who, $label] neither side holds the other's pipes"
	check "[ -z \"\$(sort '$tmp/pa' '$tmp/pb' | comm -12 - '$tmp/pm')\" ]" \
		"[$who, $label] neither side holds a pipe of lingerlab itself (to the parent)"
	check "[ \"\$(inodes $a socket | wc -l)\$(inodes $b socket | wc -l)\" = 21 ] ||
	       [ \"\$(inodes $a socket | wc -l)\$(inodes $b socket | wc -l)\" = 12 ]" \
		"[$who, $label] the server holds its listener and its connection, the client its connection"
	# the listener's port, from the server's own view of TCP
	port=$(for p in $a $b; do
		for i in $(inodes "$p" socket); do
			awk -v i="$i" '$10 == i && $4 == "0A" { split($2, a, ":"); print a[2] }' /proc/"$p"/net/tcp
		done
	done)
	echo "$port" >"$tmp/port"
	kill -TERM "$main"
	wait "$main"
	check "[ $? = 143 ]" "[$who, $label] the run was still going when inspected, and ends at SIGTERM"
}

run_case "--host-net" --host-net
check "[ -n \"\$(cat '$tmp/port')\" ] && [ \"\$(cat '$tmp/port')\" != 1092 ]" \
	"[$who, --host-net] the server's port on the host's loopback was chosen by the kernel (not 4242)"
why=$(ns_unavailable)
if [ -n "$why" ]; then
	n=$((n + 1))
	echo "ok $n # SKIP [$who, namespace] $why"
else
	run_case "namespace"
fi

if [ -z "${LL_FDS_DIR:-}" ] && [ "$(id -u)" = 0 ]; then
	if [ -z "${SETPRIV:-}" ] || ! command -v "$SETPRIV" >/dev/null 2>&1; then
		n=$((n + 1))
		echo "ok $n # SKIP as nobody: setpriv (util-linux) not found"
	else
		"$SETPRIV" --reuid=nobody --regid=nogroup --clear-groups --reset-env \
			env LL_FDS_DIR="$base" LL_FDS_N="$n" top_srcdir="$base" PATH="$PATH" \
			sh "$base/tests/live-fds.sh" >"$tmp/nobody.tap" 2>&1
		grep -v '^1\.\.' "$tmp/nobody.tap"
		n=$(sed -n 's/^1\.\.//p' "$tmp/nobody.tap")
		[ -n "$n" ] || { echo "Bail out! the run as nobody printed no plan"; exit 1; }
	fi
fi
tap_plan
