#!/bin/sh
# SPDX-License-Identifier: MIT
# fuzz-lesson.sh - feed the lesson parser every shipped lesson and every
# fixture, each with hundreds of deterministic mutations (tests/fuzz-lesson.c).
# TAP output comes from the program itself.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
exec "$top_builddir/tests/fuzz-lesson" -n "${FUZZ_LESSON_MUTATIONS:-300}" \
	"$top_srcdir/lessons" "$top_srcdir/tests/lessons"
