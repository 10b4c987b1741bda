#!/bin/sh
# SPDX-License-Identifier: MIT
# Screen test: open the lab, read a lesson, help, quit; resume where the
# student left off; under LANG=C.UTF-8 and under LANG=C (which falls back
# to C.UTF-8 for drawing), and with ASCII line drawing forced.
. "$(dirname "$0")/lib.sh"
scr_setup
scr_cleanup_server() { "$TMUX_BIN" -S "$SOCK" kill-server 2>/dev/null; }

for loc in C.UTF-8 C; do
	rm -rf "$SB/home/state"
	scr_start 80 24 LANG=$loc LC_ALL= LANGUAGE= -- --lang en
	scr_wait "Screen test lesson"
	ok $? "[$loc] the lesson list shows the lesson"
	scr_wait "┌" 1 >/dev/null || scr_wait "─ lingerlab" 1
	ok $? "[$loc] UTF-8 line drawing (C.UTF-8 fallback)"
	scr_keys Enter
	scr_wait "SCREENTEST-EN-MARK"
	ok $? "[$loc] Enter opens the lesson at its first page"
	scr_wait "Welcome" 1
	ok $? "[$loc] the page title is shown"
	scr_widths_ok 80
	ok $? "[$loc] no line is wider than the terminal"
	scr_keys '?'
	scr_wait "switch language"
	ok $? "[$loc] ? shows the help"
	scr_keys NPage
	scr_wait "one event back" 2
	ok $? "[$loc] PgDn scrolls the help to the ladder keys"
	scr_keys Escape
	scr_wait "SCREENTEST-EN-MARK"
	ok $? "[$loc] Esc goes back to the page"
	scr_keys n
	scr_wait "The abortive close"
	ok $? "[$loc] n turns the page"
	scr_wait "2/3" 1
	ok $? "[$loc] the title shows the page number"
	scr_keys q
	scr_exited
	ok $? "[$loc] q quits"
	[ "$(scr_rc)" = 0 ]
	ok $? "[$loc] exit status 0"
	scr_terminal_clean
	ok $? "[$loc] the terminal is restored"
	scr_no_processes
	ok $? "[$loc] no lingerlab process is left"
	[ ! -s "$SB/stderr" ]
	ok $? "[$loc] nothing was printed on stderr"
	[ -f "$SB/home/state/lingerlab/progress" ]
	ok $? "[$loc] progress saved under XDG_STATE_HOME"
	scr_cleanup_server

	scr_start 80 24 LANG=$loc LC_ALL= LANGUAGE= -- --lang en
	scr_wait "The abortive close"
	ok $? "[$loc] the next start resumes at the same page"
	scr_keys Escape
	scr_wait "started"
	ok $? "[$loc] Esc shows the list, with the lesson marked started"
	scr_keys q
	scr_exited
	ok $? "[$loc] quit from the list"
	scr_cleanup_server
done

rm -rf "$SB/home/state"
scr_start 80 24 LINGERLAB_ASCII=1 -- --lang en --lesson 90
scr_wait "SCREENTEST-EN-MARK"
ok $? "[ascii] --lesson opens the lesson"
scr_screen | grep -q '[─│┌▶]'
[ $? -ne 0 ]
ok $? "[ascii] no box-drawing characters on screen"
scr_keys n
scr_wait "client"
scr_screen | grep -Eq '\| +\| +\|'
ok $? "[ascii] ASCII lifelines"
scr_keys q
scr_exited
ok $? "[ascii] quits"
"$TMUX_BIN" -S "$SOCK" kill-server 2>/dev/null

# Too small from the start, then grown.
scr_start 60 20 -- --lang en --lesson 90
scr_wait "Terminal too small: 60x20"
ok $? "a 60x20 terminal gets the too-small screen"
scr_resize 80 24
scr_wait "SCREENTEST-EN-MARK"
ok $? "growing it to 80x24 shows the lesson"
scr_keys q
scr_exited
ok $? "quits"
done_testing
