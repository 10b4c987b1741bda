/* SPDX-License-Identifier: MIT */
/*
 * test-lessons.c - the lesson format, its checker and the text wrapper,
 * without running anything live (TAP).
 *
 *   - textwrap: widths, CJK and French line breaking, cutting;
 *   - inline markup, value patterns, parameter bounds and steps, grading
 *     against a verdict;
 *   - the parser on tests/lessons/good (every feature of the format);
 *   - `--check` passes on the shipped lessons and on tests/lessons/good,
 *     and reports exactly the expected "file:line: message" for every
 *     fixture of tests/lessons/bad (one defect each, announced in the
 *     fixture by a comment "# expect FILE:LINE: TEXT");
 *   - the curriculum: 14 English lessons, each with a lab and a question.
 */
#include "config.h"
#include <dirent.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include "lesson/lesson.h"
#include "lesson/lessoncheck.h"
#include "tap.h"
#include "base/textwrap.h"
#include "lesson/page.h"
#include "base/util.h"
#include "model/verdict.h"

static const char *srcdir(void)
{
	const char *s = getenv("top_srcdir");
	return s && *s ? s : ABS_TOP_SRCDIR;
}

/* ---- textwrap ---- */

/* Wrap s and join the lines with '|' for easy comparison. */
static char *wrapped(const char *s, int width)
{
	struct textwrap_line *ln;
	size_t n = textwrap_wrap(s, strlen(s), width, &ln);
	char *out = xcalloc(1, strlen(s) + n + 1);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(out, "|");
		strncat(out, s + ln[i].off, ln[i].len);
	}
	free(ln);
	return out;
}

static void check_wrap(const char *s, int width, const char *want)
{
	char *got = wrapped(s, width), name[256];
	size_t k = 0;
	for (const char *c = s; *c && k < sizeof name - 3; c++) {
		if (*c == '\n') {
			name[k++] = '\\';
			name[k++] = 'n';
		} else {
			name[k++] = *c;
		}
	}
	name[k] = '\0';
	if (!tap_ok(!strcmp(got, want), "wrap %d \"%s\"", width, name))
		tap_diag("got  \"%s\"\nwant \"%s\"", got, want);
	free(got);
}

static void test_textwrap(void)
{
	tap_ok(textwrap_swidth("close()") == 7, "ASCII width");
	tap_ok(textwrap_swidth("中文") == 4, "CJK counts double");
	tap_ok(textwrap_swidth("e\xcc\x81") == 1, "a combining mark counts 0");
	tap_ok(textwrap_swidth("\xc2\xa0") == 1, "no-break space counts 1");

	int used;
	tap_ok(textwrap_cut("中文字", 9, 3, &used) == 3 && used == 2,
	       "cut never splits a wide character");
	tap_ok(textwrap_cut("ab\xe2\x80", 4, 10, &used) == 4 && used == 4,
	       "cut takes invalid bytes one column each");

	check_wrap("the quick brown fox", 10, "the quick|brown fox");
	check_wrap("a  b", 80, "a  b");
	check_wrap("abcdefghij", 4, "abcd|efgh|ij");
	check_wrap("one\ntwo three", 5, "one|two|three");
	check_wrap("中文中文中文", 4, "中文|中文|中文");
	/* never before ，  */
	check_wrap("中文，中文", 4, "中|文，|中文");
	/* never after （ */
	check_wrap("中（文）中", 4, "中|（文|）中");
	check_wrap("是「好」的", 4, "是|「好|」的");
	/* French: the no-break space glues "mot :" */
	check_wrap("un deux\xc2\xa0: trois", 8, "un|deux\xc2\xa0:|trois");
	check_wrap("un deux :", 8, "un|deux :");
	check_wrap("«\xe2\x80\xafmot\xe2\x80\xaf» fin", 7, "«\xe2\x80\xafmot\xe2\x80\xaf»|fin");
	check_wrap("中", 1, "中");
	check_wrap("", 10, "");
	/* a number keeps its unit */
	check_wrap("send 128 KiB now", 10, "send|128 KiB|now");
	check_wrap("wait 2 s, then", 7, "wait|2 s,|then");
	check_wrap("2 apples", 3, "2|app|les");
	tap_ok(textwrap_min_width("one three", 9) == 5, "min width: the widest word");
	tap_ok(textwrap_min_width("中文中文", 12) == 2,
	       "min width: Chinese may break between any two characters");
	tap_ok(textwrap_min_width("中文，中文", 15) == 4,
	       "min width: a closing mark stays with its character");
	{
		const char *t = "call shutdown(fd, SHUT_WR) now";
		struct textwrap_keep keep = {5, 21};
		struct textwrap_line *ln;
		size_t n = textwrap_wrap_keep(t, strlen(t), 22, &keep, 1, &ln);
		tap_ok(n == 3 && ln[1].off == 5 && ln[1].len == 21,
		       "a code span is never broken across lines");
		free(ln);
	}

	/* every line fits, whatever the width */
	const char *mix = "Linux 的 close() 在非阻塞套接字上也会等待，l_linger 秒。"
			  " Le noyau\xc2\xa0: « attend ».";
	int fits = 1;
	for (int w = 2; w < 40; w++) {
		struct textwrap_line *ln;
		size_t n = textwrap_wrap(mix, strlen(mix), w, &ln);
		for (size_t i = 0; i < n; i++)
			if (ln[i].width > w ||
			    ln[i].width != textwrap_width(mix + ln[i].off, ln[i].len))
				fits = 0;
		free(ln);
	}
	tap_ok(fits, "mixed text: every line fits every width 2..39");
}

