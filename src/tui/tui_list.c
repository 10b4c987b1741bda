/* SPDX-License-Identifier: MIT */
/*
 * tui_list.c - the lesson list screen: every lesson with its title in the
 * current language and the student's progress; Enter opens one.
 */
#include "config.h"
#include <curses.h>
#include <stdio.h>
#include <string.h>
#include "base/i18n.h"
#include "lesson/lesson.h"
#include "tui/tui_app.h"
#include "tui/tui_progress.h"

static struct {
	size_t sel, top;
	int y0, h; /* where the entries were drawn, for the mouse */
} L;

void tui_list_select(size_t index)
{
	L.sel = index;
}

static void list_draw(int rows, int cols)
{
	const struct lesson_catalog *cat = tui_catalog();
	struct progress *pr = tui_progress();
	tui_title_bar(cols, _("Lessons"));
	L.y0 = 2;
	L.h = rows - 5;
	if (cat->n == 0) {
		tui_put(2, 2, _("No lessons found. Looked in:"), cols - 4, R_ERROR);
		for (size_t i = 0; i < cat->ndirs && (int)i < rows - 6; i++)
			tui_put(3 + (int)i, 4, cat->dirs[i], cols - 6, R_CODE);
		tui_put(rows - 4, 2, _("Set LINGERLAB_LESSONS or use --lessons-dir DIR."), cols - 4,
			R_NORMAL);
	}
	if (L.sel >= cat->n)
		L.sel = cat->n ? cat->n - 1 : 0;
	if (L.sel < L.top)
		L.top = L.sel;
	if (L.sel >= L.top + (size_t)L.h)
		L.top = L.sel - (size_t)L.h + 1;
	for (int i = 0; i < L.h && L.top + (size_t)i < cat->n; i++) {
		size_t k = L.top + (size_t)i;
		const struct lesson_entry *e = &cat->e[k];
		int y = L.y0 + i;
		int sel = k == L.sel;
		struct progress_item *it = NULL;
		for (size_t j = 0; j < pr->n; j++)
			if (!strcmp(pr->it[j].id, e->id))
				it = &pr->it[j];
		const char *mark = it && it->done   ? tui_glyph("✓", "+")
				   : it && it->seen ? tui_glyph("◐", "~")
						    : " ";
		const char *word = it && it->done ? _("done") : it && it->seen ? _("started") : "";
		char num[16];
		snprintf(num, sizeof num, "%2d ", e->number);
		enum tui_role role = sel ? R_SELECT : R_NORMAL;
		if (sel) { /* the whole line in reverse: visible without colour */
			move(y, 1);
			for (int x = 1; x < cols - 1; x++)
				addch(' ' | (chtype)tui_attr(R_SELECT));
		}
		int x = 1;
		x += tui_put(y, x, sel ? tui_glyph("▸", ">") : " ", 1, role);
		x += tui_put(y, x, " ", 1, role);
		x += tui_put(y, x, mark, 1, it && it->done ? R_GOOD : role);
		x += tui_put(y, x, " ", 1, role);
		x += tui_put(y, x, num, 4, role);
		int ww = tui_width(word);
		tui_put(y, x, lesson_entry_title(e, i18n_get()), cols - x - ww - 4, role);
		tui_put_right(y, cols - 2, word, ww, sel ? R_SELECT : R_DIM);
	}
	if (cat->n > (size_t)L.h)
		tui_put(rows - 3, 2, tui_glyph("↑↓ …", "..."), 8, R_DIM);
	char hint[256];
	snprintf(hint, sizeof hint, _("%s choose  Enter open  L language  ? help  q quit"),
		 tui_glyph("↑↓", "Up/Down"));
	tui_put(rows - 2, 1, hint, cols - 2, R_DIM);
	tui_status_line(rows, cols, NULL);
}

static void open_sel(void)
{
	const struct lesson_catalog *cat = tui_catalog();
	struct progress *pr = tui_progress();
	if (L.sel >= cat->n)
		return;
	size_t page = 0;
	if (!strcmp(pr->current, cat->e[L.sel].id) && pr->page > 0)
		page = (size_t)pr->page;
	tui_open_lesson(L.sel, page);
}

static int list_key(int ch)
{
	const struct lesson_catalog *cat = tui_catalog();
	switch (ch) {
	case KEY_UP:
	case 'k':
		if (L.sel > 0)
			L.sel--;
		break;
	case KEY_DOWN:
	case 'j':
		if (L.sel + 1 < cat->n)
			L.sel++;
		break;
	case KEY_HOME:
	case 'g':
		L.sel = 0;
		break;
	case KEY_END:
	case 'G':
		L.sel = cat->n ? cat->n - 1 : 0;
		break;
	case KEY_NPAGE:
		L.sel += (size_t)(L.h > 1 ? L.h - 1 : 1);
		if (L.sel >= cat->n)
			L.sel = cat->n ? cat->n - 1 : 0;
		break;
	case KEY_PPAGE:
		L.sel = L.sel > (size_t)L.h ? L.sel - (size_t)L.h : 0;
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
	case KEY_RIGHT:
	case ' ':
		open_sel();
		break;
	default:
		return KEY_UNUSED;
	}
	tui_dirty();
	return KEY_USED;
}

static void list_mouse(int y, int x, unsigned long b)
{
	(void)x;
	const struct lesson_catalog *cat = tui_catalog();
	int i = y - L.y0;
	if (i < 0 || i >= L.h || L.top + (size_t)i >= cat->n)
		return;
	size_t k = L.top + (size_t)i;
	/* A click selects; a click on the selected lesson opens it. */
	int again = k == L.sel;
	L.sel = k;
	if ((b & BUTTON1_DOUBLE_CLICKED) || (again && (b & (BUTTON1_CLICKED | BUTTON1_PRESSED))))
		open_sel();
	tui_dirty();
}

const struct tui_screen tui_list_screen = {
    "list", NULL, list_draw, list_key, list_mouse, NULL, NULL, NULL, NULL, NULL,
};
