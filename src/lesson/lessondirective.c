/* SPDX-License-Identifier: MIT */
/*
 * lessondirective.c - the @ directives of a lesson file: pages, labs and
 * their parameters, questions with choices, explanations and the value
 * they teach, textbook blocks.  Called line by line from lessonparse.c.
 */
#include "config.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "base/i18n.h"
#include "lesson/lesson.h"
#include "lesson/lessonparse.h"
#include "base/util.h"

/* ---- directives ---- */

/* Split the next space-separated token off *s (NUL-terminating it). */
static char *token(char **s)
{
	char *t = *s;
	while (*t == ' ')
		t++;
	if (!*t) {
		*s = t;
		return NULL;
	}
	char *e = t;
	while (*e && *e != ' ')
		e++;
	if (*e)
		*e++ = '\0';
	*s = e;
	return t;
}

/* Names of scenarios, labs, parameters and facts. */
static int valid_name(const char *s)
{
	if (!*s || strlen(s) > 63)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("_.-", *s))
			return 0;
	return 1;
}

static char *need_name(struct parser *p, char **s, const char *what)
{
	char *t = token(s);
	if (!t)
		lessonparse_error(p, p->line, _("missing %s"), what);
	else if (!valid_name(t)) {
		lessonparse_error(p, p->line, _("bad %s \"%s\" (letters, digits, _ . - only)"),
				  what, t);
		t = NULL;
	}
	return t;
}

static char *need_value(struct parser *p, char **s, const char *what)
{
	int64_t lo, hi;
	char *t = token(s);
	if (!t)
		lessonparse_error(p, p->line, _("missing %s"), what);
	else if (lesson_value_parse(t, &lo, &hi) < 0) {
		lessonparse_error(p, p->line,
				  _("bad %s \"%s\" (a word, a number, or a range "
				    "like 100..2500 or 1..)"),
				  what, t);
		t = NULL;
	}
	return t;
}

static void no_more(struct parser *p, char **s, const char *usage)
{
	if (token(s))
		lessonparse_error(p, p->line, _("too many words: the form is %s"), usage);
}

static int lab_has(const struct lesson_lab *lab, const char *name)
{
	for (size_t i = 0; i < lab->nparams; i++)
		if (!strcmp(lab->params[i].name, name))
			return 1;
	for (size_t i = 0; i < lab->nsets; i++)
		if (!strcmp(lab->sets[i].name, name))
			return 1;
	return 0;
}

static struct lesson_lab *need_lab(struct parser *p, const char *what)
{
	if (!lessonparse_need_page(p, what))
		return NULL;
	if (!p->page->lab)
		lessonparse_error(p, p->line, _("%s comes after the page's @lab"), what);
	return p->page->lab;
}

static void d_page(struct parser *p, char *s)
{
	struct lesson *l = p->l;
	xgrow(&l->pages, &p->pcap, l->npages + 1, sizeof *l->pages);
	p->page = &l->pages[l->npages++];
	memset(p->page, 0, sizeof *p->page);
	p->page->line = p->line;
	p->bcap = p->qcap = p->tcap = 0;
	p->open_q = p->open_tb = -1;
	lessonparse_open_text(p, TGT_PAGE_TITLE, s);
}

static void d_lab(struct parser *p, char *s)
{
	const char *usage = "@lab SCENARIO [as ID]";
	if (!lessonparse_need_page(p, "@lab"))
		return;
	if (p->page->lab) {
		lessonparse_error(p, p->line, _("a page has at most one @lab (line %d has one)"),
				  p->page->lab->line);
		return;
	}
	char *sc = need_name(p, &s, _("scenario name after @lab"));
	char *id = NULL, *as = token(&s);
	if (as && (strcmp(as, "as") || !(id = need_name(p, &s, _("lab id after `as`"))))) {
		if (strcmp(as, "as"))
			lessonparse_error(p, p->line,
					  _("expected `as ID` after the scenario: the form "
					    "is %s"),
					  usage);
		return;
	}
	no_more(p, &s, usage);
	if (!sc)
		return;
	struct lesson_lab *lab = xcalloc(1, sizeof *lab);
	lab->scenario = xstrdup(sc);
	lab->id = xstrdup(id ? id : sc);
	lab->line = p->line;
	p->page->lab = lab;
}

