/* SPDX-License-Identifier: MIT */
/*
 * textwrap.h - measure, cut and wrap UTF-8 text by display width.
 *
 * Terminal columns, never bytes: a CJK character takes two columns, a
 * combining mark none.  Widths come from wcwidth() when the locale knows
 * the character, else from a built-in table, so results are the same under
 * LANG=C.  Invalid UTF-8 bytes count as one column each and are never
 * split from their neighbours' boundaries.
 *
 * Line breaking (textwrap_wrap):
 *   - at ASCII spaces, which are dropped at the break;
 *   - between two characters when either is wide (Chinese, Japanese,
 *     fullwidth forms), except never before a closing mark such as
 *     ，。：；！？）」』》、 (and , . : ; ! ? ) ] ” ’ …) and never after an opening
 *     one such as （「『《“ ‘ ( [;
 *   - never at a no-break space (U+00A0, U+202F, U+2007, U+2060), so French
 *     "mot :", « guillemets » and "10 s" stay glued; and, for French typed
 *     with plain spaces, never at a space just before : ; ! ? » or just
 *     after «;
 *   - never between a number and its unit ("128 KiB", "2 s", "40 ms");
 *   - '\n' is a hard break;
 *   - a word wider than the line is cut at a character boundary.
 * A line is never empty unless the text has an empty line, so wrapping
 * always makes progress, even at width 1.
 *
 * Nothing here allocates except textwrap_wrap() (the caller frees *lines)
 * and textwrap_print(); nothing depends on curses.  The TUI wraps a lesson
 * paragraph with textwrap_wrap() and draws each line's byte range, applying
 * the paragraph's span attributes by byte offset.
 */
#ifndef LINGERLAB_TEXTWRAP_H
#define LINGERLAB_TEXTWRAP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Decode one character at s (n > 0 bytes available) into *cp; returns its
 * length in bytes (1..4).  An invalid or truncated sequence yields
 * U+FFFD and length 1. */
size_t textwrap_decode(const char *s, size_t n, uint32_t *cp);
/* Columns taken by one code point: 0, 1 or 2 (controls count 0). */
int textwrap_cpwidth(uint32_t cp);
/* Columns taken by n bytes of text. */
int textwrap_width(const char *s, size_t n);
/* Columns of a NUL-terminated string. */
int textwrap_swidth(const char *s);

/* The longest prefix of s (n bytes) that fits in `width` columns, never
 * splitting a character (nor separating a combining mark from its base).
 * Returns its length in bytes; *used (may be NULL) gets its width. */
size_t textwrap_cut(const char *s, size_t n, int width, int *used);

/* One output line: bytes [off, off + len) of the input, `width` columns. */
struct textwrap_line {
	size_t off, len;
	int width;
};

/* Wrap n bytes of s into lines of at most `width` columns (width < 1 is
 * taken as 1; a character wider than the line gets a line of its own).
 * Stores a malloc'd array in *lines (caller frees; never NULL) and returns
 * the number of lines (0 for an empty text). */
size_t textwrap_wrap(const char *s, size_t n, int width, struct textwrap_line **lines);

/* A byte range that must not be broken across lines (a code span). */
struct textwrap_keep {
	size_t off, len;
};

/* textwrap_wrap(), never breaking strictly inside one of the `nkeep`
 * ranges (a range wider than the line is still cut, as a long word is). */
size_t textwrap_wrap_keep(const char *s, size_t n, int width, const struct textwrap_keep *keep,
			  size_t nkeep, struct textwrap_line **lines);

/* The narrowest width s can be wrapped to without cutting a word: the
 * width of its widest unbreakable piece. */
int textwrap_min_width(const char *s, size_t n);

/* Print s wrapped to `width` columns: the first line prefixed by `first`,
 * the following ones by `rest` (hanging indent); their widths are taken
 * off the text's.  Each line ends with '\n'.  NULL prefixes are "". */
void textwrap_print(FILE *f, const char *s, int width, const char *first, const char *rest);

/* Print s, then spaces up to `width` columns (cut if wider). */
void textwrap_pad(FILE *f, const char *s, int width);

#endif
