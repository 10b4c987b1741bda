/* SPDX-License-Identifier: MIT */
/*
 * textwrap.c - display-width measuring, cutting and line breaking for
 * UTF-8 text in English, Chinese and French (see textwrap.h for the rules).
 *
 * The wrapper first decodes the text into characters with their widths,
 * marks where a line may start (a "break opportunity"), then fills lines
 * greedily: the last opportunity that fits wins, and a character that
 * does not fit on an empty line is cut there.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "base/textwrap.h"
#include "base/util.h"

size_t textwrap_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c = u[0], min;
	size_t len;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		c &= 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		*cp = 0xfffd;
		return 1;
	}
	if (len > n) {
		*cp = 0xfffd;
		return 1;
	}
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80) {
			*cp = 0xfffd;
			return 1;
		}
		c = (c << 6) | (u[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
		*cp = 0xfffd;
		return 1;
	}
	*cp = c;
	return len;
}

struct range {
	uint32_t lo, hi;
};

/* East Asian Wide and Fullwidth blocks (Unicode UAX #11), for when the
 * locale cannot tell (LANG=C). */
static const struct range wide[] = {
    {0x1100, 0x115f},   {0x231a, 0x231b},   {0x2329, 0x232a},   {0x2e80, 0x303e},
    {0x3041, 0x33ff},   {0x3400, 0x4dbf},   {0x4e00, 0x9fff},   {0xa000, 0xa4cf},
    {0xa960, 0xa97f},   {0xac00, 0xd7a3},   {0xf900, 0xfaff},   {0xfe10, 0xfe19},
    {0xfe30, 0xfe6f},   {0xff00, 0xff60},   {0xffe0, 0xffe6},   {0x1f300, 0x1f64f},
    {0x1f900, 0x1f9ff}, {0x20000, 0x2fffd}, {0x30000, 0x3fffd},
};

/* Combining marks and invisible format characters. */
static const struct range zero[] = {
    {0x0300, 0x036f}, {0x0483, 0x0489}, {0x0591, 0x05bd}, {0x1ab0, 0x1aff}, {0x1dc0, 0x1dff},
    {0x200b, 0x200f}, {0x2028, 0x202e}, {0x2060, 0x2064}, {0x20d0, 0x20ff}, {0x302a, 0x302d},
    {0x3099, 0x309a}, {0xfe00, 0xfe0f}, {0xfe20, 0xfe2f}, {0xfeff, 0xfeff},
};

static int in_ranges(uint32_t c, const struct range *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (c >= r[i].lo && c <= r[i].hi)
			return 1;
	return 0;
}

int textwrap_cpwidth(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return 0;
	if (cp < 0x7f)
		return 1;
	int w = wcwidth((wchar_t)cp);
	if (w >= 0)
		return w > 2 ? 2 : w;
	if (in_ranges(cp, zero, ARRAY_LEN(zero)))
		return 0;
	if (in_ranges(cp, wide, ARRAY_LEN(wide)))
		return 2;
	return 1;
}

int textwrap_width(const char *s, size_t n)
{
	int w = 0;
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		i += textwrap_decode(s + i, n - i, &cp);
		w += textwrap_cpwidth(cp);
	}
	return w;
}

int textwrap_swidth(const char *s)
{
	return s ? textwrap_width(s, strlen(s)) : 0;
}

size_t textwrap_cut(const char *s, size_t n, int width, int *used)
{
	int w = 0;
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t l = textwrap_decode(s + i, n - i, &cp);
		int cw = textwrap_cpwidth(cp);
		if (cw > 0 && w + cw > width)
			break;
		w += cw;
		i += l;
	}
	if (used)
		*used = w;
	return i;
}

/* No line may begin with these (Chinese and Western closing marks). */
static int no_start(uint32_t c)
{
	static const uint32_t set[] = {
	    0xff0c, 0x3002, 0xff1a, 0xff1b, 0xff01, 0xff1f, 0xff09, 0x300d, 0x300f,
	    0x300b, 0x3001, 0x3009, 0x3011, 0x3015, 0x3017, 0xff3d, 0xff5d, 0xff0e,
	    0x201d, 0x2019, 0x2026, 0x2025, 0x30fb, 0x00bb, ',',    '.',    ':',
	    ';',    '!',    '?',    ')',    ']',    '}',    '%',
	};
	for (size_t i = 0; i < ARRAY_LEN(set); i++)
		if (set[i] == c)
			return 1;
	return 0;
}

