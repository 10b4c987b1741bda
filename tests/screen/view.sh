#!/bin/sh
# SPDX-License-Identifier: MIT
# Screen test: `lingerlab view` on a capture with several connections (made
# by tests/captures/mkcaptures.py): the list of connections, sorting,
# filtering by ending, Enter for the ladder under the sentence that says how
# it ended, l for the lesson that teaches it, Esc back to the list, --port;
# a damaged capture's message stays on screen and the exit status is 1; a
# FIFO without a writer gives way to Ctrl-C.
. "$(dirname "$0")/lib.sh"
scr_setup
python3 "$top_srcdir/tests/captures/mkcaptures.py" "$SB/cap" >/dev/null 2>&1 ||
	skip_all "cannot write the captures (python3)"
chmod -R a+rX "$SB/cap"
# the lessons that teach the endings, beside the screen-test lessons
cp "$top_srcdir"/lessons/*-abortive.*.lesson "$SB/lessons/"
chmod a+r "$SB"/lessons/*
lessons="LINGERLAB_LESSONS=$SB/lessons"

scr_start 100 24 LANGUAGE=en LC_ALL=C.UTF-8 "$lessons" -- view "$SB/cap/rst-late.pcap"
scr_wait "rst-late.pcap · 3 connections"
ok $? "view: a title with the number of connections"
scr_wait "10.0.0.1:40001 → 10.0.0.2:8080" 2 && scr_wait "abortive close" 2 && scr_wait "orderly close" 2
ok $? "the list: peers with their ports, and how each connection ended"
scr_keys s s
scr_wait "s sort: bytes" 2 && scr_screen | sed -n 3p | grep -q '10.0.0.1:40001'
ok $? "s s: sorted by bytes, the largest (400 B) first"
scr_keys f f f
scr_wait "f ending: abortive close" 2 && scr_gone "still open" 2 && scr_gone "orderly close" 2
ok $? "f: only the connections that ended with an abortive close"
scr_keys Enter
scr_wait "abortive close by the client; 100 B" 2 && scr_wait "connection 1/3: 10.0.0.1:40000 → 10.0.0.2:80" 2
ok $? "Enter: the ladder, under the sentence that says how the connection ended"
scr_wait "[S] seq 0" 5
ok $? "the ladder animates the connection's packets"
scr_keys l
scr_wait "Abortive close" 5
ok $? "l: the lesson that teaches the abortive close"
scr_start 100 24 LANGUAGE=en LC_ALL=C.UTF-8 "$lessons" -- view "$SB/cap/rst-late.pcap"
scr_wait "3 connections" && scr_keys Enter && scr_wait "Esc list" 2
scr_keys Escape
scr_wait "Enter ladder" 2
ok $? "Esc: back to the list"
scr_keys q
scr_exited 5 && [ "$(cat "$SB/rc")" = 0 ]
ok $? "q: exit status 0"

scr_start 100 24 LANGUAGE=en LC_ALL=C.UTF-8 -- view --port 8080 "$SB/cap/rst-late.pcap"
scr_wait "connection 1/1: 10.0.0.1:40001 → 10.0.0.2:8080"
ok $? "--port on screen: only that port's connection (straight to its ladder)"

head -c 700 "$SB/cap/rst-late.pcap" >"$SB/cap/trunc.pcap"
scr_start 100 24 LANGUAGE=en LC_ALL=C.UTF-8 -- view "$SB/cap/trunc.pcap"
scr_wait "damaged after" 5
ok $? "a damaged capture: its message on screen"
scr_keys Down
scr_wait "damaged after" 2
ok $? "... and still there after a key"
scr_keys q
scr_exited 5 && [ "$(cat "$SB/rc")" = 1 ]
ok $? "a damaged capture shown full screen: exit status 1"

mkfifo "$SB/cap/fifo"
chmod a+r "$SB/cap/fifo"
scr_start 100 24 LANGUAGE=en LC_ALL=C.UTF-8 -- view "$SB/cap/fifo"
no_program() { [ -z "$(scr_pid)" ]; }
scr_until 5 scr_pid >/dev/null
waiting=$(scr_pid)
scr_keys C-c
# Ctrl-C in the terminal's cooked mode (curses has not started: the
# capture is read first) interrupts the whole job, the test's shell too
scr_until 5 no_program && [ -n "$waiting" ]
ok $? "view of a FIFO without a writer waits for one; Ctrl-C ends it"
done_testing
