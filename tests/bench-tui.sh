#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/bench-tui.sh - benchmarks of the TUI (not part of `make check`).
#
# Reports medians of several runs, in a private headless tmux server:
#   - time from start to the first frame (the lesson text on screen), and
#     the same for a trivial command as a baseline (tmux's own overhead);
#   - time from a key (next page) to its effect on screen;
#   - CPU used while idle on a page and while the ladder animates
#     (from /proc/PID/stat over a few seconds);
#   - resident memory (VmRSS, VmHWM) after a live run;
#   - the ladder animation of a real lab run (lesson 6, at 1x): frames per
#     second actually written to the terminal, bytes per frame against the
#     bytes of a full redraw (Ctrl-L), and the CPU used while it plays.
# Targets (PRODUCT.md): first frame < 50 ms, key < 16 ms, 0% CPU idle,
# >= 30 frames/s animation with minimal output per frame, RSS < 10 MiB.
# Timings on shared machines are noisy: read the medians, compare with the
# baseline.
#
# Frames are measured on the pane's raw output: tmux's pipe-pane feeds it
# to tests/bench-tsread.c (built here with $CC), which timestamps every
# read; a frame is a burst of output, separated from the next by more than
# GAP_MS (4) ms of silence.  The loop redraws on a timer tick but ncurses
# sends nothing when nothing changed (a row that appears at once, after
# its 250 ms, moves nothing in between): so the rate while something moves
# is 1000 / the median interval between frames, and the average over the
# whole playback is lower.
#
# Usage: sh tests/bench-tui.sh [RUNS]      (from the source tree, built)
#   env: COLS_ROWS="80 24" (size of the animation's terminal), CC, GAP_MS
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
. "$top_srcdir/tests/screen/lib.sh"
RUNS=${1:-5}
[ -n "$TMUX_BIN" ] && [ -x "$TMUX_BIN" ] || {
	echo "bench-tui: SKIP: tmux not found (the benchmark drives the TUI in tmux)"
	exit 0
}
[ -x "$top_builddir/src/lingerlab" ] || {
	echo "bench-tui: SKIP: src/lingerlab is not built (run make first)"
	exit 0
}
scr_setup
# scr_setup's EXIT trap kills the tmux server (and with it the pipe-pane
# reader) and removes the sandbox: make it run on signals too.
trap 'exit 130' INT
trap 'exit 143' TERM HUP
HZ=$(getconf CLK_TCK)
GAP_MS=${GAP_MS:-4}

now_ms() { date +%s%3N; }

median() { sort -n | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]; else print "?"}'; }

