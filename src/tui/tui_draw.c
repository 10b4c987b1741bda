/* SPDX-License-Identifier: MIT */
/*
 * tui_draw.c - attributes and width-aware drawing for every screen.
 *
 * Meaning never rests on colour alone: every role has a monochrome form
 * (bold, underline, reverse) and the ladder's arrows differ by glyph.
 * Colour is used when the terminal has it and NO_COLOR is not set
 * (https://no-color.org); presenter mode uses bold high-contrast pairs.
 * Text is cut by display width (textwrap.h), never by bytes, and box lines
 * fall back to ASCII when the terminal is not UTF-8.
 */
#include "config.h"
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/i18n.h"
#include "base/textwrap.h"
#include "tui/tui_app.h"

static int attrs[R_COUNT];

/* Colour pairs: foreground for each role on the default background. */
static const struct {
	enum tui_role role;
	short fg;
	int mono;
} role_table[] = {
    {R_NORMAL, -1, A_NORMAL},
    {R_TITLE, COLOR_CYAN, A_BOLD},
    {R_FRAME, COLOR_BLUE, A_NORMAL},
    {R_EMPH, COLOR_YELLOW, A_BOLD},
    {R_CODE, COLOR_CYAN, A_UNDERLINE},
    {R_REF, COLOR_MAGENTA, A_BOLD | A_UNDERLINE},
    {R_HEADING, COLOR_CYAN, A_BOLD},
    {R_SELECT, -1, A_REVERSE},
    {R_KEY, COLOR_YELLOW, A_BOLD},
    {R_STATUS, -1, A_NORMAL},
    {R_ERROR, COLOR_RED, A_BOLD | A_REVERSE},
    {R_GOOD, COLOR_GREEN, A_BOLD},
    {R_BAD, COLOR_RED, A_BOLD},
    {R_DIM, -1, A_DIM},
    {R_SYN, -1, A_NORMAL},
    {R_ACK, -1, A_DIM},
    {R_DATA, COLOR_GREEN, A_BOLD},
    {R_FIN, COLOR_YELLOW, A_BOLD},
    {R_RST, COLOR_RED, A_BOLD | A_REVERSE},
    {R_CALL, COLOR_CYAN, A_NORMAL},
    {R_STATE, COLOR_MAGENTA, A_BOLD},
    {R_NOTE, COLOR_YELLOW, A_NORMAL},
};

void tui_draw_init(void)
{
	const char *nc = getenv("NO_COLOR");
	tui.colour = has_colors() && !(nc && *nc);
	if (tui.colour) {
		start_color();
		if (use_default_colors() == ERR)
			tui.colour = COLORS >= 8;
	}
	for (size_t i = 0; i < sizeof role_table / sizeof role_table[0]; i++) {
		enum tui_role r = role_table[i].role;
		int a = role_table[i].mono;
		if (tui.present && (a & A_DIM))
			a = (a & ~A_DIM) | A_NORMAL; /* dim is unreadable on a projector */
		if (tui.colour && role_table[i].fg >= 0) {
			short bg = -1;
			short fg = role_table[i].fg;
			if (tui.present) { /* high contrast: bright on black */
				bg = COLOR_BLACK;
				a |= A_BOLD;
			}
			init_pair((short)(i + 1), fg, bg);
			a |= COLOR_PAIR(i + 1);
		} else if (tui.present) {
			a |= A_BOLD;
		}
		attrs[r] = a;
	}
}

int tui_attr(enum tui_role r)
{
	return (unsigned)r < R_COUNT ? attrs[r] : (int)A_NORMAL;
}

int tui_putn(int y, int x, const char *s, size_t n, int maxw, enum tui_role r)
{
	int used = 0;
	if (maxw <= 0 || !s)
		return 0;
	attr_t a = (attr_t)tui_attr(r);
	size_t i = 0;
	while (i < n && s[i]) {
		uint32_t cp;
		size_t k = textwrap_decode(s + i, n - i, &cp);
		int w = textwrap_cpwidth(cp);
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
			cp = '?';
			w = 1;
		}
		if (used + w > maxw)
			break;
		if (w == 0 && used == 0) { /* a lone combining mark */
			i += k;
			continue;
		}
		wchar_t wc[2] = {(wchar_t)cp, 0};
		if (!tui.text8 && cp >= 0x80) {
			wc[0] = '?';
			w = w ? w : 1;
			for (int j = 0; j < w && used + j < maxw; j++)
				mvaddch(y, x + used + j, '?' | a);
			used += w;
			i += k;
			continue;
		}
		cchar_t cc;
		if (w == 0) {
			i += k;
			continue; /* combining marks are rare here: dropped */
		}
		/* The pair goes in its own argument: setcchar() replaces the
		 * colour bits of `a` with it (0 would lose every colour). */
		setcchar(&cc, wc, a & ~A_COLOR, (short)PAIR_NUMBER(a), NULL);
		mvadd_wch(y, x + used, &cc);
		used += w;
		i += k;
	}
	return used;
}

