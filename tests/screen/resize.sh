#!/bin/sh
# SPDX-License-Identifier: MIT
# Screen test: resizing and suspending.  In each language, a lab page with
# a finished run at 200x60 shrunk to 80x24 shows exactly what a full
# redraw (Ctrl-L) shows: no stale characters, the title bar kept.  Ctrl-Z
# gives the terminal back to an interactive shell (job control) and fg
# brings the lab back, repainted and still answering keys.
. "$(dirname "$0")/lib.sh"
scr_setup

# The status line (the last) is empty: a key was read since the run.
status_clear() {
	[ -z "$(scr_screen | tail -n 1 | tr -d ' ')" ]
}

resize_pass() {
	lang=$1
	mark=$2
	rm -rf "$SB/home/state" # each pass starts without saved runs
	scr_start 200 60 -- --lang "$lang" --lesson 90
	scr_wait "$mark"
	ok $? "[$lang] the lesson opens at 200x60"
	scr_keys n 2 r
	scr_until 30 scr_shows "✓ 2)" || { scr_keys End; scr_wait "✓ 2)" 30; }
	ok $? "[$lang] a run, replayed to its grade"
	scr_resize 80 24
	scr_until 15 sh -c "\"$TMUX_BIN\" -S \"$SOCK\" capture-pane -p | head -n 1 | grep -q lingerlab"
	ok $? "[$lang] shrunk to 80x24: the title bar is there"
	scr_widths_ok 80
	ok $? "[$lang] ... every line fits"
	# (the last line is the status message, which any key clears)
	a=$(scr_screen | sed '$d')
	scr_keys C-l
	scr_until 5 status_clear
	b=$(scr_screen | sed '$d')
	[ "$a" = "$b" ]
	ok $? "[$lang] ... the same screen as a full redraw (Ctrl-L)"
	[ "$a" = "$b" ] || {
		echo "# after the resize:"
		printf '%s\n' "$a" | sed 's/^/#   |/'
		echo "# after Ctrl-L:"
		printf '%s\n' "$b" | sed 's/^/#   |/'
	}
	scr_keys q
	scr_exited
	ok $? "[$lang] quits"
	"$TMUX_BIN" -S "$SOCK" kill-server 2>/dev/null
}

resize_pass en "SCREENTEST-EN-MARK"
resize_pass zh_CN "屏幕测试中文标记"
resize_pass fr "MARQUE-FRANÇAIS-ÉCRAN"

# Ctrl-Z and fg, from an interactive shell with job control.
BASH_BIN=$(command -v bash)
if [ -z "$BASH_BIN" ]; then
	echo "ok $((tap_n + 1)) # SKIP bash (a shell with job control) not found"
	tap_n=$((tap_n + 1))
	done_testing
fi
SOCK=$SB/shell
scr_socks="$scr_socks $SOCK" # scr_cleanup ends this server too
"$TMUX_BIN" -S "$SOCK" -f /dev/null new-session -d -x 80 -y 24 \
	"env -i PATH=/usr/bin:/bin HOME=$SB/home TERM=screen PS1='SHELL-PROMPT\$ ' $BASH_BIN --norc --noprofile -i"
"$TMUX_BIN" -S "$SOCK" set -sg escape-time 0 2>/dev/null
scr_wait "SHELL-PROMPT"
ok $? "an interactive shell"
scr_keys "stty -g > $SB/stty.before; XDG_STATE_HOME=$SB/home/state LINGERLAB_SCENARIOS=$SB/scenarios $BIN --lessons-dir $SB/lessons --lang en --lesson 90" Enter
scr_wait "SCREENTEST-EN-MARK"
ok $? "the lab runs in it"
scr_keys C-z
scr_wait "Stopped"
ok $? "Ctrl-Z stops the lab: the shell says so"
scr_keys "stty -g > $SB/stty.after" Enter
scr_until 5 cmp -s "$SB/stty.before" "$SB/stty.after" # (written by then)
r=$?
ok $r "... and the terminal modes are the shell's again"
[ $r = 0 ] || {
	echo "# stty before: $(cat "$SB/stty.before")"
	echo "# stty after:  $(cat "$SB/stty.after")"
}
scr_keys "clear; fg" Enter
scr_wait "SCREENTEST-EN-MARK"
ok $? "fg brings the lab back, repainted"
scr_shows "lingerlab" && scr_shows "Screen test lesson"
ok $? "... title bar included"
scr_keys n
scr_wait "2/3 ·"
ok $? "... and it answers keys"
scr_keys q
scr_wait "SHELL-PROMPT"
ok $? "q quits to the shell"
done_testing
