#!/bin/sh
# SPDX-License-Identifier: MIT
# Screen test: nothing hidden.  For every lesson of the curriculum and in
# each language, every lab page at 80x24 shows every setting of its lab
# with its value ("label [value]", read from the lesson file itself, so a
# new lesson or setting is covered without editing this test).  Then, on
# lesson 14 (7 settings): Up/Down scroll until Tab gives the settings the
# focus, a value steps away and back to its start value, and u restores
# the start values.
. "$(dirname "$0")/lib.sh"
scr_setup
cp "$top_srcdir"/lessons/*.lesson "$SB/lessons/"
chmod a+r "$SB"/lessons/*

# The screen without any white space (the settings area wraps anywhere).
flat() {
	scr_screen | LC_ALL=C.UTF-8 sed 's/[[:space:]]//g; s/\xc2\xa0//g' | tr -d '\n'
}

# For lesson file $1: one line per lab page, "PAGE<TAB>label [start]<TAB>...",
# PAGE counted from 1.
lab_pages() {
	awk '
	/^@page/ { if (pg && labs) print line; pg++; labs = 0; line = pg }
	/^@param/ {
		label = ""
		for (i = 5; i <= NF; i++) label = label (i > 5 ? " " : "") $i
		if (label == "") label = $2
		line = line "\t" label " [" $4 "]"; labs++
	}
	END { if (pg && labs) print line }' "$1"
}

check_lesson() { # check_lesson FILE LANG
	num=$(basename "$1" | sed 's/^0*\([0-9]*\)-.*/\1/')
	pages=$(grep -c '^@page' "$1")
	lab_pages "$1" >"$SB/labs"
	[ -s "$SB/labs" ] || return 0
	scr_start 80 24 -- --lang "$2" --lesson "$num"
	scr_wait "1/$pages ·" || { ok 1 "[$2] lesson $num opens"; return; }
	at=1
	while IFS= read -r l; do
		page=${l%%	*}
		while [ $at -lt "$page" ]; do
			at=$((at + 1))
			scr_keys n
			scr_wait "$at/$pages ·" >/dev/null
		done
		scr_wait "$at/$pages ·" 2 >/dev/null
		screen=$(flat)
		missing=
		n=0
		rest=${l#*	}
		while [ -n "$rest" ]; do
			item=${rest%%	*}
			[ "$item" = "$rest" ] && rest= || rest=${rest#*	}
			n=$((n + 1))
			want=$(printf '%s' "$item" | LC_ALL=C.UTF-8 sed 's/[[:space:]]//g; s/\xc2\xa0//g')
			case $screen in *"$want"*) ;; *) missing="$missing {$item}" ;; esac
		done
		[ -z "$missing" ]
		ok $? "[$2] lesson $num page $page shows its $n settings with their values$missing"
		[ -n "$missing" ] && scr_screen | sed 's/^/#   |/'
	done <"$SB/labs"
	scr_keys q
	scr_exited >/dev/null
	"$TMUX_BIN" -S "$SOCK" kill-server 2>/dev/null
}

for lang in en zh_CN fr; do
	for f in "$top_srcdir"/lessons/[0-9]*."$lang".lesson; do
		check_lesson "$f" "$lang"
	done
done

# Lesson 14: focus, stepping back to the start value, u.  The area wraps
# anywhere: compare without white space.
flat_has() {
	_w=$(printf '%s' "$1" | LC_ALL=C.UTF-8 sed 's/[[:space:]]//g')
	case $(flat) in *"$_w"*) return 0 ;; esac
	return 1
}
flat_wait() {
	scr_until "${2:-15}" flat_has "$1" && return 0
	echo "# timed out waiting for: $1"
	scr_screen | sed 's/^/#   |/'
	return 1
}
reads="the server reads: at once, never, or after the client's close()"
scr_start 80 24 -- --lang en --lesson 14
flat_wait "bytes the client writes [64K]"
ok $? "lesson 14's lab starts with 64K"
scr_keys Down Down
flat_wait "bytes the client writes [64K]" 1
ok $? "Down without focus scrolls: 64K unchanged"
scr_keys Tab Tab
flat_wait "▸bytes the client writes [64K]"
ok $? "Tab gives the settings the focus, Tab again selects the bytes"
scr_keys Up
flat_wait "▸bytes the client writes [128K]"
ok $? "Up steps the bytes up"
scr_keys Down
flat_wait "▸bytes the client writes [64K]"
ok $? "... and Down back to the start value"
scr_keys Up Up Tab Up
flat_wait "bytes the client writes [256K]" && flat_wait "$reads [no]" 1
ok $? "two settings changed"
scr_keys u
flat_wait "bytes the client writes [64K]" && flat_wait "$reads [yes]" 1
ok $? "u restores the start values"
scr_keys Escape
scr_wait "Tab settings"
ok $? "Esc leaves the settings: the footer says how to reach them"
scr_shows "scroll"
ok $? "... and how to scroll"
scr_keys q
scr_exited
ok $? "quits"
done_testing
