/* SPDX-License-Identifier: MIT */
/*
 * tui_page.c - lay a lesson page out as styled lines (tui_page.h).
 *
 * Wrapping is by display width through textwrap.h, which knows where
 * Chinese may break and where French keeps its no-break spaces; styles
 * are carried by byte ranges (lesson spans) cut at the wrapped lines.
 */
#include "config.h"
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/i18n.h"
#include "base/textwrap.h"
#include "tui/tui_page.h"
#include "base/util.h"

static struct doc_line *newline(struct doc *d)
{
	xgrow(&d->l, &d->cap, d->n + 1, sizeof *d->l);
	struct doc_line *l = &d->l[d->n++];
	memset(l, 0, sizeof *l);
	return l;
}

static void add(struct doc_line *l, enum tui_role role, const char *s, size_t n)
{
	if (n == 0)
		return;
	l->r = xrealloc(l->r, (l->n + 1) * sizeof *l->r);
	l->r[l->n].role = role;
	l->r[l->n].s = xstrndup(s, n);
	l->n++;
}

static void adds(struct doc_line *l, enum tui_role role, const char *s)
{
	add(l, role, s, strlen(s));
}

static void blank(struct doc *d)
{
	if (d->n > 0 && d->l[d->n - 1].n > 0)
		newline(d);
}

void doc_free(struct doc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		for (size_t k = 0; k < d->l[i].n; k++)
			free(d->l[i].r[k].s);
		free(d->l[i].r);
	}
	free(d->l);
	memset(d, 0, sizeof *d);
}

/* ---- {lab:fact} values ---- */

static const char *ref_value(void *ctx, const char *lab, const char *fact)
{
	static char buf[64];
	const struct page_view *pv = ctx;
	const struct verdict *v = pv && pv->lab_verdict
		? pv->lab_verdict(pv->ctx, lab) : NULL;
	if (!v || verdict_fact(v, fact, buf, sizeof buf) < 0)
		return NULL;
	return buf;
}

static enum tui_role span_role(enum lesson_span_kind k, enum tui_role base)
{
	switch (k) {
	case LSPAN_EMPH:
		return R_EMPH;
	case LSPAN_CODE:
		return R_CODE;
	case LSPAN_REF:
		return R_REF;
	default:
		return base;
	}
}

/* Wrap a lesson text: `first` prefixes the first line, `rest` the others
 * (same width, a hanging indent). */
static void wrap(struct doc *d, const struct lesson_text *t0, int width,
                 const char *first, const char *rest, enum tui_role base,
                 enum tui_role prefix_role, const struct page_view *pv)
{
	struct lesson_text *t = lesson_text_fill(t0, ref_value, (void *)pv,
	                                         tui.utf8 ? "…" : "...");
	const struct lesson_text *src = t ? t : t0;
	int pw = tui_width(first);
	int w = width - pw;
	if (w < 8)
		w = 8;
	struct textwrap_line *lines = NULL;
	size_t n = textwrap_wrap(src->text, strlen(src->text), w, &lines);
	if (n == 0) {
		struct doc_line *l = newline(d);
		adds(l, prefix_role, first);
	}
	for (size_t i = 0; i < n; i++) {
		struct doc_line *l = newline(d);
		adds(l, prefix_role, i == 0 ? first : rest);
		size_t a = lines[i].off, b = lines[i].off + lines[i].len;
		if (src->nspans == 0) {
			add(l, base, src->text + a, b - a);
			continue;
		}
		for (size_t k = 0; k < src->nspans; k++) {
			const struct lesson_span *sp = &src->spans[k];
			size_t lo = sp->off > a ? sp->off : a;
			size_t hi = sp->off + sp->len < b ? sp->off + sp->len : b;
			if (lo < hi)
				add(l, span_role(sp->kind, base), src->text + lo, hi - lo);
		}
	}
	free(lines);
	if (t)
		lesson_text_free(t);
}

static void wrap_plain(struct doc *d, const char *s, int width,
                       const char *first, const char *rest, enum tui_role role)
{
	struct lesson_text t;
	struct lesson_span sp;
	memset(&t, 0, sizeof t);
	memset(&sp, 0, sizeof sp);
	sp.kind = LSPAN_PLAIN;
	sp.len = strlen(s);
	t.text = (char *)s;
	t.spans = &sp;
	t.nspans = sp.len ? 1 : 0;
	wrap(d, &t, width, first, rest, role, role, NULL);
}

