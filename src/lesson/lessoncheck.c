/* SPDX-License-Identifier: MIT */
/*
 * lessoncheck.c - the checks behind `lingerlab lessons --check` (see
 * lessoncheck.h): a lesson against the scenarios and the verdict's facts,
 * and the lessons of a folder against each other across languages.
 */
#include "config.h"
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "base/i18n.h"
#include "lesson/lesson.h"
#include "lesson/lessoncheck.h"
#include "base/util.h"
#include "model/verdict.h"

struct checker {
	lesson_report_fn report;
	void *ctx;
	int n;
};

static void __attribute__((format(printf, 4, 5)))
problem(struct checker *c, const char *path, int line, const char *fmt, ...)
{
	char msg[700], full[1100];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (line > 0)
		snprintf(full, sizeof full, "%s:%d: %s", path, line, msg);
	else
		snprintf(full, sizeof full, "%s: %s", path, msg);
	c->n++;
	if (c->report)
		c->report(c->ctx, full);
}

static int fact_known(const char *name)
{
	for (const char *const *f = verdict_fact_names(); f && *f; f++)
		if (!strcmp(*f, name))
			return 1;
	return 0;
}

/* ---- one lesson ---- */

/* Try a value on the scenario's own bounds, then restore the default. */
static int scenario_accepts(struct scenario *sc, struct param *sp, const char *value,
			    struct diag *d)
{
	char def[PARAM_VALUE_MAX];
	struct diag ignore;
	snprintf(def, sizeof def, "%s", sp->value);
	d->msg[0] = '\0';
	int ok = scenario_set(sc, sp->name, value, d) == 0;
	scenario_set(sc, sp->name, def, &ignore);
	return ok;
}

static void check_param(struct checker *c, const struct lesson *l, const struct lesson_lab *lab,
			struct scenario *sc, const struct lesson_param *p)
{
	struct param *sp = scenario_param(sc, p->name);
	struct diag d;
	char v[32];

	if (!sp) {
		problem(c, l->path, p->line, _("scenario %s has no parameter %s"), lab->scenario,
			p->name);
		return;
	}
	for (size_t i = 0; i < p->nb; i++) {
		const struct lesson_bound *b = &p->b[i];
		if (b->word) {
			if (!scenario_accepts(sc, sp, b->word, &d))
				problem(c, l->path, p->line,
					_("%s=%s is outside the bounds "
					  "of scenario %s (%s)"),
					p->name, b->word, lab->scenario, d.msg);
			continue;
		}
		int64_t ends[2] = {b->min, b->max};
		for (int k = 0; k < 2; k++) {
			snprintf(v, sizeof v, "%" PRId64, ends[k]);
			if (!scenario_accepts(sc, sp, v, &d)) {
				problem(c, l->path, p->line,
					_("bounds %s of %s go beyond "
					  "what scenario %s accepts (%s)"),
					p->bounds, p->name, lab->scenario, d.msg);
				break;
			}
		}
	}
}

static void check_lab(struct checker *c, const struct lesson *l, const struct lesson_lab *lab)
{
	struct diag d = {0};
	char *path = scenario_find(lab->scenario);
	if (!path) {
		problem(c, l->path, lab->line,
			_("unknown scenario \"%s\" (see "
			  "`lingerlab scenarios`)"),
			lab->scenario);
		return;
	}
	struct scenario *sc = scenario_load(path, &d);
	free(path);
	if (!sc) {
		problem(c, l->path, lab->line, _("scenario %s does not load: %s"), lab->scenario,
			d.msg);
		return;
	}
	int before = c->n;
	for (size_t i = 0; i < lab->nparams; i++)
		check_param(c, l, lab, sc, &lab->params[i]);
	for (size_t i = 0; i < lab->nsets; i++) {
		const struct lesson_set *s = &lab->sets[i];
		struct param *sp = scenario_param(sc, s->name);
		if (!sp)
			problem(c, l->path, s->line, _("scenario %s has no parameter %s"),
				lab->scenario, s->name);
		else if (!scenario_accepts(sc, sp, s->value, &d))
			problem(c, l->path, s->line, _("%s=%s: %s"), s->name, s->value, d.msg);
	}
	/* a start value outside the lesson's bounds was reported by the parser */
	for (size_t i = 0; i < lab->nparams; i++)
		if (!lesson_param_ok(&lab->params[i], lab->params[i].start))
			before = -1;
	if (c->n == before) {
		if (lesson_lab_apply(lab, sc, NULL, &d) < 0 || scenario_resolve(sc, &d) < 0)
			problem(c, l->path, lab->line,
				_("lab %s does not run with its "
				  "start values: %s"),
				lab->id, d.msg);
	}
	scenario_free(sc);
}

