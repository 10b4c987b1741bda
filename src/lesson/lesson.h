/* SPDX-License-Identifier: MIT */
/*
 * lesson.h - lessons: the file format's model, its parser, the catalogue
 * of lessons on disk, and grading predictions from a live run.
 *
 * A lesson is a plain-text UTF-8 file `NN-slug.LANG.lesson` (LANG is en,
 * zh_CN or fr); the same lesson in every language shares its identifier
 * "NN-slug" and its structure, only the human text differs.  The format
 * is documented for teachers in lessons/README.  In short:
 *
 *     @title Abortive close
 *     @page The RST
 *     A paragraph with *emphasis*, `code` and a {lab:fact} reference.
 *     - a list item
 *     | a | table |
 *     @lab abortive [as ID]                 one lab per page
 *     @param linger off|0..5 0 SO_LINGER    student may change, bounds, start
 *     @set bytes 64K                        fixed for this lab
 *     @question server.read_end What will the server's read() return?
 *     @choice eof 0, end of file
 *     @choice reset -1, ECONNRESET
 *     @teaches reset                        what Linux gives (tests only)
 *     @explain reset The RST arrived ...    per outcome; `@explain *` general
 *     @textbook client.close_ret -1 Stevens, UNP 7.5: close returns -1.
 *
 * Memory: a struct lesson owns every string and array reachable from it;
 * lesson_free() releases it all.  A struct lesson_catalog owns its entries
 * (lesson_catalog_free()).  Texts returned by lesson_text_fill() belong to
 * the caller (lesson_text_free()).  Nothing here touches curses, sockets or
 * the screen: the parser is fuzzed directly (tests/fuzz-lesson.c).
 *
 * Typical use (the TUI):
 *     struct lesson_catalog cat;
 *     lesson_catalog_load(&cat, extra_dir_or_NULL);
 *     for each cat.e[i]: lesson_entry_title(&cat.e[i], i18n_get())
 *     struct lesson *l = lesson_entry_load(&cat.e[i], i18n_get(), &d);
 *     page = &l->pages[k]; draw page->blocks in order (wrap each
 *         lesson_text with textwrap.h, drawing spans with attributes);
 *     page->lab: build the scenario (scenario_find/scenario_load), call
 *         lesson_lab_apply() with the student's values, scenario_resolve(),
 *         run it (experiment.h), verdict_compute();
 *     questions are asked before the run; afterwards lesson_grade() says
 *         which choice the kernel's behaviour matches;
 *     textbook blocks: lesson_fact_value() gives "your kernel" and
 *         lesson_value_match(tb->value, actual) whether the textbook agrees.
 *     lesson_free(l); lesson_catalog_free(&cat);
 *
 * Implemented in lesson.c (loading, freeing, file names), lessonparse.c
 * and lessondirective.c (the parser), lessontext.c (inline text, values,
 * parameters, grading) and lessoncat.c (finding lessons on disk).  The
 * checks of `lingerlab lessons --check` are in lessoncheck.h.
 */
#ifndef LINGERLAB_LESSON_H
#define LINGERLAB_LESSON_H

#include <stddef.h>
#include <stdint.h>
#include "base/i18n.h"
#include "engine/scenario.h"

struct verdict;

/* ---- inline text ---------------------------------------------------- */

enum lesson_span_kind {
	LSPAN_PLAIN, /* ordinary text */
	LSPAN_EMPH,  /* *emphasis* (markers removed) */
	LSPAN_CODE,  /* `code` (backticks removed); never translated */
	LSPAN_REF    /* {lab:fact}: a value from the student's run of a lab of
			this lesson; the bytes hold "{lab:fact}" until
			lesson_text_fill() replaces them */
};

struct lesson_span {
	enum lesson_span_kind kind;
	size_t off, len;  /* byte range in the owning lesson_text.text */
	char *lab, *fact; /* LSPAN_REF only (owned), else NULL */
};

