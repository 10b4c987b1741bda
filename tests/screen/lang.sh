#!/bin/sh
# SPDX-License-Identifier: MIT
# Screen test: switch language with L at any moment, keeping the place in
# the lesson; Chinese is laid out by display width (the text pane's edge
# stays in one column), French keeps its no-break spaces.
. "$(dirname "$0")/lib.sh"
scr_setup
NBSP=$(printf '\302\240')

# The column of the text pane's edge on every line of the panes.
edges_aligned() {
	want=$(scr_sep_col 3)
	[ "$want" -gt 0 ] || { echo "# no pane edge on line 3"; return 1; }
	for l in 4 5 6 7 8 9 10 11 12 13 14 15 16; do
		c=$(scr_sep_col $l)
		[ "$c" = "$want" ] || { echo "# line $l: edge at $c, not $want"; scr_screen | sed 's/^/#   |/'; return 1; }
	done
}

scr_start 80 24 -- --lang en --lesson 90
scr_wait "SCREENTEST-EN-MARK"
ok $? "English lesson text"
scr_keys L
scr_wait "屏幕测试中文标记"
ok $? "L switches to Chinese: the Chinese lesson text"
scr_wait "[中文]" 1
ok $? "the title bar marks 中文 as current"
scr_widths_ok 80
ok $? "Chinese lines fit 80 columns (double-width characters counted)"
scr_screen | grep -q '^ [，。：；！？）]'
[ $? -ne 0 ]
ok $? "no line starts with Chinese closing punctuation"
scr_keys n
scr_wait "异常关闭"
ok $? "n turns the page in Chinese"
edges_aligned
ok $? "the text pane's edge is in one column beside Chinese text"
scr_keys L
scr_wait "La fermeture brutale"
ok $? "L again: French, same page"
scr_wait "serveur${NBSP}?" 1
ok $? "French keeps the no-break space before ?"
edges_aligned
ok $? "the pane edge is aligned beside French text"
scr_keys N
scr_wait "MARQUE-FRANÇAIS-ÉCRAN"
ok $? "previous page in French"
scr_wait "«${NBSP}make check${NBSP}»" 1 || scr_wait "«${NBSP}make" 1
ok $? "guillemets keep their no-break spaces"
scr_keys L
scr_wait "SCREENTEST-EN-MARK"
ok $? "L again: back to English"
scr_wait "[EN]" 1
ok $? "the title bar marks EN"
scr_keys q
scr_exited
ok $? "quits"
scr_terminal_clean
ok $? "the terminal is restored"
"$TMUX_BIN" -S "$SOCK" kill-server 2>/dev/null

# Starting in Chinese under LANG=C (the C.UTF-8 fallback) works too.
scr_start 80 24 LANG=C LC_ALL= LANGUAGE= -- --lang zh_CN --lesson 90
scr_wait "屏幕测试中文标记"
ok $? "--lang zh_CN under LANG=C shows Chinese"
scr_keys q
scr_exited
ok $? "quits"
done_testing
