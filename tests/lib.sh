# SPDX-License-Identifier: MIT
# lib.sh - shared helpers for the shell tests (sourced, not run).
#
# TAP output: ok/notok print one numbered line each; check CONDITION TEXT
# evaluates CONDITION and prints ok or not ok, with the command's captured
# stderr/stdout ($tmp/err, $tmp/out) as diagnostics on failure; tap_plan
# prints the plan at the end.  Each test sets $tmp to its private folder
# (made by tap_tmpdir, removed on exit).
: "${top_srcdir:=.}" "${top_builddir:=.}"
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); echo "not ok $n - $*"; }
check() {
	if eval "$1"; then
		ok "$2"
	else
		notok "$2"
		sed 's/^/# /' "$tmp/err" "$tmp/out" 2>/dev/null | head -20
	fi
}
tap_tmpdir() {
	tmp=$(mktemp -d "/tmp/ll$1XXXXXX") || { echo "Bail out! mktemp"; exit 1; }
	trap 'rm -rf "$tmp"' EXIT INT TERM
}
tap_plan() { echo "1..$n"; }
