/* SPDX-License-Identifier: MIT */
/*
 * i18n.h - languages: gettext set-up, the locale fallback, run-time switch.
 *
 * lingerlab speaks English, Simplified Chinese and French.  UI strings go
 * through gettext (_() and N_()); lesson text comes from lesson files in
 * the chosen language.  Only C.UTF-8 may exist on the machine: under it
 * gettext honours LANGUAGE, so switching sets LANGUAGE and invalidates
 * gettext's cache with textdomain(textdomain(NULL)).  Under LANG=C (or any
 * non-UTF-8 locale) i18n_init() falls back to C.UTF-8 when it exists, so
 * that ncursesw can draw non-ASCII text.
 */
#ifndef LINGERLAB_I18N_H
#define LINGERLAB_I18N_H

#include <libintl.h>
#define _(s) gettext(s)
#define N_(s) (s)

enum lang { LANG_EN, LANG_ZH_CN, LANG_FR, LANG_COUNT };

/* Set the locale, bind the text domain, pick the language: `forced` (from
 * --lang) if not NULL, else from LANGUAGE/LC_ALL/LC_MESSAGES/LANG.
 * Returns 0, or -1 if `forced` names no supported language. */
int i18n_init(const char *forced);
/* Switch the language of gettext and lessons now. */
void i18n_set(enum lang l);
enum lang i18n_get(void);
/* "en", "zh_CN", "fr" <-> enum lang; lang_parse accepts "zh", "zh_CN",
 * "zh_CN.UTF-8", "fr_FR", "C"... and returns -1 if unsupported. */
const char *lang_code(enum lang l);
int lang_parse(const char *s);
/* How the language calls itself: "English", "中文", "Français". */
const char *lang_native_name(enum lang l);
/* The character set of the terminal is UTF-8 (after the fallback). */
int i18n_utf8(void);
/* Box lines and arrows may be drawn in UTF-8: i18n_utf8() and the ASCII
 * switch, LINGERLAB_ASCII, is unset, empty or "0" (for terminals and
 * printers without line drawing).  The text ladder and the TUI ask this. */
int i18n_line_glyphs(void);

#endif
