/* SPDX-License-Identifier: MIT */
/*
 * page.c - lay a lesson page out as styled lines (page.h).
 *
 * Wrapping is by display width through textwrap.h, which knows where
 * Chinese may break and where French keeps its no-break spaces; styles
 * are carried by byte ranges (lesson spans) cut at the wrapped lines.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/i18n.h"
#include "base/textwrap.h"
#include "base/util.h"
#include "lesson/page.h"

#define GLYPH(pv, u, a) ((pv)->utf8 ? (u) : (a))

static struct page_line *newline(struct page_doc *d)
{
	xgrow(&d->l, &d->cap, d->n + 1, sizeof *d->l);
	struct page_line *l = &d->l[d->n++];
	memset(l, 0, sizeof *l);
	return l;
}

static void add(struct page_line *l, enum page_role role, const char *s, size_t n)
{
	if (n == 0)
		return;
	l->r = xrealloc(l->r, (l->n + 1) * sizeof *l->r);
	l->r[l->n].role = role;
	l->r[l->n].s = xstrndup(s, n);
	l->n++;
}

static void adds(struct page_line *l, enum page_role role, const char *s)
{
	add(l, role, s, strlen(s));
}

static void spaces(struct page_line *l, int n)
{
	static const char sp[] = "                                ";
	while (n > 0) {
		int k = n < (int)sizeof sp - 1 ? n : (int)sizeof sp - 1;
		add(l, PR_NORMAL, sp, (size_t)k);
		n -= k;
	}
}

static void blank(struct page_doc *d)
{
	if (d->n > 0 && d->l[d->n - 1].n > 0)
		newline(d);
}

void page_doc_free(struct page_doc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		for (size_t k = 0; k < d->l[i].n; k++)
			free(d->l[i].r[k].s);
		free(d->l[i].r);
	}
	free(d->l);
	memset(d, 0, sizeof *d);
}

void page_print(FILE *f, const struct page_doc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		for (size_t k = 0; k < d->l[i].n; k++)
			fputs(d->l[i].r[k].s, f);
		fputc('\n', f);
	}
}

/* ---- {lab:fact} values ---- */

static const char *ref_value(void *ctx, const char *lab, const char *fact)
{
	static char buf[64];
	const struct page_view *pv = ctx;
	const struct verdict *v = pv && pv->lab_verdict ? pv->lab_verdict(pv->ctx, lab) : NULL;
	if (!v || verdict_fact_text(v, fact, buf, sizeof buf) < 0)
		return NULL;
	return buf;
}

static struct lesson_text *fill(const struct lesson_text *t, const struct page_view *pv)
{
	return lesson_text_fill(t, ref_value, (void *)pv,
				pv && pv->interactive ? GLYPH(pv, "…", "...") : "?");
}

static enum page_role span_role(enum lesson_span_kind k, enum page_role base)
{
	switch (k) {
	case LSPAN_EMPH:
		return PR_EMPH;
	case LSPAN_CODE:
		return PR_CODE;
	case LSPAN_REF:
		return PR_REF;
	default:
		return base;
	}
}

/* Bytes [a, b) of a filled text, styled by its spans. */
static void add_styled(struct page_line *l, const struct lesson_text *t, size_t a, size_t b,
		       enum page_role base)
{
	if (t->nspans == 0) {
		add(l, base, t->text + a, b - a);
		return;
	}
	for (size_t k = 0; k < t->nspans; k++) {
		const struct lesson_span *sp = &t->spans[k];
		size_t lo = sp->off > a ? sp->off : a;
		size_t hi = sp->off + sp->len < b ? sp->off + sp->len : b;
		if (lo < hi)
			add(l, span_role(sp->kind, base), t->text + lo, hi - lo);
	}
}

/* Wrap an already filled text: `first` prefixes the first line, `rest`
 * the others (a hanging indent). */
static void wrap_filled(struct page_doc *d, const struct lesson_text *t, int width,
			const char *first, const char *rest, enum page_role base,
			enum page_role prefix_role)
{
	int w1 = textwrap_swidth(first), w2 = textwrap_swidth(rest);
	int w = width - (w1 > w2 ? w1 : w2);
	if (w < 8)
		w = 8;
	/* code spans are never broken across lines */
	struct textwrap_keep *keep = xcalloc(t->nspans + 1, sizeof *keep);
	size_t nkeep = 0;
	for (size_t k = 0; k < t->nspans; k++)
		if (t->spans[k].kind == LSPAN_CODE) {
			keep[nkeep].off = t->spans[k].off;
			keep[nkeep++].len = t->spans[k].len;
		}
	struct textwrap_line *lines = NULL;
	size_t n = textwrap_wrap_keep(t->text, strlen(t->text), w, keep, nkeep, &lines);
	free(keep);
	if (n == 0)
		adds(newline(d), prefix_role, first);
	for (size_t i = 0; i < n; i++) {
		struct page_line *l = newline(d);
		adds(l, prefix_role, i == 0 ? first : rest);
		add_styled(l, t, lines[i].off, lines[i].off + lines[i].len, base);
	}
	free(lines);
}

