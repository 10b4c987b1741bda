/* SPDX-License-Identifier: MIT */
/*
 * lessonparse.h - internals shared by the lesson parser's two files:
 * lessonparse.c (lines, text, lists, tables, code) and lessondirective.c
 * (the @ directives).  Not an interface: everything else uses lesson.h.
 */
#ifndef LINGERLAB_LESSONPARSE_H
#define LINGERLAB_LESSONPARSE_H

#include <stddef.h>
#include "lesson/lesson.h"

#define LESSON_MAX_BYTES (1024 * 1024)

/* Where the text of the open directive goes when it is complete. */
enum target {
	TGT_NONE,
	TGT_TITLE,
	TGT_PAGE_TITLE,
	TGT_LABEL,
	TGT_PROMPT,
	TGT_CHOICE,
	TGT_EXPLAIN,
	TGT_CLAIM
};

/* What the text lines being gathered become. */
enum mode { M_NONE, M_PARA, M_ITEM, M_TABLE, M_CODE, M_DIRECTIVE };

struct parser {
	struct lesson *l;
	const char *path;
	lesson_report_fn report;
	void *ctx;
	int nerr;
	int line;
	size_t pcap; /* capacity of l->pages */
	struct lesson_page *page;
	size_t bcap, qcap, tcap;
	enum mode mode;
	char *buf; /* gathered text */
	size_t blen, bsize;
	int bline;
	enum target tgt;
	size_t tq, tc;             /* target question/textbook, choice (or -1) */
	long open_q, open_tb;      /* question/textbook that @choice etc. join */
	struct lesson_text *items; /* list or table being built */
	size_t nitems, icap, cols, rows;
};

/* Report "path:line: message" and count it. */
void lessonparse_error(struct parser *p, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Text may only come after the first @page: 1 if there is one, else
 * reports "WHAT before the first @page" and returns 0. */
int lessonparse_need_page(struct parser *p, const char *what);
/* Start gathering the human text of a directive (the rest of its line;
 * more lines join until a blank line or a directive). */
void lessonparse_open_text(struct parser *p, enum target t, const char *rest);
/* Parse inline markup of raw into t (cleared first), reporting errors. */
void lessonparse_text_set(struct parser *p, struct lesson_text *t, const char *raw, int line);
/* Append a block of kind k to the current page. */
struct lesson_block *lessonparse_new_block(struct parser *p, enum lesson_block_kind k, int line);
/* Handle a directive line (s points after the '@'; it is modified). */
void lessonparse_directive(struct parser *p, char *s);

#endif
