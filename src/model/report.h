/* SPDX-License-Identifier: MIT */
/*
 * report.h - the outputs of `lingerlab run`: the text report (ladder +
 * verdict, translated) and the JSON document (timeline + verdict facts,
 * language-neutral, for scripts and tests).
 */
#ifndef LINGERLAB_REPORT_H
#define LINGERLAB_REPORT_H

#include <stdio.h>
#include "model/timeline.h"
#include "model/verdict.h"

/* Ladder, then the verdict in sentences, then the notes (what could not
 * be observed and how to fix it). */
void report_text(FILE *out, const struct timeline *tl, const struct verdict *v, int width,
		 int utf8);
void report_json(FILE *out, const struct timeline *tl, const struct verdict *v);
/* Every event, one line each, for debugging (`run --format events`). */
void report_events(FILE *out, const struct timeline *tl);

#endif