static void wrap(struct page_doc *d, const struct lesson_text *t0, int width, const char *first,
		 const char *rest, enum page_role base, enum page_role prefix_role,
		 const struct page_view *pv)
{
	struct lesson_text *t = fill(t0, pv);
	wrap_filled(d, t ? t : t0, width, first, rest, base, prefix_role);
	if (t)
		lesson_text_free(t);
}

static void wrap_plain(struct page_doc *d, const char *s, int width, const char *first,
		       const char *rest, enum page_role role)
{
	struct lesson_text t;
	memset(&t, 0, sizeof t);
	t.text = (char *)s;
	wrap_filled(d, &t, width, first, rest, role, role);
}

/* ---- tables ---- */

/* Column widths for a grid in `width` columns, or 0 when even the
 * narrowest grid does not fit. */
static int grid_widths(struct lesson_text **cell, size_t rows, size_t cols, int width, int *cw)
{
	int *min = xcalloc(cols, sizeof *min);
	int total = 3 * (int)(cols - 1), least = total;
	for (size_t c = 0; c < cols; c++) {
		cw[c] = 1;
		for (size_t r = 0; r < rows; r++) {
			const char *s = cell[r * cols + c]->text;
			int w = textwrap_swidth(s), ww = textwrap_min_width(s, strlen(s));
			if (w > cw[c])
				cw[c] = w;
			if (ww > min[c])
				min[c] = ww;
		}
		if (min[c] < PAGE_MIN_CELL)
			min[c] = PAGE_MIN_CELL;
		if (min[c] > cw[c])
			min[c] = cw[c];
		total += cw[c];
		least += min[c];
	}
	int fits = least <= width;
	while (fits && total > width) {
		/* narrow the widest column that can still give a column */
		size_t wide = cols;
		for (size_t c = 0; c < cols; c++)
			if (cw[c] > min[c] && (wide == cols || cw[c] > cw[wide]))
				wide = c;
		cw[wide]--;
		total--;
	}
	free(min);
	return fits;
}

static void grid(struct page_doc *d, struct lesson_text **cell, size_t rows, size_t cols,
		 const int *cw, const struct page_view *pv)
{
	const char *sep = GLYPH(pv, " │ ", " | ");
	struct textwrap_line **ln = xcalloc(cols, sizeof *ln);
	size_t *nl = xcalloc(cols, sizeof *nl);
	for (size_t r = 0; r < rows; r++) {
		size_t most = 1;
		for (size_t c = 0; c < cols; c++) {
			const char *s = cell[r * cols + c]->text;
			nl[c] = textwrap_wrap(s, strlen(s), cw[c], &ln[c]);
			if (nl[c] > most)
				most = nl[c];
		}
		for (size_t k = 0; k < most; k++) {
			struct page_line *l = newline(d);
			for (size_t c = 0; c < cols; c++) {
				int used = 0;
				if (c)
					adds(l, PR_FRAME, sep);
				if (k < nl[c]) {
					add_styled(l, cell[r * cols + c], ln[c][k].off,
						   ln[c][k].off + ln[c][k].len,
						   r == 0 ? PR_HEADING : PR_NORMAL);
					used = ln[c][k].width;
				}
				if (c + 1 < cols)
					spaces(l, cw[c] - used);
			}
		}
		for (size_t c = 0; c < cols; c++)
			free(ln[c]);
		if (r == 0) {
			struct page_line *l = newline(d);
			for (size_t c = 0; c < cols; c++) {
				if (c)
					adds(l, PR_FRAME, GLYPH(pv, "─┼─", "-+-"));
				for (int i = 0; i < cw[c]; i++)
					adds(l, PR_FRAME, GLYPH(pv, "─", "-"));
			}
		}
	}
	free(ln);
	free(nl);
}