static void d_param(struct parser *p, char *s)
{
	struct diag err = {0};
	struct lesson_bound *b;
	size_t nb;
	struct lesson_lab *lab = need_lab(p, "@param");
	if (!lab)
		return;
	char *name = need_name(p, &s, _("parameter name after @param"));
	char *bounds = token(&s);
	char *start = token(&s);
	if (!name)
		return;
	if (!bounds || !start) {
		lessonparse_error(p, p->line, _("the form is @param NAME BOUNDS START [label]"));
		return;
	}
	if (lab_has(lab, name)) {
		lessonparse_error(p, p->line, _("parameter %s is already given for this lab"),
				  name);
		return;
	}
	if (lesson_bounds_parse(bounds, &b, &nb, &err) < 0) {
		lessonparse_error(p, p->line, _("%s"), err.msg);
		return;
	}
	lab->params = xrealloc(lab->params, (lab->nparams + 1) * sizeof *lab->params);
	struct lesson_param *pa = &lab->params[lab->nparams++];
	memset(pa, 0, sizeof *pa);
	pa->name = xstrdup(name);
	pa->bounds = xstrdup(bounds);
	pa->b = b;
	pa->nb = nb;
	pa->start = xstrdup(start);
	pa->line = p->line;
	if (!lesson_param_ok(pa, start))
		lessonparse_error(p, p->line, _("start value %s is outside the bounds %s"), start,
				  bounds);
	lessonparse_open_text(p, TGT_LABEL, s);
}

static void d_set(struct parser *p, char *s)
{
	struct lesson_lab *lab = need_lab(p, "@set");
	if (!lab)
		return;
	char *name = need_name(p, &s, _("parameter name after @set"));
	char *value = token(&s);
	if (!name)
		return;
	if (!value) {
		lessonparse_error(p, p->line, _("the form is @set NAME VALUE"));
		return;
	}
	no_more(p, &s, "@set NAME VALUE");
	if (lab_has(lab, name)) {
		lessonparse_error(p, p->line, _("parameter %s is already given for this lab"),
				  name);
		return;
	}
	lab->sets = xrealloc(lab->sets, (lab->nsets + 1) * sizeof *lab->sets);
	lab->sets[lab->nsets].name = xstrdup(name);
	lab->sets[lab->nsets].value = xstrdup(value);
	lab->sets[lab->nsets].line = p->line;
	lab->nsets++;
}

static void d_question(struct parser *p, char *s)
{
	if (!lessonparse_need_page(p, "@question"))
		return;
	char *fact = need_name(p, &s, _("fact name after @question"));
	if (!fact)
		return;
	struct lesson_page *pg = p->page;
	xgrow(&pg->questions, &p->qcap, pg->nquestions + 1, sizeof *pg->questions);
	struct lesson_question *q = &pg->questions[pg->nquestions];
	memset(q, 0, sizeof *q);
	q->fact = xstrdup(fact);
	q->line = p->line;
	lessonparse_text_set(p, &q->prompt, "", p->line);
	lessonparse_text_set(p, &q->explain, "", p->line);
	lessonparse_new_block(p, LB_QUESTION, p->line)->index = pg->nquestions;
	p->tq = pg->nquestions++;
	p->open_q = (long)p->tq;
	p->open_tb = -1;
	lessonparse_open_text(p, TGT_PROMPT, s);
}

static struct lesson_question *open_question(struct parser *p, const char *what)
{
	if (!p->page || p->open_q < 0) {
		lessonparse_error(p, p->line,
				  _("%s belongs to a @question (put it right after "
				    "the question, with no text in between)"),
				  what);
		return NULL;
	}
	return &p->page->questions[p->open_q];
}

static void d_choice(struct parser *p, char *s)
{
	struct lesson_question *q = open_question(p, "@choice");
	if (!q)
		return;
	char *v = need_value(p, &s, _("value after @choice"));
	if (!v)
		return;
	for (size_t i = 0; i < q->nchoices; i++)
		if (!strcmp(q->choices[i].value, v)) {
			lessonparse_error(p, p->line, _("choice %s is already given (line %d)"), v,
					  q->choices[i].line);
			return;
		}
	q->choices = xrealloc(q->choices, (q->nchoices + 1) * sizeof *q->choices);
	struct lesson_choice *c = &q->choices[q->nchoices];
	memset(c, 0, sizeof *c);
	c->value = xstrdup(v);
	c->line = p->line;
	lessonparse_text_set(p, &c->label, "", p->line);
	lessonparse_text_set(p, &c->explain, "", p->line);
	p->tq = (size_t)p->open_q;
	p->tc = q->nchoices++;
	lessonparse_open_text(p, TGT_CHOICE, s);
}

