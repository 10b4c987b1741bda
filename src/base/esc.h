/* SPDX-License-Identifier: MIT */
/*
 * esc.h - text from files, shown on a terminal without letting it drive
 * the terminal.  A scenario title, a parameter's help, a lesson or an
 * error message that echoes its input may hold escape sequences; they are
 * shown escaped, the way ls and git show odd file names:
 *
 *   C0 controls and DEL        \x1b  \x7f  (\t \n \r as \t \n \r)
 *   C1 controls (U+0080..9F)   \u009b
 *   bidirectional controls     \u202e  (U+200E/F, U+202A..E, U+2066..9)
 *   bytes that are not UTF-8   \xff
 *
 * Everything else, Chinese and French included, passes unchanged.
 */
#ifndef LINGERLAB_ESC_H
#define LINGERLAB_ESC_H

#include <stddef.h>
#include <stdio.h>

/* s escaped into out (size bytes, always NUL-terminated, cut between
 * two characters if too small); the characters of `keep` (for instance
 * "\n") pass through as they are, keep may be NULL.  Returns its length.
 * An escape is at most 6 bytes for one byte of s. */
size_t esc_controls(const char *s, const char *keep, char *out, size_t size);
/* fputs of s escaped.  Returns 0, or EOF on a write error. */
int esc_fputs(const char *s, const char *keep, FILE *f);

#endif
