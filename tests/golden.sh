#!/bin/sh
# SPDX-License-Identifier: MIT
# golden.sh - stored captures of the scenarios rendered as text ladders and
# compared with the expected text, as listed in tests/ladders/TESTLIST; then
# hostile captures: truncated, garbage, empty, a corrupted frame.  They must
# give a clear error and the right exit status, never a crash or a hang.
set -u
. "${top_srcdir:-.}/tests/lib.sh"
ll="$top_builddir/src/lingerlab"
g="$top_srcdir/tests/ladders"
tap_tmpdir gold
# The list of golden ladders (see its header for the format).
ntests=0
while read -r want pcap rest; do
	case $want in ''|'#'*) continue ;; esac
	ntests=$((ntests + 1))
	# leading VAR=VALUE words are the environment, the rest arguments
	envs="LANGUAGE=en LC_ALL=C.UTF-8"
	set -- $rest
	while [ $# -gt 0 ]; do
		case $1 in [A-Z]*=*) envs="$envs $1"; shift ;; *) break ;; esac
	done
	env $envs timeout 10 "$ll" view --text "$@" "$g/$pcap" >"$tmp/out" 2>"$tmp/err"
	if cmp -s "$tmp/out" "$g/$want"; then
		ok "$want: $pcap $rest renders to the expected ladder"
	else
		notok "$want: $pcap $rest renders to the expected ladder"
		diff -u "$g/$want" "$tmp/out" | sed 's/^/# /'
		sed 's/^/# /' "$tmp/err"
	fi
	if iconv -f UTF-8 -t UTF-8 "$tmp/out" >/dev/null 2>&1 &&
	   [ "$(LC_ALL=C.UTF-8 wc -L <"$tmp/out")" -le "$(echo "$rest" | sed -n 's/.*--width \([0-9]*\).*/\1/p')" ]; then
		ok "$want: valid UTF-8, no line wider than asked"
	else
		notok "$want: valid UTF-8, no line wider than asked"
	fi
done <"$g/TESTLIST"
check "[ $ntests -ge 12 ]" "the list has its $ntests golden ladders"

check "grep -q '▶' '$g/graceful.txt' && ! grep -q -- '->' '$g/graceful.txt'" \
	"the UTF-8 ladder uses box-drawing arrows"

# Truncated in the middle of a record: what was read is shown, then an error.
head -c 1500 "$g/graceful.pcap" >"$tmp/trunc.pcap"
timeout 10 "$ll" view --text "$tmp/trunc.pcap" >"$tmp/trunc.out" 2>"$tmp/trunc.err"; rc=$?
check "[ $rc = 1 ] && grep -q 'damaged after' '$tmp/trunc.err' && grep -q 'seq' '$tmp/trunc.out'" \
	"a truncated capture: partial ladder, 'damaged after N packets', exit 1 (got $rc)"

head -c 4000 /dev/urandom >"$tmp/garbage.pcap"
timeout 10 "$ll" view --text "$tmp/garbage.pcap" >/dev/null 2>"$tmp/garbage.err"; rc=$?
check "[ $rc = 1 ] && grep -q 'garbage.pcap' '$tmp/garbage.err'" "random bytes: a clear error naming the file, exit 1 (got $rc)"

: >"$tmp/empty.pcap"
timeout 10 "$ll" view --text "$tmp/empty.pcap" >/dev/null 2>"$tmp/empty.err"; rc=$?
check "[ $rc = 1 ] && [ -s '$tmp/empty.err' ]" "an empty file: an error, exit 1 (got $rc)"

timeout 10 "$ll" view --text "$tmp/does-not-exist.pcap" >/dev/null 2>"$tmp/nx.err"; rc=$?
check "[ $rc = 1 ] && grep -q 'does-not-exist' '$tmp/nx.err'" "a missing file: an error, exit 1 (got $rc)"

# Corrupt every byte of the first frames in turn (headers included): the
# decoder must skip what it cannot read, never crash.
cp "$g/unread-data.pcap" "$tmp/c.pcap"
crashes=0
i=24
while [ $i -lt 200 ]; do
	cp "$g/unread-data.pcap" "$tmp/c.pcap"
	printf '\377' | dd of="$tmp/c.pcap" bs=1 seek=$i conv=notrunc 2>/dev/null
	timeout 10 "$ll" view --text "$tmp/c.pcap" >/dev/null 2>&1
	rc=$?
	[ $rc -le 2 ] || crashes=$((crashes + 1))
	i=$((i + 1))
done
check "[ $crashes = 0 ]" "176 corrupted captures: no crash, no hang ($crashes failures)"

tap_plan