/* ---- the page layout ---- */

/* Does every line of d fit `width` columns?  How many hold `needle`? */
static int page_fits(const struct page_doc *d, int width, const char *needle, int *count)
{
	int fits = 1;
	*count = 0;
	for (size_t i = 0; i < d->n; i++) {
		char line[1024] = "";
		for (size_t k = 0; k < d->l[i].n; k++)
			strncat(line, d->l[i].r[k].s, sizeof line - strlen(line) - 1);
		if (textwrap_swidth(line) > width)
			fits = 0;
		if (strstr(line, needle))
			(*count)++;
	}
	return fits;
}

static void test_page(void)
{
	static const char text[] = "@title T\n@page P\n\n"
				   "| setting | on the wire | close() took (ms) |\n"
				   "|---|---|---|\n"
				   "| linger off | FIN | 0 |\n"
				   "| linger 2 s | FIN after the data | 2010 |\n";
	struct diag d = {0};
	struct lesson *l = lesson_parse(text, strlen(text), "t.lesson", &d);
	if (!tap_ok(l != NULL, "a lesson with a table parses (%s)", d.msg))
		return;
	struct page_view pv = {.utf8 = 1};
	struct page_doc doc = {0};
	int n = 0;
	page_build(&doc, &l->pages[0], 60, &pv);
	tap_ok(page_fits(&doc, 60, "│", &n) && n == 3,
	       "a table that fits is a grid: header and two rows");
	page_build(&doc, &l->pages[0], 30, &pv);
	tap_ok(page_fits(&doc, 30, "│", &n) && n >= 3,
	       "narrower, the grid wraps its cells inside their columns");
	page_fits(&doc, 30, "2010", &n);
	tap_ok(n == 1, "a number is never cut by the grid");
	page_build(&doc, &l->pages[0], 16, &pv);
	tap_ok(page_fits(&doc, 16, "│", &n) && n == 0, "too narrow for a grid: one block per row");
	page_doc_free(&doc);
	lesson_free(l);
}

/* ---- inline text, values, parameters ---- */

