#!/bin/sh
# SPDX-License-Identifier: MIT
# outputs.sh - a user's files are sacred (issue 7): --pcap replaces its
# target whole or not at all, never removes a file lingerlab did not
# create, follows a symbolic link without removing it, writes a device in
# place, writes to standard output with `-`; every write is checked (a
# full disk, /dev/full, standard output) with a message naming the file,
# exit 1, and no partial file left.  Full disks and a private device node
# are made in a private mount namespace: the machine's real /dev/null and
# real files are never touched.
set -u
. "${top_srcdir:-.}/tests/lib.sh"
ll="$top_builddir/src/lingerlab"
export LANGUAGE=en LC_ALL=C.UTF-8
tap_tmpdir outputs
run() { timeout 60 "$ll" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }
leftovers() { ls -A "$1" | grep -c '^\..*\.pcap\.' ; }

# A run that works replaces an existing file whole, through a link.
printf 'precious\n' >"$tmp/keep.pcap"
ln -s keep.pcap "$tmp/link.pcap"
run run graceful --pcap "$tmp/link.pcap"
check "[ $rc = 0 ] && [ -L '$tmp/link.pcap' ] && [ \"\$(head -c 4 '$tmp/keep.pcap' | od -An -tx1 | tr -d ' ')\" = 4d3cb2a1 ]" \
	"--pcap through a symbolic link: the link stays, its target gets the capture"
check "[ \$(leftovers '$tmp') = 0 ]" "no temporary file is left after a run"
if [ -n "${TSHARK:-}" ] && command -v "$TSHARK" >/dev/null 2>&1; then
	check "'$TSHARK' -r '$tmp/keep.pcap' 2>/dev/null | grep -q 'SYN'" "tshark reads the capture"
	timeout 60 "$ll" run graceful --pcap - 2>"$tmp/err" | "$TSHARK" -r - >"$tmp/out" 2>/dev/null
	check "grep -q 'FIN' '$tmp/out' && grep -q 'First to close' '$tmp/err'" \
		"--pcap -: a valid capture on standard output (tshark -r - reads it), the report on stderr"
else
	ok "# SKIP tshark not found"
	ok "# SKIP tshark not found"
fi
timeout 60 "$ll" run graceful --pcap - 2>/dev/null >"$tmp/stdout.pcap"
check "[ \"\$(head -c 4 '$tmp/stdout.pcap' | od -An -tx1 | tr -d ' ')\" = 4d3cb2a1 ] && [ ! -e ./- ]" \
	"--pcap - writes a pcap to standard output, no file named '-'"

# An interrupted run leaves an existing file as it was.
printf 'precious\n' >"$tmp/keep.pcap"
"$ll" run linger-timeout --set linger=20 --pcap "$tmp/keep.pcap" >/dev/null 2>&1 &
pid=$!
sleep 0.5
kill -INT $pid
wait $pid
check "[ \"\$(cat '$tmp/keep.pcap')\" = precious ] && [ \$(leftovers '$tmp') = 0 ]" \
	"Ctrl-C during a run: the existing --pcap file is untouched, no temporary file left"

# Writes that fail: exit 1, the file named with the reason.
run run graceful --pcap /dev/full
check "[ $rc = 1 ] && grep -q '/dev/full: No space left on device' '$tmp/err'" \
	"--pcap /dev/full: exit 1, 'No space left on device' named"
run run graceful --pcap "$tmp/no/such/dir/x.pcap"
check "[ $rc = 1 ] && grep -q '$tmp/no/such/dir/x.pcap: No such file or directory' '$tmp/err' && ! grep -q seq '$tmp/out'" \
	"an unwritable --pcap: exit 1, named, refused before the run starts"
mkdir "$tmp/ro" && printf 'precious\n' >"$tmp/ro/keep.pcap"
for c in "--help" "run --help" "scenarios" "run graceful" "analyze $top_srcdir/tests/ladders/graceful.pcap" \
	"view --text $top_srcdir/tests/ladders/graceful.pcap" "lessons" "doctor"; do
	timeout 60 "$ll" $c >/dev/full 2>"$tmp/err"; rc=$?
	check "[ $rc = 1 ] && grep -q 'standard output: No space left on device' '$tmp/err'" \
		"lingerlab $c >/dev/full: exit 1, says standard output could not be written"
done

# As nobody on the host's loopback nothing can be captured: said, exit 1,
# the existing file kept.
if [ "$(id -u)" = 0 ] && [ -n "${SETPRIV:-}" ] && command -v "$SETPRIV" >/dev/null 2>&1; then
	chmod 1777 "$tmp" && chmod a+r "$tmp/keep.pcap"
	"$SETPRIV" --reuid=nobody --regid=nogroup --clear-groups \
		"$ll" run graceful --host-net --pcap "$tmp/keep.pcap" >"$tmp/out" 2>"$tmp/err"; rc=$?
	check "[ $rc = 1 ] && grep -q 'no packets could be captured: $tmp/keep.pcap was not written' '$tmp/err' && [ \"\$(cat '$tmp/keep.pcap')\" = precious ]" \
		"--pcap when no capture can be made: said, exit 1, the existing file untouched"
else
	ok "# SKIP needs root and setpriv to run as nobody"
fi

# A full disk and a device node, in a private mount namespace.
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
	mkdir -p "$tmp/mnt"
	unshare -m sh -c '
		mount --make-rprivate / && mount -t tmpfs -o size=4k tmpfs "$1/mnt" || exit 99
		printf "precious\n" >"$1/mnt/keep.pcap"
		cat /dev/zero >"$1/mnt/fill" 2>/dev/null
		"$2" run graceful --pcap "$1/mnt/keep.pcap" >"$1/out" 2>"$1/err"; echo $? >"$1/rc"
		ls -A "$1/mnt" >"$1/ls"
		cp "$1/mnt/keep.pcap" "$1/kept"
		mknod "$1/mnt/null" c 1 3 2>/dev/null || { rm "$1/mnt/fill"; mknod "$1/mnt/null" c 1 3; }
		"$2" run linger-timeout --set linger=20 --pcap "$1/mnt/null" >/dev/null 2>&1 &
		pid=$!; sleep 0.5; kill -INT $pid; wait $pid
		"$2" run graceful --pcap "$1/mnt/null" >/dev/null 2>&1; echo $? >"$1/rc2"
		[ -c "$1/mnt/null" ] && echo char >"$1/null"
		umount "$1/mnt"' sh "$tmp" "$ll"
	check "[ \"\$(cat '$tmp/rc')\" = 1 ] && grep -q 'keep.pcap: No space left on device' '$tmp/err' && [ \"\$(cat '$tmp/kept')\" = precious ] && ! grep -q '^\.' '$tmp/ls'" \
		"a full disk: exit 1, 'No space left on device', the existing file untouched, no partial file"
	check "[ \"\$(cat '$tmp/null')\" = char ] && [ \"\$(cat '$tmp/rc2')\" = 0 ]" \
		"a device node as --pcap (a private null device), interrupted or not: written in place, never removed"
else
	ok "# SKIP needs root and unshare -m for a private tmpfs"
	ok "# SKIP needs root and unshare -m for a private tmpfs"
fi
tap_plan
