/* SPDX-License-Identifier: MIT */
/*
 * page.h - a lesson page laid out as lines of styled text: the one page
 * layout that `lingerlab lessons --show` prints and the TUI draws.
 *
 * page_build() wraps every block of a page (paragraphs, lists, tables,
 * code, prediction questions, textbook-vs-kernel blocks) to a width by
 * display columns (base/textwrap.h: CJK and French rules) and keeps the
 * inline styles (emphasis, code, values from a run) as runs of a role.
 * Tables are drawn as grids, their cells wrapped inside their columns,
 * whenever the columns can be at least PAGE_MIN_CELL wide; narrower, each
 * row becomes a block of "header: value" lines.  Questions show the
 * student's prediction and, once a verdict is given, the grade computed
 * from it and the explanation.
 *
 * Nothing here knows curses: page_print() writes the lines as plain text;
 * the TUI maps each role to its attributes (tui/tui_page.c).
 *
 * Memory: a page_doc owns its strings; page_doc_free() releases them and
 * leaves an empty doc that page_build() may fill again.
 */
#ifndef LINGERLAB_PAGE_H
#define LINGERLAB_PAGE_H

#include <stddef.h>
#include <stdio.h>
#include "lesson/lesson.h"
#include "model/verdict.h"

/* What a run of text is, for the renderer to style. */
enum page_role {
	PR_NORMAL,
	PR_EMPH,
	PR_CODE,
	PR_REF,
	PR_HEADING,
	PR_KEY,
	PR_DIM,
	PR_FRAME,
	PR_GOOD,
	PR_BAD,
	PR_SELECT,
	PR_COUNT
};

/* Narrowest column a grid table wraps its cells into. */
#define PAGE_MIN_CELL 6

struct page_run {
	enum page_role role;
	char *s;
};

struct page_line {
	struct page_run *r;
	size_t n;
};

struct page_doc {
	struct page_line *l;
	size_t n, cap;
	int width;
};

/* What the page shows beyond the lesson text. */
struct page_view {
	const int *answer;       /* per question: chosen choice, -1 none;
				    NULL: nothing chosen */
	const struct verdict *v; /* the verdict that grades the page's
				    questions, or NULL (not run, or not
				    revealed yet) */
	/* {lab:fact} values: the verdict of the lab with that id, or NULL */
	const struct verdict *(*lab_verdict)(void *ctx, const char *lab);
	void *ctx;
	int utf8;        /* line drawing and marks, else ASCII */
	int interactive; /* the TUI: hints name its keys; else (the
			    printed lesson) the lab's command line
			    is shown before the first question */
	int replaying;   /* TUI: the lab ran, its replay has not
			    reached the end: the grade waits */
};

/* Lay page pg out at `width` columns (at least 16 are used). */
void page_build(struct page_doc *d, const struct lesson_page *pg, int width,
		const struct page_view *pv);
void page_doc_free(struct page_doc *d);
/* Write the doc's lines to f as plain text, each ending in '\n'. */
void page_print(FILE *f, const struct page_doc *d);

#endif