static void table(struct page_doc *d, const struct lesson_block *b, int width,
		  const struct page_view *pv)
{
	size_t cols = b->cols, rows = b->rows;
	if (cols == 0 || rows == 0)
		return;
	struct lesson_text **cell = xcalloc(rows * cols, sizeof *cell);
	for (size_t i = 0; i < rows * cols; i++)
		cell[i] = fill(&b->cells[i], pv);
	int *cw = xcalloc(cols, sizeof *cw);
	if (grid_widths(cell, rows, cols, width, cw)) {
		grid(d, cell, rows, cols, cw, pv);
	} else {
		/* Too narrow for a grid: one block per row, "header: value". */
		for (size_t r = 1; r < rows; r++) {
			for (size_t c = 0; c < cols; c++) {
				char first[256];
				snprintf(first, sizeof first, _("%s: "), cell[c]->text);
				wrap_plain(d, first, width, "", "", PR_HEADING);
				wrap_filled(d, cell[r * cols + c], width, "  ", "  ", PR_NORMAL,
					    PR_NORMAL);
			}
			blank(d);
		}
	}
	for (size_t i = 0; i < rows * cols; i++)
		lesson_text_free(cell[i]);
	free(cell);
	free(cw);
}

/* ---- labs, questions, textbook blocks ---- */

/* The printed lesson says how to run the page's lab from a shell. */
static void lab(struct page_doc *d, const struct lesson_lab *lb, int width)
{
	char cmd[2048];
	int n = snprintf(cmd, sizeof cmd, "lingerlab run %s", lb->scenario);
	for (size_t i = 0; i < lb->nsets && n < (int)sizeof cmd; i++)
		n += snprintf(cmd + n, sizeof cmd - (size_t)n, " --set %s=%s", lb->sets[i].name,
			      lb->sets[i].value);
	for (size_t i = 0; i < lb->nparams && n < (int)sizeof cmd; i++)
		n += snprintf(cmd + n, sizeof cmd - (size_t)n, " --set %s=%s", lb->params[i].name,
			      lb->params[i].start);
	char head[64];
	snprintf(head, sizeof head, "[%s] ", _("Lab"));
	blank(d);
	wrap_plain(d, cmd, width, head, "      ", PR_CODE);
	for (size_t i = 0; i < lb->nparams; i++) {
		const struct lesson_param *p = &lb->params[i];
		char line[1024];
		snprintf(line, sizeof line, _("you may change %s: %s (starts at %s)%s%s"), p->name,
			 p->bounds, p->start, p->label ? " - " : "", p->label ? p->label : "");
		wrap_plain(d, line, width, "      ", "        ", PR_DIM);
	}
	newline(d);
}

static void grade_line(struct page_doc *d, const struct lesson_question *q, int ans, int right,
		       const char *actual, int width, const struct page_view *pv)
{
	char line[256];
	if (right < 0)
		snprintf(line, sizeof line,
			 _("Your kernel gave %s, which none of the choices foresaw."), actual);
	else if (ans < 0)
		snprintf(line, sizeof line, _("The kernel's answer: %d (%s)."), right + 1, actual);
	else if (ans == right)
		snprintf(line, sizeof line, _("Right: the kernel's answer is %d (%s)."), right + 1,
			 actual);
	else
		snprintf(line, sizeof line,
			 _("Not this time: you said %d, the kernel's answer is %d (%s)."), ans + 1,
			 right + 1, actual);
	wrap_plain(d, line, width, GLYPH(pv, "» ", "> "), "  ",
		   right >= 0 && ans == right ? PR_GOOD : PR_BAD);
	if (right >= 0 && q->choices[right].explain.text && q->choices[right].explain.text[0])
		wrap(d, &q->choices[right].explain, width, "  ", "  ", PR_NORMAL, PR_NORMAL, pv);
	if (q->explain.text && q->explain.text[0])
		wrap(d, &q->explain, width, "  ", "  ", PR_NORMAL, PR_NORMAL, pv);
}

static void question(struct page_doc *d, const struct lesson_question *q, int ans, int width,
		     const struct page_view *pv)
{
	blank(d);
	wrap(d, &q->prompt, width, "? ", "  ", PR_HEADING, PR_KEY, pv);
	char actual[64] = "";
	int right = -2; /* not graded */
	if (pv->v)
		right = lesson_grade(q, pv->v, actual, sizeof actual);
	for (size_t i = 0; i < q->nchoices; i++) {
		char first[32], rest[32];
		const char *mark = " ";
		enum page_role pr = PR_KEY;
		if (right >= -1 && (int)i == right) {
			mark = GLYPH(pv, "✓", "+");
			pr = PR_GOOD;
		} else if (right >= -1 && (int)i == ans) {
			mark = GLYPH(pv, "✗", "x");
			pr = PR_BAD;
		} else if ((int)i == ans) {
			mark = GLYPH(pv, "▸", ">");
			pr = PR_SELECT;
		}
		snprintf(first, sizeof first, "%s %zu) ", mark, i + 1);
		snprintf(rest, sizeof rest, "%*s", textwrap_swidth(first), "");
		wrap(d, &q->choices[i].label, width, first, rest,
		     (int)i == ans ? PR_EMPH : PR_NORMAL, pr, pv);
	}
	if (right != -2) {
		grade_line(d, q, ans, right, actual, width, pv);
		return;
	}
	char hint[128];
	if (!pv->interactive)
		snprintf(hint, sizeof hint, "%s", _("(graded from the live run)"));
	else if (pv->replaying)
		snprintf(hint, sizeof hint, "%s",
			 _("The grade shows when the replay reaches the end (End jumps there)."));
	else if (ans < 0)
		snprintf(hint, sizeof hint, _("Predict: press 1-%zu, then r to run."), q->nchoices);
	else
		snprintf(hint, sizeof hint, "%s", _("Now press r to run the lab and see."));
	wrap_plain(d, hint, width, "  ", "  ", PR_DIM);
}

