#!/bin/sh
# SPDX-License-Identifier: MIT
# Screen test: the student's work survives a restart.  A run of lesson 13
# fills cells of its summary table; after quitting and starting again the
# same cells are filled (the run is saved with the progress, format 2).  A
# damaged progress file is set aside as .bad with a clear message, an
# unreadable one is named in a message shown whole and never overwritten
# (quitting says the progress was not saved), a FIFO does not hang the
# lab, and a version 1 file still loads.
. "$(dirname "$0")/lib.sh"
scr_setup
cp "$top_srcdir"/lessons/*.lesson "$SB/lessons/"
chmod a+r "$SB"/lessons/*
PROG=$SB/home/state/lingerlab/progress
f13=$(ls "$top_srcdir"/lessons/13-*.en.lesson)
id13=$(basename "$f13" .en.lesson)
pages=$(grep -c '^@page' "$f13")
# pages (1-based) of the "linger off" lab and of the table that uses it
lab=$(grep '^@page\|^@lab' "$f13" | awk '/^@page/ { p++ } /^@lab .* as off$/ { print p }')
table=$(grep '^@page\|{off:' "$f13" | awk '/^@page/ { p++ } /{off:/ { print p; exit }')

# Empty cells of the table on screen ("…": no run yet).
empty_cells() {
	scr_screen | grep -o '…' | wc -l
}

goto_page() { # goto_page N: from page 1
	i=1
	while [ $i -lt "$1" ]; do
		scr_keys n
		i=$((i + 1))
		scr_wait "$i/$pages ·" >/dev/null
	done
}

scr_start 80 24 -- --lang en --lesson 13
scr_wait "1/$pages ·"
ok $? "lesson 13 opens (lab on page $lab, table on page $table)"
goto_page "$table"
before=$(empty_cells)
[ "$before" -gt 0 ]
ok $? "before any run the table has empty cells ($before)"
i=$table
while [ $i -gt "$lab" ]; do
	scr_keys N
	i=$((i - 1))
	scr_wait "$i/$pages ·" >/dev/null
done
scr_keys 1 r
scr_wait "Done in" 60
ok $? "the linger-off lab runs"
scr_keys End
scr_wait "the kernel's answer" 5
ok $? "... and is graded"
while [ $i -lt "$table" ]; do
	scr_keys n
	i=$((i + 1))
	scr_wait "$i/$pages ·" >/dev/null
done
after=$(empty_cells)
[ "$after" -lt "$before" ]
ok $? "the run filled cells of the table ($before -> $after empty)"
scr_keys q
scr_exited
ok $? "quits"
grep -q '^lingerlab-progress 2$' "$PROG" && grep -q "^w $id13 x " "$PROG"
ok $? "the progress file is version 2 and holds the run"
grep -q "^done $id13" "$PROG"
[ $? -ne 0 ]
ok $? "one lab run out of several does not make the lesson done"

scr_start 80 24 -- --lang en
scr_wait "$table/$pages ·"
ok $? "a restart resumes at the table"
again=$(empty_cells)
[ "$again" = "$after" ]
ok $? "... and the table is filled as before the restart ($again empty)"
scr_keys q
scr_exited >/dev/null

# A damaged file: set aside, never deleted.
printf 'current %s 2\nthis is not progress\n' "$id13" >"$PROG"
cp "$PROG" "$SB/damaged"
scr_start 80 24 -- --lang en
scr_wait "damaged"
ok $? "a damaged progress file is reported"
cmp -s "$PROG.bad" "$SB/damaged"
ok $? "... and kept as progress.bad"
scr_keys q
scr_exited >/dev/null
grep -q '^lingerlab-progress 2$' "$PROG"
ok $? "a good file is written in its place"

# Version 1 (no header): still loads.
printf 'current %s 1\nseen %s 2\n' "$id13" "$id13" >"$PROG"
scr_start 80 24 -- --lang en
scr_wait "2/$pages ·"
ok $? "a version 1 progress file still loads"
scr_keys q
scr_exited >/dev/null

# Unreadable (a directory where the file should be): the whole message,
# and nothing is saved over it.
rm -f "$PROG"
mkdir "$PROG"
scr_start 80 24 -- --lang en --lesson 13
scr_wait "will not be saved over."
ok $? "an unreadable progress file: the whole message is shown"
scr_keys q
scr_exited
ok $? "quits"
grep -q "was not saved" "$SB/stderr"
ok $? "quitting says the progress was not saved"
[ -d "$PROG" ]
ok $? "... and what was there is untouched"
rmdir "$PROG"

# A FIFO must not hang the lab.
mkfifo "$PROG"
scr_start 80 24 -- --lang en
scr_wait "lingerlab" 10
ok $? "a FIFO as progress file does not hang the lab"
scr_keys q
scr_exited
ok $? "q quits"
rm -f "$PROG"
done_testing
