/* SPDX-License-Identifier: MIT */
/*
 * lessonparse.c - the lesson file parser (format: lessons/README, lesson.h).
 *
 * Line oriented: a line starting with '@' is a directive (lessondirective.c),
 * '#' in column 1 a comment, "```" opens or closes a code block, '|' is a
 * table row, "- " a list item, a blank line ends whatever was open, any
 * other line is text.  A directive that carries human text (@title, @page,
 * @question, @choice, @explain, @textbook, the label of @param) takes the
 * rest of its line and the following text lines up to a blank line or the
 * next directive.
 *
 * The parser never stops at an error: it reports it (file:line), skips
 * the line and goes on, so a teacher sees every mistake at once.  Checks
 * that need scenarios or verdict facts are in lessoncheck.c.
 */
#include "config.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/i18n.h"
#include "lesson/lesson.h"
#include "lesson/lessonparse.h"
#include "base/textwrap.h"
#include "base/util.h"

void __attribute__((format(printf, 3, 4)))
lessonparse_error(struct parser *p, int line, const char *fmt, ...)
{
	char msg[600], full[900];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(full, sizeof full, "%s:%d: %s", p->path, line, msg);
	p->nerr++;
	if (p->report)
		p->report(p->ctx, full);
}

/* ---- the gathering buffer ---- */

static void buf_reset(struct parser *p)
{
	p->blen = 0;
	if (p->buf)
		p->buf[0] = '\0';
}

static void buf_add(struct parser *p, const char *s, size_t n)
{
	xgrow(&p->buf, &p->bsize, p->blen + n + 1, 1);
	memcpy(p->buf + p->blen, s, n);
	p->blen += n;
	p->buf[p->blen] = '\0';
}

/* Last code point of the buffer, 0 if empty. */
static uint32_t buf_last(const struct parser *p)
{
	size_t i = p->blen;
	uint32_t cp = 0;
	if (!i)
		return 0;
	while (i > 0 && ((unsigned char)p->buf[i - 1] & 0xc0) == 0x80)
		i--;
	if (i > 0)
		i--;
	textwrap_decode(p->buf + i, p->blen - i, &cp);
	return cp;
}

/* Join one more line of a paragraph: one space, none next to CJK. */
static void buf_join(struct parser *p, const char *s)
{
	while (*s == ' ')
		s++;
	size_t n = strlen(s);
	while (n && s[n - 1] == ' ')
		n--;
	if (!n)
		return;
	if (p->blen) {
		uint32_t first;
		textwrap_decode(s, n, &first);
		if (textwrap_cpwidth(buf_last(p)) != 2 && textwrap_cpwidth(first) != 2)
			buf_add(p, " ", 1);
	}
	buf_add(p, s, n);
}

/* ---- building the lesson ---- */

void lessonparse_text_set(struct parser *p, struct lesson_text *t, const char *raw, int line)
{
	struct diag err = {0};
	lesson_text_clear(t);
	if (lesson_text_parse(t, raw, line, &err) < 0)
		lessonparse_error(p, line, _("%s"), err.msg);
}

struct lesson_block *lessonparse_new_block(struct parser *p, enum lesson_block_kind k, int line)
{
	struct lesson_page *pg = p->page;
	xgrow(&pg->blocks, &p->bcap, pg->nblocks + 1, sizeof *pg->blocks);
	struct lesson_block *b = &pg->blocks[pg->nblocks++];
	memset(b, 0, sizeof *b);
	b->kind = k;
	b->line = line;
	return b;
}

static char *plain_of(struct parser *p, const char *raw, int line)
{
	struct lesson_text t = {0};
	lessonparse_text_set(p, &t, raw, line);
	char *s = t.text;
	t.text = NULL;
	lesson_text_clear(&t);
	return s;
}