int tui_put(int y, int x, const char *s, int maxw, enum tui_role r)
{
	return tui_putn(y, x, s, s ? strlen(s) : 0, maxw, r);
}

int tui_width(const char *s)
{
	return s ? textwrap_swidth(s) : 0;
}

int tui_put_right(int y, int xend, const char *s, int maxw, enum tui_role r)
{
	int w = tui_width(s);
	if (w > maxw)
		w = maxw;
	return tui_put(y, xend - w, s, maxw, r);
}

void tui_put_center(int y, int x0, int w, const char *s, enum tui_role r)
{
	int sw = tui_width(s);
	int x = x0 + (sw < w ? (w - sw) / 2 : 0);
	tui_put(y, x, s, w, r);
}

const char *tui_glyph(const char *utf8, const char *ascii)
{
	return tui.utf8 ? utf8 : ascii;
}

static void put_glyph_n(int y, int x, int n, const char *g, enum tui_role r)
{
	for (int i = 0; i < n; i++)
		tui_put(y, x + i, g, 1, r);
}

void tui_hline(int y, int x, int w, enum tui_role r)
{
	put_glyph_n(y, x, w, tui_glyph("─", "-"), r);
}

void tui_vline(int y, int x, int h, enum tui_role r)
{
	const char *g = tui_glyph("│", "|");
	for (int i = 0; i < h; i++)
		tui_put(y + i, x, g, 1, r);
}

void tui_title_bar(int cols, const char *title)
{
	char buf[512];
	move(0, 0);
	clrtoeol();
	tui_hline(0, 0, cols, R_FRAME);
	snprintf(buf, sizeof buf, " lingerlab %s %s ", tui_glyph("─", "-"), title ? title : "");
	/* Languages on the right: the current one in brackets, so that it is
	 * marked without colour. */
	char langs[128] = " ";
	for (int l = 0; l < LANG_COUNT; l++) {
		const char *name = l == LANG_EN   ? "EN"
				   : l == LANG_FR ? "FR"
				   : tui.text8    ? "中文"
						  : "ZH";
		char one[32];
		if ((int)i18n_get() == l)
			snprintf(one, sizeof one, "[%s] ", name);
		else
			snprintf(one, sizeof one, " %s  ", name);
		strncat(langs, one, sizeof langs - strlen(langs) - 1);
	}
	int lw = tui_width(langs);
	int tw = cols - lw - 2;
	if (tui_width(buf) > tw && tw > 2) { /* cut, and say so */
		int used = tui_put(0, 1, buf, tw - 2, R_TITLE);
		tui_put(0, 1 + used, tui_glyph("…", "~"), 1, R_TITLE);
	} else {
		tui_put(0, 1, buf, tw, R_TITLE);
	}
	int x = cols - lw - 1;
	for (int l = 0; l < LANG_COUNT; l++) {
		const char *name = l == LANG_EN   ? "EN"
				   : l == LANG_FR ? "FR"
				   : tui.text8    ? "中文"
						  : "ZH";
		int cur = (int)i18n_get() == l;
		char one[32];
		snprintf(one, sizeof one, cur ? "[%s]" : " %s ", name);
		x += tui_put(0, x, " ", 1, R_FRAME);
		x += tui_put(0, x, one, cols - x, cur ? R_SELECT : R_TITLE);
	}
}

void tui_status_long(int rows, int cols)
{
	struct textwrap_line *ln = NULL;
	if (!tui.status[0] || tui_width(tui.status) <= cols - 2)
		return;
	size_t n = textwrap_wrap(tui.status, strlen(tui.status), cols - 2, &ln);
	if (n > (size_t)rows / 2)
		n = (size_t)rows / 2;
	enum tui_role r = tui.status_error ? R_ERROR : R_STATUS;
	for (size_t i = 0; i < n; i++) {
		int y = rows - (int)n + (int)i;
		move(y, 0);
		clrtoeol();
		if (i == 0)
			tui_put(y, 0, tui.status_error ? "! " : "» ", 2,
				tui.status_error ? R_ERROR : R_KEY);
		tui_putn(y, 2, tui.status + ln[i].off, ln[i].len, cols - 2, r);
	}
	free(ln);
}

void tui_status_line(int rows, int cols, const char *hint)
{
	move(rows - 1, 0);
	clrtoeol();
	if (tui.status[0]) {
		tui_put(rows - 1, 0, tui.status_error ? "! " : "» ", 2,
			tui.status_error ? R_ERROR : R_KEY);
		tui_put(rows - 1, 2, tui.status, cols - 2, tui.status_error ? R_ERROR : R_STATUS);
	} else if (hint) {
		tui_put(rows - 1, 0, hint, cols, R_DIM);
	}
}