# Poll fast (5 ms) for a text; prints the elapsed ms since $1.
wait_fast() {
	t0=$1
	while ! scr_screen | grep -qF -- "$2"; do
		sleep 0.005
		[ $(($(now_ms) - t0)) -gt 5000 ] && { echo 99999; return; }
	done
	echo $(($(now_ms) - t0))
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# CPU % of pid over SECONDS.
cpu_pct() {
	a=$(cpu_ticks "$1")
	sleep "$2"
	b=$(cpu_ticks "$1")
	awk -v a="$a" -v b="$b" -v hz="$HZ" -v s="$2" 'BEGIN {printf "%.1f", (b - a) * 100 / hz / s}'
}

echo "lingerlab TUI benchmark, $RUNS runs each (medians)"

: >"$SB/base"
: >"$SB/first"
: >"$SB/key"
run=0
while [ $run -lt "$RUNS" ]; do
	SOCK=$SB/b
	t0=$(now_ms)
	"$TMUX_BIN" -S "$SOCK" -f /dev/null new-session -d -x 80 -y 24 "echo BASELINE-READY; sleep 60"
	wait_fast "$t0" BASELINE-READY >>"$SB/base"
	"$TMUX_BIN" -S "$SOCK" kill-server
	rm -rf "$SB/home/state"
	t0=$(now_ms)
	scr_start 80 24 -- --lang en --lesson 90
	wait_fast "$t0" SCREENTEST-EN-MARK >>"$SB/first"
	t0=$(now_ms)
	scr_keys n
	wait_fast "$t0" "The abortive close" >>"$SB/key"
	scr_keys q
	scr_exited >/dev/null
	"$TMUX_BIN" -S "$SOCK" kill-server
	run=$((run + 1))
done
b=$(median <"$SB/base")
f=$(median <"$SB/first")
k=$(median <"$SB/key")
echo "start to first frame:  ${f} ms   (tmux baseline ${b} ms; difference $((f - b)) ms)"
echo "key to screen:         ${k} ms   (includes tmux's send-keys and capture)"

rm -rf "$SB/home/state"
scr_start 80 24 -- --lang en --lesson 90
scr_wait SCREENTEST-EN-MARK >/dev/null
pid=$(scr_pid)
echo "CPU while idle (3 s):  $(cpu_pct "$pid" 3) %"
scr_keys n 2 r
scr_wait "Done in" 30 >/dev/null
scr_keys End Home
sleep 0.2
scr_keys - - p  # play at 1/4 speed: it lasts long enough to measure
echo "CPU while animating:   $(cpu_pct "$pid" 3) %"
scr_keys End
sleep 0.3
echo "CPU idle after a run:  $(cpu_pct "$pid" 2) %"
echo "memory:                $(grep -E 'VmRSS|VmHWM' "/proc/$pid/status" | tr -s ' \t' ' ' | tr '\n' ' ')"
scr_keys q
scr_exited >/dev/null
"$TMUX_BIN" -S "$SOCK" kill-server

# ---- the animation of a real lab run: frames/s, bytes per frame, CPU ----

TSREAD=$SB/tsread
if ! ${CC:-cc} -O2 -o "$TSREAD" "$top_srcdir/tests/bench-tsread.c" 2>"$SB/cc.err"; then
	echo "animation:             SKIP: cannot build tests/bench-tsread.c with ${CC:-cc}"
	sed 's/^/  /' "$SB/cc.err"
	exit 0
fi
cp "$top_srcdir"/lessons/*.lesson "$SB/lessons/"
chmod -R a+rX "$SB"
set -- ${COLS_ROWS:-80 24}
acols=$1
arows=$2

# pipe_start FILE / pipe_stop: the pane's raw output, timestamped, to FILE.
pipe_start() {
	: >"$1"
	"$TMUX_BIN" -S "$SOCK" pipe-pane -o "exec '$TSREAD' '$1'"
	sleep 0.2 # the reader is running before anything is sent
}
pipe_stop() {
	"$TMUX_BIN" -S "$SOCK" pipe-pane
	sleep 0.2 # the reader has seen its end of file
}

# Number of reads logged so far.
reads() { wc -l <"$1" | tr -d ' '; }

# frame_stats FILE: "FRAMES SECONDS AVG_FPS MEDIAN_INTERVAL_MS P90_MS
# MEDIAN_BYTES MAX_BYTES TOTAL_BYTES" of the bursts of output in FILE.
frame_stats() {
	awk -v gap="$GAP_MS" '
	function flush() { if (n) { bytes[n] = b; total += b } }
	{
		if (NR == 1 || ($1 - last) * 1000 > gap) {
			flush()
			n++
			start[n] = $1
			b = 0
		}
		b += $2
		last = $1
	}
	END {
		flush()
		if (n < 2) { print n, 0, 0, 0, 0, (n ? bytes[1] : 0), (n ? bytes[1] : 0), total; exit }
		dur = last - start[1]
		for (i = 2; i <= n; i++) iv[i - 1] = (start[i] - start[i - 1]) * 1000
		m = n - 1
		# insertion sorts: a few hundred values at most
		for (i = 2; i <= m; i++) { v = iv[i]; for (j = i - 1; j >= 1 && iv[j] > v; j--) iv[j + 1] = iv[j]; iv[j + 1] = v }
		for (i = 2; i <= n; i++) { v = bytes[i]; for (j = i - 1; j >= 1 && bytes[j] > v; j--) bytes[j + 1] = bytes[j]; bytes[j + 1] = v }
		k = int(m * 0.9 + 0.5)
		if (k < 1) k = 1
		printf "%d %.3f %.1f %.2f %.2f %d %d %d\n", n, dur, (n - 1) / dur,
		       iv[int((m + 1) / 2)], iv[k], bytes[int((n + 1) / 2)], bytes[n], total
	}' "$1"
}

echo "animation of lesson 6's lab at 1x, ${acols}x${arows}, $RUNS runs (medians):"
for f in fps fpsavg iv p90 bpf bmax full cpu nfr dur; do : >"$SB/a.$f"; done
run=0
fails=0
while [ $run -lt "$RUNS" ]; do
	run=$((run + 1))
	rm -rf "$SB/home/state"
	mkdir -p "$SB/home/state"
	scr_start "$acols" "$arows" -- --lang en --lesson 6
	ok=1
	scr_wait "Press r to run the lab." 10 >/dev/null || ok=0
	if [ $ok = 1 ]; then
		scr_keys r # without a prediction, the first r only asks
		scr_wait "press r again" >/dev/null || ok=0
	fi
	if [ $ok = 1 ]; then
		scr_keys r
		scr_wait "Done in" 30 >/dev/null || ok=0
	fi
	pid=$(scr_pid)
	[ -n "$pid" ] || ok=0
	if [ $ok = 1 ]; then
		# The ladder plays by itself after a run: End stops it, Home
		# rewinds it, paused.
		scr_keys End Home
		scr_wait "|| 1x +0.000 s" >/dev/null || ok=0
	fi
	if [ $ok = 0 ]; then
		fails=$((fails + 1))
		echo "  run $run: the lab did not run; screen:"
		scr_screen | sed 's/^/  |/'
		scr_keys q
		scr_exited >/dev/null
		"$TMUX_BIN" -S "$SOCK" kill-server
		continue
	fi
	F=$SB/frames.$run
	pipe_start "$F"
	c0=$(cpu_ticks "$pid")
	scr_keys p
	# The end: no output for 1.5 s (the longest row lasts 0.7 s at 1x)
	# and the ladder paused.  Reading a line count disturbs less than
	# capturing the screen.
	n0=-1
	quiet=0
	waited=0
	while [ $waited -lt 240 ]; do # 60 s at most
		sleep 0.25
		waited=$((waited + 1))
		n=$(reads "$F")
		if [ "$n" = "$n0" ]; then
			quiet=$((quiet + 1))
		else
			quiet=0
			n0=$n
		fi
		[ $quiet -ge 6 ] && ! scr_screen | grep -qF "▶ 1x" && break
	done
	c1=$(cpu_ticks "$pid")
	pipe_stop
	# A full redraw of the same screen, for comparison.
	G=$SB/full.$run
	pipe_start "$G"
	scr_keys C-l
	sleep 0.5
	pipe_stop
	scr_keys q
	scr_exited >/dev/null
	"$TMUX_BIN" -S "$SOCK" kill-server
	set -- $(frame_stats "$F")
	nfr=$1 dur=$2 avg=$3 iv=$4 p90=$5 bpf=$6 bmax=$7
	full=$(awk '{t += $2} END {print t + 0}' "$G")
	if [ "$nfr" -lt 10 ] || [ "$full" -eq 0 ]; then
		fails=$((fails + 1))
		echo "  run $run: too little output captured ($nfr frames, full redraw $full bytes)"
		continue
	fi
	fps=$(awk -v iv="$iv" 'BEGIN {printf "%.1f", 1000 / iv}')
	cpu=$(awk -v a="$c0" -v b="$c1" -v hz="$HZ" -v s="$dur" \
		'BEGIN {printf "%.1f", (b - a) * 100 / hz / s}')
	echo "  run $run: $nfr frames in $dur s: $fps frames/s while moving (interval median $iv ms, p90 $p90 ms), $avg average; $bpf B/frame (max $bmax), full redraw $full B; CPU $cpu %"
	echo "$fps" >>"$SB/a.fps"
	echo "$avg" >>"$SB/a.fpsavg"
	echo "$iv" >>"$SB/a.iv"
	echo "$p90" >>"$SB/a.p90"
	echo "$bpf" >>"$SB/a.bpf"
	echo "$bmax" >>"$SB/a.bmax"
	echo "$full" >>"$SB/a.full"
	echo "$cpu" >>"$SB/a.cpu"
	echo "$nfr" >>"$SB/a.nfr"
	echo "$dur" >>"$SB/a.dur"
done
if [ $fails -ge "$RUNS" ]; then
	echo "animation:             no run measured"
	exit 0
fi
fps=$(median <"$SB/a.fps")
bpf=$(median <"$SB/a.bpf")
full=$(median <"$SB/a.full")
echo "frames/s while moving: $fps   (1000 / median interval $(median <"$SB/a.iv") ms; p90 interval $(median <"$SB/a.p90") ms; target >= 30)"
echo "frames/s on average:   $(median <"$SB/a.fpsavg")   ($(median <"$SB/a.nfr") frames in $(median <"$SB/a.dur") s; no output while nothing moves)"
echo "bytes per frame:       $bpf   (max $(median <"$SB/a.bmax")); full redraw (Ctrl-L) $full; ratio $(awk -v a="$bpf" -v b="$full" 'BEGIN {printf "%.3f", a / b}')"
echo "CPU while playing:     $(median <"$SB/a.cpu") %   (lingerlab only, over the playback)"
[ $fails -gt 0 ] && echo "($fails of $RUNS runs failed, see above)"
exit 0
