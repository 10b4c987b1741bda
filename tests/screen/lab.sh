#!/bin/sh
# SPDX-License-Identifier: MIT
# Screen test: the lab.  Change the linger settings, predict, run the live
# experiment, see the RST arrow and the server's ECONNRESET, step back and
# forth, resize to 60x20 and back in the middle of the animation, then the
# graceful close (FIN arrows, EOF, TIME_WAIT).  Run as root and, when we
# are root, again as nobody (an unprivileged user namespace).
. "$(dirname "$0")/lib.sh"
scr_setup

# position N/M from the ladder's header
pos() {
	scr_screen | sed -n 's/.* \([0-9][0-9]*\/[0-9][0-9]*\) \(||\|▶\|>\) .*/\1/p' | head -n 1
}

lab_pass() {
	who=$1
	rm -rf "$SB/home/state"
	scr_start 80 24 -- --lang en --lesson 90
	scr_wait "SCREENTEST-EN-MARK"
	ok $? "[$who] lesson opened"
	scr_keys n
	scr_wait "Press r to run the lab."
	ok $? "[$who] the lab page offers a run"
	scr_wait "SO_LINGER [0]" 1
	ok $? "[$who] the lab shows SO_LINGER at its start value"
	scr_keys Up
	scr_wait "SO_LINGER [0]" 1
	ok $? "[$who] Up alone scrolls: the setting keeps its value"
	scr_keys Tab Up
	scr_wait "SO_LINGER [1]"
	ok $? "[$who] Tab then Up raises l_linger to 1 s"
	scr_keys Down Down
	scr_wait "SO_LINGER [off]"
	ok $? "[$who] Down twice turns SO_LINGER off"
	scr_keys Up
	scr_wait "SO_LINGER [0]"
	ok $? "[$who] and back to 0 s"
	scr_keys Tab
	scr_wait "▸bytes [64K]"
	ok $? "[$who] Tab selects the next setting"
	scr_keys BTab
	scr_keys r
	scr_wait "Make your prediction first"
	ok $? "[$who] r asks for a prediction first"
	scr_keys 2
	scr_wait "Your prediction: 2"
	ok $? "[$who] 2 records the prediction"
	scr_keys r
	scr_wait "Done in" 30
	ok $? "[$who] the live run finishes"
	scr_keys End
	scr_wait "read() = -1 ECONNRESET"
	ok $? "[$who] the server's read() fails with ECONNRESET"
	scr_wait "╳╳╳" 1
	ok $? "[$who] an RST arrow, drawn with crosses"
	scr_wait "[R." 1
	ok $? "[$who] ... labelled with the RST flag"
	scr_wait "✓ 2)" 1
	ok $? "[$who] the prediction is graded from the run"
	scr_wait "Right: the kernel's answer is" 1
	ok $? "[$who] ... with the kernel's answer"
	scr_wait "discarded" 1
	ok $? "[$who] the state panel shows the byte accounting"
	p=$(pos)
	n=${p#*/}
	[ -n "$p" ] && [ "${p%/*}" = "$n" ]
	ok $? "[$who] End shows every event ($p)"
	scr_keys Left
	scr_wait " $((n - 1))/$n "
	ok $? "[$who] Left steps one event back"
	scr_keys Right
	scr_wait " $n/$n "
	ok $? "[$who] Right steps forward again"
	scr_keys Home
	scr_wait " 0/$n "
	ok $? "[$who] Home goes to the start"
	scr_keys Space Space Space
	scr_wait " 3/$n "
	ok $? "[$who] Space steps forward"
	scr_keys p
	scr_resize 60 20
	scr_wait "Terminal too small: 60x20"
	ok $? "[$who] resized to 60x20 mid-animation: too-small screen"
	scr_resize 80 24
	scr_wait "Screen test lesson"
	ok $? "[$who] back to 80x24: the lesson again"
	scr_keys End
	scr_wait " $n/$n "
	ok $? "[$who] the recorded run is still there"
	scr_widths_ok 80
	ok $? "[$who] every line fits"

	scr_keys n
	scr_wait "The graceful close"
	ok $? "[$who] next page: the graceful close"
	scr_keys 1 r
	scr_wait "Done in" 30
	ok $? "[$who] the graceful run finishes"
	scr_keys End
	scr_wait "━━━"
	ok $? "[$who] FIN arrows, heavy lines"
	scr_wait "read() = 0" 1
	ok $? "[$who] the server reads EOF"
	scr_wait "TIME_WAIT" 1
	ok $? "[$who] the client ends in TIME_WAIT"
	scr_keys q
	scr_exited
	ok $? "[$who] q quits"
	[ "$(scr_rc)" = 0 ]
	ok $? "[$who] exit status 0"
	scr_terminal_clean
	ok $? "[$who] the terminal is restored"
	scr_no_processes
	ok $? "[$who] no lingerlab process is left"
	"$TMUX_BIN" -S "$SOCK" kill-server 2>/dev/null
}

lab_pass "$(id -un)"

# ASCII arrows (a terminal without UTF-8).
scr_start 80 24 LINGERLAB_ASCII=1 -- --lang en --lesson 90
scr_wait "SCREENTEST-EN-MARK"
scr_keys n 2 r
scr_wait "Done in" 30
ok $? "[ascii] the run finishes"
scr_keys End
scr_wait "xxx"
ok $? "[ascii] the RST arrow is xxx>"
scr_wait "ECONNRESET" 1
ok $? "[ascii] ECONNRESET"
scr_keys q
scr_exited
ok $? "[ascii] quits"
"$TMUX_BIN" -S "$SOCK" kill-server 2>/dev/null

if [ "$(id -u)" -eq 0 ]; then
	if scr_unprivileged; then
		lab_pass nobody
	else
		echo "ok $((tap_n + 1)) # SKIP $SCR_WHY"
		tap_n=$((tap_n + 1))
	fi
fi
done_testing