static void test_inline(void)
{
	struct lesson_text t = {0};
	struct diag err = {0};
	int r = lesson_text_parse(&t, "A *b* `c()` {lab:client.sent} \\* d", 1, &err);
	tap_ok(r == 0 && !strcmp(t.text, "A b c() {lab:client.sent} * d"),
	       "inline markup removed: \"%s\"", t.text);
	int kinds_ok = t.nspans == 7 && t.spans[1].kind == LSPAN_EMPH &&
		       t.spans[3].kind == LSPAN_CODE && t.spans[5].kind == LSPAN_REF &&
		       !strcmp(t.spans[5].lab, "lab") && !strcmp(t.spans[5].fact, "client.sent");
	tap_ok(kinds_ok, "spans: plain, emph, plain, code, plain, ref, plain");
	size_t cover = 0;
	for (size_t i = 0; i < t.nspans; i++)
		if (t.spans[i].off == cover)
			cover += t.spans[i].len;
	tap_ok(cover == strlen(t.text), "spans cover the text without gaps");

	struct lesson_text *f = lesson_text_fill(&t, NULL, NULL, "?");
	tap_ok(!strcmp(f->text, "A b c() ? * d") && f->nspans == t.nspans &&
		   f->spans[5].kind == LSPAN_REF && f->spans[5].len == 1,
	       "fill replaces references: \"%s\"", f->text);
	lesson_text_free(f);
	lesson_text_clear(&t);

	r = lesson_text_parse(&t, "2 * 3 and a lone *", 1, &err);
	tap_ok(r == 0 && !strcmp(t.text, "2 * 3 and a lone *") && t.nspans == 1,
	       "stars that open nothing stay plain");
	lesson_text_clear(&t);
	r = lesson_text_parse(&t, "an `unclosed span", 1, &err);
	tap_ok(r < 0 && strstr(err.msg, "unclosed `"), "unclosed backtick reported");
	lesson_text_clear(&t);
}

static void test_values(void)
{
	int64_t lo, hi;
	tap_ok(lesson_value_parse("reset", &lo, &hi) == 0, "a word");
	tap_ok(lesson_value_parse("100..2500", &lo, &hi) == 1 && lo == 100 && hi == 2500,
	       "a range");
	tap_ok(lesson_value_parse("1..", &lo, &hi) == 1 && lo == 1 && hi == INT64_MAX,
	       "an open range");
	tap_ok(lesson_value_parse("5..2", &lo, &hi) < 0 &&
		   lesson_value_parse("a..b", &lo, &hi) < 0 &&
		   lesson_value_parse("", &lo, &hi) < 0 && lesson_value_parse("a b", &lo, &hi) < 0,
	       "malformed values");
	tap_ok(lesson_value_match("reset", "reset") && !lesson_value_match("reset", "eof") &&
		   lesson_value_match("1..", "4096") && !lesson_value_match("1..", "0") &&
		   lesson_value_match("1500..2600", "2003") &&
		   !lesson_value_match("1500..2600", "unknown") && lesson_value_match("-1", "-1"),
	       "matching");
	tap_ok(lesson_value_possible("server.read_end", "reset") &&
		   !lesson_value_possible("server.read_end", "maybe") &&
		   lesson_value_possible("client.close_ms", "1000..") &&
		   lesson_value_possible("server.bind_errno", "EADDRINUSE"),
	       "possible values come from the verdict's facts");

	struct lesson_param p = {0};
	struct diag err = {0};
	char out[32];
	tap_ok(lesson_bounds_parse("off|0..5", &p.b, &p.nb, &err) == 0 && p.nb == 2,
	       "bounds off|0..5");
	tap_ok(lesson_param_ok(&p, "off") && lesson_param_ok(&p, "3") &&
		   !lesson_param_ok(&p, "6") && !lesson_param_ok(&p, "on"),
	       "values within bounds");
	lesson_param_next(&p, "off", 1, out, sizeof out);
	int steps = !strcmp(out, "0");
	lesson_param_next(&p, "5", 1, out, sizeof out);
	steps = steps && !strcmp(out, "5");
	lesson_param_next(&p, "0", -1, out, sizeof out);
	steps = steps && !strcmp(out, "off");
	tap_ok(steps, "stepping through off|0..5, clamped at the ends");
	lesson_bounds_free(p.b, p.nb);

	tap_ok(lesson_bounds_parse("1K..1M", &p.b, &p.nb, &err) == 0, "bounds 1K..1M");
	lesson_param_next(&p, "64K", 1, out, sizeof out);
	steps = !strcmp(out, "128K");
	lesson_param_next(&p, "512K", 1, out, sizeof out);
	steps = steps && !strcmp(out, "1M");
	lesson_param_next(&p, "100K", -1, out, sizeof out);
	steps = steps && !strcmp(out, "64K");
	tap_ok(steps, "sizes step by powers of two (64K -> %s)", out);
	/* 5000 -> 8K -> 16K -> 8K -> 4K used to skip 5000 for ever. */
	p.start = "5000";
	const char *seq[] = {"5000", "8K", "16K", "8K", "5000", "4K"};
	const int dirs[] = {1, 1, -1, -1, -1};
	int back = 1;
	for (size_t k = 0; k + 1 < ARRAY_LEN(seq); k++) {
		lesson_param_next(&p, seq[k], dirs[k], out, sizeof out);
		back = back && !strcmp(out, seq[k + 1]);
	}
	tap_ok(back, "the start value 5000 is one of the steps (last: %s)", out);
	p.start = NULL;
	lesson_bounds_free(p.b, p.nb);

	tap_ok(lesson_bounds_parse("0..5000", &p.b, &p.nb, &err) == 0, "bounds 0..5000");
	lesson_param_next(&p, "200", 1, out, sizeof out);
	tap_ok(!strcmp(out, "500"), "long ranges step 1-2-5 (200 -> %s)", out);
	lesson_bounds_free(p.b, p.nb);

	tap_ok(lesson_bounds_parse("0..x", &p.b, &p.nb, &err) < 0 &&
		   lesson_bounds_parse("a b", &p.b, &p.nb, &err) < 0,
	       "bad bounds are refused");
}

