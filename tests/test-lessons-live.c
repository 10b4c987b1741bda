/* SPDX-License-Identifier: MIT */
/*
 * test-lessons-live.c - do the lessons tell the truth about this kernel?
 *
 * Runs every lab of every English lesson live, with its start values
 * (experiment_run), computes the verdict, and asserts that each question's
 * fact has the value the lesson teaches (@teaches), and likewise for each
 * textbook block that states what Linux gives.  A failure here means the
 * kernel contradicts a lesson: fix the lesson (or the engine), never the
 * test.  Then it runs each lab again with each parameter at each end of
 * its bounds (every word, both ends of every range) and checks that every
 * question and textbook block still gets a value from the run, never
 * "unknown" (LESSONS_LIVE_RANGES=0 skips this part).  TAP output.
 *
 *   tests/test-lessons-live [DIR] [LESSON-ID-PREFIX]
 *
 * DIR defaults to $top_srcdir/lessons.  When experiments cannot run at all
 * here (no namespace, no fork), every assertion is skipped with the
 * reason.  A fact the run could not observe ("unknown", e.g. without
 * capture rights) is skipped, not failed.
 */
#include "config.h"
#include <dirent.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include "engine/experiment.h"
#include "lesson/lesson.h"
#include "tap.h"
#include "model/timeline.h"
#include "base/util.h"
#include "model/verdict.h"

static int cannot_run; /* the first experiment failed to start */
static char cannot_why[640];

static void assert_fact(const struct lesson *l, size_t page, const struct lesson_lab *lab,
			const struct verdict *v, const char *what, const char *fact,
			const char *teaches, int line)
{
	char val[64];
	if (verdict_fact(v, fact, val, sizeof val) < 0) {
		tap_ok(0, "%s:%d: unknown fact %s", l->id, line, fact);
		return;
	}
	if (!strcmp(val, "unknown")) {
		tap_skip("%s page %zu, lab %s: %s %s not observed here", l->id, page + 1, lab->id,
			 what, fact);
		return;
	}
	tap_ok(lesson_value_match(teaches, val),
	       "%s page %zu, lab %s: %s %s = "
	       "%s (the lesson teaches %s; %s:%d)",
	       l->id, page + 1, lab->id, what, fact, val, teaches, l->path, line);
}

/* Run the lab of `page` with `values` (lesson_lab_apply; NULL: the start
 * values) and compute its verdict.  Returns 0, or -1 after reporting a
 * failure (`checks` assertions are skipped when experiments cannot run
 * here at all). */
static int run_with(const struct lesson *l, size_t page, const char *const *values,
		    const char *what, size_t checks, struct verdict *v)
{
	const struct lesson_lab *lab = l->pages[page].lab;
	if (cannot_run) {
		for (size_t i = 0; i < checks; i++)
			tap_skip("%s page %zu: %s", l->id, page + 1, cannot_why);
		return -1;
	}
	struct diag d = {0};
	char *path = scenario_find(lab->scenario);
	struct scenario *sc = path ? scenario_load(path, &d) : NULL;
	free(path);
	if (!sc || lesson_lab_apply(lab, sc, values, &d) < 0 || scenario_resolve(sc, &d) < 0) {
		tap_ok(0, "%s page %zu, lab %s%s: %s", l->id, page + 1, lab->id, what,
		       sc ? d.msg : "scenario not found");
		scenario_free(sc);
		return -1;
	}
	struct timeline tl;
	struct exp_options opt = {.pcap_path = NULL};
	volatile int stop = 0;
	int rc = 0;
	timeline_init(&tl);
	if (experiment_run(sc, &opt, &tl, &stop, &d) < 0 && tl.n == 0) {
		cannot_run = 1;
		snprintf(cannot_why, sizeof cannot_why,
			 "experiments cannot run "
			 "here: %s",
			 d.msg);
		for (size_t i = 0; i < checks; i++)
			tap_skip("%s page %zu: %s", l->id, page + 1, cannot_why);
		rc = -1;
	} else {
		verdict_compute(&tl, v);
		for (size_t i = 0; i < tl.n; i++)
			if (tl.ev[i].kind == EV_NOTE && tl.ev[i].u.note.what == NOTE_TIMEOUT)
				tap_diag("%s page %zu, lab %s%s: the run hit its time limit", l->id,
					 page + 1, lab->id, what);
	}
	timeline_free(&tl);
	scenario_free(sc);
	return rc;
}

