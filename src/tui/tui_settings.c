/* SPDX-License-Identifier: MIT */
/*
 * tui_settings.c - the lab's settings area (tui_settings.h).
 *
 * The area is laid out as one paragraph: a heading, then every setting as
 * "label [value]", items two spaces apart.  textwrap wraps it by display
 * width (Chinese between characters, French keeping its no-break spaces),
 * and each wrapped line is drawn span by span with its item's attribute,
 * which also gives the mouse its targets.  A no-break space before each
 * label keeps the selection mark glued to it.
 */
#include "config.h"
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/i18n.h"
#include "base/textwrap.h"
#include "base/util.h"
#include "tui/tui_app.h"
#include "tui/tui_settings.h"

#define ITEMS_MAX 32

struct layout {
	char text[4096];
	size_t start[ITEMS_MAX], end[ITEMS_MAX]; /* item byte ranges */
	size_t val[ITEMS_MAX];                   /* where the item's "[value]" starts */
	size_t n;                                /* items */
	size_t head_end;                         /* the heading is [0, head_end) */
	struct textwrap_line *lines;
	size_t nlines;
};

static void add(struct layout *L, size_t *len, const char *s)
{
	size_t k = strlen(s);
	if (*len + k < sizeof L->text) {
		memcpy(L->text + *len, s, k + 1);
		*len += k;
	}
}

static void lay_out(struct layout *L, const struct settings_area *a, const struct lesson_lab *lab,
		    char (*vals)[PARAM_VALUE_MAX], int width)
{
	size_t len = 0;
	L->text[0] = '\0';
	L->n = lab->nparams < ITEMS_MAX ? lab->nparams : ITEMS_MAX;
	add(L, &len, _("Settings:"));
	L->head_end = len;
	for (size_t i = 0; i < L->n; i++) {
		const struct lesson_param *p = &lab->params[i];
		add(L, &len, "  ");
		L->start[i] = len;
		add(L, &len, a->focus && (int)i == a->sel ? tui_glyph("▸", ">") : "\xc2\xa0");
		add(L, &len, p->label && *p->label ? p->label : p->name);
		add(L, &len, " ");
		L->val[i] = len;
		add(L, &len, "[");
		add(L, &len, vals[i]);
		add(L, &len, "]");
		L->end[i] = len;
	}
	if (!lab->nparams) {
		add(L, &len, " ");
		add(L, &len, _("(nothing to set: press r to run)"));
	}
	L->nlines = textwrap_wrap(L->text, len, width, &L->lines);
}

int settings_rows(const struct settings_area *a, const struct lesson_lab *lab,
		  char (*vals)[PARAM_VALUE_MAX], int width)
{
	struct layout L;
	lay_out(&L, a, lab, vals, width);
	free(L.lines);
	return L.nlines ? (int)L.nlines : 1;
}

enum { HEADING = ITEMS_MAX, GAP, NOTHING };

/* The item holding byte `off` of the text, or HEADING, GAP, NOTHING;
 * *value: the byte is in the item's "[value]". */
static size_t item_at(const struct layout *L, size_t off, int *value)
{
	*value = 0;
	if (off < L->head_end)
		return HEADING;
	if (!L->n)
		return NOTHING;
	for (size_t i = 0; i < L->n; i++)
		if (off >= L->start[i] && off < L->end[i]) {
			*value = off >= L->val[i];
			return i;
		}
	return GAP;
}

static enum tui_role item_role(const struct settings_area *a, const struct layout *L, size_t item,
			       int value)
{
	if (item == HEADING)
		return R_HEADING;
	if (item >= L->n)
		return R_DIM;
	if ((int)item == a->sel && a->focus)
		return R_SELECT;
	return value ? R_KEY : R_NORMAL;
}

void settings_draw(struct settings_area *a, const struct lesson_lab *lab,
		   char (*vals)[PARAM_VALUE_MAX], int y, int x, int h, int w)
{
	struct layout L;
	lay_out(&L, a, lab, vals, w);
	/* Too many rows for h: the rows around the selected setting. */
	size_t first = 0;
	if (L.nlines > (size_t)h && a->sel >= 0 && (size_t)a->sel < L.n) {
		size_t selrow = 0;
		for (size_t r = 0; r < L.nlines; r++)
			if (L.lines[r].off <= L.start[a->sel])
				selrow = r;
		if (selrow + 1 > (size_t)h)
			first = selrow + 1 - (size_t)h;
	}
	a->y0 = y;
	a->nrows = 0;
	for (size_t r = first; r < L.nlines && a->nrows < h && a->nrows < SETTINGS_MAX_ROWS; r++) {
		const struct textwrap_line *ln = &L.lines[r];
		int cx = x, ns = 0;
		size_t o = ln->off, end = ln->off + ln->len;
		while (o < end) {
			int value, v2;
			size_t it = item_at(&L, o, &value), e = o;
			while (e < end && item_at(&L, e, &v2) == it && v2 == value)
				e++;
			int used = tui_putn(y + a->nrows, cx, L.text + o, e - o, x + w - cx,
					    item_role(a, &L, it, value));
			if (it < L.n && ns < 16) {
				a->span[a->nrows][ns].x0 = cx;
				a->span[a->nrows][ns].x1 = cx + used;
				a->span[a->nrows][ns].item = (int)it;
				ns++;
			}
			cx += used;
			o = e;
		}
		a->nspan[a->nrows] = ns;
		a->nrows++;
	}
	/* Rows above or below the area: say so, the way the text pane does. */
	if (first > 0)
		tui_put(y, x + w - 1, tui_glyph("▲", "^"), 1, R_KEY);
	if (first + (size_t)a->nrows < L.nlines)
		tui_put(y + a->nrows - 1, x + w - 1, tui_glyph("▼", "v"), 1, R_KEY);
	free(L.lines);
}

int settings_hit(const struct settings_area *a, int y, int x)
{
	int r = y - a->y0;
	if (r < 0 || r >= a->nrows)
		return -1;
	for (int i = 0; i < a->nspan[r]; i++)
		if (x >= a->span[r][i].x0 && x < a->span[r][i].x1)
			return a->span[r][i].item;
	return -1;
}

int settings_step(const struct lesson_lab *lab, char (*vals)[PARAM_VALUE_MAX], size_t i, int dir)
{
	char out[PARAM_VALUE_MAX];
	if (i >= lab->nparams ||
	    lesson_param_next(&lab->params[i], vals[i], dir, out, sizeof out) < 0 ||
	    !strcmp(out, vals[i]))
		return 0;
	snprintf(vals[i], PARAM_VALUE_MAX, "%s", out);
	return 1;
}

int settings_reset(const struct lesson_lab *lab, char (*vals)[PARAM_VALUE_MAX])
{
	int changed = 0;
	for (size_t i = 0; i < lab->nparams; i++) {
		const char *s = lab->params[i].start ? lab->params[i].start : "";
		if (strcmp(vals[i], s)) {
			snprintf(vals[i], PARAM_VALUE_MAX, "%s", s);
			changed = 1;
		}
	}
	return changed;
}