static void test_grade(void)
{
	struct lesson_question q = {0};
	struct lesson_choice ch[2] = {{0}};
	struct verdict v;
	char actual[32];
	memset(&v, 0, sizeof v);
	v.s[SIDE_SERVER].read_end = RE_RESET;
	ch[0].value = "eof";
	ch[1].value = "reset";
	q.fact = "server.read_end";
	q.choices = ch;
	q.nchoices = 2;
	tap_ok(lesson_grade(&q, &v, actual, sizeof actual) == 1 && !strcmp(actual, "ECONNRESET"),
	       "graded from the verdict's value (reset), shown as "
	       "the student reads it: %s",
	       actual);
	v.s[SIDE_SERVER].read_end = RE_DATA;
	tap_ok(lesson_grade(&q, &v, actual, sizeof actual) == -1 && !strcmp(actual, "data"),
	       "no choice matches: -1 and the value");
}

/* ---- the parser on the feature fixture ---- */

static struct lesson *load(const char *rel)
{
	char path[4096];
	struct diag d = {0};
	snprintf(path, sizeof path, "%s/%s", srcdir(), rel);
	struct lesson *l = lesson_load(path, &d);
	if (!l)
		tap_diag("%s", d.msg);
	return l;
}

static void test_parser(void)
{
	struct lesson *l = load("tests/lessons/good/01-demo.en.lesson");
	if (!tap_ok(l != NULL, "the feature fixture parses"))
		return;
	tap_ok(!strcmp(l->id, "01-demo") && l->number == 1 && !strcmp(l->lang, "en") &&
		   !strcmp(l->title, "Demo: every feature"),
	       "id, number, language and title");
	tap_ok(l->npages == 3 && !strcmp(l->pages[0].title, "Text"), "3 pages");
	struct lesson_page *p = &l->pages[0];
	tap_ok(p->nblocks == 4 && p->blocks[0].kind == LB_PARA && p->blocks[1].kind == LB_LIST &&
		   p->blocks[2].kind == LB_TABLE && p->blocks[3].kind == LB_CODE,
	       "paragraph, list, table, code");
	if (p->nblocks == 4) {
		tap_ok(!strcmp(p->blocks[0].text.text, "A paragraph with emphasis, "
						       "close() in code and an escaped * star."),
		       "paragraph lines joined: \"%s\"", p->blocks[0].text.text);
		tap_ok(p->blocks[1].nitems == 2 &&
			   !strcmp(p->blocks[1].items[0].text, "first item continued"),
		       "list items with continuation");
		tap_ok(p->blocks[2].rows == 2 && p->blocks[2].cols == 2 &&
			   p->blocks[2].cells[3].nspans == 1 &&
			   p->blocks[2].cells[3].spans[0].kind == LSPAN_REF,
		       "a 2x2 table (separator row skipped) with a reference");
		tap_ok(!strcmp(p->blocks[3].code, "struct linger lg = { 1, 0 };"),
		       "code kept verbatim");
	}
	p = &l->pages[1];
	int lab_ok = p->lab && !strcmp(p->lab->scenario, "abortive") &&
		     !strcmp(p->lab->id, "abort") && p->lab->nparams == 1 &&
		     !strcmp(p->lab->params[0].name, "linger") &&
		     !strcmp(p->lab->params[0].start, "0") &&
		     !strcmp(p->lab->params[0].label, "the client's SO_LINGER") &&
		     p->lab->nsets == 1 && !strcmp(p->lab->sets[0].value, "64K");
	tap_ok(lab_ok, "lab, parameter with a two-line label, fixed value");
	int q_ok = p->nquestions == 1 && !strcmp(p->questions[0].fact, "server.read_end") &&
		   !strcmp(p->questions[0].prompt.text, "How will the server's reads end?") &&
		   p->questions[0].nchoices == 2 && !strcmp(p->questions[0].teaches, "reset") &&
		   !strcmp(p->questions[0].choices[1].explain.text, "The RST.") &&
		   !*p->questions[0].choices[0].explain.text &&
		   !strcmp(p->questions[0].explain.text, "Look at the ladder.");
	tap_ok(q_ok, "question: fact, prompt, choices, teaches, explanations");
	tap_ok(p->ntextbooks == 1 && !strcmp(p->textbooks[0].value, "none") &&
		   !strcmp(p->textbooks[0].teaches, "none") && p->nblocks == 2 &&
		   p->blocks[0].kind == LB_QUESTION && p->blocks[1].kind == LB_TEXTBOOK,
	       "textbook block, in order after the question");
	tap_ok(lesson_find_lab(l, "abort") == p->lab, "labs found by id");
	lesson_free(l);

	l = load("tests/lessons/good/01-demo.zh_CN.lesson");
	if (tap_ok(l != NULL, "the Chinese fixture parses"))
		tap_ok(!strcmp(l->pages[1].questions[0].prompt.text, "服务器的读取将如何结束？"),
		       "Chinese lines are joined without a space");
	lesson_free(l);
}

