/* SPDX-License-Identifier: MIT */
/*
 * tui_player.c - the lesson player screen.
 *
 * One lesson, one page at a time: the page's text on the left, wrapped by
 * display width; on a page with a lab, the animated ladder on the right,
 * the state panel and the lab's settings below.  Predictions are asked
 * before the run and graded from the run's verdict.  Each page keeps its
 * own settings, answers and last run, so the student can go back and
 * forth, and switch language, without losing anything.
 */
#include "config.h"
#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/i18n.h"
#include "lesson/lesson.h"
#include "tui/tui_app.h"
#include "tui/tui_ladder.h"
#include "tui/tui_page.h"
#include "tui/tui_progress.h"
#include "tui/tui_run.h"
#include "tui/tui_settings.h"
#include "base/util.h"

#define MAX_ITEMS 16
#define AUTO_ADVANCE_MS 20000

struct page_state {
	char (*vals)[PARAM_VALUE_MAX]; /* the student's value of each param */
	char (*ran)[PARAM_VALUE_MAX];  /* ... and the values of the last run */
	size_t nvals;
	int *answer; /* per question, -1 = none */
	size_t nanswer;
	int revealed;    /* the replay reached the end: grade */
	int repredicted; /* answers made after the last run */
	struct tui_run run;
};

static struct {
	size_t entry;
	struct lesson *les;
	size_t page;
	struct page_state *ps;
	size_t nps;
	struct page_doc doc;
	int doc_ok;
	size_t top; /* first line of the text shown */
	int text_h;
	struct settings_area set; /* the lab's settings, focus, selection */
	int warned;               /* "predict first" was said once */
	int to_question;          /* presenter: scroll the text to the question */
	int64_t idle_ms;          /* auto-advance: time on this page, idle */
	int text_y, text_x, text_w;
} P;

static struct page_state *cur_ps(void)
{
	return P.les && P.page < P.nps ? &P.ps[P.page] : NULL;
}

static const struct lesson_page *cur_page(void)
{
	return P.les && P.page < P.les->npages ? &P.les->pages[P.page] : NULL;
}

static void free_states(void)
{
	for (size_t i = 0; i < P.nps; i++) {
		tui_run_free(&P.ps[i].run);
		free(P.ps[i].vals);
		free(P.ps[i].ran);
		free(P.ps[i].answer);
	}
	free(P.ps);
	P.ps = NULL;
	P.nps = 0;
}

/* Fresh settings and answers for every page of the loaded lesson. */
static void init_states(void)
{
	free_states();
	P.nps = P.les->npages;
	P.ps = xcalloc(P.nps, sizeof *P.ps);
	for (size_t i = 0; i < P.nps; i++) {
		const struct lesson_page *pg = &P.les->pages[i];
		struct page_state *s = &P.ps[i];
		if (pg->lab && pg->lab->nparams) {
			s->nvals = pg->lab->nparams;
			s->vals = xcalloc(s->nvals, sizeof *s->vals);
			s->ran = xcalloc(s->nvals, sizeof *s->ran);
			for (size_t k = 0; k < s->nvals; k++)
				snprintf(s->vals[k], PARAM_VALUE_MAX, "%s",
					 pg->lab->params[k].start ? pg->lab->params[k].start : "");
		}
		s->nanswer = pg->nquestions;
		s->answer = xcalloc(s->nanswer ? s->nanswer : 1, sizeof *s->answer);
		for (size_t k = 0; k < s->nanswer; k++)
			s->answer[k] = -1;
	}
}

/* The states still fit the lesson (after a language switch)? */
static int states_fit(void)
{
	if (P.nps != P.les->npages)
		return 0;
	for (size_t i = 0; i < P.nps; i++) {
		const struct lesson_page *pg = &P.les->pages[i];
		if (P.ps[i].nanswer != pg->nquestions ||
		    P.ps[i].nvals != (pg->lab ? pg->lab->nparams : 0))
			return 0;
	}
	return 1;
}

/* ---- the student's work, saved with the progress ---- */

/* A lesson is done when its questions are answered or its labs have run;
 * one with neither, when its last page is reached. */
