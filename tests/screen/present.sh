#!/bin/sh
# SPDX-License-Identifier: MIT
# Screen test: presenter mode.  Clicker keys (PageDown/PageUp, b and . to
# blank the screen), tall arrows (label on its own line), auto-advance.
. "$(dirname "$0")/lib.sh"
scr_setup

scr_start 80 24 -- --lang en --lesson 90 --present
scr_wait "SCREENTEST-EN-MARK"
ok $? "presenter mode opens the lesson"
scr_keys NPage
scr_wait "The abortive close"
ok $? "PageDown turns the page"
scr_keys PPage
scr_wait "SCREENTEST-EN-MARK"
ok $? "PageUp turns it back"
scr_keys b
scr_gone "SCREENTEST-EN-MARK"
ok $? "b blanks the screen"
[ -z "$(scr_screen | tr -d ' \n')" ]
ok $? "... entirely"
scr_keys b
scr_wait "SCREENTEST-EN-MARK"
ok $? "b again shows it"
scr_keys .
scr_gone "SCREENTEST-EN-MARK"
ok $? ". blanks the screen too"
scr_keys Space
scr_wait "SCREENTEST-EN-MARK"
ok $? "any key shows it again"
scr_keys NPage r r
scr_wait "Done in" 30
ok $? "a run in presenter mode"
scr_keys End
scr_wait "[R." 2
ok $? "the RST label is shown"
lbl=$(scr_screen | grep -F "[R." | head -n 1)
case $lbl in *━*) r=1 ;; *) r=0 ;; esac
ok $r "the label has a line of its own (tall arrows)"
scr_screen | grep -F -A1 "[R." | grep -q "╳╳╳"
ok $? "the arrow below it is drawn with the RST's crosses"
scr_keys a
scr_wait "Auto-advance on."
ok $? "a turns auto-advance on"
scr_wait "auto" 1
ok $? "... and it shows"
scr_keys q
scr_exited
ok $? "quits"
scr_terminal_clean
ok $? "the terminal is restored"
done_testing