/* No line may end with these (opening marks). */
static int no_end(uint32_t c)
{
	static const uint32_t set[] = {
	    0xff08, 0x300c, 0x300e, 0x300a, 0x3008, 0x3010, 0x3014, 0x3016,
	    0xff3b, 0xff5b, 0x201c, 0x2018, 0x00ab, '(',    '[',    '{',
	};
	for (size_t i = 0; i < ARRAY_LEN(set); i++)
		if (set[i] == c)
			return 1;
	return 0;
}

/* Spaces that glue: no break at them, ever. */
static int no_break_space(uint32_t c)
{
	return c == 0x00a0 || c == 0x202f || c == 0x2007 || c == 0x2060;
}

struct wchar_info {
	size_t off;
	uint32_t cp;
	int w;
	int brk;    /* a line may start here */
	size_t end; /* ... and the previous one then ends at char `end` */
};

/* Is the word at c[i] (up to a space or the end) a unit of measure, so
 * that "128 KiB" or "2 s" stays on one line? */
static int unit_at(const struct wchar_info *c, size_t i, size_t n)
{
	static const char *const units[] = {
	    "B",  "KiB", "MiB", "GiB",       "K",  "M",   "kB",     "MB",     "bytes",
	    "ms", "s",   "us",  "\xc2\xb5s", "ns", "min", "kbit/s", "Mbit/s", "%",
	};
	char word[16];
	size_t k = 0;
	for (; i < n && k + 4 < sizeof word; i++) {
		uint32_t cp = c[i].cp;
		if (cp == ' ' || cp == '\n' || cp == ',' || cp == '.' || cp == ';' || cp == ':' ||
		    cp == ')' || no_start(cp))
			break;
		if (cp < 0x80) {
			word[k++] = (char)cp;
		} else if (cp == 0xb5) { /* µ */
			word[k++] = (char)0xc2;
			word[k++] = (char)0xb5;
		} else {
			return 0;
		}
	}
	if (k == 0 || k + 4 >= sizeof word)
		return 0;
	word[k] = '\0';
	for (size_t u = 0; u < ARRAY_LEN(units); u++)
		if (!strcmp(word, units[u]))
			return 1;
	return 0;
}

static void mark_breaks(struct wchar_info *c, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		uint32_t a = c[i - 1].cp, b = c[i].cp;
		c[i].brk = 0;
		if (b == ' ' || b == '\n' || a == '\n')
			continue;
		if (a == ' ') {
			size_t j = i - 1;
			while (j > 0 && c[j - 1].cp == ' ')
				j--;
			if (j == 0 || c[j - 1].cp == '\n')
				continue; /* leading indentation */
			/* French typed with plain spaces: "mot :" and « mot ». */
			if (b == ':' || b == ';' || b == '!' || b == '?' || b == 0x00bb ||
			    c[j - 1].cp == 0x00ab)
				continue;
			/* a number and its unit: "128 KiB", "2 s" */
			if (c[j - 1].cp >= '0' && c[j - 1].cp <= '9' && unit_at(c, i, n))
				continue;
			c[i].brk = 1;
			c[i].end = j;
			continue;
		}
		if (c[i - 1].w == 0 || c[i].w == 0)
			continue;
		if (no_break_space(a) || no_break_space(b))
			continue;
		if ((c[i - 1].w == 2 || c[i].w == 2) && !no_start(b) && !no_end(a)) {
			c[i].brk = 1;
			c[i].end = i;
		}
	}
}

static void push_line(struct textwrap_line **lines, size_t *nl, size_t *cap,
		      const struct wchar_info *c, size_t n, size_t len, size_t from, size_t to)
{
	/* drop the spaces at the end, with any invisible character among
	 * them, but keep a mark attached to the last visible character */
	size_t k = to;
	while (k > from && (c[k - 1].cp == ' ' || c[k - 1].w == 0))
		k--;
	while (k < to && c[k].cp != ' ')
		k++;
	to = k;
	xgrow(lines, cap, *nl + 1, sizeof **lines);
	struct textwrap_line *l = &(*lines)[*nl];
	l->off = from < n ? c[from].off : len;
	l->len = (to < n ? c[to].off : len) - l->off;
	l->width = 0;
	for (size_t i = from; i < to; i++)
		l->width += c[i].w;
	(*nl)++;
}

