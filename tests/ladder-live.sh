#!/bin/sh
# SPDX-License-Identifier: MIT
# ladder-live.sh - the text ladder of live runs in every language at 80
# columns (issue 8): valid UTF-8, no ladder line wider than 80 columns, both
# lifelines at the same display columns on every line (a Chinese call once
# cut a character in half and shifted the client's lifeline); a call whose
# write() is read by the peer before it returns is shown at its start too.
set -u
. "${top_srcdir:-.}/tests/lib.sh"
ll="$top_builddir/src/lingerlab"
tap_tmpdir ladlive
export LC_ALL=C.UTF-8

# Display columns of the lifelines of every ladder line, one "a b" a line.
lifelines() {
	grep '│' "$1" | while IFS= read -r line; do
		a=${line%%│*}
		rest=${line#*│}
		b=${rest%%│*}
		printf '%s %s\n' "$(printf '%s' "$a" | wc -L)" "$(printf '%s' "$b" | wc -L)"
	done | sort -u
}

for lang in en zh_CN fr; do
	if ! LANGUAGE=$lang timeout 60 "$ll" run shutdown-rd --width 80 >"$tmp/$lang.out" 2>"$tmp/err"; then
		echo "ok $((n + 1)) # SKIP cannot run experiments here: $(head -1 "$tmp/err")"; n=$((n + 1))
		continue
	fi
	check "iconv -f UTF-8 -t UTF-8 '$tmp/$lang.out' >/dev/null" "[$lang] run shutdown-rd --width 80: valid UTF-8"
	sed '/^$/q' "$tmp/$lang.out" >"$tmp/$lang.ladder" # the ladder, up to the verdict
	w=$(wc -L <"$tmp/$lang.ladder")
	check "[ $w -le 80 ] && [ \$(wc -l <'$tmp/$lang.ladder') -gt 10 ]" "[$lang] no line of the ladder wider than 80 columns ($w)"
	cols=$(lifelines "$tmp/$lang.out")
	check "[ \"\$(printf '%s\n' \"$cols\" | wc -l)\" = 1 ] && [ -n '$cols' ]" \
		"[$lang] the lifelines stay in their columns on every line ($cols)"
done
if [ -s "$tmp/en.out" ]; then
	# the client's write(2000) starts before its data segment, returns after it
	check "awk '/write\\(2000\\) \\.\\.\\./ { s = NR } /\\[P\\.\\] 1:2001/ { d = NR } /write\\(\\) = 2000/ { r = NR } END { exit !(s && s < d && d < r) }' '$tmp/en.out'" \
		"write(2000) ... before its data, write() = 2000 after it"
fi
tap_plan
