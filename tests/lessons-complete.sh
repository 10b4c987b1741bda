#!/bin/sh
# SPDX-License-Identifier: MIT
# lessons-complete.sh - the completeness gate: every English lesson exists
# in zh_CN and fr with the same structure.  It fails until the
# translations are written; each failure names the lesson and language.
set -u
. "${top_srcdir:-.}/tests/lib.sh"
ll="$top_builddir/src/lingerlab"
export LANGUAGE=en LC_ALL=C.UTF-8
tap_tmpdir complete
dir="$top_srcdir/lessons"
for en in "$dir"/*.en.lesson; do
	id=$(basename "$en" .en.lesson)
	for lang in zh_CN fr; do
		if [ -f "$dir/$id.$lang.lesson" ]; then
			ok "$id.$lang.lesson exists"
		else
			notok "$id.$lang.lesson is missing (translate $id.en.lesson; see lessons/README)"
		fi
	done
done
timeout 60 "$ll" lessons --check --complete "$dir" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "[ $rc = 0 ]" "lessons --check --complete: every translation has the English structure"
tap_plan