static void check_value(struct checker *c, const struct lesson *l, int line, const char *fact,
			const char *value, const char *what)
{
	if (!lesson_value_possible(fact, value))
		problem(c, l->path, line, _("%s %s can never be a value of fact %s"), what, value,
			fact);
}

static void check_refs(struct checker *c, const struct lesson *l, const struct lesson_text *t)
{
	for (size_t i = 0; i < t->nspans; i++) {
		const struct lesson_span *sp = &t->spans[i];
		if (sp->kind != LSPAN_REF)
			continue;
		if (!lesson_find_lab(l, sp->lab))
			problem(c, l->path, t->line,
				_("{%s:%s}: this lesson has no lab "
				  "%s"),
				sp->lab, sp->fact, sp->lab);
		if (!fact_known(sp->fact))
			problem(c, l->path, t->line, _("{%s:%s}: unknown fact %s"), sp->lab,
				sp->fact, sp->fact);
	}
}

/* Every formatted text of a page, in order. */
typedef void (*text_fn)(struct checker *c, const struct lesson *l, const struct lesson_text *t);

static void each_text(struct checker *c, const struct lesson *l, const struct lesson_page *pg,
		      text_fn fn)
{
	for (size_t b = 0; b < pg->nblocks; b++) {
		const struct lesson_block *bl = &pg->blocks[b];
		if (bl->kind == LB_PARA)
			fn(c, l, &bl->text);
		for (size_t i = 0; i < bl->nitems; i++)
			fn(c, l, &bl->items[i]);
		for (size_t i = 0; i < bl->rows * bl->cols; i++)
			fn(c, l, &bl->cells[i]);
	}
	for (size_t q = 0; q < pg->nquestions; q++) {
		const struct lesson_question *qu = &pg->questions[q];
		fn(c, l, &qu->prompt);
		fn(c, l, &qu->explain);
		for (size_t i = 0; i < qu->nchoices; i++) {
			fn(c, l, &qu->choices[i].label);
			fn(c, l, &qu->choices[i].explain);
		}
	}
	for (size_t i = 0; i < pg->ntextbooks; i++)
		fn(c, l, &pg->textbooks[i].claim);
}

int lessoncheck_lesson(const struct lesson *l, lesson_report_fn report, void *ctx)
{
	struct checker c = {report, ctx, 0};
	for (size_t p = 0; p < l->npages; p++) {
		const struct lesson_page *pg = &l->pages[p];
		if (pg->lab) {
			for (size_t k = 0; k < p; k++)
				if (l->pages[k].lab && !strcmp(l->pages[k].lab->id, pg->lab->id))
					problem(&c, l->path, pg->lab->line,
						_("lab id %s is "
						  "already used on line %d: add `as ID`"),
						pg->lab->id, l->pages[k].lab->line);
			check_lab(&c, l, pg->lab);
		}
		for (size_t i = 0; i < pg->nquestions; i++) {
			const struct lesson_question *q = &pg->questions[i];
			if (!fact_known(q->fact)) {
				problem(&c, l->path, q->line,
					_("unknown fact \"%s\" (the "
					  "facts are listed in lessons/README)"),
					q->fact);
				continue;
			}
			for (size_t k = 0; k < q->nchoices; k++)
				check_value(&c, l, q->choices[k].line, q->fact, q->choices[k].value,
					    _("choice"));
		}
		for (size_t i = 0; i < pg->ntextbooks; i++) {
			const struct lesson_textbook *tb = &pg->textbooks[i];
			if (!fact_known(tb->fact)) {
				problem(&c, l->path, tb->line,
					_("unknown fact \"%s\" (the "
					  "facts are listed in lessons/README)"),
					tb->fact);
				continue;
			}
			check_value(&c, l, tb->line, tb->fact, tb->value, _("textbook value"));
			if (tb->teaches)
				check_value(&c, l, tb->line, tb->fact, tb->teaches,
					    _("@teaches value"));
		}
		each_text(&c, l, pg, check_refs);
	}
	return c.n;
}

/* ---- structure across languages ---- */

/* A canonical description of what must not change in a translation. */
static void sig_add(char **s, size_t *len, size_t *cap, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void sig_add(char **s, size_t *len, size_t *cap, const char *fmt, ...)
{
	va_list ap;
	char tmp[512];
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof tmp)
		n = sizeof tmp - 1;
	xgrow(s, cap, *len + (size_t)n + 1, 1);
	memcpy(*s + *len, tmp, (size_t)n + 1);
	*len += (size_t)n;
}

struct sig {
	char *s;
	size_t len, cap;
};

static struct sig *cur_sig;

