# SPDX-License-Identifier: MIT
# nsprobe.sh - can a test have a private network namespace here? (sourced)
#
# ns_unavailable [PREFIX...] prints why the user that PREFIX runs a command
# as (e.g. "setpriv --reuid=nobody ..."; nothing: ourselves) cannot have a
# private network namespace here, or nothing when it can.  It asks the
# kernel with unshare(1), not lingerlab: a lab that fails to make one where
# one can be had must fail its test, not skip it.  Root needs a network
# namespace; anyone else a user + network namespace (refused in a chroot,
# by a container's seccomp filter, or by sysctls).
ns_unavailable() {
	command -v unshare >/dev/null 2>&1 || { echo "unshare (util-linux) not found"; return 0; }
	_ns_uid=$("$@" id -u)
	_ns_flags="--user --net"
	[ "$_ns_uid" = 0 ] && _ns_flags=--net
	# shellcheck disable=SC2086
	_ns_err=$("$@" unshare $_ns_flags true 2>&1 >/dev/null) ||
		echo "no private network namespace for uid $_ns_uid here: ${_ns_err:-unshare failed}"
}
