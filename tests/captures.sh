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
	# shellcheck disable=SC2086
	timeout 20 "$ll" analyze $opts "$tmp/$pcap" >"$tmp/out" 2>"$tmp/err"; rc=$?
	if [ $rc = 0 ] && cmp -s "$tmp/out" "$d/$expected"; then
		ok "$pcap ${opts:+($opts) }gives $expected"
	else
		notok "$pcap ${opts:+($opts) }gives $expected (exit $rc)"
		diff -u "$d/$expected" "$tmp/out" | sed 's/^/# /'
		sed 's/^/# /' "$tmp/err"
	fi
done <"$tmp/list"
tap_plan
