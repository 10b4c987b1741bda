#!/bin/sh
# SPDX-License-Identifier: MIT
# po-complete.sh - every user-visible string of the program is translated
# into every language: the catalogs are merged with a template extracted
# from the sources right now, so a string added to the code without its
# zh_CN and fr translations fails here; each catalog must also compile
# (msgfmt --check catches a format directive that differs from the English).
. "${top_srcdir:-.}/tests/lib.sh"
tap_tmpdir po
for t in xgettext msgmerge msgfmt; do
	command -v $t >/dev/null 2>&1 || { echo "1..0 # SKIP $t (gettext) not installed"; exit 0; }
done
cd "$top_srcdir" || exit 1
xgettext --keyword=_ --keyword=N_ --from-code=UTF-8 --language=C -o "$tmp/now.pot" \
	$(grep -v "^#" po/POTFILES.in) 2>"$tmp/err"
total=$(grep -c '^msgid ' "$tmp/now.pot")
check "[ $total -gt 100 ]" "the sources have user-visible strings ($total)"
for lang in $(cat po/LINGUAS); do
	msgmerge --quiet --no-fuzzy-matching -o "$tmp/$lang.po" "po/$lang.po" "$tmp/now.pot" 2>"$tmp/err"
	msgattrib --untranslated --no-obsolete "$tmp/$lang.po" 2>/dev/null | grep '^msgid ' | grep -v '^msgid ""$' \
		| sed 's/^msgid //' >"$tmp/out"
	missing=$(wc -l <"$tmp/out")
	check "[ $missing = 0 ]" "po/$lang.po translates every string of the program ($missing missing)"
	msgattrib --only-fuzzy --no-obsolete "po/$lang.po" 2>/dev/null | grep '^msgid ' | grep -v '^msgid ""$' >"$tmp/out"
	fuzzy=$(wc -l <"$tmp/out")
	check "[ $fuzzy = 0 ]" "po/$lang.po has no fuzzy entries ($fuzzy)"
	msgfmt --check -o /dev/null "po/$lang.po" 2>"$tmp/err"
	check "[ $? = 0 ]" "po/$lang.po compiles with msgfmt --check"
done
# POTFILES.in lists every source file that has _( or N_(
for f in $(grep -l '_(' src/*/*.c); do
	grep -qx "$f" po/POTFILES.in || { echo "$f" >>"$tmp/unlisted"; }
done
check "[ ! -s '$tmp/unlisted' ]" "po/POTFILES.in lists every source file with translatable strings"
tap_plan