static void table(struct doc *d, const struct lesson_block *b, int width,
                  const struct page_view *pv)
{
	size_t cols = b->cols, rows = b->rows;
	if (cols == 0 || rows == 0 || cols > 16)
		return;
	int cw[16] = { 0 }, total = 0;
	for (size_t r = 0; r < rows; r++)
		for (size_t c = 0; c < cols; c++) {
			int w = tui_width(b->cells[r * cols + c].text);
			if (w > cw[c])
				cw[c] = w;
		}
	for (size_t c = 0; c < cols; c++)
		total += cw[c] + (c ? 3 : 0);
	const char *sep = tui.utf8 ? " │ " : " | ";
	if (total <= width) {
		for (size_t r = 0; r < rows; r++) {
			struct doc_line *l = newline(d);
			for (size_t c = 0; c < cols; c++) {
				const char *s = b->cells[r * cols + c].text;
				if (c)
					adds(l, R_FRAME, sep);
				adds(l, r == 0 ? R_HEADING : R_NORMAL, s);
				int pad = cw[c] - tui_width(s);
				if (c + 1 < cols)
					for (int k = 0; k < pad; k++)
						adds(l, R_NORMAL, " ");
			}
			if (r == 0) {
				l = newline(d);
				for (int k = 0; k < total; k++)
					adds(l, R_FRAME, tui.utf8 ? "─" : "-");
			}
		}
		return;
	}
	/* Too wide: one block per row, "header: value". */
	for (size_t r = 1; r < rows; r++) {
		for (size_t c = 0; c < cols; c++) {
			char first[128];
			snprintf(first, sizeof first, "%s: ", b->cells[c].text);
			struct lesson_text *cell = &b->cells[r * cols + c];
			struct doc_line *l = newline(d);
			adds(l, R_HEADING, first);
			wrap(d, cell, width, "  ", "  ", R_NORMAL, R_NORMAL, pv);
		}
		blank(d);
	}
}

int page_grade(const struct lesson_question *q, const struct verdict *v,
               char *actual, size_t len)
{
	return lesson_grade(q, v, actual, len);
}

static void question(struct doc *d, const struct lesson_question *q, int ans,
                     int width, const struct page_view *pv)
{
	blank(d);
	wrap(d, &q->prompt, width, "? ", "  ", R_HEADING, R_KEY, pv);
	char actual[64] = "";
	int right = -2; /* not graded */
	if (pv->v)
		right = page_grade(q, pv->v, actual, sizeof actual);
	for (size_t i = 0; i < q->nchoices; i++) {
		char first[32], rest[32];
		const char *mark = " ";
		enum tui_role pr = R_KEY;
		if (right >= -1 && (int)i == right) {
			mark = tui_glyph("✓", "+");
			pr = R_GOOD;
		} else if (right >= -1 && (int)i == ans) {
			mark = tui_glyph("✗", "x");
			pr = R_BAD;
		} else if ((int)i == ans) {
			mark = tui_glyph("▸", ">");
			pr = R_SELECT;
		}
		snprintf(first, sizeof first, "%s %zu) ", mark, i + 1);
		snprintf(rest, sizeof rest, "%*s", tui_width(first), "");
		wrap(d, &q->choices[i].label, width, first, rest,
		     (int)i == ans ? R_EMPH : R_NORMAL, pr, pv);
	}
	if (right == -2) {
		if (ans < 0) {
			char hint[128];
			snprintf(hint, sizeof hint, _("Predict: press 1-%zu, then r to run."),
			         q->nchoices);
			wrap_plain(d, hint, width, "  ", "  ", R_DIM);
		} else {
			wrap_plain(d, _("Now press r to run the lab and see."), width,
			           "  ", "  ", R_DIM);
		}
		return;
	}
	char line[256];
	if (right < 0)
		snprintf(line, sizeof line,
		         _("Your kernel gave %s, which none of the choices foresaw."),
		         actual);
	else if (ans < 0)
		snprintf(line, sizeof line, _("The kernel's answer: %d (%s)."),
		         right + 1, actual);
	else if (ans == right)
		snprintf(line, sizeof line, _("Right: the kernel's answer is %d (%s)."),
		         right + 1, actual);
	else
		snprintf(line, sizeof line,
		         _("Not this time: you said %d, the kernel's answer is %d (%s)."),
		         ans + 1, right + 1, actual);
	wrap_plain(d, line, width, tui_glyph("» ", "> "), "  ",
	           right >= 0 && ans == right ? R_GOOD : R_BAD);
	if (right >= 0 && q->choices[right].explain.text &&
	    q->choices[right].explain.text[0])
		wrap(d, &q->choices[right].explain, width, "  ", "  ", R_NORMAL,
		     R_NORMAL, pv);
	if (q->explain.text && q->explain.text[0])
		wrap(d, &q->explain, width, "  ", "  ", R_NORMAL, R_NORMAL, pv);
}

