# SPDX-License-Identifier: MIT
# tests/screen/lib.sh - helpers for the TUI's screen tests (sourced).
#
# Each test drives the real program in a private, headless tmux server of
# a fixed size: scr_start runs a command in it, scr_keys sends keys,
# scr_wait polls the screen (capture-pane) every 50 ms until a text shows
# up, and prints the screen into the log when it does not.  Every start
# gets a server on a fresh socket (a server just killed may still hold the
# old one), and the previous server is gone before the next one starts.
# Waits return as soon as their text shows; their limits are stretched by
# SCR_SLOW (default 4) so that a busy machine does not miss them.  The command
# writes its own exit status to a file (tmux 3.3a's pane_dead_status
# races), and the terminal modes before and after, to check that the
# program restored them.
#
# What the program needs is copied into a fresh 755 directory so that the
# same test can run as an unprivileged user (setpriv) when we are root:
# the binary, the scenarios and the screen-test lessons.  HOME and
# XDG_STATE_HOME point into that directory.  Output is TAP.

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
# configure passes TMUX (the program's path); inside a tmux session TMUX is
# that session's socket instead.  tmux itself must not see it either way.
case ${TMUX:-} in
/*tmux) [ -x "$TMUX" ] && TMUX_BIN=$TMUX ;;
esac
: "${TMUX_BIN:=$(command -v tmux)}"
: "${SETPRIV:=$(command -v setpriv)}"
unset TMUX TMUX_PANE
: "${SCR_SLOW:=4}"
SOCK=
scr_socks=
scr_nsock=0

tap_n=0
tap_fail=0

ok() { # ok COND-STATUS NAME
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		tap_fail=$((tap_fail + 1))
		echo "not ok $tap_n - $2"
	fi
}

skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

done_testing() {
	echo "1..$tap_n"
	exit 0
}

# Set up the sandbox: SB (the directory), BIN (the program), LESSONS.
scr_setup() {
	[ -n "$TMUX_BIN" ] && [ -x "$TMUX_BIN" ] || skip_all "tmux not found"
	[ -x "$top_builddir/src/lingerlab" ] || skip_all "src/lingerlab not built"
	SB=$(mktemp -d /tmp/llsXXXXXX) || exit 1
	chmod 755 "$SB"
	mkdir -p "$SB/bin" "$SB/scenarios" "$SB/lessons" "$SB/home/state"
	cp "$top_builddir/src/lingerlab" "$SB/bin/lingerlab"
	cp "$top_srcdir"/assets/scenarios/*.scn "$SB/scenarios/"
	cp "$top_srcdir"/tests/screen/lessons/*.lesson "$SB/lessons/"
	chmod -R a+rX "$SB"
	BIN=$SB/bin/lingerlab
	RUN_AS=
	trap scr_cleanup EXIT
}

# Run the program as nobody (when root and setpriv exists); returns 1 if
# that is not possible, with the reason in SCR_WHY.
scr_unprivileged() {
	[ "$(id -u)" -eq 0 ] || return 0
	SCR_WHY="setpriv or user nobody missing"
	[ -n "$SETPRIV" ] && [ -x "$SETPRIV" ] || return 1
	id nobody >/dev/null 2>&1 || return 1
	grp=nogroup
	getent group nogroup >/dev/null 2>&1 || grp=nobody
	. "$top_srcdir/tests/nsprobe.sh"
	SCR_WHY=$(ns_unavailable "$SETPRIV" --reuid=nobody --regid=$grp --clear-groups)
	[ -z "$SCR_WHY" ] || return 1
	chown -R nobody "$SB/home"
	chmod 777 "$SB"
	RUN_AS="$SETPRIV --reuid=nobody --regid=$grp --clear-groups"
	return 0
}

scr_cleanup() {
	for _s in $scr_socks; do
		"$TMUX_BIN" -S "$_s" kill-server 2>/dev/null
	done
	[ -n "$SB" ] && rm -rf "$SB"
}

# The server on SOCKET has exited (kill-server returns before it has).
scr_server_gone() {
	! "$TMUX_BIN" -S "$1" has-session 2>/dev/null
}

# scr_start COLS ROWS ENV... -- ARGS...: start the program in a new tmux
# server.  Extra environment assignments come before "--".
scr_start() {
	cols=$1
	rows=$2
	shift 2
	envs=
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		envs="$envs $1"
		shift
	done
	[ "$1" = "--" ] && shift
	if [ -n "$SOCK" ]; then
		"$TMUX_BIN" -S "$SOCK" kill-server 2>/dev/null
		scr_until 10 scr_server_gone "$SOCK" || echo "# the previous tmux server is still up"
	fi
	scr_nsock=$((scr_nsock + 1))
	SOCK=$SB/s$scr_nsock
	scr_socks="$scr_socks $SOCK"
	rm -f "$SB/rc" "$SB/stty.before" "$SB/stty.after" "$SB/stderr"
	cat >"$SB/cmd.sh" <<EOF
stty -g > "$SB/stty.before"
env HOME="$SB/home" XDG_STATE_HOME="$SB/home/state" \
    LINGERLAB_SCENARIOS="$SB/scenarios" TERM=screen $envs \
    $RUN_AS "$BIN" --lessons-dir "$SB/lessons" $* 2>"$SB/stderr"
echo \$? > "$SB/rc.tmp"
stty -g > "$SB/stty.after"
mv "$SB/rc.tmp" "$SB/rc"
exec sleep 600
EOF
	"$TMUX_BIN" -S "$SOCK" -f /dev/null new-session -d -x "$cols" -y "$rows" \
		"sh $SB/cmd.sh" || echo "# tmux new-session failed on $SOCK"
	# Escape must reach the program at once.
	"$TMUX_BIN" -S "$SOCK" set -sg escape-time 0 2>/dev/null
}

# PID of the program (not of the lab it forked), or nothing.
scr_pid() {
	for p in /proc/[0-9]*; do
		exe=$(readlink "$p/exe" 2>/dev/null) || continue
		[ "$exe" = "$BIN" ] || continue
		pp=$(awk '{print $4}' "$p/stat" 2>/dev/null)
		pexe=$(readlink "/proc/$pp/exe" 2>/dev/null)
		[ "$pexe" = "$BIN" ] && continue
		echo "${p#/proc/}"
		return 0
	done
}

scr_screen() {
	"$TMUX_BIN" -S "$SOCK" capture-pane -p
}

scr_keys() {
	"$TMUX_BIN" -S "$SOCK" send-keys "$@"
}

scr_resize() {
	"$TMUX_BIN" -S "$SOCK" resize-window -x "$1" -y "$2"
}

# scr_wait TEXT [SECONDS]: 0 when TEXT is on the screen (fixed string).
scr_wait() {
	scr_until "${2:-15}" scr_shows "$1" && return 0
	echo "# timed out waiting for: $1"
	scr_screen | sed 's/^/#   |/'
	return 1
}

# scr_gone TEXT [SECONDS]: 0 when TEXT is no longer on the screen.
scr_gone() {
	scr_until "${2:-15}" scr_lacks "$1" && return 0
	echo "# still on screen: $1"
	scr_screen | sed 's/^/#   |/'
	return 1
}

# scr_exited [SECONDS]: 0 when the program has exited (rc file written).
scr_exited() {
	scr_until "${1:-15}" test -f "$SB/rc" && return 0
	echo "# the program did not exit"
	scr_screen | sed 's/^/#   |/'
	return 1
}

# scr_until SECONDS COMMAND...: 0 as soon as COMMAND succeeds (polled
# every 50 ms), 1 once SECONDS times SCR_SLOW have passed.
scr_until() {
	_n=$(($1 * 20 * SCR_SLOW))
	shift
	_i=0
	while [ $_i -lt $_n ]; do
		"$@" && return 0
		sleep 0.05
		_i=$((_i + 1))
	done
	return 1
}
scr_shows() { scr_screen | grep -qF -- "$1"; }
scr_lacks() { ! scr_shows "$1"; }

scr_rc() {
	cat "$SB/rc" 2>/dev/null
}

# The terminal is as it was: same stty modes, no alternate screen.
scr_terminal_clean() {
	cmp -s "$SB/stty.before" "$SB/stty.after" || {
		echo "# stty before: $(cat "$SB/stty.before")"
		echo "# stty after:  $(cat "$SB/stty.after")"
		return 1
	}
	alt=$("$TMUX_BIN" -S "$SOCK" display -p '#{alternate_on}')
	[ "$alt" = 0 ] || { echo "# still in the alternate screen"; return 1; }
	return 0
}

# No process runs our copy of the binary (the lab and its children
# included).  Waits a little for them to be reaped.
scr_no_processes() {
	i=0
	while [ $i -lt $((60 * SCR_SLOW)) ]; do
		left=
		for p in /proc/[0-9]*; do
			exe=$(readlink "$p/exe" 2>/dev/null) || continue
			case $exe in "$BIN"*) left="$left ${p#/proc/}" ;; esac
		done
		[ -z "$left" ] && return 0
		sleep 0.05
		i=$((i + 1))
	done
	echo "# processes left:$left"
	return 1
}

# The display width of every line of the screen is at most COLS.
scr_widths_ok() {
	w=$(scr_screen | LC_ALL=C.UTF-8 wc -L)
	[ "$w" -le "$1" ] || { echo "# a line is $w columns wide"; return 1; }
}

# Column (display width before it) of the first "│" on screen line N.
scr_sep_col() {
	line=$(scr_screen | sed -n "${1}p")
	prefix=${line%%│*}
	[ "$prefix" = "$line" ] && { echo -1; return; }
	printf '%s' "$prefix" | LC_ALL=C.UTF-8 wc -L
}