static void run_lab(const struct lesson *l, size_t page)
{
	const struct lesson_page *pg = &l->pages[page];
	const struct lesson_lab *lab = pg->lab;
	size_t checks = pg->nquestions;
	struct verdict v;
	for (size_t i = 0; i < pg->ntextbooks; i++)
		checks += pg->textbooks[i].teaches != NULL;
	if (!checks || run_with(l, page, NULL, "", checks, &v) < 0)
		return;
	for (size_t i = 0; i < pg->nquestions; i++) {
		const struct lesson_question *q = &pg->questions[i];
		assert_fact(l, page, lab, &v, "question", q->fact, q->teaches ? q->teaches : "?",
			    q->line);
	}
	for (size_t i = 0; i < pg->ntextbooks; i++) {
		const struct lesson_textbook *tb = &pg->textbooks[i];
		if (tb->teaches)
			assert_fact(l, page, lab, &v, "textbook", tb->fact, tb->teaches, tb->line);
	}
}

/* The student may move each parameter anywhere within its bounds: run the
 * lab with each parameter at each end of its bounds (every word, both ends
 * of every range; the others at their start), and check that every
 * question and textbook block still gets a value computed from the run
 * (the student is then shown what the kernel did), never "unknown". */
static void run_lab_ranges(const struct lesson *l, size_t page)
{
	const struct lesson_page *pg = &l->pages[page];
	const struct lesson_lab *lab = pg->lab;
	size_t checks = pg->nquestions + pg->ntextbooks;
	if (!checks)
		return;
	for (size_t p = 0; p < lab->nparams; p++) {
		const struct lesson_param *lp = &lab->params[p];
		for (size_t b = 0; b < lp->nb; b++) {
			for (int end = 0; end < (lp->b[b].word ? 1 : 2); end++) {
				char num[32], what[96];
				const char *val = lp->b[b].word;
				if (!val) {
					snprintf(num, sizeof num, "%lld",
						 (long long)(end ? lp->b[b].max : lp->b[b].min));
					val = num;
				}
				if (!strcmp(val, lp->start))
					continue;
				const char *values[32] = {0};
				if (p >= sizeof values / sizeof values[0])
					break;
				values[p] = val;
				snprintf(what, sizeof what, " with %s=%s", lp->name, val);
				struct verdict v;
				if (run_with(l, page, values, what, checks, &v) < 0)
					continue;
				for (size_t i = 0; i < checks; i++) {
					const char *fact =
					    i < pg->nquestions
						? pg->questions[i].fact
						: pg->textbooks[i - pg->nquestions].fact;
					char got[64];
					int r = verdict_fact(&v, fact, got, sizeof got);
					tap_ok(r >= 0 && strcmp(got, "unknown"),
					       "%s page %zu, lab %s%s: %s = %s, from the run",
					       l->id, page + 1, lab->id, what, fact,
					       r < 0 ? "(no such fact)" : got);
				}
			}
		}
	}
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	char dir[4096];
	const char *top = getenv("top_srcdir");
	const char *only = argc > 2 ? argv[2] : getenv("LESSONS_LIVE_ONLY");
	/* LESSONS_LIVE_RANGES=0 skips the runs at the ends of the bounds */
	const char *rg = getenv("LESSONS_LIVE_RANGES");
	int ranges = !rg || strcmp(rg, "0");
	char **names = NULL;
	size_t n = 0, cap = 0;

	setlocale(LC_ALL, "C.UTF-8");
	if (argc > 1)
		snprintf(dir, sizeof dir, "%s", argv[1]);
	else
		snprintf(dir, sizeof dir, "%s/lessons", top && *top ? top : ABS_TOP_SRCDIR);
	DIR *d = opendir(dir);
	if (!d)
		tap_bail("cannot read %s", dir);
	for (struct dirent *de; (de = readdir(d));) {
		size_t len = strlen(de->d_name);
		if (len > 10 && !strcmp(de->d_name + len - 10, ".en.lesson") &&
		    (!only || !strncmp(de->d_name, only, strlen(only)))) {
			xgrow(&names, &cap, n + 1, sizeof *names);
			names[n++] = xstrdup(de->d_name);
		}
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, by_name);
	for (size_t i = 0; i < n; i++) {
		char path[8192];
		struct diag dg = {0};
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		struct lesson *l = lesson_load(path, &dg);
		if (!tap_ok(l != NULL, "%s parses", names[i]))
			tap_diag("%s", dg.msg);
		for (size_t p = 0; l && p < l->npages; p++)
			if (l->pages[p].lab) {
				run_lab(l, p);
				if (ranges)
					run_lab_ranges(l, p);
			}
		lesson_free(l);
		free(names[i]);
	}
	free(names);
	return tap_done();
}
