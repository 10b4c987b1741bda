/* SPDX-License-Identifier: MIT */
/*
 * lessoncheck.h - validating lessons: what `lingerlab lessons --check`
 * reports, each problem as "file:line: message".
 *
 * Beyond the syntax (the parser's own errors), a lesson is checked against
 * the scenarios and the verdict's facts:
 *   - every lab names a scenario that exists and loads; its @param and
 *     @set names are parameters of that scenario; every bound and start
 *     value is one the scenario itself accepts (scenario_set); the lab
 *     resolves with its start values; lab ids are unique in the lesson;
 *   - every question, textbook block and {lab:fact} reference names a
 *     known fact (verdict_fact_names); every choice, textbook and teaches
 *     value can be a value of that fact (verdict_fact_value_ok); every
 *     reference names a lab of the lesson.
 * And across the languages of a folder:
 *   - file names follow NN-slug.LANG.lesson, one number per lesson;
 *   - every lesson exists in every language the folder uses (in all
 *     supported languages with LESSONCHECK_COMPLETE);
 *   - every translation has the same structure as the English one: the
 *     same pages, labs (scenario, id, parameters, bounds, start values,
 *     fixed values), questions (fact, choice values, teaches, which
 *     outcomes are explained), textbook blocks and references.
 *
 * Nothing is printed here: problems go to the caller's report function.
 */
#ifndef LINGERLAB_LESSONCHECK_H
#define LINGERLAB_LESSONCHECK_H

#include "lesson/lesson.h"

enum {
	LESSONCHECK_COMPLETE = 1 /* every supported language is required */
};

/* Check one parsed lesson against scenarios and facts.  Returns the
 * number of problems reported. */
int lessoncheck_lesson(const struct lesson *l, lesson_report_fn report, void *ctx);

/* Report where `other` (a translation) differs in structure from `ref`.
 * Returns the number of problems reported. */
int lessoncheck_structure(const struct lesson *ref, const struct lesson *other,
			  lesson_report_fn report, void *ctx);

/* Check every lesson file of a folder: names, syntax, the checks above,
 * languages and structure.  *nfiles (may be NULL) gets the number of
 * lesson files.  Returns the number of problems reported (a folder that
 * cannot be read is one problem). */
int lessoncheck_dir(const char *dir, int flags, lesson_report_fn report, void *ctx, int *nfiles);

#endif
