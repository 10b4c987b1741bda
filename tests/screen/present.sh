#!/bin/sh
# SPDX-License-Identifier: MIT
# Screen test: presenter mode, in each language, at 60x20 (a projector's
# large font).  With the clicker's keys only (PageDown, PageUp, b, .): turn
# pages, run the lab, step its ladder (the current row in reverse video),
# see the grade, and go on to the next lesson.  Below 60x20 a clear
# "too small" screen; b and . blank the screen.
. "$(dirname "$0")/lib.sh"
scr_setup

# click KEY TEXT: press KEY until TEXT shows (a run in progress ignores the
# clicker, so keep clicking), at most 300 times.  $seen_grade becomes 1 if
# the grade mark GRADE showed on the way.
click_until() {
	_k=0
	while [ $_k -lt 300 ]; do
		scr_shows "$2" && return 0
		scr_shows "$GRADE" && seen_grade=1
		_before=$(scr_screen)
		scr_keys "$1"
		# the click moved something (or a run is still going): go on
		scr_until 1 scr_changed "$_before"
		_k=$((_k + 1))
	done
	echo "# never showed: $2"
	scr_screen | sed 's/^/#   |/'
	return 1
}

# The screen is no longer $1.
scr_changed() {
	[ "$(scr_screen)" != "$1" ]
}

# Some row of the ladder (screen lines 2 to 7 at 60x20) is drawn in
# reverse video (ESC[7m or ESC[1;7m).
reverse_row() {
	"$TMUX_BIN" -S "$SOCK" capture-pane -p -e | sed -n '2,7p' |
		grep -q "$(printf '\033')\[\(1;\)\?7m"
}

present_pass() {
	lang=$1
	mark=$2
	rm -rf "$SB/home/state" # each pass starts without saved runs
	scr_start 60 20 -- --lang "$lang" --lesson 90 --present
	scr_wait "$mark"
	ok $? "[$lang] presenter mode opens the lesson at 60x20"
	scr_widths_ok 60
	ok $? "[$lang] every line fits 60 columns"
	scr_keys NPage
	scr_wait "2/3 ·"
	ok $? "[$lang] PageDown turns the page"
	scr_keys PPage
	scr_wait "$mark"
	ok $? "[$lang] PageUp turns it back"
	scr_keys NPage
	scr_wait "2/3 ·"
	GRADE="✓ 2)"
	seen_grade=0
	click_until NPage "3/3 ·"
	ok $? "[$lang] the clicker runs the lab, steps its ladder and turns the page"
	[ $seen_grade = 1 ]
	ok $? "[$lang] ... and the grade showed on the way"
	scr_keys PPage
	scr_wait "2/3 ·"
	reverse_row
	ok $? "[$lang] the current ladder row is in reverse video"
	scr_keys NPage
	scr_wait "3/3 ·"
	GRADE="✓ 1)"
	click_until NPage "SCREENTEST-NEXT-MARK"
	ok $? "[$lang] ... the next lab too, then the next lesson"
	scr_keys b
	scr_gone "SCREENTEST-NEXT-MARK"
	ok $? "[$lang] b blanks the screen"
	[ -z "$(scr_screen | tr -d ' \n')" ]
	ok $? "[$lang] ... entirely"
	scr_keys b
	scr_wait "SCREENTEST-NEXT-MARK"
	ok $? "[$lang] b again shows it"
	scr_keys .
	scr_gone "SCREENTEST-NEXT-MARK"
	ok $? "[$lang] . blanks the screen too"
	scr_keys Space
	scr_wait "SCREENTEST-NEXT-MARK"
	ok $? "[$lang] any key shows it again"
	scr_resize 59 20
	scr_wait "60x20"
	ok $? "[$lang] below 60x20: the too-small screen names the minimum"
	scr_resize 60 20
	scr_wait "SCREENTEST-NEXT-MARK"
	ok $? "[$lang] back at 60x20"
	scr_wait "▣" 2
	ok $? "[$lang] an indicator shows presenter mode"
	scr_keys a
	scr_wait "⟳" 2
	ok $? "[$lang] ... and auto-advance once it is on"
	scr_keys q
	scr_exited
	ok $? "[$lang] quits"
	scr_terminal_clean
	ok $? "[$lang] the terminal is restored"
	"$TMUX_BIN" -S "$SOCK" kill-server 2>/dev/null
}

present_pass en "SCREENTEST-EN-MARK"
present_pass zh_CN "屏幕测试中文标记"
present_pass fr "MARQUE-FRANÇAIS-ÉCRAN"
done_testing