static void textbook(struct page_doc *d, const struct lesson_textbook *tb, int width,
		     const struct page_view *pv)
{
	blank(d);
	wrap_plain(d, _("Textbook vs. your kernel"), width, "", "", PR_HEADING);
	wrap(d, &tb->claim, width, GLYPH(pv, "“ ", "\" "), "  ", PR_NORMAL, PR_DIM, pv);
	char line[256], actual[64], shown[64];
	if (pv->v && lesson_fact_value(pv->v, tb->fact, actual, sizeof actual) == 0 &&
	    verdict_fact_text(pv->v, tb->fact, shown, sizeof shown) == 0) {
		/* the fact's name and machine values are the lesson's internals:
		 * the student reads a sentence and a translated value */
		int same = lesson_value_match(tb->value, actual);
		snprintf(line, sizeof line,
			 same ? _("Your kernel agrees with the textbook: %s.")
			      : _("Your kernel does not agree: it gave %s."),
			 shown);
		wrap_plain(d, line, width, GLYPH(pv, "» ", "> "), "  ", same ? PR_GOOD : PR_BAD);
	} else {
		wrap_plain(d, _("Your kernel: run the lab to see."), width, GLYPH(pv, "» ", "> "),
			   "  ", PR_DIM);
	}
}

static void code(struct page_doc *d, const char *p, int width)
{
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		/* code keeps its lines: a long one continues on the next line */
		do {
			struct page_line *l = newline(d);
			adds(l, PR_NORMAL, "  ");
			size_t k = textwrap_cut(p, n, width - 2, NULL);
			if (k == 0)
				k = n;
			add(l, PR_CODE, p, k);
			p += k;
			n -= k;
		} while (n > 0);
		p += e ? 1 : 0;
	}
}

void page_build(struct page_doc *d, const struct lesson_page *pg, int width,
		const struct page_view *pv)
{
	page_doc_free(d);
	if (width < 16)
		width = 16;
	d->width = width;
	if (pg->title && *pg->title) {
		wrap_plain(d, pg->title, width, "", "", PR_HEADING);
		newline(d);
	}
	const char *bullet = GLYPH(pv, "• ", "- ");
	int lab_shown = pv->interactive || !pg->lab;
	for (size_t i = 0; i < pg->nblocks; i++) {
		const struct lesson_block *b = &pg->blocks[i];
		/* the printed lab goes before the first question: it is what
		 * the questions ask about */
		if (!lab_shown && (b->kind == LB_QUESTION || b->kind == LB_TEXTBOOK)) {
			lab(d, pg->lab, width);
			lab_shown = 1;
		}
		switch (b->kind) {
		case LB_PARA:
			wrap(d, &b->text, width, "", "", PR_NORMAL, PR_NORMAL, pv);
			break;
		case LB_LIST:
			for (size_t k = 0; k < b->nitems; k++)
				wrap(d, &b->items[k], width, bullet, "  ", PR_NORMAL, PR_KEY, pv);
			break;
		case LB_TABLE:
			table(d, b, width, pv);
			break;
		case LB_CODE:
			code(d, b->code ? b->code : "", width);
			break;
		case LB_QUESTION:
			if (b->index < pg->nquestions)
				question(d, &pg->questions[b->index],
					 pv->answer ? pv->answer[b->index] : -1, width, pv);
			break;
		case LB_TEXTBOOK:
			if (b->index < pg->ntextbooks)
				textbook(d, &pg->textbooks[b->index], width, pv);
			break;
		}
		newline(d);
	}
	if (!lab_shown)
		lab(d, pg->lab, width);
	/* No trailing blank lines. */
	while (d->n > 0 && d->l[d->n - 1].n == 0) {
		free(d->l[d->n - 1].r);
		d->n--;
	}
}