/* A run of formatted text: the markup is removed from `text` and
 * described by `spans`, which cover `text` exactly, in order, without
 * gaps.  The lines of a paragraph are joined with one space (no space
 * next to a CJK character).  An empty text has text = "" and no spans. */
struct lesson_text {
	char *text; /* UTF-8, NUL-terminated, never NULL after parsing */
	struct lesson_span *spans;
	size_t nspans;
	int line; /* line of the file where it starts */
};

/* ---- page content ------------------------------------------------- */

enum lesson_block_kind {
	LB_PARA,     /* u.text: a paragraph, to be wrapped */
	LB_LIST,     /* items/nitems: a bulleted list */
	LB_TABLE,    /* cells[r * cols + c], rows x cols; row 0 is the header */
	LB_CODE,     /* code: preformatted lines joined by '\n', never wrapped */
	LB_QUESTION, /* index into page->questions (where it sits in the text) */
	LB_TEXTBOOK  /* index into page->textbooks */
};

struct lesson_block {
	enum lesson_block_kind kind;
	int line;
	struct lesson_text text;   /* LB_PARA */
	struct lesson_text *items; /* LB_LIST */
	size_t nitems;
	struct lesson_text *cells; /* LB_TABLE */
	size_t rows, cols;
	char *code;   /* LB_CODE */
	size_t index; /* LB_QUESTION, LB_TEXTBOOK */
};

/* A scenario parameter the student may change.  Bounds are written like
 * a scenario's: alternatives separated by '|', each a word ("off", "yes"),
 * a number or size ("64K") or an inclusive range ("0..5", "1K..1M").
 * The start value must be one of them; every bound must be accepted by
 * the scenario itself (checked by lessoncheck). */
struct lesson_bound {
	char *word;       /* a word or number as written, or NULL for a range */
	int64_t min, max; /* range (or the number when word is numeric) */
	int numeric;      /* min/max are meaningful */
	int unit;         /* 1, 1024 or 1048576: the suffix the bound used */
};

struct lesson_param {
	char *name;   /* the scenario parameter */
	char *bounds; /* as written, e.g. "off|0..5" */
	struct lesson_bound *b;
	size_t nb;
	char *start; /* starting value */
	char *label; /* human label (translated); may be NULL */
	int line;
};

struct lesson_set {
	char *name, *value; /* fixed scenario parameter for this lab */
	int line;
};

struct lesson_lab {
	char *scenario; /* scenario name (scenario_find) */
	char *id;       /* `as ID`, else the scenario name; unique in the
			   lesson; {id:fact} references name it */
	struct lesson_param *params;
	size_t nparams;
	struct lesson_set *sets;
	size_t nsets;
	int line;
};

/* A choice value (and a textbook value, a `teaches` value) is a word that
 * must equal the fact's value ("reset", "client", "EADDRINUSE", "0"), or
 * an integer range "A..B" (inclusive) or "A.." (A or more) for numeric
 * facts such as client.close_ms. */
struct lesson_choice {
	char *value;
	struct lesson_text label;   /* what the student sees */
	struct lesson_text explain; /* shown when the run gives this value;
				       text "" if none */
	int line;
};

/* A prediction asked before the lab runs; the right answer is the choice
 * whose value matches the live run's fact (lesson_grade()). */
struct lesson_question {
	char *fact; /* verdict fact name (verdict.h) */
	struct lesson_text prompt;
	struct lesson_choice *choices;
	size_t nchoices;
	struct lesson_text explain; /* `@explain *`: shown for any outcome */
	char *teaches;              /* the value the lesson says Linux gives:
				       for the test suite only, never shown */
	int line;
};

/* "Textbook vs. your kernel": a claim, the fact it is about and the value
 * the textbook gives; the TUI fills in what this kernel did. */
struct lesson_textbook {
	char *fact;
	char *value;              /* the textbook's value (choice syntax) */
	struct lesson_text claim; /* the claim, with its citation */
	char *teaches;            /* optional: what Linux gives (tests) */
	int line;
};

