/* SPDX-License-Identifier: MIT */
/*
 * tui_settings.h - the lab's settings area in the lesson player.
 *
 * Every setting of a lab is shown with its value, however many there are
 * and however long their labels: the items ("label [value]") flow like a
 * paragraph, wrapped by display width over as many rows as they need
 * (textwrap.h), so nothing is ever dropped at 80x24 in any language.  The
 * area takes keys only while it has focus (Tab gives it, Esc takes it
 * back): ↑↓ change the selected value, Tab/Shift-Tab select, u restores the
 * start values.  Stepping a value always passes through its start value,
 * so the student can come back to it.
 *
 * The area keeps where it drew each item, for the mouse.  No memory is
 * owned; values are the caller's (one PARAM_VALUE_MAX string per param).
 */
#ifndef LINGERLAB_TUI_SETTINGS_H
#define LINGERLAB_TUI_SETTINGS_H

#include <stddef.h>
#include "lesson/lesson.h"

#define SETTINGS_MAX_ROWS 24

struct settings_area {
	int focus; /* keys go to the area */
	int sel;   /* selected setting */
	/* filled by settings_draw(): row y, item index per column span */
	int y0, nrows;
	struct {
		int x0, x1, item;
	} span[SETTINGS_MAX_ROWS][16];
	int nspan[SETTINGS_MAX_ROWS];
};

/* Rows the area needs at `width` columns for this lab and these values. */
int settings_rows(const struct settings_area *a, const struct lesson_lab *lab,
		  char (*vals)[PARAM_VALUE_MAX], int width);
/* Draw the area at (y, x), at most h rows (the rows around the selected
 * setting when it needs more), w columns. */
void settings_draw(struct settings_area *a, const struct lesson_lab *lab,
		   char (*vals)[PARAM_VALUE_MAX], int y, int x, int h, int w);
/* The setting drawn at screen position (y, x), or -1. */
int settings_hit(const struct settings_area *a, int y, int x);
/* Step setting i one value up (dir > 0) or down; the start value is
 * always one of the steps.  Returns 1 if the value changed. */
int settings_step(const struct lesson_lab *lab, char (*vals)[PARAM_VALUE_MAX], size_t i, int dir);
/* Put every setting back to its start value.  Returns 1 if any changed. */
int settings_reset(const struct lesson_lab *lab, char (*vals)[PARAM_VALUE_MAX]);

#endif