/* ---- --check ---- */

struct collect {
	char **msg;
	size_t n, cap;
};

static void collect(void *ctx, const char *msg)
{
	struct collect *c = ctx;
	xgrow(&c->msg, &c->cap, c->n + 1, sizeof *c->msg);
	c->msg[c->n++] = xstrdup(msg);
}

static void collect_free(struct collect *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->msg[i]);
	free(c->msg);
	memset(c, 0, sizeof *c);
}

/* No problem in a folder, except missing translations when `missing_ok`
 * (they are the completeness gate's business: lessons-complete.sh). */
static void check_clean(const char *rel, int flags, int missing_ok)
{
	char dir[4096];
	struct collect c = {0};
	int nfiles, bad = 0;
	snprintf(dir, sizeof dir, "%s/%s", srcdir(), rel);
	lessoncheck_dir(dir, flags, collect, &c, &nfiles);
	for (size_t i = 0; i < c.n; i++)
		if (!missing_ok || !strstr(c.msg[i], ": missing: "))
			bad++;
	tap_ok(bad == 0 && nfiles > 0, "--check %s: %d files, %d problems%s", rel, nfiles, bad,
	       missing_ok ? " (missing translations aside)" : "");
	for (size_t i = 0; i < c.n; i++)
		tap_diag("%s", c.msg[i]);
	collect_free(&c);
}

