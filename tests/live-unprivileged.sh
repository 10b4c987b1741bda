#!/bin/sh
# SPDX-License-Identifier: MIT
# live-unprivileged.sh - run the live tests again as an ordinary user, the
# way most students run lingerlab: in a user + network namespace.
#
# As root, the test binary and the scenarios are copied to a private
# world-readable folder (the build tree may be under /root) and run with
# setpriv as nobody.  As an ordinary user, test-live already ran as that
# user, so this only checks the unprivileged path again with the copy.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
dir=$(mktemp -d /tmp/llunprivXXXXXX) || { echo "Bail out! mktemp"; exit 1; }
trap 'rm -rf "$dir"' EXIT INT TERM
cp "$top_builddir/tests/test-live" "$dir/" && cp -r "$top_srcdir/assets/scenarios" "$dir/scenarios" ||
	{ echo "Bail out! cannot copy the test program"; exit 1; }
chmod -R a+rX "$dir"
chmod 1777 "$dir"
if [ "$(id -u)" = 0 ]; then
	if [ -z "${SETPRIV:-}" ] || ! command -v "$SETPRIV" >/dev/null 2>&1; then
		echo "1..0 # SKIP setpriv (util-linux) not found"
		exit 0
	fi
	"$SETPRIV" --reuid=nobody --regid=nogroup --clear-groups --reset-env \
		env LINGERLAB_SCENARIOS="$dir/scenarios" TSHARK="${TSHARK:-}" TMPDIR=/tmp \
		"$dir/test-live"
	exit $?
fi
LINGERLAB_SCENARIOS="$dir/scenarios" "$dir/test-live"