static int lesson_done(void)
{
	size_t nq = 0, answered = 0, nlabs = 0, ran = 0;
	for (size_t i = 0; i < P.nps; i++) {
		for (size_t k = 0; k < P.ps[i].nanswer; k++, nq++)
			answered += P.ps[i].answer[k] >= 0;
		if (P.les->pages[i].lab) {
			nlabs++;
			ran += P.ps[i].run.state == RUN_DONE;
		}
	}
	if (nq || nlabs)
		return (nq && answered == nq) || (nlabs && ran == nlabs);
	return P.page + 1 >= P.les->npages;
}

/* Answers, changed settings and finished runs of every page, as the
 * lesson's "work" lines of the progress file (tui_progress.h):
 *   a PAGE Q CHOICE | v PAGE I VALUE | r PAGE REVEALED | rv PAGE I VALUE
 *   x PAGE LINE (a line of the run, tui_run_save()) */
static void save_work(void)
{
	const struct lesson_catalog *cat = tui_catalog();
	if (!P.les || P.entry >= cat->n)
		return;
	char *text = NULL, prefix[32];
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return;
	for (size_t i = 0; i < P.nps; i++) {
		const struct page_state *s = &P.ps[i];
		const struct lesson_lab *lab = P.les->pages[i].lab;
		for (size_t k = 0; k < s->nanswer; k++)
			if (s->answer[k] >= 0)
				fprintf(f, "a %zu %zu %d\n", i, k, s->answer[k]);
		for (size_t k = 0; k < s->nvals; k++)
			if (strcmp(s->vals[k], lab->params[k].start ? lab->params[k].start : ""))
				fprintf(f, "v %zu %zu %s\n", i, k, s->vals[k]);
		if (s->run.state != RUN_DONE)
			continue;
		fprintf(f, "r %zu %d\n", i, s->revealed);
		for (size_t k = 0; k < s->nvals; k++)
			fprintf(f, "rv %zu %zu %s\n", i, k, s->ran[k]);
		snprintf(prefix, sizeof prefix, "x %zu ", i);
		tui_run_save(&s->run, f, prefix);
	}
	if (fclose(f) != 0) {
		free(text);
		return;
	}
	struct progress *pr = tui_progress();
	const char *id = cat->e[P.entry].id;
	progress_set_work(pr, id, len ? text : NULL);
	if (!len)
		free(text);
	struct progress_item *it = progress_item(pr, id);
	if (it && lesson_done())
		it->done = 1;
	tui_progress_changed();
}

/* A saved value for setting k of page i, if it is still within bounds. */
static void load_value(char (*vals)[PARAM_VALUE_MAX], size_t i, size_t k, const char *v)
{
	const struct lesson_lab *lab = P.les->pages[i].lab;
	if (vals && lab && k < lab->nparams && lesson_param_ok(&lab->params[k], v))
		snprintf(vals[k], PARAM_VALUE_MAX, "%s", v);
}

/* Give the pages back what save_work() saved.  Lines that no longer fit
 * the lesson (a page, question or setting that is gone) are skipped. */
