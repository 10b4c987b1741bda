/* SPDX-License-Identifier: MIT */
/*
 * tui_page.c - draw a laid-out lesson page (tui_page.h).
 */
#include "config.h"
#include "tui/tui_app.h"
#include "tui/tui_page.h"

/* The screen role of each page role. */
static const enum tui_role role_of[PR_COUNT] = {
    [PR_NORMAL] = R_NORMAL,   [PR_EMPH] = R_EMPH, [PR_CODE] = R_CODE,     [PR_REF] = R_REF,
    [PR_HEADING] = R_HEADING, [PR_KEY] = R_KEY,   [PR_DIM] = R_DIM,       [PR_FRAME] = R_FRAME,
    [PR_GOOD] = R_GOOD,       [PR_BAD] = R_BAD,   [PR_SELECT] = R_SELECT,
};

void tui_page_draw(const struct page_doc *d, size_t top, int y, int x, int h, int w)
{
	for (int i = 0; i < h && top + (size_t)i < d->n; i++) {
		const struct page_line *l = &d->l[top + (size_t)i];
		int xx = x;
		for (size_t k = 0; k < l->n && xx < x + w; k++)
			xx += tui_put(y + i, xx, l->r[k].s, x + w - xx, role_of[l->r[k].role]);
	}
}
