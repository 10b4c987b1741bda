/* SPDX-License-Identifier: MIT */
/*
 * tui_help.c - the help screen: every key, by where it works.
 * Esc, ? or Enter goes back to the screen that asked for help.
 */
#include "config.h"
#include <curses.h>
#include <stdio.h>
#include "base/i18n.h"
#include "tui/tui_app.h"

struct help_line {
	const char *keys; /* NULL: a section heading in `what` */
	const char *what;
};

static const struct help_line lines[] = {
    {NULL, N_("Everywhere")},
    {"?", N_("this help (Esc or ? closes it)")},
    {"L", N_("switch language: English, 中文, Français (keeps your place)")},
    {"q  Ctrl-C", N_("quit (progress is saved)")},
    {"Ctrl-L", N_("redraw the screen")},
    {"Ctrl-Z", N_("suspend lingerlab (the shell's fg brings it back)")},
    {"b  .", N_("blank the screen / show it again (presenter)")},
    {"a", N_("auto-advance on/off: idle pages turn by themselves")},
    {NULL, N_("Lesson list")},
    {"Up Down j k", N_("choose a lesson")},
    {"Enter Right", N_("open it (where you left off)")},
    {NULL, N_("Lesson pages")},
    {"n", N_("next page")},
    {"N", N_("previous page")},
    {"Up Down j k", N_("scroll the text (the mouse wheel too)")},
    {"PgUp PgDn", N_("scroll the text by a screen")},
    {"Esc Backspace", N_("back to the lesson list")},
    {NULL, N_("Lab")},
    {"1 .. 9", N_("predict: choose an answer before the run")},
    {"Tab Shift-Tab", N_("go to the settings, then select one")},
    {"Up Down", N_("in the settings: change the value (or click it)")},
    {"u", N_("in the settings: back to the start values")},
    {"Esc Enter", N_("leave the settings (Up/Down scroll again)")},
    {"r", N_("run the experiment on this machine's kernel")},
    {"c  Esc", N_("cancel a run in progress")},
    {NULL, N_("Ladder (after a run, or a capture)")},
    {"Space Right", N_("one event forward")},
    {"Left", N_("one event back")},
    {"Shift-Right/Left", N_("ten events forward / back")},
    {"p", N_("play / pause")},
    {"+  -", N_("faster / slower")},
    {"Home g  End G", N_("jump to the start / the end")},
    {"click", N_("jump to the event clicked")},
    {"Tab", N_("next connection (capture viewer)")},
    {NULL, N_("Arrows (no colour needed)")},
    {"═══▶", N_("data")},
    {"┈┈┈▶", N_("a pure acknowledgement")},
    {"───▶", N_("SYN (connection set-up)")},
    {"──F──▶", N_("FIN: an orderly end of the sender's data")},
    {"━━R━━▶", N_("RST: the connection is aborted")},
};

static const char *const ascii_arrows[] = {
    "===>", "...>", "--->", "--F-->", "##R##>",
};

static size_t top;
static int body_h;

static void help_draw(int rows, int cols)
{
	tui_title_bar(cols, _("Help"));
	body_h = rows - 3;
	size_t n = sizeof lines / sizeof lines[0];
	if (top + (size_t)body_h > n)
		top = n > (size_t)body_h ? n - (size_t)body_h : 0;
	int kw = 20;
	size_t below = n > top + (size_t)body_h ? n - top - (size_t)body_h : 0;
	if (below) { /* the last row says that more follows */
		char more[160];
		body_h--;
		below++;
		snprintf(more, sizeof more,
			 ngettext("%s %zu more line below: Down or PgDn",
				  "%s %zu more lines below: Down or PgDn", below),
			 tui_glyph("▼", "v"), below);
		tui_put(1 + body_h, 2, more, cols - 4, R_KEY);
	}
	for (int i = 0; i < body_h && top + (size_t)i < n; i++) {
		const struct help_line *h = &lines[top + (size_t)i];
		int y = 1 + i;
		if (!h->keys) {
			tui_put(y, 2, _(h->what), cols - 4, R_HEADING);
			continue;
		}
		const char *k = h->keys;
		size_t idx = top + (size_t)i;
		size_t first_arrow = n - 5;
		if (!tui.utf8 && idx >= first_arrow)
			k = ascii_arrows[idx - first_arrow];
		tui_put(y, 4, k, kw - 2, R_KEY);
		tui_put(y, 4 + kw, _(h->what), cols - kw - 6, R_NORMAL);
	}
	char hint[200];
	snprintf(hint, sizeof hint, "%s", _("Esc or ? back  Up/Down scroll  q quit"));
	tui_put(rows - 2, 1, hint, cols - 2, R_DIM);
	tui_status_line(rows, cols, NULL);
}

static int help_key(int ch)
{
	size_t n = sizeof lines / sizeof lines[0];
	switch (ch) {
	case 27:
	case '?':
	case '\n':
	case '\r':
	case KEY_ENTER:
	case KEY_BACKSPACE:
	case 127:
		tui_switch(tui.back);
		return KEY_USED;
	case KEY_DOWN:
	case 'j':
	case KEY_NPAGE:
		if (top + (size_t)body_h < n)
			top += ch == KEY_NPAGE ? (size_t)body_h : 1;
		tui_dirty();
		return KEY_USED;
	case KEY_UP:
	case 'k':
	case KEY_PPAGE:
		if (ch == KEY_PPAGE)
			top = top > (size_t)body_h ? top - (size_t)body_h : 0;
		else if (top > 0)
			top--;
		tui_dirty();
		return KEY_USED;
	}
	return KEY_UNUSED;
}

static void help_enter(void)
{
	top = 0;
}

const struct tui_screen tui_help_screen = {
    "help", help_enter, help_draw, help_key, NULL, NULL, NULL, NULL, NULL, NULL,
};