struct lesson_page {
	char *title;
	struct lesson_block *blocks; /* text, questions and textbook blocks in
					the order of the file */
	size_t nblocks;
	struct lesson_lab *lab; /* NULL: no lab on this page */
	struct lesson_question *questions;
	size_t nquestions;
	struct lesson_textbook *textbooks;
	size_t ntextbooks;
	int line;
};

struct lesson {
	char *path; /* as given to the parser */
	char *id;   /* "06-abortive" (from the file name), or NULL */
	int number; /* 6, or 0 if the name does not say */
	char *lang; /* "en", "zh_CN", "fr" from the file name, or NULL */
	char *title;
	struct lesson_page *pages;
	size_t npages;
};

/* ---- parsing -------------------------------------------------------- */

/* Called once per problem with "file:line: message" (no newline). */
typedef void (*lesson_report_fn)(void *ctx, const char *msg);

/* Parse `text` (len bytes, need not be NUL-terminated).  `path` names the
 * file in messages and gives id/number/lang when it is NN-slug.LANG.lesson.
 * Reports every syntax error through `report` (may be NULL) and returns the
 * lesson even when there were errors (what could be parsed), with the
 * number of errors in *nerrors.  Never returns NULL. */
struct lesson *lesson_parse_ex(const char *text, size_t len, const char *path,
			       lesson_report_fn report, void *ctx, int *nerrors);
/* The same, stopping short: NULL with the first error in d->msg. */
struct lesson *lesson_parse(const char *text, size_t len, const char *path, struct diag *d);
/* Read and parse a file (NULL with d->msg on an I/O or syntax error). */
struct lesson *lesson_load(const char *path, struct diag *d);
void lesson_free(struct lesson *l);

/* Split a file name (a path is fine) "NN-slug.LANG.lesson".  Any output
 * pointer may be NULL; id and lang are copied into buffers of idlen and
 * langlen bytes.  Returns 0, or -1 if the name does not follow the rule
 * (LANG must be a supported language). */
int lesson_name_parse(const char *path, int *number, char *id, size_t idlen, char *lang,
		      size_t langlen);

/* ---- inline text helpers (lessontext.c) ---------------------------- */

/* Parse inline markup (`code`, *emphasis*, {lab:fact}, \-escapes) of
 * `raw` into t.  Returns 0, or -1 with d set (e.g. "unclosed `"); t is
 * usable (the raw text) even then.  `line` is stored in t->line. */
int lesson_text_parse(struct lesson_text *t, const char *raw, int line, struct diag *d);
/* Supplies the value of {lab:fact}: return a string (copied at once) or
 * NULL when unknown (the lab was not run yet): `missing` is used. */
typedef const char *(*lesson_ref_fn)(void *ctx, const char *lab, const char *fact);
/* A copy of t whose LSPAN_REF spans hold values instead of "{lab:fact}";
 * spans are kept (still marked LSPAN_REF) and re-offset.  The caller
 * frees it with lesson_text_free(). */
struct lesson_text *lesson_text_fill(const struct lesson_text *t, lesson_ref_fn value, void *ctx,
				     const char *missing);
void lesson_text_free(struct lesson_text *t);
/* Release the members of an embedded lesson_text (not t itself). */
void lesson_text_clear(struct lesson_text *t);

/* ---- values, parameters, grading (lessontext.c) -------------------- */

/* Classify a value pattern: 0 for a word (letters, digits, _ . + -),
 * 1 for a range with *lo and *hi set (hi = INT64_MAX for "A.."), -1 when it
 * is malformed (empty, bad characters, "5..2", "x..y"). */
int lesson_value_parse(const char *pattern, int64_t *lo, int64_t *hi);
/* Parse parameter bounds ("off|0..5", "1K..64K", "no|yes") into a
 * malloc'd array (*b, *nb; free with lesson_bounds_free).  Returns 0, or
 * -1 with d set. */
int lesson_bounds_parse(const char *s, struct lesson_bound **b, size_t *nb, struct diag *d);
void lesson_bounds_free(struct lesson_bound *b, size_t nb);
/* Does `actual` (a fact's value) match `pattern` (a choice value: a word,
 * "A..B" or "A..")?  1 or 0. */