static void textbook(struct doc *d, const struct lesson_textbook *tb, int width,
                     const struct page_view *pv)
{
	blank(d);
	wrap_plain(d, _("Textbook vs. your kernel"), width, "", "", R_HEADING);
	wrap(d, &tb->claim, width, tui_glyph("“ ", "\" "), "  ", R_NORMAL,
	     R_DIM, pv);
	char line[256], actual[64];
	if (pv->v && lesson_fact_value(pv->v, tb->fact, actual, sizeof actual) == 0) {
		int same = lesson_value_match(tb->value, actual);
		snprintf(line, sizeof line,
		         same ? _("Your kernel: %s = %s, as the textbook says.")
		              : _("Your kernel: %s = %s, not %s as the textbook says."),
		         tb->fact, actual, tb->value);
		wrap_plain(d, line, width, tui_glyph("» ", "> "), "  ",
		           same ? R_GOOD : R_BAD);
	} else {
		wrap_plain(d, _("Your kernel: run the lab to see."), width,
		           tui_glyph("» ", "> "), "  ", R_DIM);
	}
}

void doc_build(struct doc *d, const struct lesson_page *pg, int width,
               const struct page_view *pv)
{
	doc_free(d);
	d->width = width;
	if (pg->title && *pg->title) {
		wrap_plain(d, pg->title, width, "", "", R_HEADING);
		newline(d);
	}
	const char *bullet = tui.utf8 ? "• " : "- ";
	for (size_t i = 0; i < pg->nblocks; i++) {
		const struct lesson_block *b = &pg->blocks[i];
		switch (b->kind) {
		case LB_PARA:
			wrap(d, &b->text, width, "", "", R_NORMAL, R_NORMAL, pv);
			newline(d);
			break;
		case LB_LIST:
			for (size_t k = 0; k < b->nitems; k++)
				wrap(d, &b->items[k], width, bullet, "  ", R_NORMAL,
				     R_KEY, pv);
			newline(d);
			break;
		case LB_TABLE:
			table(d, b, width, pv);
			newline(d);
			break;
		case LB_CODE: {
			const char *p = b->code ? b->code : "";
			while (*p) {
				const char *e = strchr(p, '\n');
				size_t n = e ? (size_t)(e - p) : strlen(p);
				struct doc_line *l = newline(d);
				adds(l, R_NORMAL, "  ");
				int used;
				size_t k = textwrap_cut(p, n, width - 2, &used);
				add(l, R_CODE, p, k);
				p += n + (e ? 1 : 0);
			}
			newline(d);
			break;
		}
		case LB_QUESTION:
			if (b->index < pg->nquestions)
				question(d, &pg->questions[b->index],
				         pv->answer ? pv->answer[b->index] : -1, width, pv);
			newline(d);
			break;
		case LB_TEXTBOOK:
			if (b->index < pg->ntextbooks)
				textbook(d, &pg->textbooks[b->index], width, pv);
			newline(d);
			break;
		}
	}
	/* No trailing blank lines. */
	while (d->n > 0 && d->l[d->n - 1].n == 0) {
		free(d->l[d->n - 1].r);
		d->n--;
	}
}

void doc_draw(const struct doc *d, size_t top, int y, int x, int h, int w)
{
	for (int i = 0; i < h && top + (size_t)i < d->n; i++) {
		const struct doc_line *l = &d->l[top + (size_t)i];
		int xx = x;
		for (size_t k = 0; k < l->n && xx < x + w; k++)
			xx += tui_put(y + i, xx, l->r[k].s, x + w - xx, l->r[k].role);
	}
}
