#!/bin/sh
# SPDX-License-Identifier: MIT
# lessons-cli.sh - `lingerlab lessons` as a teacher meets it: the list,
# --show wrapped to $COLUMNS (display width, CJK aware), --check with
# file:line messages and its exit codes, usage errors.
set -u
. "${top_srcdir:-.}/tests/lib.sh"
ll="$top_builddir/src/lingerlab"
export LANGUAGE=en LC_ALL=C.UTF-8
unset LINGERLAB_LESSONS
tap_tmpdir lessons
run() { timeout 30 "$ll" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }
good="$top_srcdir/tests/lessons/good"
bad="$top_srcdir/tests/lessons/bad"

run lessons
check "[ $rc = 0 ] && [ \$(wc -l <'$tmp/out') -eq 14 ] && grep -q 'Linger with a timeout' '$tmp/out'" \
	"lessons lists the 14 lessons with their titles"
# Missing translations are the completeness gate's business
# (lessons-complete.sh): any other problem fails here.
only_missing() { ! grep -v ': missing: ' "$tmp/err" | grep -q .; }
run lessons --check "$top_srcdir/lessons"
check "{ [ $rc = 0 ] && grep -q 'no problems' '$tmp/out'; } || { [ $rc = 1 ] && only_missing; }" \
	"--check passes on the shipped lessons (missing translations aside)"
run lessons --check
check "[ $rc = 0 ] || { [ $rc = 1 ] && only_missing; }" \
	"--check without a folder checks every lesson folder"
run lessons --check "$bad/unknown-scenario"
check "[ $rc = 1 ] && grep -q '01-fixture.en.lesson:8: unknown scenario \"gracefull\"' '$tmp/err'" \
	"--check on a broken lesson: file:line on stderr, exit 1"
run lessons --check "$bad/missing-translation"
check "[ $rc = 1 ] && grep -q '02-other.fr.lesson: missing' '$tmp/err'" \
	"--check names a missing translation"
run lessons --check --complete "$good"
check "[ $rc = 0 ]" "--check --complete passes on a lesson in all three languages"
run lessons --check "$tmp/nonexistent"
check "[ $rc = 1 ] && grep -q 'cannot read' '$tmp/err'" "--check on a missing folder: exit 1"
run lessons --frobnicate
check "[ $rc = 2 ] && grep -q \"unknown option '--frobnicate'\" '$tmp/err'" "an unknown option: exit 2"
run lessons --show
check "[ $rc = 2 ]" "--show without a lesson: exit 2"
run lessons --show 99
check "[ $rc = 1 ] && grep -q 'no lesson 99' '$tmp/err'" "--show of a lesson that does not exist: exit 1"
export COLUMNS=60; run lessons --show 7; unset COLUMNS
check "[ $rc = 0 ] && grep -q 'Lesson 7: Linger with a timeout' '$tmp/out' && [ \$(wc -L <'$tmp/out') -le 60 ]" \
	"--show 7 wraps to COLUMNS=60"
run lessons --show linger-timeout
check "[ $rc = 0 ] && grep -q 'Lesson 7' '$tmp/out'" "--show accepts a slug"
export COLUMNS=36; run lessons --dir "$good" --lang zh_CN --show demo; unset COLUMNS
check "[ $rc = 0 ] && grep -q '演示' '$tmp/out' && [ \$(wc -L <'$tmp/out') -le 36 ]" \
	"--show in Chinese from --dir, every line within 36 columns (code lines are never wrapped)"
run lessons --dir "$good"
check "[ $rc = 0 ] && grep -q 'Demo: every feature.*en zh_CN fr' '$tmp/out'" \
	"--dir adds a folder; the list shows each lesson's languages"
export LINGERLAB_LESSONS="$good"; run lessons --lang fr; unset LINGERLAB_LESSONS
check "[ $rc = 0 ] && grep -q 'Démo' '$tmp/out'" "LINGERLAB_LESSONS adds a folder; titles in the chosen language"
tap_plan