int lesson_value_match(const char *pattern, const char *actual);
/* Is `pattern` well formed, and can the fact ever have such a value
 * (verdict_fact_value_ok on the word or on both ends of the range)? */
int lesson_value_possible(const char *fact, const char *pattern);

/* Is `value` within the parameter's bounds?  1 or 0. */
int lesson_param_ok(const struct lesson_param *p, const char *value);
/* The value after (dir > 0) or before (dir < 0) `cur` in the parameter's
 * bounds, for a settings picker: words in order, ranges by steps of 1 when
 * short, else 1-2-5 steps (or powers of two for K/M sizes), clamped at the
 * ends.  Written into out.  Returns 0, or -1 if out is too small. */
int lesson_param_next(const struct lesson_param *p, const char *cur, int dir, char *out,
		      size_t len);

/* Apply a lab to a loaded scenario: every @set, then each parameter with
 * values[i] (the student's value for lab->params[i]; values itself or an
 * element may be NULL for the start value).  Checks values against the
 * lesson's bounds, then scenario_set().  Does not resolve.  Returns 0, or
 * -1 with d->msg. */
int lesson_lab_apply(const struct lesson_lab *lab, struct scenario *sc, const char *const *values,
		     struct diag *d);

/* The value of `fact` in a verdict (verdict_fact), or -1 if unknown. */
int lesson_fact_value(const struct verdict *v, const char *fact, char *buf, size_t len);
/* Grade a question against a run: the index of the first choice whose
 * value matches the fact's value, or -1 if none does (the kernel did
 * something the lesson did not foresee: show `actual`).  The fact's value
 * as a student reads it (verdict_fact_text(): "ECONNRESET", not "reset";
 * translated) is written into actual (may be NULL). */
int lesson_grade(const struct lesson_question *q, const struct verdict *v, char *actual,
		 size_t len);
/* The lab of this lesson with that id, or NULL. */
const struct lesson_lab *lesson_find_lab(const struct lesson *l, const char *id);

/* ---- the catalogue (lessoncat.c) ------------------------------------ */

/* One lesson identifier with its files in each language. */
struct lesson_entry {
	char *id;                /* "06-abortive" */
	int number;              /* 6 */
	char *path[LANG_COUNT];  /* NULL where the language has no file */
	char *title[LANG_COUNT]; /* its @title, NULL if none or unreadable */
	const char *dir;         /* the directory it came from (in dirs[]) */
};

struct lesson_catalog {
	struct lesson_entry *e; /* sorted by number, then id */
	size_t n;
	char **dirs; /* searched, in order of precedence */
	size_t ndirs;
};

/* Find lessons in, by precedence: extra_dir (--dir, may be NULL), each
 * directory of $LINGERLAB_LESSONS (':'-separated), then the source tree's
 * lessons/ when running from the build tree (util.h source_tree()), else
 * PKGDATADIR/lessons.  An id found in an earlier directory hides the same
 * id later.  Files not named NN-slug.LANG.lesson are ignored here (the
 * checker reports them).  Returns the number of lessons (0 is not an
 * error: the list is just empty). */
size_t lesson_catalog_load(struct lesson_catalog *cat, const char *extra_dir);
void lesson_catalog_free(struct lesson_catalog *cat);
/* Entry by number ("6"), id ("06-abortive") or slug ("abortive"); NULL if
 * none. */
const struct lesson_entry *lesson_catalog_find(const struct lesson_catalog *cat, const char *key);
/* Title in language l, else English, else any language, else the id. */
const char *lesson_entry_title(const struct lesson_entry *e, enum lang l);
/* The language actually used for l: l if it has a file, else en, else the
 * first that has one. */
enum lang lesson_entry_lang(const struct lesson_entry *e, enum lang l);
/* Load the entry in language l (with the same fallback). */
struct lesson *lesson_entry_load(const struct lesson_entry *e, enum lang l, struct diag *d);

#endif
