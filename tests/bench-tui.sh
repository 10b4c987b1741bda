#!/bin/sh
# tests/bench-tui.sh - benchmarks of the TUI (not part of `make check`).
#
# Reports medians of several runs, in a private headless tmux server:
#   - time from start to the first frame (the lesson text on screen), and
#     the same for a trivial command as a baseline (tmux's own overhead);
#   - time from a key (next page) to its effect on screen;
#   - CPU used while idle on a page and while the ladder animates
#     (from /proc/PID/stat over a few seconds);
#   - resident memory (VmRSS, VmHWM) after a live run.
# Targets (PRODUCT.md): first frame < 50 ms, key < 16 ms, 0% CPU idle,
# >= 30 frames/s animation, RSS < 10 MiB.  Timings on shared machines are
# noisy: read the medians, compare with the baseline.
#
# Usage: sh tests/bench-tui.sh [RUNS]      (from the source tree, built)
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
. "$top_srcdir/tests/screen/lib.sh"
RUNS=${1:-5}
scr_setup
HZ=$(getconf CLK_TCK)

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
