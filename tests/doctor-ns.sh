#!/bin/sh
# SPDX-License-Identifier: MIT
# doctor-ns.sh - where no private namespace can be had, lingerlab says why
# (with the right errno), `lingerlab doctor` names the cause and the fix,
# and no run claims a namespace it did not get.
#
#   1. A chroot (as root: a private mount namespace, a directory holding the
#      program and its libraries, /proc mounted in it), used as nobody:
#      Linux refuses new user namespaces in a chroot.
#   2. A seccomp filter that refuses unshare() with EPERM, as a container's
#      default profile does (tests/seccomp-deny); and one that lets the
#      namespace be made but not its loopback be brought up.
# Both need root (chroot, mount); otherwise the cases SKIP.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/lib.sh"
tap_tmpdir doctorns
ll=$top_builddir/src/lingerlab
export LC_ALL=C LANGUAGE=

cat >"$tmp/g.scn" <<'EOF'
scenario g
title    a short graceful close
limit    10s

server
    listen
    accept
    read eof
    close

client
    connect
    write 100
    close
EOF

# --- 1. a chroot -------------------------------------------------------------
# Already in one (a build daemon's, say): that chroot is the case.  Else one
# is made: a private mount namespace, the program and its libraries, /proc.
# In a chroot, "/" is not init's root, nor a mount point in our mountinfo.
already_chroot() {
	r=$(stat -c %d:%i /proc/1/root/ 2>/dev/null)
	if [ -n "$r" ]; then
		[ "$r" != "$(stat -c %d:%i /)" ]
		return
	fi
	! awk '$5 == "/" { f = 1 } END { exit !f }' /proc/self/mountinfo
}
if [ "$(id -u)" = 0 ] && already_chroot && [ -n "${SETPRIV:-}" ] &&
   command -v "$SETPRIV" >/dev/null 2>&1; then
	echo "# this test runs in a chroot: that one is used"
	chmod 755 "$tmp"
	cp "$ll" "$tmp/lingerlab" && chmod a+rx "$tmp/lingerlab" "$tmp/g.scn"
	nobody="$SETPRIV --reuid=65534 --regid=65534 --clear-groups"
	$nobody "$tmp/lingerlab" doctor >"$tmp/doctor.out" 2>&1
	echo $? >"$tmp/doctor.rc"
	$nobody "$tmp/lingerlab" run "$tmp/g.scn" --format json >"$tmp/run.out" 2>"$tmp/run.err"
	"$tmp/lingerlab" doctor >"$tmp/rootdoctor.out" 2>&1
	in_chroot=1
elif [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null 2>&1 ||
   ! command -v chroot >/dev/null 2>&1 || ! command -v ldd >/dev/null 2>&1; then
	n=$((n + 1)); echo "ok $n # SKIP chroot case: needs root, unshare, chroot and ldd"
	in_chroot=0
else
	root=$tmp/root
	mkdir -p "$root/proc" "$root/tmp"
	chmod 1777 "$root/tmp"
	cp "$ll" "$tmp/g.scn" "$root/"
	for lib in $(ldd "$ll" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
		cp --parents -L "$lib" "$root/" || echo "# cannot copy $lib"
	done
	chmod -R a+rX "$root"
	unshare --mount --propagation private sh -c '
		mount -t proc proc "$1/proc" || exit 1
		chroot --userspec=65534:65534 "$1" /lingerlab doctor >"$2/doctor.out" 2>&1
		echo $? >"$2/doctor.rc"
		chroot --userspec=65534:65534 "$1" /lingerlab run /g.scn --format json \
			>"$2/run.out" 2>"$2/run.err"
		chroot "$1" /lingerlab doctor >"$2/rootdoctor.out" 2>&1' sh "$root" "$tmp"
	in_chroot=1
fi
if [ $in_chroot = 1 ]; then
	sed 's/^/# /' "$tmp/doctor.out"
	check "grep -q 'cause:.*this is a chroot' '$tmp/doctor.out' && [ \"\$(cat '$tmp/doctor.rc')\" = 1 ]" \
		"chroot, as nobody: doctor fails and names the chroot as the cause"
	check "grep -q 'Operation not permitted' '$tmp/doctor.out' && ! grep -q 'No such file' '$tmp/doctor.out'" \
		"chroot, as nobody: the user namespace's errno is EPERM, not ENOENT"
	check "grep -q 'fix:.*as root in the chroot' '$tmp/doctor.out'" \
		"chroot, as nobody: doctor says what to do"
	check "grep -q '\"namespace\": \"host\"' '$tmp/run.out' &&
	       grep -q 'cannot create a user namespace.*(Operation not permitted)' '$tmp/run.out' &&
	       ! grep -q 'No such file' '$tmp/run.out'" \
		"chroot, as nobody: the run says it ran on the host's loopback, because unshare failed with EPERM"
	sed 's/^/# /' "$tmp/rootdoctor.out"
	check "grep -q '^\[ ok \] private network namespace' '$tmp/rootdoctor.out' &&
	       grep -q '^\[note\] user namespaces for users without root: this is a chroot' '$tmp/rootdoctor.out'" \
		"chroot, as root: the namespace works, and doctor notes that users without root get none"
fi

# --- 2. a seccomp filter that refuses unshare --------------------------------
sd=$top_builddir/tests/seccomp-deny
if [ "$(id -u)" != 0 ] || [ ! -x "$sd" ]; then
	n=$((n + 1)); echo "ok $n # SKIP seccomp case: needs root and tests/seccomp-deny"
else
	"$sd" unshare "$ll" doctor >"$tmp/out" 2>"$tmp/err"
	check "[ $? = 1 ] && grep -q 'cannot create a network namespace (Operation not permitted)' '$tmp/out' &&
	       grep -q 'cause:.*seccomp filter refuses unshare' '$tmp/out' && grep -q 'fix:.*seccomp=unconfined' '$tmp/out'" \
		"seccomp: doctor fails, names the seccomp filter and says what to do"
	"$sd" unshare "$ll" run "$tmp/g.scn" --format json >"$tmp/out" 2>"$tmp/err"
	check "[ $? = 0 ] && grep -q '\"namespace\": \"host\"' '$tmp/out' &&
	       grep -q 'cannot create a network namespace (Operation not permitted)' '$tmp/out'" \
		"seccomp: the run goes on the host's loopback and says why"
	# a namespace made but unusable: its loopback cannot be brought up
	"$sd" lo-up "$ll" run "$tmp/g.scn" --format json >"$tmp/out" 2>"$tmp/err"
	check "[ $? = 1 ] && grep -q \"cannot bring up the namespace's loopback: Operation not permitted\" '$tmp/err' &&
	       ! grep -q '\"namespace\": \"host\"' '$tmp/out'" \
		"a namespace made but unusable: the run fails with that reason, never claims the host's loopback"
fi
tap_plan
