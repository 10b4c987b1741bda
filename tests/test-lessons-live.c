/* SPDX-License-Identifier: MIT */
/*
 * test-lessons-live.c - do the lessons tell the truth about this kernel?
 *
 * Runs every lab of every English lesson live, with its start values
 * (experiment_run), computes the verdict, and asserts that each question's
 * fact has the value the lesson teaches (@teaches), and likewise for each
 * textbook block that states what Linux gives.  A failure here means the
 * kernel contradicts a lesson: fix the lesson (or the engine), never the
 * test.  TAP output.
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

static int cannot_run;        /* the first experiment failed to start */
static char cannot_why[512];

static void assert_fact(const struct lesson *l, size_t page,
                        const struct lesson_lab *lab, const struct verdict *v,
                        const char *what, const char *fact, const char *teaches,
                        int line)
{
	char val[64];
	if (verdict_fact(v, fact, val, sizeof val) < 0) {
		tap_ok(0, "%s:%d: unknown fact %s", l->id, line, fact);
		return;
	}
	if (!strcmp(val, "unknown")) {
		tap_skip("%s page %zu, lab %s: %s %s not observed here", l->id,
		         page + 1, lab->id, what, fact);
		return;
	}
	tap_ok(lesson_value_match(teaches, val), "%s page %zu, lab %s: %s %s = "
	       "%s (the lesson teaches %s; %s:%d)", l->id, page + 1, lab->id,
	       what, fact, val, teaches, l->path, line);
}

static void run_lab(const struct lesson *l, size_t page)
{
	const struct lesson_page *pg = &l->pages[page];
	const struct lesson_lab *lab = pg->lab;
	size_t checks = pg->nquestions;
	for (size_t i = 0; i < pg->ntextbooks; i++)
		checks += pg->textbooks[i].teaches != NULL;
	if (!checks)
		return;
	if (cannot_run) {
		for (size_t i = 0; i < checks; i++)
			tap_skip("%s page %zu: %s", l->id, page + 1, cannot_why);
		return;
	}

	struct diag d = { 0 };
	char *path = scenario_find(lab->scenario);
	struct scenario *sc = path ? scenario_load(path, &d) : NULL;
	free(path);
	if (!sc || lesson_lab_apply(lab, sc, NULL, &d) < 0 ||
	    scenario_resolve(sc, &d) < 0) {
		tap_ok(0, "%s page %zu, lab %s: %s", l->id, page + 1, lab->id,
		       sc ? d.msg : "scenario not found");
		scenario_free(sc);
		return;
	}

	struct timeline tl;
	struct exp_options opt = { NULL, 0 };
	volatile int stop = 0;
	timeline_init(&tl);
	if (experiment_run(sc, &opt, &tl, &stop, &d) < 0 && tl.n == 0) {
		cannot_run = 1;
		snprintf(cannot_why, sizeof cannot_why, "experiments cannot run "
		         "here: %s", d.msg);
		for (size_t i = 0; i < checks; i++)
			tap_skip("%s page %zu: %s", l->id, page + 1, cannot_why);
	} else {
		struct verdict v;
		verdict_compute(&tl, &v);
		for (size_t i = 0; i < pg->nquestions; i++) {
			const struct lesson_question *q = &pg->questions[i];
			assert_fact(l, page, lab, &v, "question", q->fact,
			            q->teaches ? q->teaches : "?", q->line);
		}
		for (size_t i = 0; i < pg->ntextbooks; i++) {
			const struct lesson_textbook *tb = &pg->textbooks[i];
			if (tb->teaches)
				assert_fact(l, page, lab, &v, "textbook", tb->fact,
				            tb->teaches, tb->line);
		}
	}
	timeline_free(&tl);
	scenario_free(sc);
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
	char **names = NULL;
	size_t n = 0, cap = 0;

	setlocale(LC_ALL, "C.UTF-8");
	if (argc > 1)
		snprintf(dir, sizeof dir, "%s", argv[1]);
	else
		snprintf(dir, sizeof dir, "%s/lessons", top && *top ? top :
		         ABS_TOP_SRCDIR);
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
		struct diag dg = { 0 };
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		struct lesson *l = lesson_load(path, &dg);
		if (!tap_ok(l != NULL, "%s parses", names[i]))
			tap_diag("%s", dg.msg);
		for (size_t p = 0; l && p < l->npages; p++)
			if (l->pages[p].lab)
				run_lab(l, p);
		lesson_free(l);
		free(names[i]);
	}
	free(names);
	return tap_done();
}
