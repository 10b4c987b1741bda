/* SPDX-License-Identifier: MIT */
/*
 * tui_page.h - a lesson page laid out as lines of styled text (a "doc").
 *
 * doc_build() wraps every block of a page (paragraphs, lists, tables,
 * code, prediction questions, textbook-vs-kernel blocks) to a width by
 * display columns (textwrap.h: CJK and French rules) and keeps the
 * inline styles (emphasis, code, values from a run) as runs of a role.
 * Questions show the student's prediction and, once the lab has run, the
 * grade computed from the run's verdict and the explanation.  The player
 * draws the doc with doc_draw() and scrolls it.
 *
 * A doc owns its strings; doc_free() releases them.
 */
#ifndef LINGERLAB_TUI_PAGE_H
#define LINGERLAB_TUI_PAGE_H

#include <stddef.h>
#include "lesson/lesson.h"
#include "tui/tui_app.h"
#include "model/verdict.h"

struct doc_run {
	enum tui_role role;
	char *s;
};

struct doc_line {
	struct doc_run *r;
	size_t n;
};

struct doc {
	struct doc_line *l;
	size_t n, cap;
	int width;
};

/* What the page shows beyond the lesson text. */
struct page_view {
	const int *answer;          /* per question: chosen choice, -1 none */
	const struct verdict *v;    /* the verdict of this page's lab, or NULL */
	/* {lab:fact} values: the verdict of the lab with that id, or NULL */
	const struct verdict *(*lab_verdict)(void *ctx, const char *lab);
	void *ctx;
};

void doc_build(struct doc *d, const struct lesson_page *pg, int width,
               const struct page_view *pv);
void doc_free(struct doc *d);
/* Draw lines [top, top + h) at (y, x), w columns. */
void doc_draw(const struct doc *d, size_t top, int y, int x, int h, int w);

/* Grade question q of a page from a verdict: the index of the right
 * choice, or -1 if none matches (actual gets the fact's value). */
int page_grade(const struct lesson_question *q, const struct verdict *v,
               char *actual, size_t len);

#endif
