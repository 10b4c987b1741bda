/* SPDX-License-Identifier: MIT */
/*
 * lessontext.c - the small languages inside a lesson: inline markup
 * (`code`, *emphasis*, {lab:fact}), value patterns (words and ranges),
 * parameter bounds, and grading a question against a run's verdict.
 */
#include "config.h"
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/i18n.h"
#include "lesson/lesson.h"
#include "base/util.h"
#include "model/verdict.h"

/* ---- inline markup ---- */

struct tbuild {
	char *s;
	size_t n, cap;
	struct lesson_span *sp;
	size_t nsp, spcap;
};

static void tb_add(struct tbuild *b, enum lesson_span_kind k, const char *s, size_t n,
		   const char *lab, const char *fact)
{
	if (!n && k != LSPAN_REF)
		return;
	xgrow(&b->s, &b->cap, b->n + n + 1, 1);
	memcpy(b->s + b->n, s, n);
	/* plain text continues the previous plain span */
	if (k == LSPAN_PLAIN && b->nsp && b->sp[b->nsp - 1].kind == LSPAN_PLAIN &&
	    b->sp[b->nsp - 1].off + b->sp[b->nsp - 1].len == b->n) {
		b->sp[b->nsp - 1].len += n;
	} else {
		xgrow(&b->sp, &b->spcap, b->nsp + 1, sizeof *b->sp);
		struct lesson_span *p = &b->sp[b->nsp++];
		p->kind = k;
		p->off = b->n;
		p->len = n;
		p->lab = lab ? xstrdup(lab) : NULL;
		p->fact = fact ? xstrdup(fact) : NULL;
	}
	b->n += n;
	b->s[b->n] = '\0';
}

static void tb_done(struct tbuild *b, struct lesson_text *t, int line)
{
	if (!b->s)
		b->s = xstrdup("");
	t->text = b->s;
	t->spans = b->sp;
	t->nspans = b->nsp;
	t->line = line;
}

/* {lab:fact} at s?  Returns its length, or 0. */
static size_t ref_at(const char *s, size_t *colon)
{
	size_t i = 1;
	if (s[0] != '{')
		return 0;
	while (islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '_' ||
	       s[i] == '-')
		i++;
	if (i == 1 || s[i] != ':')
		return 0;
	*colon = i++;
	size_t f = i;
	while (islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '_' ||
	       s[i] == '.')
		i++;
	if (i == f || s[i] != '}')
		return 0;
	return i + 1;
}

/* Where *emphasis* opened at s[0] closes, or NULL. */
static const char *emph_end(const char *s)
{
	if (!s[1] || s[1] == ' ' || s[1] == '*')
		return NULL;
	for (const char *e = s + 2; *e; e++) {
		if (*e == '\\' && e[1]) {
			e++;
			continue;
		}
		if (*e == '*' && e[-1] != ' ')
			return e;
	}
	return NULL;
}

/* Append s[0..n) to b as kind k, resolving backslash escapes. */
static void add_unescaped(struct tbuild *b, enum lesson_span_kind k, const char *s, size_t n)
{
	char *tmp = xmalloc(n + 1);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n && ispunct((unsigned char)s[i + 1]))
			i++;
		tmp[m++] = s[i];
	}
	tb_add(b, k, tmp, m, NULL, NULL);
	free(tmp);
}

int lesson_text_parse(struct lesson_text *t, const char *raw, int line, struct diag *d)
{
	struct tbuild b = {0};
	int rc = 0;
	const char *s = raw;

	while (*s) {
		size_t colon, n;
		if (*s == '\\' && s[1] && ispunct((unsigned char)s[1])) {
			tb_add(&b, LSPAN_PLAIN, s + 1, 1, NULL, NULL);
			s += 2;
		} else if (*s == '`') {
			const char *e = strchr(s + 1, '`');
			if (!e) {
				if (!rc)
					diag_set(d, DIAG_INPUT, "%s",
						 _("unclosed ` (a code span "
						   "needs a closing backtick; write \\` for "
						   "a literal one)"));
				rc = -1;
				tb_add(&b, LSPAN_PLAIN, s, strlen(s), NULL, NULL);
				break;
			}
			tb_add(&b, LSPAN_CODE, s + 1, (size_t)(e - s - 1), NULL, NULL);
			s = e + 1;
		} else if (*s == '*' && emph_end(s)) {
			const char *e = emph_end(s);
			add_unescaped(&b, LSPAN_EMPH, s + 1, (size_t)(e - s - 1));
			s = e + 1;
		} else if ((n = ref_at(s, &colon)) > 0) {
			char lab[64], fact[64];
			if (colon - 1 >= sizeof lab || n - colon - 2 >= sizeof fact) {
				tb_add(&b, LSPAN_PLAIN, s, n, NULL, NULL);
			} else {
				memcpy(lab, s + 1, colon - 1);
				lab[colon - 1] = '\0';
				memcpy(fact, s + colon + 1, n - colon - 2);
				fact[n - colon - 2] = '\0';
				tb_add(&b, LSPAN_REF, s, n, lab, fact);
			}
			s += n;
		} else {
			size_t l = 1;
			while (s[l] && !strchr("\\`*{", s[l]))
				l++;
			tb_add(&b, LSPAN_PLAIN, s, l, NULL, NULL);
			s += l;
		}
	}
	tb_done(&b, t, line);
	return rc;
}