/* The open directive's text is complete: store it. */
static void finish_directive(struct parser *p)
{
	struct lesson_page *pg = p->page;
	const char *raw = p->blen ? p->buf : "";
	int line = p->bline;

	switch (p->tgt) {
	case TGT_NONE:
		break;
	case TGT_TITLE:
		if (!*raw)
			lessonparse_error(p, line, _("@title needs the lesson's title"));
		free(p->l->title);
		p->l->title = plain_of(p, raw, line);
		break;
	case TGT_PAGE_TITLE:
		if (!*raw)
			lessonparse_error(p, line, _("@page needs a title"));
		free(pg->title);
		pg->title = plain_of(p, raw, line);
		break;
	case TGT_LABEL: {
		struct lesson_param *pa = &pg->lab->params[pg->lab->nparams - 1];
		free(pa->label);
		pa->label = *raw ? plain_of(p, raw, line) : NULL;
		break;
	}
	case TGT_PROMPT:
		if (!*raw)
			lessonparse_error(p, line, _("@question needs the question's text"));
		lessonparse_text_set(p, &pg->questions[p->tq].prompt, raw, line);
		break;
	case TGT_CHOICE:
		if (!*raw)
			lessonparse_error(p, line, _("@choice needs a text after its value"));
		lessonparse_text_set(p, &pg->questions[p->tq].choices[p->tc].label, raw, line);
		break;
	case TGT_EXPLAIN: {
		struct lesson_question *q = &pg->questions[p->tq];
		struct lesson_text *t =
		    p->tc == (size_t)-1 ? &q->explain : &q->choices[p->tc].explain;
		if (!*raw)
			lessonparse_error(p, line, _("@explain needs a text"));
		lesson_text_clear(t);
		lessonparse_text_set(p, t, raw, line);
		break;
	}
	case TGT_CLAIM:
		if (!*raw)
			lessonparse_error(p, line, _("@textbook needs the textbook's claim"));
		lessonparse_text_set(p, &pg->textbooks[p->tq].claim, raw, line);
		break;
	}
	p->tgt = TGT_NONE;
}

static void finish_item(struct parser *p)
{
	xgrow(&p->items, &p->icap, p->nitems + 1, sizeof *p->items);
	memset(&p->items[p->nitems], 0, sizeof *p->items);
	lessonparse_text_set(p, &p->items[p->nitems++], p->blen ? p->buf : "", p->bline);
}

/* Close whatever was being gathered. */
static void flush(struct parser *p)
{
	switch (p->mode) {
	case M_NONE:
	case M_CODE:
		break;
	case M_DIRECTIVE:
		finish_directive(p);
		break;
	case M_PARA: {
		struct lesson_block *b = lessonparse_new_block(p, LB_PARA, p->bline);
		lessonparse_text_set(p, &b->text, p->buf, p->bline);
		break;
	}
	case M_ITEM:
	case M_TABLE: {
		if (p->mode == M_ITEM)
			finish_item(p);
		if (!p->nitems)
			break;
		struct lesson_block *b = lessonparse_new_block(
		    p, p->mode == M_ITEM ? LB_LIST : LB_TABLE, p->items[0].line);
		if (p->mode == M_ITEM) {
			b->items = p->items;
			b->nitems = p->nitems;
		} else {
			b->cells = p->items;
			b->rows = p->rows;
			b->cols = p->cols;
		}
		p->items = NULL;
		p->nitems = p->icap = p->rows = p->cols = 0;
		break;
	}
	}
	p->mode = M_NONE;
	buf_reset(p);
}

/* Text may only come after the first @page. */
int lessonparse_need_page(struct parser *p, const char *what)
{
	if (p->page)
		return 1;
	lessonparse_error(p, p->line, _("%s before the first @page"), what);
	return 0;
}

/* Start gathering directive text (the rest of the directive's line). */
void lessonparse_open_text(struct parser *p, enum target t, const char *rest)
{
	p->mode = M_DIRECTIVE;
	p->tgt = t;
	p->bline = p->line;
	buf_reset(p);
	buf_join(p, rest);
}

/* ---- tables ---- */

static int is_separator_row(const char *s)
{
	for (; *s; s++)
		if (!strchr("|-: ", *s))
			return 0;
	return 1;
}

