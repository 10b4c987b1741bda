#!/bin/sh
# SPDX-License-Identifier: MIT
# packaging.sh - what a packager meets: an installed build holds no path of
# the build or source tree (and does not read the build tree's data); the
# man page is installed with the configured paths; ./setup run by a user
# without root and without sudo says what is missing and the command to
# run as root, and carries on when nothing is missing.
set -u
. "${top_srcdir:-.}/tests/lib.sh"
export LANGUAGE=en LC_ALL=C.UTF-8
tap_tmpdir packaging
bt=$(cd "$top_builddir" && pwd) st=$(cd "$top_srcdir" && pwd)

# make install into a scratch folder (the build is already done)
(cd "$top_builddir" && env -u MAKEFLAGS -u MFLAGS make install DESTDIR="$tmp/dest") >"$tmp/out" 2>"$tmp/err"
rc=$?
check "[ $rc = 0 ] && [ -x \"\$(find '$tmp/dest' -name lingerlab -type f | head -n 1)\" ]" "make install DESTDIR=... installs the program"
bin=$(find "$tmp/dest" -path '*/bin/lingerlab' -type f | head -n 1)
: >"$tmp/leaks"
# the configured folders are not build paths, even under the source tree
# (make distcheck installs into a prefix there)
prefix=$(sed -n 's/^prefix = //p' "$bt/Makefile" | head -n 1)
# A path counts where it stands whole: not inside a longer one (a source
# tree at /src must not match "/usr/src/...").
leaks() {
	awk -v a="$bt" -v b="$st" '
	function whole(s, p,    i, before, after) {
		while ((i = index(s, p)) > 0) {
			before = i > 1 ? substr(s, i - 1, 1) : ""
			after = substr(s, i + length(p), 1)
			if (before !~ /[[:alnum:]_.\/-]/ && (after == "" || after == "/"))
				return 1
			s = substr(s, i + 1)
		}
		return 0
	}
	whole($0, a) || whole($0, b) { found = 1 }
	END { exit !found }'
}
for f in $(find "$tmp/dest" -type f); do
	strings -a "$f" | grep -vF "$prefix/" | leaks && echo "$f" >>"$tmp/leaks"
done
check "[ ! -s '$tmp/leaks' ]" "no installed file contains the build or source path ($bt)"
if [ -n "$bin" ]; then
	env -u LINGERLAB_SCENARIOS "$bin" scenarios >"$tmp/out" 2>"$tmp/err"; rc=$?
	check "[ $rc = 1 ] && grep -q 'no scenarios found' '$tmp/err'" \
		"the installed program reads its installed data, not the build tree's"
	LINGERLAB_SCENARIOS="$st/assets/scenarios" "$bin" scenarios >"$tmp/out" 2>"$tmp/err"; rc=$?
	check "[ $rc = 0 ] && grep -q '^graceful' '$tmp/out'" "LINGERLAB_SCENARIOS points an installed program at other scenarios"
else
	notok "no installed program"; notok "no installed program"
fi
man=$(find "$tmp/dest" -name lingerlab.1 | head -n 1)
check "[ -n '$man' ] && grep -q 'share/lingerlab/scenarios' '$man' && ! grep -q '@pkgdatadir@' '$man'" \
	"the installed man page names the configured data folders"

# ./setup without root and without sudo
if [ "$(id -u)" = 0 ] && [ -n "${SETPRIV:-}" ] && command -v "$SETPRIV" >/dev/null 2>&1 && ! command -v sudo >/dev/null 2>&1; then
	mkdir -p "$tmp/s/bin" "$tmp/t"
	cp "$st/setup" "$tmp/s/setup" && cp "$st/setup" "$tmp/t/setup"
	printf '#!/bin/sh\nexit 1\n' >"$tmp/s/bin/dpkg-query"   # every package missing
	printf '#!/bin/sh\necho fake make\n' >"$tmp/s/bin/make"
	printf '#!/bin/sh\n' >"$tmp/t/configure" && : >"$tmp/t/Makefile"
	chmod -R a+rX "$tmp" && chmod a+x "$tmp/s/bin/"* "$tmp/t/configure"
	"$SETPRIV" --reuid=nobody --regid=nogroup --clear-groups env PATH="$tmp/s/bin:/usr/bin:/bin" \
		sh "$tmp/s/setup" --no-start >"$tmp/out" 2>"$tmp/err"; rc=$?
	check "[ $rc = 1 ] && grep -q 'sudo is not installed' '$tmp/err' && grep -q 'apt-get install -y build-essential' '$tmp/err' && ! grep -q 'not found' '$tmp/err'" \
		"./setup as a user without sudo: names what is missing and the command to run as root, exit 1"
	mkdir "$tmp/t/bin" && cp "$tmp/s/bin/make" "$tmp/t/bin/make" && chmod a+rx "$tmp/t/bin" "$tmp/t/bin/make"
	"$SETPRIV" --reuid=nobody --regid=nogroup --clear-groups env PATH="$tmp/t/bin:/usr/bin:/bin" \
		sh "$tmp/t/setup" --no-start >"$tmp/out" 2>"$tmp/err"; rc=$?
	check "[ $rc = 0 ] && grep -q 'fake make' '$tmp/out' && grep -q 'setup: built' '$tmp/out'" \
		"./setup as a user without sudo, everything installed: it carries on and builds"
else
	ok "# SKIP needs root, setpriv, and no sudo installed"
	ok "# SKIP needs root, setpriv, and no sudo installed"
fi
tap_plan
