#!/bin/sh
# SPDX-License-Identifier: MIT
# Screen test: the state panel at 80x24 never cuts a number nor a label
# (issue 11).  The first lab of lesson 11 (the application-level
# acknowledgement) sends data both ways (64 KiB, then a one-byte
# answer); after the run, at its end, each language shows both
# directions with every label and its whole number, wrapped between items,
# and every line fits the screen.
. "$(dirname "$0")/lib.sh"
scr_setup
# the binary of the build tree: it reads the catalogs and lessons built
# next to it (a copy would find no translation)
BIN=$(cd "$top_builddir" && pwd)/src/lingerlab

panel_pass() { # LANG PRESS-R WRITTEN READ DISCARDED
	lang=$1
	rm -rf "$SB/home/state" # the last pass's run is saved with the progress
	scr_start 80 24 -- --lang "$lang" --lesson 11
	scr_wait "$2"
	ok $? "[$lang] the lab of lesson 11 is offered"
	scr_keys r r
	scr_wait "$4 65536" 60
	ok $? "[$lang] the client's data: '$4 65536', whole"
	scr_keys End
	scr_wait "$3 65536" 5
	ok $? "[$lang] '$3 65536', whole"
	scr_wait "$4 1" 5
	ok $? "[$lang] the server's answer has its own accounting: '$4 1'"
	n=$(scr_screen | grep -cF -- "$5 0")
	[ "$n" = 2 ]
	ok $? "[$lang] '$5 0' in both directions ($n)"
	scr_widths_ok 80
	ok $? "[$lang] every line fits"
	scr_keys q
	scr_exited
	ok $? "[$lang] quits"
}

panel_pass en "Press r to run the lab." "written" "peer read" "discarded"
panel_pass fr "Appuyez sur r" "écrits" "lus par le pair" "jetés"
panel_pass zh_CN "按 r 运行实验" "已写入" "对端应用已读取" "已丢弃"
done_testing
