#!/bin/sh
# SPDX-License-Identifier: MIT
# svg.sh - `--format svg` (issue 12): the ladder for slides and handouts.
# Each stored capture's SVG is well-formed XML (xmllint), renders
# (rsvg-convert), and has one arrow per segment: the arrows' data-packets
# (a merged run of data or ACKs is one arrow standing for N segments) add up
# to the capture's packets, counted by tshark when installed, and the
# arrows are as many as the text ladder's.  Under zh_CN the names are in
# Chinese with a font list that renders them.  A live run's SVG has its
# calls, states, times and notes, and as many segments as its capture.
set -u
. "${top_srcdir:-.}/tests/lib.sh"
ll="$top_builddir/src/lingerlab"
g="$top_srcdir/tests/ladders"
tap_tmpdir svg
export LANGUAGE=en LC_ALL=C.UTF-8

if ! command -v xmllint >/dev/null 2>&1 || ! command -v rsvg-convert >/dev/null 2>&1; then
	echo "1..0 # SKIP xmllint (libxml2-utils) or rsvg-convert (librsvg2-bin) not installed"
	exit 0
fi

# Sum of data-packets="N" in an SVG, and its number of arrows.
packets() { grep -o 'data-packets="[0-9]*"' "$1" | tr -dc '0-9\n' | awk '{ s += $1 } END { print s + 0 }'; }
arrows() { grep -c '<g class="arrow ' "$1"; }

for pcap in "$g"/*.pcap; do
	name=$(basename "$pcap" .pcap)
	timeout 10 "$ll" view --format svg --width 100 "$pcap" >"$tmp/$name.svg" 2>"$tmp/err"
	check "[ $? = 0 ] && xmllint --noout '$tmp/$name.svg' 2>'$tmp/err'" "$name: view --format svg is well-formed XML"
	check "rsvg-convert '$tmp/$name.svg' -o '$tmp/$name.png' 2>'$tmp/err' && [ -s '$tmp/$name.png' ]" \
		"$name: rsvg-convert renders it"
	timeout 10 "$ll" view --text --width 100 "$pcap" >"$tmp/$name.txt"
	want=$(grep -c '[▶◀]' "$tmp/$name.txt")
	got=$(arrows "$tmp/$name.svg")
	check "[ '$got' = '$want' ]" "$name: as many arrows as the text ladder ($got, want $want)"
	if command -v tshark >/dev/null 2>&1; then
		want=$(tshark -r "$pcap" 2>/dev/null | wc -l)
		got=$(packets "$tmp/$name.svg")
		check "[ '$got' = '$want' ] && [ '$want' -gt 0 ]" "$name: one arrow per packet ($got segments drawn, $want in the capture)"
	else
		echo "ok $((n + 1)) # SKIP tshark not installed"; n=$((n + 1))
	fi
done
check "grep -q '<g class=\"arrow rst\"' '$tmp/abortive.svg' && grep -q 'R\\.\\]' '$tmp/abortive.svg'" \
	"the RST is its own kind of arrow, labelled [R.]"
check "grep -q '<g class=\"arrow fin\"' '$tmp/graceful.svg'" "FINs are their own kind of arrow"
check "grep -q 'class=\"time\"' '$tmp/graceful.svg' && grep -q 'client :54052' '$tmp/graceful.svg'" \
	"times and the client's port are drawn"

LANGUAGE=zh_CN timeout 10 "$ll" view --format svg --width 80 "$g/graceful.pcap" >"$tmp/zh.svg" 2>"$tmp/err"
check "xmllint --noout '$tmp/zh.svg' && grep -q '客户端 :54052' '$tmp/zh.svg' && grep -q 'Noto Sans Mono CJK SC' '$tmp/zh.svg'" \
	"zh_CN: the names in Chinese, with a font list that renders them"
check "rsvg-convert '$tmp/zh.svg' -o '$tmp/zh.png' 2>'$tmp/err'" "zh_CN: it renders"

"$ll" view --format pdf "$g/graceful.pcap" >/dev/null 2>"$tmp/err"; rc=$?
check "[ $rc = 2 ]" "view --format pdf: refused, exit 2 (got $rc)"
: >"$tmp/empty.pcap"
"$ll" view --format svg "$tmp/empty.pcap" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "[ $rc != 0 ] && [ ! -s '$tmp/out' ]" "no capture: no SVG, an error (exit $rc)"

# A live run: calls with results, states, notes, and one arrow per packet.
if timeout 60 "$ll" run abortive --format svg --width 100 --pcap "$tmp/run.pcap" >"$tmp/run.svg" 2>"$tmp/err"; then
	check "xmllint --noout '$tmp/run.svg' && rsvg-convert '$tmp/run.svg' -o '$tmp/run.png'" "run --format svg: valid, renders"
	check "grep -q 'class=\"call\"[^>]*>close() = 0' '$tmp/run.svg' && grep -q 'class=\"state\"[^>]*>\\[ESTABLISHED\\]' '$tmp/run.svg'" \
		"run: calls with their results and states are drawn"
	check "grep -q 'class=\"note\"' '$tmp/run.svg' && grep -q 'abortive  linger=0' '$tmp/run.svg'" \
		"run: the run's notes and its title (scenario, parameters)"
	if command -v tshark >/dev/null 2>&1; then
		want=$(tshark -r "$tmp/run.pcap" 2>/dev/null | wc -l)
		got=$(packets "$tmp/run.svg")
		check "[ '$got' = '$want' ] && [ '$want' -gt 0 ]" "run: one arrow per packet ($got drawn, $want captured)"
	fi
else
	echo "ok $((n + 1)) # SKIP cannot run experiments here: $(head -1 "$tmp/err")"; n=$((n + 1))
fi
tap_plan