static void table_row(struct parser *p, const char *s)
{
	size_t ncell = 0;
	if (is_separator_row(s))
		return;
	s++; /* the leading '|' */
	size_t len = strlen(s);
	while (len && s[len - 1] == ' ')
		len--;
	if (len && s[len - 1] == '|' && (len < 2 || s[len - 2] != '\\'))
		len--;
	char *cell = xmalloc(len + 1);
	size_t cl = 0;
	int in_code = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] == '\\' && i + 1 < len) {
			/* keep the escape for the inline parser, except for '|' */
			if (s[i + 1] != '|')
				cell[cl++] = s[i];
			cell[cl++] = s[++i];
			continue;
		}
		if (i < len && s[i] == '`')
			in_code = !in_code;
		if (i == len || (s[i] == '|' && !in_code)) {
			cell[cl] = '\0';
			xgrow(&p->items, &p->icap, p->nitems + 1, sizeof *p->items);
			memset(&p->items[p->nitems], 0, sizeof *p->items);
			char *c = cell;
			while (*c == ' ')
				c++;
			size_t n = strlen(c);
			while (n && c[n - 1] == ' ')
				c[--n] = '\0';
			lessonparse_text_set(p, &p->items[p->nitems++], c, p->line);
			ncell++;
			cl = 0;
			continue;
		}
		cell[cl++] = s[i];
	}
	free(cell);
	if (p->rows == 0)
		p->cols = ncell;
	else if (ncell != p->cols) {
		lessonparse_error(p, p->line,
				  _("this table row has %zu cells, the first row has %zu"), ncell,
				  p->cols);
		/* keep the table rectangular */
		for (; ncell > p->cols; ncell--)
			lesson_text_clear(&p->items[--p->nitems]);
		for (; ncell < p->cols; ncell++) {
			xgrow(&p->items, &p->icap, p->nitems + 1, sizeof *p->items);
			memset(&p->items[p->nitems], 0, sizeof *p->items);
			lessonparse_text_set(p, &p->items[p->nitems++], "", p->line);
		}
	}
	p->rows++;
}
/* ---- lines ---- */

/* Validate UTF-8 and controls; tabs become spaces.  Returns 0 if bad. */
static int clean_line(struct parser *p, char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t l = textwrap_decode(s + i, n - i, &cp);
		if (cp == 0xfffd && l == 1 && (unsigned char)s[i] >= 0x80) {
			lessonparse_error(p, p->line,
					  _("invalid UTF-8 (byte %zu of the line): save "
					    "the file as UTF-8"),
					  i + 1);
			return 0;
		}
		if (cp == '\t')
			s[i] = ' ';
		else if (cp < 0x20 || cp == 0x7f) {
			lessonparse_error(p, p->line, _("control character 0x%02x in the text"),
					  (unsigned)cp);
			return 0;
		}
		i += l;
	}
	return 1;
}

static void parse_line(struct parser *p, char *s)
{
	if (p->mode == M_CODE) {
		const char *t = s;
		while (*t == ' ')
			t++;
		if (!strncmp(t, "```", 3)) {
			p->mode = M_NONE;
			struct lesson_block *b = lessonparse_new_block(p, LB_CODE, p->bline);
			b->code = xstrdup(p->blen ? p->buf : "");
			buf_reset(p);
			return;
		}
		if (p->blen)
			buf_add(p, "\n", 1);
		buf_add(p, s, strlen(s));
		return;
	}
	if (s[0] == '#')
		return;
	const char *t = s;
	while (*t == ' ')
		t++;
	if (!*t) {
		flush(p);
		return;
	}
	if (s[0] == '@') {
		flush(p);
		lessonparse_directive(p, s + 1);
		return;
	}
	if (!strncmp(t, "```", 3)) {
		flush(p);
		if (!lessonparse_need_page(p, _("a code block")))
			return;
		p->open_q = p->open_tb = -1;
		p->mode = M_CODE;
		p->bline = p->line;
		return;
	}
	if (p->mode == M_DIRECTIVE) {
		buf_join(p, s);
		return;
	}
	if (s[0] == '|') {
		if (p->mode != M_TABLE) {
			flush(p);
			if (!lessonparse_need_page(p, _("a table")))
				return;
			p->open_q = p->open_tb = -1;
			p->mode = M_TABLE;
		}
		table_row(p, s);
		return;
	}
	if (s[0] == '-' && s[1] == ' ') {
		if (p->mode == M_ITEM) {
			finish_item(p);
			buf_reset(p);
		} else {
			flush(p);
			if (!lessonparse_need_page(p, _("a list")))
				return;
			p->open_q = p->open_tb = -1;
			p->mode = M_ITEM;
		}
		p->bline = p->line;
		buf_join(p, s + 2);
		return;
	}
	if (p->mode == M_ITEM || p->mode == M_PARA) {
		buf_join(p, s);
		return;
	}
	flush(p);
	if (!lessonparse_need_page(p, _("text")))
		return;
	p->open_q = p->open_tb = -1;
	p->mode = M_PARA;
	p->bline = p->line;
	buf_join(p, s);
}

/* Checks that need the whole page: a question's choices and teaches,
 * a lab for questions and textbook blocks. */
