#!/bin/sh
# SPDX-License-Identifier: MIT
# Screen test: robustness while a close() lingers for seconds.  The screen
# stays responsive (help opens, elapsed time moves), a run can be
# cancelled, and every way out - q, Ctrl-C, SIGTERM, SIGHUP - restores the
# terminal and leaves no lingerlab process behind.
. "$(dirname "$0")/lib.sh"
scr_setup

# Start the lab page with SO_LINGER 5 s and start the run (no prediction).
lingering_run() {
	rm -rf "$SB/home/state" # the settings of the last pass are saved
	scr_start 80 24 -- --lang en --lesson 90
	scr_wait "SCREENTEST-EN-MARK" || return 1
	scr_keys n
	scr_wait "SO_LINGER [0]" || return 1
	scr_keys Tab Up Up Up Up Up
	scr_wait "SO_LINGER [5]" || return 1
	scr_keys r r
	scr_wait "running" 5
}

lingering_run
ok $? "a run with SO_LINGER 5 s is in progress"
scr_wait "running: 1." 5
ok $? "the elapsed time moves while close() lingers"
scr_keys '?'
scr_wait "switch language" 2
ok $? "the help opens during the run"
scr_keys Escape
scr_wait "running" 2
ok $? "back to the running lab"
scr_keys c
scr_wait "Run cancelled." 2
ok $? "c cancels the run"
scr_no_processes_but_one() {
	i=0
	while [ $i -lt 60 ]; do
		n=0
		for p in /proc/[0-9]*; do
			exe=$(readlink "$p/exe" 2>/dev/null) || continue
			[ "$exe" = "$BIN" ] && n=$((n + 1))
		done
		[ $n -le 1 ] && return 0
		sleep 0.05
		i=$((i + 1))
	done
	echo "# $n processes run the binary"
	return 1
}
scr_no_processes_but_one
ok $? "cancelling leaves no experiment process"
scr_keys q
scr_exited
ok $? "q quits"
scr_terminal_clean
ok $? "the terminal is restored"
"$TMUX_BIN" -S "$SOCK" kill-server 2>/dev/null

for how in q C-c TERM HUP INT; do
	lingering_run
	ok $? "[$how] a lingering run is in progress"
	case $how in
	q | C-c)
		scr_keys "$how"
		;;
	*)
		pid=$(scr_pid)
		[ -n "$pid" ] && kill -s "$how" "$pid"
		;;
	esac
	scr_exited 2
	ok $? "[$how] the program exits at once"
	scr_terminal_clean
	ok $? "[$how] the terminal is restored"
	scr_no_processes
	ok $? "[$how] no lingerlab process is left (the lab was killed)"
	"$TMUX_BIN" -S "$SOCK" kill-server 2>/dev/null
done
done_testing
