#!/bin/sh
# SPDX-License-Identifier: MIT
# layers.sh - the folders of src/ are layers; a file includes only from its
# own layer or one below it, and curses only in the TUI:
#
#   base < model < captures < engine < lesson < tui < cli
#
# The model (timeline, verdict, ladder layout) knows nothing of sockets,
# capture or the screen.  One TAP assertion per file, then one for
# cycles: no two modules include each other's header (a.c uses b.h while
# b.c uses a.h).
. "${top_srcdir:-.}/tests/lib.sh"

rank() {
	case $1 in
	base) echo 0 ;; model) echo 1 ;; captures) echo 2 ;; engine) echo 3 ;;
	lesson) echo 4 ;; tui) echo 5 ;; cli) echo 6 ;; *) echo 99 ;;
	esac
}

files=$(cd "$top_srcdir" && ls src/*/*.[ch])
for f in $files; do
	layer=${f#src/}; layer=${layer%%/*}
	me=$(rank "$layer")
	bad=""
	[ "$me" = 99 ] && bad="$bad unknown-layer:$layer"
	for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([a-z_]*\)\/[^"]*".*/\1/p' "$top_srcdir/$f"); do
		[ "$(rank "$inc")" -le "$me" ] || bad="$bad $inc"
	done
	if [ "$layer" != tui ] && grep -Eq '^[[:space:]]*#[[:space:]]*include[[:space:]]*<(n?curses|curses|ncursesw/)' "$top_srcdir/$f"; then
		bad="$bad curses"
	fi
	if [ "$layer" = model ] || [ "$layer" = base ]; then
		grep -Eq '^[[:space:]]*#[[:space:]]*include[[:space:]]*<(pcap|netinet/|linux/|sys/prctl)' "$top_srcdir/$f" &&
			bad="$bad system-header-of-a-higher-layer"
	fi
	if [ -z "$bad" ]; then ok "$f includes only its own layer or lower"
	else notok "$f includes a higher layer:$bad"; fi
done
cycles=""
for c in $files; do
	case $c in *.c) ;; *) continue ;; esac
	m=${c%.c}
	for h in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([a-z_]*\/[a-z_]*\)\.h".*/\1/p' "$top_srcdir/$c"); do
		[ "src/$h" = "$m" ] && continue
		[ -f "$top_srcdir/src/$h.c" ] || continue
		grep -q "^[[:space:]]*#[[:space:]]*include[[:space:]]*\"${m#src/}.h\"" "$top_srcdir/src/$h.c" &&
			cycles="$cycles $m<->src/$h"
	done
done
if [ -z "$cycles" ]; then ok "no two modules include each other"
else notok "modules that include each other:$cycles"; fi
tap_plan
