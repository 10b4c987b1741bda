/* SPDX-License-Identifier: MIT */
/*
 * tui_page.h - draw a lesson page laid out by lesson/page.h.
 *
 * The page model (wrapping, tables, questions, grades) is built once,
 * without curses, by page_build(); the player scrolls it and this module
 * only maps each run's role to its curses attributes.
 */
#ifndef LINGERLAB_TUI_PAGE_H
#define LINGERLAB_TUI_PAGE_H

#include <stddef.h>
#include "lesson/page.h"

/* Draw lines [top, top + h) of d at (y, x), w columns. */
void tui_page_draw(const struct page_doc *d, size_t top, int y, int x, int h, int w);

#endif