static void sig_refs(struct checker *c, const struct lesson *l, const struct lesson_text *t)
{
	(void)c;
	(void)l;
	for (size_t i = 0; i < t->nspans; i++)
		if (t->spans[i].kind == LSPAN_REF)
			sig_add(&cur_sig->s, &cur_sig->len, &cur_sig->cap, " {%s:%s}",
				t->spans[i].lab, t->spans[i].fact);
}

static char *lab_sig(const struct lesson_lab *lab)
{
	struct sig g = {0};
	sig_add(&g.s, &g.len, &g.cap, "%s", "");
	if (!lab)
		return g.s;
	sig_add(&g.s, &g.len, &g.cap, "@lab %s as %s;", lab->scenario, lab->id);
	for (size_t i = 0; i < lab->nparams; i++)
		sig_add(&g.s, &g.len, &g.cap, " @param %s %s %s;", lab->params[i].name,
			lab->params[i].bounds, lab->params[i].start);
	for (size_t i = 0; i < lab->nsets; i++)
		sig_add(&g.s, &g.len, &g.cap, " @set %s %s;", lab->sets[i].name,
			lab->sets[i].value);
	return g.s;
}

static char *question_sig(const struct lesson_question *q)
{
	struct sig g = {0};
	sig_add(&g.s, &g.len, &g.cap, "@question %s:", q->fact);
	for (size_t i = 0; i < q->nchoices; i++)
		sig_add(&g.s, &g.len, &g.cap, " %s%s", q->choices[i].value,
			*q->choices[i].explain.text ? "(explained)" : "");
	sig_add(&g.s, &g.len, &g.cap, "; teaches %s%s", q->teaches ? q->teaches : "-",
		*q->explain.text ? "; explain *" : "");
	return g.s;
}

static char *textbook_sig(const struct lesson_textbook *tb)
{
	struct sig g = {0};
	sig_add(&g.s, &g.len, &g.cap, "@textbook %s %s; teaches %s", tb->fact, tb->value,
		tb->teaches ? tb->teaches : "-");
	return g.s;
}

static char *refs_sig(const struct lesson *l, const struct lesson_page *pg)
{
	struct sig g = {0};
	sig_add(&g.s, &g.len, &g.cap, "%s", "");
	cur_sig = &g;
	each_text(NULL, l, pg, sig_refs);
	cur_sig = NULL;
	return g.s;
}

/* Compare two descriptions; report and free them. */
static void compare(struct checker *c, const struct lesson *ref, const struct lesson *o, int line,
		    size_t page, const char *what, char *a, char *b)
{
	if (strcmp(a, b))
		problem(c, o->path, line,
			_("page %zu: %s differs from %s: has "
			  "\"%s\", %s:%d has \"%s\""),
			page + 1, what, ref->lang ? ref->lang : ref->path, b, ref->path,
			ref->pages[page].line, a);
	free(a);
	free(b);
}

int lessoncheck_structure(const struct lesson *ref, const struct lesson *o, lesson_report_fn report,
			  void *ctx)
{
	struct checker c = {report, ctx, 0};
	const char *rl = ref->lang ? ref->lang : ref->path;
	if (ref->npages != o->npages)
		problem(&c, o->path, 1, _("has %zu pages, the %s lesson has %zu"), o->npages, rl,
			ref->npages);
	size_t n = ref->npages < o->npages ? ref->npages : o->npages;
	for (size_t p = 0; p < n; p++) {
		const struct lesson_page *a = &ref->pages[p], *b = &o->pages[p];
		int line = b->line;
		compare(&c, ref, o, b->lab ? b->lab->line : line, p, "the lab", lab_sig(a->lab),
			lab_sig(b->lab));
		if (a->nquestions != b->nquestions)
			problem(&c, o->path, line,
				_("page %zu has %zu questions, the %s "
				  "page has %zu"),
				p + 1, b->nquestions, rl, a->nquestions);
		for (size_t i = 0; i < a->nquestions && i < b->nquestions; i++)
			compare(&c, ref, o, b->questions[i].line, p, "a question",
				question_sig(&a->questions[i]), question_sig(&b->questions[i]));
		if (a->ntextbooks != b->ntextbooks)
			problem(&c, o->path, line,
				_("page %zu has %zu textbook blocks, "
				  "the %s page has %zu"),
				p + 1, b->ntextbooks, rl, a->ntextbooks);
		for (size_t i = 0; i < a->ntextbooks && i < b->ntextbooks; i++)
			compare(&c, ref, o, b->textbooks[i].line, p, "a textbook block",
				textbook_sig(&a->textbooks[i]), textbook_sig(&b->textbooks[i]));
		compare(&c, ref, o, line, p, "the {lab:fact} references", refs_sig(ref, a),
			refs_sig(o, b));
	}
	return c.n;
}

/* ---- a folder ---- */