static void d_explain(struct parser *p, char *s)
{
	struct lesson_question *q = open_question(p, "@explain");
	if (!q)
		return;
	char *v = token(&s);
	if (!v) {
		lessonparse_error(p, p->line,
				  _("the form is @explain VALUE text, or @explain * text"));
		return;
	}
	size_t c = (size_t)-1;
	if (strcmp(v, "*")) {
		for (c = 0; c < q->nchoices; c++)
			if (!strcmp(q->choices[c].value, v))
				break;
		if (c == q->nchoices) {
			lessonparse_error(p, p->line, _("@explain %s: no @choice %s above it"), v,
					  v);
			return;
		}
	}
	const struct lesson_text *t = c == (size_t)-1 ? &q->explain : &q->choices[c].explain;
	if (t->text && *t->text) {
		lessonparse_error(p, p->line, _("a second @explain %s"), v);
		return;
	}
	p->tq = (size_t)p->open_q;
	p->tc = c;
	lessonparse_open_text(p, TGT_EXPLAIN, s);
}

static void d_teaches(struct parser *p, char *s)
{
	char *v = need_value(p, &s, _("value after @teaches"));
	if (!v)
		return;
	no_more(p, &s, "@teaches VALUE");
	char **dst;
	if (p->page && p->open_q >= 0)
		dst = &p->page->questions[p->open_q].teaches;
	else if (p->page && p->open_tb >= 0)
		dst = &p->page->textbooks[p->open_tb].teaches;
	else {
		lessonparse_error(p, p->line,
				  _("@teaches belongs right after a @question or a "
				    "@textbook"));
		return;
	}
	if (*dst) {
		lessonparse_error(p, p->line, _("a second @teaches"));
		return;
	}
	*dst = xstrdup(v);
}

static void d_textbook(struct parser *p, char *s)
{
	if (!lessonparse_need_page(p, "@textbook"))
		return;
	char *fact = need_name(p, &s, _("fact name after @textbook"));
	if (!fact)
		return;
	char *v = need_value(p, &s, _("textbook value after the fact"));
	if (!v)
		return;
	struct lesson_page *pg = p->page;
	xgrow(&pg->textbooks, &p->tcap, pg->ntextbooks + 1, sizeof *pg->textbooks);
	struct lesson_textbook *tb = &pg->textbooks[pg->ntextbooks];
	memset(tb, 0, sizeof *tb);
	tb->fact = xstrdup(fact);
	tb->value = xstrdup(v);
	tb->line = p->line;
	lessonparse_text_set(p, &tb->claim, "", p->line);
	lessonparse_new_block(p, LB_TEXTBOOK, p->line)->index = pg->ntextbooks;
	p->tq = pg->ntextbooks++;
	p->open_tb = (long)p->tq;
	p->open_q = -1;
	lessonparse_open_text(p, TGT_CLAIM, s);
}

void lessonparse_directive(struct parser *p, char *s)
{
	static const struct {
		const char *name;
		void (*fn)(struct parser *, char *);
	} table[] = {
	    {"page", d_page},       {"lab", d_lab},           {"param", d_param},
	    {"set", d_set},         {"question", d_question}, {"choice", d_choice},
	    {"explain", d_explain}, {"teaches", d_teaches},   {"textbook", d_textbook},
	};
	char *kw = token(&s);
	if (!kw) {
		lessonparse_error(p, p->line,
				  _("a lone @: write \\@ for a text that starts with @"));
		return;
	}
	if (!strcmp(kw, "title")) {
		if (p->page)
			lessonparse_error(p, p->line, _("@title belongs before the first @page"));
		else if (p->l->title)
			lessonparse_error(p, p->line, _("a second @title"));
		else
			lessonparse_open_text(p, TGT_TITLE, s);
		return;
	}
	for (size_t i = 0; i < ARRAY_LEN(table); i++)
		if (!strcmp(kw, table[i].name)) {
			table[i].fn(p, s);
			return;
		}
	lessonparse_error(p, p->line,
			  _("unknown directive @%s (known: @title @page @lab @param "
			    "@set @question @choice @explain @teaches @textbook)"),
			  kw);
}