/* Decode s into characters with their widths and where a line may
 * break (never strictly inside a `keep` range).  Returns a malloc'd array
 * of *n characters. */
static struct wchar_info *break_points(const char *s, size_t len, const struct textwrap_keep *keep,
				       size_t nkeep, size_t *n)
{
	struct wchar_info *c = NULL;
	size_t cap = 0;
	*n = 0;
	for (size_t i = 0; i < len;) {
		xgrow(&c, &cap, *n + 1, sizeof *c);
		struct wchar_info *w = &c[*n];
		w->off = i;
		i += textwrap_decode(s + i, len - i, &w->cp);
		w->w = w->cp == '\n' ? 0 : textwrap_cpwidth(w->cp);
		w->brk = 0;
		w->end = *n;
		(*n)++;
	}
	mark_breaks(c, *n);
	for (size_t i = 0; i < *n; i++)
		for (size_t k = 0; k < nkeep && c[i].brk; k++)
			if (c[i].off > keep[k].off && c[i].off < keep[k].off + keep[k].len)
				c[i].brk = 0;
	return c;
}

size_t textwrap_wrap(const char *s, size_t len, int width, struct textwrap_line **lines)
{
	return textwrap_wrap_keep(s, len, width, NULL, 0, lines);
}

size_t textwrap_wrap_keep(const char *s, size_t len, int width, const struct textwrap_keep *keep,
			  size_t nkeep, struct textwrap_line **lines)
{
	size_t n, nl = 0, lcap = 0;
	struct wchar_info *c = break_points(s, len, keep, nkeep, &n);

	*lines = xmalloc(sizeof **lines);
	if (width < 1)
		width = 1;
	size_t ls = 0;
	while (ls < n) {
		size_t i = ls, best = 0;
		int col = 0, overflow = 0;
		while (i < n && c[i].cp != '\n') {
			if (i > ls && c[i].brk && c[i].end > ls)
				best = i;
			if (c[i].cp != ' ' && c[i].w > 0 && i > ls && col + c[i].w > width) {
				overflow = 1;
				break;
			}
			col += c[i].w;
			i++;
		}
		if (!overflow) {
			push_line(lines, &nl, &lcap, c, n, len, ls, i);
			ls = i + 1; /* past the '\n' (or the end) */
			continue;
		}
		if (best > ls) {
			push_line(lines, &nl, &lcap, c, n, len, ls, c[best].end);
			ls = best;
		} else {
			push_line(lines, &nl, &lcap, c, n, len, ls, i);
			ls = i;
			while (ls < n && c[ls].cp == ' ')
				ls++;
		}
	}
	free(c);
	return nl;
}

int textwrap_min_width(const char *s, size_t len)
{
	size_t n;
	struct wchar_info *c = break_points(s, len, NULL, 0, &n);
	int most = 0, run = 0;
	for (size_t i = 0; i < n; i++) {
		if (c[i].brk || c[i].cp == '\n' || c[i].cp == ' ')
			run = 0;
		if (c[i].cp != ' ')
			run += c[i].w;
		if (run > most)
			most = run;
	}
	free(c);
	return most;
}

void textwrap_print(FILE *f, const char *s, int width, const char *first, const char *rest)
{
	struct textwrap_line *lines;
	if (!first)
		first = "";
	if (!rest)
		rest = "";
	int w1 = textwrap_swidth(first), w2 = textwrap_swidth(rest);
	int inner = width - (w1 > w2 ? w1 : w2);
	size_t n = textwrap_wrap(s, strlen(s), inner < 10 ? 10 : inner, &lines);
	if (n == 0)
		fprintf(f, "%s\n", first);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%.*s\n", i == 0 ? first : rest, (int)lines[i].len, s + lines[i].off);
	free(lines);
}

void textwrap_pad(FILE *f, const char *s, int width)
{
	int used;
	size_t n = textwrap_cut(s, strlen(s), width, &used);
	fwrite(s, 1, n, f);
	for (; used < width; used++)
		fputc(' ', f);
}
