#!/bin/sh
# SPDX-License-Identifier: MIT
# soak-drops.sh - does the capture lose packets?  Runs every built-in
# scenario (plus lesson 10's 1 MiB half-close, the bulkiest lab) N times,
# as the current user and, when root, again as nobody in a user + network
# namespace, and adds up the drops each run reports (the NOTE_DROPS note:
# "note drops COUNT" in `--format events`; "note 5 COUNT" before notes had
# names).  Prints one line per scenario and
# user, then the totals; the target is 0.  A benchmark-like script, not
# part of `make check`: it asserts nothing and takes minutes.
#
#   tests/soak-drops.sh [N]     (default 20 runs; run from the build tree)
set -u
N=${1:-20}
ll=${LINGERLAB:-src/lingerlab}
top_srcdir=${top_srcdir:-.}
[ -x "$ll" ] || { echo "soak-drops: $ll not built" >&2; exit 2; }

dir=$(mktemp -d /tmp/llsoakXXXXXX) || exit 2
trap 'rm -rf "$dir"' EXIT INT TERM
cp "$ll" "$dir/lingerlab" && cp -r "$top_srcdir/assets/scenarios" "$dir/scenarios" || exit 2
chmod -R a+rX "$dir"

labs() { # one run's arguments per line
	LINGERLAB_SCENARIOS="$dir/scenarios" "$dir/lingerlab" scenarios | awk '/^[a-z]/ { print $1 }'
	echo "sandbox --set linger=5 --set how=shutdown --set bytes=1M --set rcvbuf=4K"
}

as_user() { # user command...
	if [ "$1" = "$(id -un)" ]; then
		shift
		"$@"
	else
		u=$1
		shift
		setpriv --reuid="$u" --regid=nogroup --clear-groups --reset-env \
			env LINGERLAB_SCENARIOS="$dir/scenarios" TMPDIR=/tmp "$@"
	fi
}

users=$(id -un)
[ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1 && users="$users nobody"

grand=0
for u in $users; do
	total=0 runs=0 failed=0
	labs >"$dir/labs"
	while read -r lab; do
		drops=0 i=0 worst=0
		while [ $i -lt "$N" ]; do
			# shellcheck disable=SC2086 # the lab's arguments are words
			out=$(as_user "$u" env LINGERLAB_SCENARIOS="$dir/scenarios" \
				"$dir/lingerlab" run $lab --format events 2>/dev/null) || failed=$((failed + 1))
			d=$(printf '%s\n' "$out" | awk '$2 == "note" && ($3 == "drops" || $3 == 5) { s += $4 } END { print s + 0 }')
			drops=$((drops + d))
			[ "$d" -gt "$worst" ] && worst=$d
			i=$((i + 1))
		done
		printf '%-8s %-70s drops %5d over %d runs (worst run %d)\n' "$u" "$lab" "$drops" "$N" "$worst"
		total=$((total + drops))
		runs=$((runs + N))
	done <"$dir/labs"
	printf '%-8s TOTAL drops %d over %d runs (%d runs failed)\n' "$u" "$total" "$runs" "$failed"
	grand=$((grand + total))
done
printf 'ALL drops %d\n' "$grand"