static void load_work(void)
{
	const struct lesson_catalog *cat = tui_catalog();
	const struct progress_item *it = NULL;
	struct progress *pr = tui_progress();
	for (size_t i = 0; i < pr->n; i++)
		if (!strcmp(pr->it[i].id, cat->e[P.entry].id))
			it = &pr->it[i];
	if (!it || !it->work)
		return;
	struct timeline *tl = xcalloc(P.nps, sizeof *tl);
	int *has = xcalloc(P.nps, sizeof *has);
	char *copy = xstrdup(it->work), *save = NULL, v[PARAM_VALUE_MAX];
	for (size_t i = 0; i < P.nps; i++)
		timeline_init(&tl[i]);
	for (char *ln = strtok_r(copy, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
		size_t pg, q;
		int c, n = 0;
		if (sscanf(ln, "a %zu %zu %d", &pg, &q, &c) == 3) {
			if (pg < P.nps && q < P.ps[pg].nanswer && c >= 0 &&
			    (size_t)c < P.les->pages[pg].questions[q].nchoices)
				P.ps[pg].answer[q] = c;
		} else if (sscanf(ln, "v %zu %zu %31s", &pg, &q, v) == 3) {
			if (pg < P.nps)
				load_value(P.ps[pg].vals, pg, q, v);
		} else if (sscanf(ln, "rv %zu %zu %31s", &pg, &q, v) == 3) {
			if (pg < P.nps)
				load_value(P.ps[pg].ran, pg, q, v);
		} else if (sscanf(ln, "r %zu %d", &pg, &c) == 2) {
			if (pg < P.nps && P.les->pages[pg].lab)
				has[pg] = 1;
		} else if (sscanf(ln, "x %zu %n", &pg, &n) == 1 && n > 0) {
			if (pg < P.nps && has[pg] && tui_run_load_line(&tl[pg], ln + n) < 0)
				has[pg] = 0; /* a damaged run is dropped, the rest kept */
		}
	}
	for (size_t i = 0; i < P.nps; i++) {
		struct page_state *s = &P.ps[i];
		if (has[i] && tl[i].n && tui_run_adopt(&s->run, &tl[i], 0) == 0) {
			/* seen in an earlier session: shown whole, graded */
			s->revealed = 1;
			anim_jump(&s->run.anim, s->run.anim.n);
		}
		timeline_free(&tl[i]);
	}
	free(copy);
	free(tl);
	free(has);
}

static void visit(void)
{
	const struct lesson_catalog *cat = tui_catalog();
	if (!P.les || P.entry >= cat->n)
		return;
	progress_visit(tui_progress(), cat->e[P.entry].id, (int)P.page);
	save_work();
}

static void set_page(size_t page)
{
	struct page_state *old = cur_ps();
	if (old && old->run.state == RUN_RUNNING && page != P.page) {
		tui_run_cancel(&old->run);
		tui_status(0, "%s", _("The run was cancelled: you left its page."));
	}
	P.page = page;
	P.top = 0;
	P.set.sel = 0;
	P.set.focus = 0;
	P.warned = 0;
	P.idle_ms = 0;
	P.doc_ok = 0;
	visit();
	tui_dirty();
}

int tui_player_open(size_t index, size_t page)
{
	const struct lesson_catalog *cat = tui_catalog();
	struct diag d;
	if (index >= cat->n) {
		tui_status(1, "%s", _("No such lesson."));
		return -1;
	}
	struct lesson *l = lesson_entry_load(&cat->e[index], i18n_get(), &d);
	if (!l) {
		tui_status(1, "%s", d.msg);
		return -1;
	}
	if (l->npages == 0) {
		lesson_free(l);
		tui_status(1, _("%s has no pages."), cat->e[index].id);
		return -1;
	}
	free_states();
	if (P.les)
		lesson_free(P.les);
	page_doc_free(&P.doc);
	P.les = l;
	P.entry = index;
	init_states();
	load_work();
	set_page(page < l->npages ? page : page == SIZE_MAX ? l->npages - 1 : 0);
	return 0;
}

/* ---- text ---- */

static const struct verdict *lab_verdict(void *ctx, const char *lab)
{
	(void)ctx;
	for (size_t i = 0; i < P.nps; i++) {
		const struct lesson_lab *lb = P.les->pages[i].lab;
		if (lb && lb->id && !strcmp(lb->id, lab) && P.ps[i].run.state == RUN_DONE &&
		    P.ps[i].revealed)
			return &P.ps[i].run.v;
	}
	return NULL;
}

/* The settings differ from those of the run on screen. */
static int stale(const struct page_state *s)
{
	if (!s->run.have)
		return 0;
	for (size_t i = 0; i < s->nvals; i++)
		if (strcmp(s->vals[i], s->ran[i]))
			return 1;
	return 0;
}

static void build_doc(int width)
{
	const struct lesson_page *pg = cur_page();
	struct page_state *s = cur_ps();
	if (!pg)
		return;
	int done = s->run.state == RUN_DONE && !s->repredicted;
	struct page_view pv = {
	    s->answer,
	    done && s->revealed ? &s->run.v : NULL,
	    lab_verdict,
	    NULL,
	    tui.utf8,
	    1,
	    done && !s->revealed,
	};
	page_build(&P.doc, pg, width, &pv);
	P.doc_ok = 1;
}

/* The replay reached its end: the grade may be shown. */
static void check_reveal(struct page_state *s)
{
	if (s->run.state == RUN_DONE && !s->revealed && s->run.anim.cur >= s->run.anim.n) {
		s->revealed = 1;
		P.doc_ok = 0;
		P.to_question = tui.present;
		tui_dirty();
	}
}

/* ---- drawing ---- */

static const char *hint_text(const struct page_state *s, int has_lab)
{
	static char buf[300];
	const char *ud = tui_glyph("↑↓", "Up/Dn");
	const char *lr = tui_glyph("←→", "<- ->");
	if (s && s->run.state == RUN_RUNNING)
		snprintf(buf, sizeof buf, "%s", _("c cancel  q quit"));
	else if (P.set.focus)
		snprintf(buf, sizeof buf,
			 _("%s change  Tab next setting  u start values  Esc done  r run"), ud);
	else if (!has_lab)
		snprintf(
		    buf, sizeof buf,
		    _("%s PgUp/PgDn scroll  n/N page  Esc lessons  L language  ? help  q quit"),
		    ud);
	else if (s && s->run.have)
		snprintf(buf, sizeof buf,
			 _("%s scroll  %s step  p play  r run  Tab settings  n/N page  ? help"), ud,
			 lr);
	else
		snprintf(buf, sizeof buf,
			 _("%s scroll  1-9 predict  r run  Tab settings  n/N page  ? help"), ud);
	return buf;
}

/* The hint row, the status line and, in presenter mode or with
 * auto-advance, an indicator that says so. */
static void hint_row(int rows, int cols, const struct page_state *s, int has_lab)
{
	char ind[100] = "";
	tui_status_line(rows, cols, NULL);
	if (tui.auto_advance)
		snprintf(ind, sizeof ind, " %s %s ", tui_glyph("⟳", "@"), _("auto-advance"));
	else if (tui.present)
		snprintf(ind, sizeof ind, " %s %s ", tui_glyph("▣", "#"), _("presenter"));
	int iw = tui_width(ind);
	const char *hint = tui.present && !P.set.focus ? _("PgDn next  PgUp back  b blank  a auto")
						       : hint_text(s, has_lab);
	tui_put(rows - 2, 1, hint, cols - 3 - iw, R_DIM);
	if (iw)
		tui_put_right(rows - 2, cols - 1, ind, iw, R_SELECT);
}

/* The line of the doc where the page's first question starts, or, with
 * `grade`, the line of its grade ("» Right: ..."), or -1. */
static long doc_find(int grade)
{
	const char *mark = tui_glyph("» ", "> ");
	int inq = 0;
	for (size_t i = 0; i < P.doc.n; i++) {
		const struct page_line *l = &P.doc.l[i];
		if (!l->n || !l->r[0].s)
			continue;
		if (l->r[0].role == PR_KEY && !strncmp(l->r[0].s, "? ", 2)) {
			if (!grade)
				return (long)i;
			inq = 1;
		} else if (inq && !strncmp(l->r[0].s, mark, strlen(mark))) {
			return (long)i;
		}
	}
	return -1;
}

/* The settings at row y, below a line saying so when the run shown was
 * made with other settings (old). */
static void draw_settings(const struct lesson_page *pg, const struct page_state *s, int y, int old,
			  int srows, int cols)
{
	if (old)
		tui_put(y++, 1,
			_("The run shown was made with the settings before your change: r runs "
			  "with these."),
			cols - 2, R_EMPH);
	settings_draw(&P.set, pg->lab, s->vals, y, 1, srows - old, cols - 2);
}

/* Presenter mode on a lab page: the ladder large across the screen, the
 * question and its grade below it, the text scrolled to the question once
 * the lab runs. */
static void present_draw(int rows, int cols)
{
	const struct lesson_page *pg = cur_page();
	struct page_state *s = cur_ps();
	int sl = tui_state_lines(&s->run, cols - 2), old = stale(s);
	int srows = settings_rows(&P.set, pg->lab, s->vals, cols - 2) + old;
	if (srows > 2 + old)
		srows = 2 + old;
	int th = rows / 4;
	int lh = rows - 4 - sl - srows - th;
	if (!P.doc_ok || P.doc.width != cols - 2)
		build_doc(cols - 2);
	if (P.to_question) {
		long q = doc_find(0), g = doc_find(1);
		if (g >= 0 && g + 1 - th > q)
			q = g + 1 - th;
		if (q >= 0)
			P.top = (size_t)q;
		P.to_question = 0;
	}
	if (P.top + (size_t)th > P.doc.n)
		P.top = P.doc.n > (size_t)th ? P.doc.n - (size_t)th : 0;
	P.text_h = th;
	tui_ladder_draw(&s->run, 1, 0, lh, cols);
	tui_hline(lh + 1, 0, cols, R_FRAME);
	tui_state_draw(&s->run, lh + 2, 1, sl, cols - 2);
	int ty = lh + 2 + sl;
	tui_page_draw(&P.doc, P.top, ty, 1, th, cols - 2);
	if (P.top > 0)
		tui_put(ty, cols - 1, tui_glyph("▲", "^"), 1, R_KEY);
	if (P.top + (size_t)th < P.doc.n)
		tui_put(ty + th - 1, cols - 1, tui_glyph("▼", "v"), 1, R_KEY);
	draw_settings(pg, s, ty + th, old, srows, cols);
	hint_row(rows, cols, s, 1);
}

static void player_draw(int rows, int cols)
{
	const struct lesson_page *pg = cur_page();
	struct page_state *s = cur_ps();
	char title[300];
	if (!pg) {
		tui_title_bar(cols, "");
		return;
	}
	/* The page counter first: a long title is cut, the counter never. */
	snprintf(title, sizeof title, "%zu/%zu %s %d %s %s %s", P.page + 1, P.les->npages,
		 tui_glyph("·", "-"), P.les->number, P.les->title ? P.les->title : "",
		 tui_glyph("·", "-"), pg->title ? pg->title : "");
	tui_title_bar(cols, title);
	int has_lab = pg->lab != NULL;
	if (tui.present && has_lab) {
		present_draw(rows, cols);
		return;
	}
	int text_x = 1, text_w, text_h, sl = 0, srows = 0, old = 0;
	if (has_lab) {
		sl = tui_state_lines(&s->run, cols - 2);
		old = stale(s);
		srows = settings_rows(&P.set, pg->lab, s->vals, cols - 2) + old;
		/* The text and the ladder keep at least 6 rows; the settings
		 * area scrolls beyond that (never at 80x24 today). */
		if (rows - 4 - sl - srows < 6)
			srows = rows - 4 - sl - 6;
		text_h = rows - 4 - sl - srows;
		text_w = cols * 2 / 5;
		if (text_w < 28)
			text_w = 28;
	} else {
		text_h = rows - 3;
		text_w = cols - 2 < 100 ? cols - 2 : 100;
	}
	if (!P.doc_ok || P.doc.width != text_w - 1)
		build_doc(text_w - 1);
	if (P.top + (size_t)text_h > P.doc.n)
		P.top = P.doc.n > (size_t)text_h ? P.doc.n - (size_t)text_h : 0;
	P.text_h = text_h;
	P.text_y = 1;
	P.text_x = text_x;
	P.text_w = text_w - 1;
	tui_page_draw(&P.doc, P.top, 1, text_x, text_h, text_w - 1);
	int lx = has_lab ? text_x + text_w : cols - 1;
	if (has_lab) {
		tui_vline(1, lx, text_h, R_FRAME);
		tui_ladder_draw(&s->run, 1, lx + 1, text_h, cols - lx - 1);
		tui_hline(text_h + 1, 0, cols, R_FRAME);
		tui_put(text_h + 1, lx, tui_glyph("┴", "+"), 1, R_FRAME);
		tui_state_draw(&s->run, text_h + 2, 1, sl, cols - 2);
		draw_settings(pg, s, text_h + 2 + sl, old, srows, cols);
	}
	/* Scroll marks on the pane's edge: hidden text is never a surprise. */
	if (P.top > 0)
		tui_put(1, lx, tui_glyph("▲", "^"), 1, R_KEY);
	if (P.top + (size_t)text_h < P.doc.n)
		tui_put(text_h, lx, tui_glyph("▼", "v"), 1, R_KEY);
	hint_row(rows, cols, s, has_lab);
}

/* ---- actions ---- */

static void run_lab(void)
{
	const struct lesson_page *pg = cur_page();
	struct page_state *s = cur_ps();
	if (!pg || !pg->lab) {
		tui_status(0, "%s", _("This page has no lab."));
		return;
	}
	if (s->run.state == RUN_RUNNING)
		return;
	for (size_t i = 0; i < s->nanswer; i++)
		if (s->answer[i] < 0 && !P.warned && (s->run.state != RUN_DONE || stale(s))) {
			P.warned = 1;
			tui_status(
			    0, "%s",
			    _("Make your prediction first (1-9), or press r again to run anyway."));
			return;
		}
	const char *vals[MAX_ITEMS + 1];
	for (size_t i = 0; i < s->nvals && i < MAX_ITEMS; i++)
		vals[i] = s->vals[i];
	if (tui_run_start(&s->run, pg->lab, s->nvals ? vals : NULL) < 0)
		tui_status(1, "%s", s->run.msg);
	else
		tui_status(0, "%s", _("Running the experiment on this machine's kernel..."));
	memcpy(s->ran, s->vals, s->nvals * sizeof *s->vals);
	s->revealed = 0;
	s->repredicted = 0;
	P.set.focus = 0;
	P.to_question = tui.present;
	P.doc_ok = 0;
	tui_dirty();
}

/* The run of this page just ended. */
static void run_ended(void)
{
	struct page_state *s = cur_ps();
	if (s->run.state == RUN_DONE) {
		tui_status(
		    0,
		    ngettext(
			"Done in %.2f s: %zu event. Watch the ladder (p pauses, Left/Right step).",
			"Done in %.2f s: %zu events. Watch the ladder (p pauses, Left/Right step).",
			s->run.lad.n),
		    (double)s->run.took / 1e9, s->run.lad.n);
		anim_toggle_play(&s->run.anim);
		check_reveal(s);
		save_work();
	} else {
		tui_status(1, "%s", s->run.msg);
	}
	P.doc_ok = 0;
	P.idle_ms = 0;
	tui_dirty();
}

/* A setting changed: the run on screen stays, marked as made with the old
 * settings (stale()), until the next run. */
static void settings_changed(void)
{
	save_work();
	P.warned = 0;
	P.doc_ok = 0;
	tui_dirty();
}

static void change_setting(int dir)
{
	const struct lesson_page *pg = cur_page();
	struct page_state *s = cur_ps();
	if (!pg || !pg->lab || s->nvals == 0 || s->run.state == RUN_RUNNING)
		return;
	if (P.set.sel < 0 || (size_t)P.set.sel >= s->nvals)
		P.set.sel = 0;
	if (settings_step(pg->lab, s->vals, (size_t)P.set.sel, dir))
		settings_changed();
}

static void predict(int choice)
{
	const struct lesson_page *pg = cur_page();
	struct page_state *s = cur_ps();
	if (!pg || s->nanswer == 0) {
		tui_status(0, "%s", _("There is no question on this page."));
		return;
	}
	if (s->run.state == RUN_RUNNING ||
	    (s->run.state == RUN_DONE && !stale(s) && !s->repredicted)) {
		tui_status(0, "%s",
			   _("Already graded: change a setting to predict and run again."));
		return;
	}
	if (s->run.state == RUN_DONE && !s->repredicted) {
		/* a new prediction, for the next run */
		for (size_t i = 0; i < s->nanswer; i++)
			s->answer[i] = -1;
		s->repredicted = 1;
	}
	size_t q = s->nanswer - 1;
	for (size_t i = 0; i < s->nanswer; i++)
		if (s->answer[i] < 0) {
			q = i;
			break;
		}
	if ((size_t)choice >= pg->questions[q].nchoices) {
		tui_status(0, _("Choose 1 to %zu."), pg->questions[q].nchoices);
		return;
	}
	s->answer[q] = choice;
	tui_status(0, _("Your prediction: %d. Press r to run the lab."), choice + 1);
	P.doc_ok = 0;
	save_work();
	tui_dirty();
}

static void text_scroll(int d)
{
	if (d < 0 && P.top < (size_t)-d)
		P.top = 0;
	else if (d > 0)
		P.top += (size_t)d;
	else
		P.top -= (size_t)-d;
	tui_dirty();
}

/* Keys of the settings area while it has focus. */
static int settings_key(int ch)
{
	const struct lesson_page *pg = cur_page();
	struct page_state *s = cur_ps();
	switch (ch) {
	case KEY_UP:
	case 'k':
	case '+':
		change_setting(+1);
		return KEY_USED;
	case KEY_DOWN:
	case 'j':
	case '-':
		change_setting(-1);
		return KEY_USED;
	case '\t':
		P.set.sel = (P.set.sel + 1) % (int)s->nvals;
		break;
	case KEY_BTAB:
		P.set.sel = (P.set.sel + (int)s->nvals - 1) % (int)s->nvals;
		break;
	case 'u':
		if (s->run.state != RUN_RUNNING && settings_reset(pg->lab, s->vals))
			settings_changed();
		break;
	case 27:
	case '\n':
	case '\r':
	case KEY_ENTER:
		P.set.focus = 0;
		break;
	default:
		return KEY_UNUSED;
	}
	tui_dirty();
	return KEY_USED;
}

/* The clicker's "next": run the lab of this page, then step its replay
 * to the end, then the next page, then the next lesson.  Auto-advance
 * does the same on a timer, so it never passes a lab that has not run. */
static void present_next(void)
{
	const struct lesson_page *pg = cur_page();
	struct page_state *s = cur_ps();
	if (pg->lab) {
		if (s->run.state == RUN_RUNNING)
			return;
		if (s->run.state != RUN_DONE || stale(s)) {
			P.warned = 1; /* the room predicts aloud */
			run_lab();
			return;
		}
		if (s->run.anim.cur < s->run.anim.n) {
			anim_step(&s->run.anim, +1);
			check_reveal(s);
			tui_dirty();
			return;
		}
	}
	if (P.page + 1 < P.les->npages)
		set_page(P.page + 1);
	else if (P.entry + 1 < tui_catalog()->n)
		tui_open_lesson(P.entry + 1, 0);
	else {
		tui.auto_advance = 0;
		tui_status(0, "%s", _("This was the last lesson."));
	}
}

/* The clicker's "back": step the replay back, else the previous page,
 * else the previous lesson's last page. */
static void present_back(void)
{
	const struct lesson_page *pg = cur_page();
	struct page_state *s = cur_ps();
	if (pg->lab && s->run.have && s->run.anim.cur > 0 && s->run.anim.cur < s->run.anim.n) {
		anim_step(&s->run.anim, -1);
		tui_dirty();
	} else if (P.page > 0) {
		set_page(P.page - 1);
	} else if (P.entry > 0) {
		tui_open_lesson(P.entry - 1, SIZE_MAX);
	}
}

static int player_key(int ch)
{
	const struct lesson_page *pg = cur_page();
	struct page_state *s = cur_ps();
	if (!pg)
		return KEY_UNUSED;
	P.idle_ms = 0;
	if (s->run.state == RUN_RUNNING) {
		if (ch == 'c' || ch == 27 || ch == KEY_BACKSPACE) {
			tui_run_cancel(&s->run);
			tui_status(0, "%s", _("Run cancelled."));
			P.doc_ok = 0;
			tui_dirty();
			return KEY_USED;
		}
	}
	if (P.set.focus && s->nvals && settings_key(ch) == KEY_USED)
		return KEY_USED;
	if (tui.present && (ch == KEY_NPAGE || ch == KEY_PPAGE)) {
		if (ch == KEY_NPAGE)
			present_next();
		else
			present_back();
		return KEY_USED;
	}
	if (pg->lab && tui_ladder_key(&s->run, ch)) {
		check_reveal(s);
		return KEY_USED;
	}
	switch (ch) {
	case 'n':
		if (P.page + 1 < P.les->npages)
			set_page(P.page + 1);
		else
			tui_status(0, "%s", _("Last page. Esc goes back to the lessons."));
		return KEY_USED;
	case 'N':
		if (P.page > 0)
			set_page(P.page - 1);
		return KEY_USED;
	case 'j':
	case KEY_DOWN:
		text_scroll(+1);
		return KEY_USED;
	case 'k':
	case KEY_UP:
		text_scroll(-1);
		return KEY_USED;
	case KEY_NPAGE:
		text_scroll(P.text_h > 2 ? P.text_h - 1 : 1);
		return KEY_USED;
	case KEY_PPAGE:
		text_scroll(-(P.text_h > 2 ? P.text_h - 1 : 1));
		return KEY_USED;
	case '\t':
	case KEY_BTAB:
		if (s->nvals) {
			P.set.focus = 1;
			tui_dirty();
		} else if (pg->lab) {
			tui_status(0, "%s", _("This lab has nothing to set: press r to run."));
		}
		return KEY_USED;
	case 'r':
		run_lab();
		return KEY_USED;
	case 27:
	case KEY_BACKSPACE:
	case 127:
		tui_switch(SCR_LIST);
		return KEY_USED;
	default:
		if (ch >= '1' && ch <= '9') {
			predict(ch - '1');
			return KEY_USED;
		}
	}
	return KEY_UNUSED;
}

static void player_mouse(int y, int x, unsigned long b)
{
	struct page_state *s = cur_ps();
	if (!s)
		return;
	if (b & BUTTON4_PRESSED) {
		text_scroll(-3);
		return;
	}
#ifdef BUTTON5_PRESSED
	if (b & BUTTON5_PRESSED) {
		text_scroll(+3);
		return;
	}
#endif
	int i = cur_page()->lab ? settings_hit(&P.set, y, x) : -1;
	if (i >= 0) {
		/* a click gives the settings area focus and changes the value */
		P.set.focus = 1;
		P.set.sel = i;
		change_setting(b & (BUTTON3_CLICKED | BUTTON3_PRESSED) ? -1 : +1);
		tui_dirty();
		return;
	}
	if ((b & (BUTTON1_CLICKED | BUTTON1_PRESSED)) && tui_ladder_click(&s->run, y, x))
		check_reveal(s);
}

static int player_tick(int64_t dt_ns)
{
	struct page_state *s = cur_ps();
	if (!s)
		return -1;
	int want = tui_ladder_tick(&s->run, dt_ns);
	check_reveal(s);
	if (!tui.auto_advance || want >= 0)
		return want;
	/* Auto-advance: a page left idle turns by itself. */
	P.idle_ms += dt_ns / 1000000;
	if (P.idle_ms >= AUTO_ADVANCE_MS) {
		present_next();
		P.idle_ms = 0;
		return AUTO_ADVANCE_MS;
	}
	return (int)(AUTO_ADVANCE_MS - P.idle_ms);
}

static int player_fd(void)
{
	struct page_state *s = cur_ps();
	return s ? tui_run_fd(&s->run) : -1;
}

static void player_ready(void)
{
	struct page_state *s = cur_ps();
	if (s && tui_run_pump(&s->run))
		run_ended();
}

static void player_relang(void)
{
	const struct lesson_catalog *cat = tui_catalog();
	struct diag d;
	if (!P.les || P.entry >= cat->n)
		return;
	struct lesson *l = lesson_entry_load(&cat->e[P.entry], i18n_get(), &d);
	if (!l || l->npages == 0) {
		if (l)
			lesson_free(l);
		tui_status(1, "%s", l ? _("That translation has no pages.") : d.msg);
		return;
	}
	lesson_free(P.les);
	P.les = l;
	if (!states_fit())
		init_states();
	for (size_t i = 0; i < P.nps; i++)
		tui_run_relang(&P.ps[i].run);
	if (P.page >= l->npages)
		P.page = l->npages - 1;
	P.doc_ok = 0;
	P.top = 0;
}

static void player_fini(void)
{
	free_states();
	if (P.les)
		lesson_free(P.les);
	P.les = NULL;
	page_doc_free(&P.doc);
}

static void player_enter(void)
{
	P.doc_ok = 0;
}

const struct tui_screen tui_player_screen = {
    "player",    player_enter, player_draw,  player_key,    player_mouse,
    player_tick, player_fd,    player_ready, player_relang, player_fini,
};
