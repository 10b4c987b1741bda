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
#include "base/util.h"

#define MAX_ITEMS 16
#define AUTO_ADVANCE_MS 20000

struct page_state {
	char (*vals)[PARAM_VALUE_MAX]; /* the student's value of each param */
	size_t nvals;
	int *answer;                   /* per question, -1 = none */
	size_t nanswer;
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
	size_t top;          /* first line of the text shown */
	int text_h;
	int sel;             /* selected lab setting */
	int warned;          /* "predict first" was said once */
	int64_t idle_ms;     /* auto-advance: time on this page, idle */
	/* where the lab's settings were drawn, for the mouse */
	int lab_y, item_x[MAX_ITEMS], item_w[MAX_ITEMS], nitems;
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

static void visit(void)
{
	const struct lesson_catalog *cat = tui_catalog();
	if (!P.les || P.entry >= cat->n)
		return;
	progress_visit(tui_progress(), cat->e[P.entry].id, (int)P.page,
	               (int)P.les->npages);
	tui_progress_changed();
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
	P.sel = 0;
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
	set_page(page < l->npages ? page : 0);
	tui_list_select(index);
	return 0;
}

/* ---- text ---- */

static const struct verdict *lab_verdict(void *ctx, const char *lab)
{
	(void)ctx;
	for (size_t i = 0; i < P.nps; i++) {
		const struct lesson_lab *lb = P.les->pages[i].lab;
		if (lb && lb->id && !strcmp(lb->id, lab) &&
		    P.ps[i].run.state == RUN_DONE)
			return &P.ps[i].run.v;
	}
	return NULL;
}

static void build_doc(int width)
{
	const struct lesson_page *pg = cur_page();
	struct page_state *s = cur_ps();
	if (!pg)
		return;
	struct page_view pv = {
		s->answer,
		s->run.state == RUN_DONE ? &s->run.v : NULL,
		lab_verdict,
		NULL,
		tui.utf8,
		1,
	};
	page_build(&P.doc, pg, width, &pv);
	P.doc_ok = 1;
}

/* ---- drawing ---- */

static void lab_line(int y, int cols)
{
	const struct lesson_page *pg = cur_page();
	struct page_state *s = cur_ps();
	const struct lesson_lab *lab = pg->lab;
	int x = 1;
	char buf[160];
	P.lab_y = y;
	P.nitems = 0;
	x += tui_put(y, x, _("Lab:"), cols - x, R_HEADING);
	x += tui_put(y, x, " ", 1, R_NORMAL);
	if (lab->nparams == 0) {
		tui_put(y, x, _("(nothing to set: press r to run)"), cols - x - 1, R_DIM);
		return;
	}
	for (size_t i = 0; i < lab->nparams && i < MAX_ITEMS; i++) {
		const struct lesson_param *p = &lab->params[i];
		int sel = (int)i == P.sel;
		snprintf(buf, sizeof buf, "%s%s [%s]", sel ? tui_glyph("▸", ">") : " ",
		         p->label && *p->label ? p->label : p->name, s->vals[i]);
		int w = tui_width(buf);
		if (x + w >= cols - 1)
			break;
		P.item_x[P.nitems] = x;
		P.item_w[P.nitems] = w;
		P.nitems++;
		x += tui_put(y, x, buf, cols - 1 - x, sel ? R_SELECT : R_NORMAL);
		x += tui_put(y, x, "  ", 2, R_NORMAL);
	}
}

static const char *hint_text(const struct page_state *s, int has_lab)
{
	static char buf[300];
	const char *ud = tui_glyph("↑↓", "^v");
	const char *lr = tui_glyph("→/←", "<-/->");
	if (s && s->run.state == RUN_RUNNING)
		snprintf(buf, sizeof buf, "%s", _("c cancel  q quit"));
	else if (!has_lab)
		snprintf(buf, sizeof buf, _("n next page  N previous  %s scroll  Esc lessons  L language  ? help  q quit"),
		         ud);
	else if (s && s->run.have)
		snprintf(buf, sizeof buf, _("%s step  p play  +/- speed  r run  Tab %s settings  n/N page  ? help"),
		         lr, ud);
	else
		snprintf(buf, sizeof buf, _("r run  1-9 predict  Tab %s settings  n/N page  Esc lessons  ? help  q quit"),
		         ud);
	return buf;
}

static void player_draw(int rows, int cols)
{
	const struct lesson_catalog *cat = tui_catalog();
	const struct lesson_page *pg = cur_page();
	struct page_state *s = cur_ps();
	char title[300];
	if (!pg) {
		tui_title_bar(cols, "");
		return;
	}
	(void)cat;
	snprintf(title, sizeof title, "%d %s %s %s %zu/%zu", P.les->number,
	         P.les->title ? P.les->title : "", tui_glyph("·", "-"),
	         pg->title ? pg->title : "", P.page + 1, P.les->npages);
	tui_title_bar(cols, title);
	int has_lab = pg->lab != NULL;
	int text_x = 1, text_w, text_h, sl = 0;
	if (has_lab) {
		sl = tui_state_lines(&s->run, cols - 2);
		text_h = rows - 5 - sl;
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
		lab_line(rows - 3, cols);
	}
	/* Scroll marks on the pane's edge: hidden text is never a surprise. */
	if (P.top > 0)
		tui_put(1, lx, tui_glyph("▲", "^"), 1, R_KEY);
	if (P.top + (size_t)text_h < P.doc.n)
		tui_put(text_h, lx, tui_glyph("▼", "v"), 1, R_KEY);
	tui_status_line(rows, cols, NULL);
	tui_put(rows - 2, 1, hint_text(s, has_lab), cols - 2, R_DIM);
	if (tui.auto_advance)
		tui_put_right(rows - 2, cols - 1, tui_glyph("⟳ auto", "auto"), 8, R_KEY);
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
		if (s->answer[i] < 0 && !P.warned && s->run.state != RUN_DONE) {
			P.warned = 1;
			tui_status(0, "%s", _("Make your prediction first (1-9), or press r again to run anyway."));
			return;
		}
	const char *vals[MAX_ITEMS + 1];
	for (size_t i = 0; i < s->nvals && i < MAX_ITEMS; i++)
		vals[i] = s->vals[i];
	if (tui_run_start(&s->run, pg->lab, s->nvals ? vals : NULL) < 0)
		tui_status(1, "%s", s->run.msg);
	else
		tui_status(0, "%s", _("Running the experiment on this machine's kernel..."));
	P.doc_ok = 0;
	tui_dirty();
}

/* The run of this page just ended. */
static void run_ended(void)
{
	struct page_state *s = cur_ps();
	if (s->run.state == RUN_DONE) {
		tui_status(0, ngettext("Done in %.2f s: %zu event. Watch the ladder (p pauses, Left/Right step).",
		                       "Done in %.2f s: %zu events. Watch the ladder (p pauses, Left/Right step).",
		                       s->run.lad.n),
		           (double)s->run.took / 1e9, s->run.lad.n);
		anim_toggle_play(&s->run.anim);
	} else {
		tui_status(1, "%s", s->run.msg);
	}
	P.doc_ok = 0;
	P.idle_ms = 0;
	tui_dirty();
}

static void change_setting(int dir)
{
	const struct lesson_page *pg = cur_page();
	struct page_state *s = cur_ps();
	if (!pg || !pg->lab || s->nvals == 0 || s->run.state == RUN_RUNNING)
		return;
	if (P.sel < 0 || (size_t)P.sel >= s->nvals)
		P.sel = 0;
	char out[PARAM_VALUE_MAX];
	const struct lesson_param *p = &pg->lab->params[P.sel];
	if (lesson_param_next(p, s->vals[P.sel], dir, out, sizeof out) < 0 ||
	    !strcmp(out, s->vals[P.sel]))
		return;
	snprintf(s->vals[P.sel], PARAM_VALUE_MAX, "%s", out);
	/* New settings, new experiment: the old run and the predictions made
	 * for it no longer apply. */
	if (s->run.state != RUN_NONE) {
		tui_run_free(&s->run);
		tui_status(0, "%s", _("Settings changed: predict again, then r to run."));
	}
	for (size_t i = 0; i < s->nanswer; i++)
		s->answer[i] = -1;
	P.warned = 0;
	P.doc_ok = 0;
	tui_dirty();
}

static void predict(int choice)
{
	const struct lesson_page *pg = cur_page();
	struct page_state *s = cur_ps();
	if (!pg || s->nanswer == 0) {
		tui_status(0, "%s", _("There is no question on this page."));
		return;
	}
	if (s->run.state == RUN_DONE || s->run.state == RUN_RUNNING) {
		tui_status(0, "%s", _("Already graded: change a setting to predict and run again."));
		return;
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
	tui_dirty();
}

static void text_scroll(int d)
{
	if (d < 0 && P.top < (size_t)-d)
		P.top = 0;
	else
		P.top += (size_t)(ptrdiff_t)d;
	tui_dirty();
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
	if (pg->lab && tui_ladder_key(&s->run, ch))
		return KEY_USED;
	switch (ch) {
	case KEY_NPAGE:
	case 'n':
		if (P.page + 1 < P.les->npages)
			set_page(P.page + 1);
		else
			tui_status(0, "%s", _("Last page. Esc goes back to the lessons."));
		return KEY_USED;
	case KEY_PPAGE:
	case 'N':
		if (P.page > 0)
			set_page(P.page - 1);
		return KEY_USED;
	case 'j':
		text_scroll(+1);
		return KEY_USED;
	case 'k':
		text_scroll(-1);
		return KEY_USED;
	case KEY_DOWN:
		if (pg->lab && s->nvals)
			change_setting(-1);
		else
			text_scroll(+1);
		return KEY_USED;
	case KEY_UP:
		if (pg->lab && s->nvals)
			change_setting(+1);
		else
			text_scroll(-1);
		return KEY_USED;
	case '\t':
		if (s->nvals)
			P.sel = (P.sel + 1) % (int)s->nvals;
		tui_dirty();
		return KEY_USED;
	case KEY_BTAB:
		if (s->nvals)
			P.sel = (P.sel + (int)s->nvals - 1) % (int)s->nvals;
		tui_dirty();
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
	if (y == P.lab_y) {
		for (int i = 0; i < P.nitems; i++)
			if (x >= P.item_x[i] && x < P.item_x[i] + P.item_w[i]) {
				P.sel = i;
				change_setting(b & (BUTTON3_CLICKED | BUTTON3_PRESSED) ? -1 : +1);
				tui_dirty();
				return;
			}
		return;
	}
	if (b & (BUTTON1_CLICKED | BUTTON1_PRESSED))
		tui_ladder_click(&s->run, y, x);
}

static int player_tick(int64_t dt_ns)
{
	struct page_state *s = cur_ps();
	if (!s)
		return -1;
	int want = tui_ladder_tick(&s->run, dt_ns);
	if (!tui.auto_advance || want >= 0)
		return want;
	/* Auto-advance: a page left idle turns by itself. */
	P.idle_ms += dt_ns / 1000000;
	if (P.idle_ms >= AUTO_ADVANCE_MS) {
		if (P.page + 1 < P.les->npages)
			set_page(P.page + 1);
		else
			tui.auto_advance = 0;
		P.idle_ms = 0;
		return tui.auto_advance ? AUTO_ADVANCE_MS : -1;
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
	"player", player_enter, player_draw, player_key, player_mouse,
	player_tick, player_fd, player_ready, player_relang, player_fini,
};