struct lesson_text *lesson_text_fill(const struct lesson_text *t, lesson_ref_fn value, void *ctx,
				     const char *missing)
{
	struct tbuild b = {0};
	struct lesson_text *out = xcalloc(1, sizeof *out);
	for (size_t i = 0; i < t->nspans; i++) {
		const struct lesson_span *sp = &t->spans[i];
		if (sp->kind == LSPAN_REF) {
			const char *v = value ? value(ctx, sp->lab, sp->fact) : NULL;
			if (!v)
				v = missing ? missing : "?";
			/* a span of its own, even when empty */
			tb_add(&b, LSPAN_REF, v, strlen(v), sp->lab, sp->fact);
		} else {
			tb_add(&b, sp->kind, t->text + sp->off, sp->len, NULL, NULL);
		}
	}
	tb_done(&b, out, t->line);
	return out;
}

void lesson_text_clear(struct lesson_text *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nspans; i++) {
		free(t->spans[i].lab);
		free(t->spans[i].fact);
	}
	free(t->spans);
	free(t->text);
	memset(t, 0, sizeof *t);
}

void lesson_text_free(struct lesson_text *t)
{
	lesson_text_clear(t);
	free(t);
}

/* ---- values ---- */

static int parse_int(const char *s, size_t n, int64_t *out)
{
	char buf[32];
	char *end;
	if (n == 0 || n >= sizeof buf)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (!isdigit((unsigned char)buf[buf[0] == '-']))
		return -1;
	errno = 0;
	long long v = strtoll(buf, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

int lesson_value_parse(const char *s, int64_t *lo, int64_t *hi)
{
	if (!s || !*s)
		return -1;
	const char *dd = strstr(s, "..");
	if (!dd) {
		for (const char *c = s; *c; c++)
			if (!isalnum((unsigned char)*c) && !strchr("_.+-", *c))
				return -1;
		return 0;
	}
	int64_t a, b = INT64_MAX;
	if (parse_int(s, (size_t)(dd - s), &a) < 0)
		return -1;
	if (dd[2] && parse_int(dd + 2, strlen(dd + 2), &b) < 0)
		return -1;
	if (a > b)
		return -1;
	if (lo)
		*lo = a;
	if (hi)
		*hi = b;
	return 1;
}

int lesson_value_match(const char *pattern, const char *actual)
{
	int64_t lo, hi, v;
	int k = lesson_value_parse(pattern, &lo, &hi);
	if (k < 0 || !actual)
		return 0;
	if (k == 0)
		return strcmp(pattern, actual) == 0;
	if (parse_int(actual, strlen(actual), &v) < 0)
		return 0;
	return v >= lo && v <= hi;
}

int lesson_value_possible(const char *fact, const char *pattern)
{
	int64_t lo, hi;
	char buf[32];
	int k = lesson_value_parse(pattern, &lo, &hi);
	if (k < 0)
		return 0;
	if (k == 0)
		return verdict_fact_value_ok(fact, pattern);
	snprintf(buf, sizeof buf, "%" PRId64, lo);
	if (!verdict_fact_value_ok(fact, buf))
		return 0;
	if (hi == INT64_MAX)
		return 1;
	snprintf(buf, sizeof buf, "%" PRId64, hi);
	return verdict_fact_value_ok(fact, buf);
}

/* ---- parameter bounds ---- */

/* "5000", "64K", "1M": *unit gets the suffix's multiplier. */
static int parse_num(const char *s, size_t n, int64_t *out, int *unit)
{
	int64_t v = 0, mul = 1;
	size_t i = 0;
	if (!n || !isdigit((unsigned char)s[0]))
		return -1;
	for (; i < n && isdigit((unsigned char)s[i]); i++) {
		if (v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (i < n) {
		char c = (char)toupper((unsigned char)s[i]);
		if (i + 1 != n)
			return -1;
		mul = c == 'K' ? 1024 : c == 'M' ? 1048576 : c == 'G' ? 1073741824 : 0;
		if (!mul)
			return -1;
		if (v > INT64_MAX / mul)
			return -1;
	}
	*out = v * mul;
	if (unit)
		*unit = (int)(mul > 1048576 ? 1048576 : mul);
	return 0;
}

int lesson_bounds_parse(const char *s, struct lesson_bound **out, size_t *nout, struct diag *d)
{
	struct lesson_bound *b = NULL;
	size_t nb = 0;
	const char *p = s;
	*out = NULL;
	*nout = 0;
	for (;;) {
		const char *e = strchr(p, '|');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		struct lesson_bound x = {0};
		const char *dd = memmem(p, n, "..", 2);
		x.unit = 1;
		if (dd) {
			int u1 = 1, u2 = 1;
			if (parse_num(p, (size_t)(dd - p), &x.min, &u1) < 0 ||
			    parse_num(dd + 2, n - (size_t)(dd - p) - 2, &x.max, &u2) < 0 ||
			    x.min > x.max) {
				diag_set(d, DIAG_INPUT,
					 _("bad range \"%.*s\" in bounds \"%s\" "
					   "(like 0..300 or 1K..64K)"),
					 (int)n, p, s);
				goto fail;
			}
			x.numeric = 1;
			x.unit = u1 > u2 ? u1 : u2;
		} else if (parse_num(p, n, &x.min, &x.unit) == 0) {
			x.max = x.min;
			x.numeric = 1;
			x.word = xstrndup(p, n);
		} else {
			for (size_t i = 0; i < n; i++)
				if (!isalnum((unsigned char)p[i]) && p[i] != '_' && p[i] != '-')
					n = 0;
			if (!n) {
				diag_set(d, DIAG_INPUT,
					 _("bad bounds \"%s\" (alternatives "
					   "separated by |: words, numbers, ranges like "
					   "0..5)"),
					 s);
				goto fail;
			}
			x.word = xstrndup(p, n);
		}
		b = xrealloc(b, (nb + 1) * sizeof *b);
		b[nb++] = x;
		if (!e)
			break;
		p = e + 1;
	}
	*out = b;
	*nout = nb;
	return 0;
fail:
	lesson_bounds_free(b, nb);
	return -1;
}

void lesson_bounds_free(struct lesson_bound *b, size_t nb)
{
	for (size_t i = 0; i < nb; i++)
		free(b[i].word);
	free(b);
}

int lesson_param_ok(const struct lesson_param *p, const char *value)
{
	int64_t v;
	int numeric = value && parse_num(value, strlen(value), &v, NULL) == 0;
	if (!value)
		return 0;
	for (size_t i = 0; i < p->nb; i++) {
		const struct lesson_bound *b = &p->b[i];
		if (b->numeric) {
			if (numeric && v >= b->min && v <= b->max)
				return 1;
		} else if (!strcmp(b->word, value)) {
			return 1;
		}
	}
	return 0;
}

/* The picker's values, in order. */
struct cand {
	char s[PARAM_VALUE_MAX];
	int numeric;
	int64_t v;
};

static void cand_add(struct cand *c, size_t *n, size_t max, const char *s, int numeric, int64_t v)
{
	if (*n >= max)
		return;
	if (numeric && *n && c[*n - 1].numeric && c[*n - 1].v == v)
		return;
	snprintf(c[*n].s, sizeof c[*n].s, "%s", s);
	c[*n].numeric = numeric;
	c[*n].v = v;
	(*n)++;
}

static void cand_num(struct cand *c, size_t *n, size_t max, int64_t v, int unit)
{
	char s[PARAM_VALUE_MAX];
	if (unit > 1 && v >= 1048576 && v % 1048576 == 0)
		snprintf(s, sizeof s, "%" PRId64 "M", v / 1048576);
	else if (unit > 1 && v >= 1024 && v % 1024 == 0)
		snprintf(s, sizeof s, "%" PRId64 "K", v / 1024);
	else
		snprintf(s, sizeof s, "%" PRId64, v);
	cand_add(c, n, max, s, 1, v);
}

static size_t candidates(const struct lesson_param *p, struct cand *c, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < p->nb; i++) {
		const struct lesson_bound *b = &p->b[i];
		if (!b->numeric) {
			cand_add(c, &n, max, b->word, 0, 0);
		} else if (b->word) {
			cand_add(c, &n, max, b->word, 1, b->min);
		} else if (b->max - b->min <= 30) {
			for (int64_t v = b->min; v <= b->max; v++)
				cand_num(c, &n, max, v, b->unit);
		} else if (b->unit > 1) {
			cand_num(c, &n, max, b->min, b->unit);
			for (int64_t v = 1; v < b->max && v <= INT64_MAX / 2; v *= 2)
				if (v > b->min)
					cand_num(c, &n, max, v, b->unit);
			cand_num(c, &n, max, b->max, b->unit);
		} else {
			cand_num(c, &n, max, b->min, 1);
			for (int64_t d = 1; d < b->max && d <= INT64_MAX / 10; d *= 10)
				for (int m = 1; m <= 5; m += m == 1 ? 1 : 3)
					if (d * m > b->min && d * m < b->max)
						cand_num(c, &n, max, d * m, 1);
			cand_num(c, &n, max, b->max, 1);
		}
	}
	return n;
}

/* The start value is always a step (5000 in 1K..64K), so that the student
 * can come back to it. */
static void cand_start(struct cand *c, size_t *n, size_t max, const char *s)
{
	int64_t v;
	size_t i = 0;
	if (!s || *n >= max || parse_num(s, strlen(s), &v, NULL) < 0)
		return;
	while (i < *n && !(c[i].numeric && c[i].v >= v))
		i++;
	if (i < *n && c[i].v == v)
		return;
	memmove(&c[i + 1], &c[i], (*n - i) * sizeof *c);
	(*n)++;
	snprintf(c[i].s, sizeof c[i].s, "%s", s);
	c[i].numeric = 1;
	c[i].v = v;
}

int lesson_param_next(const struct lesson_param *p, const char *cur, int dir, char *out, size_t len)
{
	struct cand c[128];
	size_t n = candidates(p, c, ARRAY_LEN(c)), i;
	int64_t v = 0;
	int numeric = cur && parse_num(cur, strlen(cur), &v, NULL) == 0;
	long pos = -1;

	cand_start(c, &n, ARRAY_LEN(c), p->start);

	if (!n)
		return -1;
	for (i = 0; i < n && pos < 0; i++)
		if ((cur && !strcmp(c[i].s, cur)) || (numeric && c[i].numeric && c[i].v == v))
			pos = (long)i;
	if (pos < 0 && numeric) {
		/* between two candidates: step to the neighbour in that direction */
		for (i = 0; i < n; i++)
			if (c[i].numeric && c[i].v > v)
				break;
		pos = dir > 0 ? (long)i - 1 : (long)i;
	}
	if (pos < 0 && !numeric)
		pos = 0;
	else
		pos += dir > 0 ? 1 : dir < 0 ? -1 : 0;
	if (pos < 0)
		pos = 0;
	if (pos >= (long)n)
		pos = (long)n - 1;
	if (strlen(c[pos].s) >= len)
		return -1;
	strcpy(out, c[pos].s);
	return 0;
}

/* ---- labs and grading ---- */

int lesson_lab_apply(const struct lesson_lab *lab, struct scenario *sc, const char *const *values,
		     struct diag *d)
{
	for (size_t i = 0; i < lab->nsets; i++)
		if (scenario_set(sc, lab->sets[i].name, lab->sets[i].value, d) < 0)
			return -1;
	for (size_t i = 0; i < lab->nparams; i++) {
		const struct lesson_param *p = &lab->params[i];
		const char *v = values && values[i] ? values[i] : p->start;
		if (!lesson_param_ok(p, v)) {
			snprintf(d->msg, sizeof d->msg,
				 _("%s=%s is outside this lab's "
				   "bounds %s"),
				 p->name, v, p->bounds);
			return -1;
		}
		if (scenario_set(sc, p->name, v, d) < 0)
			return -1;
	}
	return 0;
}

int lesson_fact_value(const struct verdict *v, const char *fact, char *buf, size_t len)
{
	return verdict_fact(v, fact, buf, len);
}

int lesson_grade(const struct lesson_question *q, const struct verdict *v, char *actual, size_t len)
{
	char val[64];
	if (verdict_fact(v, q->fact, val, sizeof val) < 0)
		snprintf(val, sizeof val, "?");
	if (actual && len && verdict_fact_text(v, q->fact, actual, len) < 0)
		snprintf(actual, len, "%s", val);
	for (size_t i = 0; i < q->nchoices; i++)
		if (lesson_value_match(q->choices[i].value, val))
			return (int)i;
	return -1;
}

const struct lesson_lab *lesson_find_lab(const struct lesson *l, const char *id)
{
	for (size_t i = 0; i < l->npages; i++)
		if (l->pages[i].lab && !strcmp(l->pages[i].lab->id, id))
			return l->pages[i].lab;
	return NULL;
}