/* The "# expect FILE:LINE: TEXT" comments of every file of a case. */
static size_t expectations(const char *dir, char want[][5200], size_t max)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0;
	while (d && (de = readdir(d))) {
		char path[8192];
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		char *text = read_file(path, 1 << 20, NULL);
		for (char *s = text, *nl; s && *s; s = nl ? nl + 1 : s + strlen(s)) {
			nl = strchr(s, '\n');
			if (strncmp(s, "# expect ", 9) || n >= max)
				continue;
			char file[256];
			int line;
			int len = 0;
			size_t eol = strcspn(s, "\n");
			if (sscanf(s + 9, "%255[^:]:%d: %n", file, &line, &len) < 2 || !len)
				continue;
			const char *msg = s + 9 + len;
			int mlen = (int)(eol - (size_t)(msg - s));
			if (line > 0)
				snprintf(want[n++], 5200, "%s/%s:%d: %.*s", dir, file, line, mlen,
					 msg);
			else
				snprintf(want[n++], 5200, "%s/%s: %.*s", dir, file, mlen, msg);
		}
		free(text);
	}
	if (d)
		closedir(d);
	return n;
}

static void test_bad_fixtures(void)
{
	char root[4096];
	snprintf(root, sizeof root, "%s/tests/lessons/bad", srcdir());
	DIR *d = opendir(root);
	struct dirent *de;
	char names[128][256];
	size_t ncase = 0;
	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.' && ncase < 128)
			snprintf(names[ncase++], sizeof names[0], "%s", de->d_name);
	if (d)
		closedir(d);
	tap_ok(ncase >= 30, "%zu broken fixtures in tests/lessons/bad", ncase);
	qsort(names, ncase, sizeof names[0], (int (*)(const void *, const void *))strcmp);
	for (size_t i = 0; i < ncase; i++) {
		char dir[4400], want[8][5200];
		struct collect c = {0};
		snprintf(dir, sizeof dir, "%s/%s", root, names[i]);
		size_t nw = expectations(dir, want, 8);
		lessoncheck_dir(dir, 0, collect, &c, NULL);
		int ok = nw > 0 && c.n == nw;
		for (size_t k = 0; k < nw; k++) {
			int found = 0;
			for (size_t m = 0; m < c.n; m++)
				if (!strncmp(c.msg[m], want[k], strlen(want[k])))
					found = 1;
			ok = ok && found;
		}
		if (!tap_ok(ok, "bad/%s: reported at the right file:line", names[i])) {
			for (size_t k = 0; k < nw; k++)
				tap_diag("want: %s", want[k]);
			for (size_t m = 0; m < c.n; m++)
				tap_diag("got:  %s", c.msg[m]);
		}
		collect_free(&c);
	}
}

/* ---- the curriculum ---- */

static void test_curriculum(void)
{
	struct lesson_catalog cat;
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/lessons", srcdir());
	setenv("LINGERLAB_LESSONS", dir, 1);
	lesson_catalog_load(&cat, NULL);
	int numbers = cat.n == 14;
	for (size_t i = 0; i < cat.n && numbers; i++)
		numbers = cat.e[i].number == (int)i + 1 && cat.e[i].path[LANG_EN];
	tap_ok(numbers, "14 English lessons numbered 1 to 14 (%zu found)", cat.n);
	for (size_t i = 0; i < cat.n; i++) {
		struct diag d = {0};
		struct lesson *l =
		    cat.e[i].path[LANG_EN] ? lesson_load(cat.e[i].path[LANG_EN], &d) : NULL;
		size_t labs = 0, questions = 0;
		for (size_t p = 0; l && p < l->npages; p++) {
			labs += l->pages[p].lab != NULL;
			questions += l->pages[p].nquestions;
		}
		tap_ok(labs > 0 && questions > 0, "%s: %zu labs, %zu questions", cat.e[i].id, labs,
		       questions);
		lesson_free(l);
	}
	lesson_catalog_free(&cat);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	test_textwrap();
	test_page();
	test_inline();
	test_values();
	test_grade();
	test_parser();
	check_clean("lessons", 0, 1);
	check_clean("tests/lessons/good", LESSONCHECK_COMPLETE, 0);
	test_bad_fixtures();
	test_curriculum();
	return tap_done();
}