struct file {
	char *name, *path, id[128];
	int number, lang;
	struct lesson *l;
};

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct file *)a)->name, ((const struct file *)b)->name);
}

static void count_report(void *ctx, const char *msg)
{
	struct checker *c = ctx;
	c->n++;
	if (c->report)
		c->report(c->ctx, msg);
}

static size_t read_dir(struct checker *c, const char *dir, struct file **out)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct file *f = NULL;
	size_t n = 0, cap = 0;
	if (!d) {
		problem(c, dir, 0, _("cannot read this folder"));
		*out = NULL;
		return 0;
	}
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (len < 7 || strcmp(de->d_name + len - 7, ".lesson"))
			continue;
		xgrow(&f, &cap, n + 1, sizeof *f);
		memset(&f[n], 0, sizeof *f);
		f[n].name = xstrdup(de->d_name);
		f[n].path = xmalloc(strlen(dir) + len + 2);
		sprintf(f[n].path, "%s/%s", dir, de->d_name);
		f[n].lang = -1;
		n++;
	}
	closedir(d);
	if (n)
		qsort(f, n, sizeof *f, by_name);
	*out = f;
	return n;
}

static void load_files(struct checker *c, struct file *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char lang[16];
		size_t len;
		if (lesson_name_parse(f[i].name, &f[i].number, f[i].id, sizeof f[i].id, lang,
				      sizeof lang) < 0) {
			problem(c, f[i].path, 0,
				_("the name must be NN-slug.LANG.lesson "
				  "(NN a number, slug in a-z 0-9 -, LANG en, zh_CN or fr)"));
			continue;
		}
		f[i].lang = lang_parse(lang);
		char *text = read_file(f[i].path, 1024 * 1024, &len);
		if (!text) {
			problem(c, f[i].path, 0, _("cannot read: %s"), file_error(errno));
			continue;
		}
		f[i].l = lesson_parse_ex(text, len, f[i].path, count_report, c, NULL);
		free(text);
		c->n += lessoncheck_lesson(f[i].l, c->report, c->ctx);
	}
}

static struct file *find_file(struct file *f, size_t n, const char *id, int lang)
{
	for (size_t i = 0; i < n; i++)
		if (f[i].l && f[i].lang == lang && !strcmp(f[i].id, id))
			return &f[i];
	return NULL;
}

static void check_languages(struct checker *c, const char *dir, int flags, struct file *f, size_t n)
{
	int used[LANG_COUNT] = {0};
	for (size_t i = 0; i < n; i++) {
		if (!f[i].l)
			continue;
		used[f[i].lang] = 1;
		for (size_t k = 0; k < i; k++)
			if (f[k].l && f[k].number == f[i].number && strcmp(f[k].id, f[i].id)) {
				problem(c, f[i].path, 0,
					_("lesson number %d is also used by "
					  "%s"),
					f[i].number, f[k].name);
				break;
			}
	}
	for (size_t i = 0; i < n; i++) {
		if (!f[i].l)
			continue;
		/* first file of this id: compare every language with it */
		int seen = 0;
		for (size_t k = 0; k < i; k++)
			if (f[k].l && !strcmp(f[k].id, f[i].id))
				seen = 1;
		if (seen)
			continue;
		struct file *ref = find_file(f, n, f[i].id, LANG_EN);
		if (!ref)
			ref = &f[i];
		for (int lg = 0; lg < LANG_COUNT; lg++) {
			struct file *o = find_file(f, n, f[i].id, lg);
			if (!o) {
				char miss[1200];
				snprintf(miss, sizeof miss, "%s/%s.%s.lesson", dir, f[i].id,
					 lang_code(lg));
				if (used[lg] || (flags & LESSONCHECK_COMPLETE))
					problem(c, miss, 0,
						_("missing: lesson %s exists in %s "
						  "but has no %s translation"),
						f[i].id, lang_code(ref->lang), lang_code(lg));
				continue;
			}
			if (o != ref)
				c->n += lessoncheck_structure(ref->l, o->l, c->report, c->ctx);
		}
	}
}

int lessoncheck_dir(const char *dir, int flags, lesson_report_fn report, void *ctx, int *nfiles)
{
	struct checker c = {report, ctx, 0};
	struct file *f;
	char *d = xstrdup(dir);
	for (size_t l = strlen(d); l > 1 && d[l - 1] == '/'; l--)
		d[l - 1] = '\0';
	size_t n = read_dir(&c, d, &f);
	load_files(&c, f, n);
	check_languages(&c, d, flags, f, n);
	free(d);
	for (size_t i = 0; i < n; i++) {
		lesson_free(f[i].l);
		free(f[i].name);
		free(f[i].path);
	}
	free(f);
	if (nfiles)
		*nfiles = (int)n;
	return c.n;
}