static void check_page(struct parser *p, struct lesson_page *pg)
{
	if ((pg->nquestions || pg->ntextbooks) && !pg->lab)
		lessonparse_error(p, pg->nquestions ? pg->questions[0].line : pg->textbooks[0].line,
				  "a question or textbook block needs a @lab on its page");
	for (size_t i = 0; i < pg->nquestions; i++) {
		struct lesson_question *q = &pg->questions[i];
		if (q->nchoices < 2)
			lessonparse_error(p, q->line,
					  _("a question needs at least two @choice lines"));
		if (!q->teaches) {
			lessonparse_error(p, q->line,
					  _("a question needs @teaches VALUE (what Linux "
					    "gives, for the test suite)"));
			continue;
		}
		size_t c;
		for (c = 0; c < q->nchoices; c++)
			if (!strcmp(q->choices[c].value, q->teaches))
				break;
		if (c == q->nchoices && q->nchoices)
			lessonparse_error(p, q->line,
					  _("@teaches %s is none of the question's choices"),
					  q->teaches);
	}
}

static void parse_text(struct parser *p, const char *text, size_t len)
{
	size_t i = 0;
	char *line = NULL;
	size_t lcap = 0;

	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		i = 3; /* a byte-order mark some editors write */
	while (i < len) {
		size_t j = i;
		while (j < len && text[j] != '\n')
			j++;
		size_t n = j - i;
		if (n && text[i + n - 1] == '\r')
			n--;
		xgrow(&line, &lcap, n + 1, 1);
		memcpy(line, text + i, n);
		line[n] = '\0';
		p->line++;
		if (memchr(line, '\0', n))
			lessonparse_error(p, p->line, _("NUL byte in the text"));
		else if (clean_line(p, line))
			parse_line(p, line);
		i = j + 1;
	}
	free(line);
	if (p->mode == M_CODE)
		lessonparse_error(p, p->bline, _("code block opened here is never closed (```)"));
	else
		flush(p);
	if (!p->l->title)
		lessonparse_error(p, 1, _("the lesson has no @title"));
	if (!p->l->npages)
		lessonparse_error(p, 1, _("the lesson has no @page"));
	for (size_t k = 0; k < p->l->npages; k++)
		check_page(p, &p->l->pages[k]);
}

struct lesson *lesson_parse_ex(const char *text, size_t len, const char *path,
			       lesson_report_fn report, void *ctx, int *nerrors)
{
	struct parser p;
	char id[128], lang[16];
	int number;

	memset(&p, 0, sizeof p);
	p.l = xcalloc(1, sizeof *p.l);
	p.path = path ? path : "(lesson)";
	p.report = report;
	p.ctx = ctx;
	p.open_q = p.open_tb = -1;
	p.l->path = xstrdup(p.path);
	if (path && lesson_name_parse(path, &number, id, sizeof id, lang, sizeof lang) == 0) {
		p.l->id = xstrdup(id);
		p.l->number = number;
		p.l->lang = xstrdup(lang);
	}
	if (len > LESSON_MAX_BYTES)
		lessonparse_error(&p, 1, _("file too large (over %d bytes)"), LESSON_MAX_BYTES);
	else
		parse_text(&p, text, len);
	for (size_t i = 0; i < p.nitems; i++)
		lesson_text_clear(&p.items[i]);
	free(p.items);
	free(p.buf);
	if (nerrors)
		*nerrors = p.nerr;
	return p.l;
}

/* ---- the interface of lesson.h: parse a text, load a file ---- */

static void first_error(void *ctx, const char *msg)
{
	struct diag *d = ctx;
	if (!d->msg[0])
		snprintf(d->msg, sizeof d->msg, "%s", msg);
}

struct lesson *lesson_parse(const char *text, size_t len, const char *path, struct diag *d)
{
	int nerr;
	struct diag local;
	if (!d)
		d = &local;
	d->msg[0] = '\0';
	struct lesson *l = lesson_parse_ex(text, len, path, first_error, d, &nerr);
	if (nerr) {
		lesson_free(l);
		return NULL;
	}
	return l;
}

struct lesson *lesson_load(const char *path, struct diag *d)
{
	size_t len;
	char *text = read_file(path, LESSON_MAX_BYTES, &len);
	if (!text) {
		if (d)
			snprintf(d->msg, sizeof d->msg, "%s: %s", path, file_error(errno));
		return NULL;
	}
	struct lesson *l = lesson_parse(text, len, path, d);
	free(text);
	return l;
}
