#!/bin/sh
# SPDX-License-Identifier: MIT
# bench-run.sh - how long one whole live experiment takes (namespace,
# capture, both processes, teardown), beyond the waits the scenario asks
# for.  Reports medians of N runs and ratios against baselines measured in
# the same run.  A benchmark, not a test: it asserts nothing.
#
#   tests/bench-run.sh [N]     (default 21 runs; run from the build tree)
set -u
N=${1:-21}
ll=${LINGERLAB:-src/lingerlab}
[ -x "$ll" ] || { echo "bench-run: $ll not built" >&2; exit 2; }

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_ms() { # command... -> wall ms of one run
	s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N)
	echo $(( (e - s) / 1000 ))  # microseconds
}
bench() { # label command...
	label=$1; shift
	i=0; : >"$tmp/$label"
	while [ $i -lt "$N" ]; do time_ms "$@" >>"$tmp/$label"; i=$((i + 1)); done
	median <"$tmp/$label"
}
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT

# graceful's own waits: one 50 ms sleep (server in CLOSE_WAIT).
own_wait_us=50000
exec_us=$(bench exec "$ll" --version)
host_us=$(bench host "$ll" run graceful --host-net)
full_us=$(bench full "$ll" run graceful)
over_us=$((full_us - own_wait_us))

printf 'runs per measurement: %s (medians, microseconds)\n' "$N"
printf '  lingerlab --version (process start)     %8d\n' "$exec_us"
printf '  run graceful, host loopback (baseline)  %8d\n' "$host_us"
printf '  run graceful, private namespace         %8d\n' "$full_us"
printf '  ... minus the scenario'"'"'s own 50 ms      %8d   (target < 150000)\n' "$over_us"
awk -v f="$full_us" -v h="$host_us" -v e="$exec_us" 'BEGIN {
	printf "  ratio namespace/host-loopback run        %8.2f\n", f / h
	printf "  ratio namespace run/process start        %8.2f\n", f / e }'
