/* SPDX-License-Identifier: MIT */
/*
 * tui_run.h - one lab run as the TUI holds it: the live experiment while
 * it runs, then its timeline, ladder, verdict and animation position.
 *
 * The TUI never blocks on a run: tui_run_start() forks the lab
 * (experiment.h) and returns; the event loop polls tui_run_fd() and calls
 * tui_run_pump(), which returns 1 when the run has just ended (the ladder
 * is then built and the animation reset to the start).  A run can also be
 * made from a timeline already in memory (a pcap, a test).
 *
 * A struct tui_run owns everything in it; tui_run_free() cancels a run in
 * progress (no experiment process outlives it) and releases the rest,
 * leaving a zeroed struct that can be started again.  No curses here.
 */
#ifndef LINGERLAB_TUI_RUN_H
#define LINGERLAB_TUI_RUN_H

#include <stdint.h>
#include <stdio.h>
#include "model/anim.h"
#include "model/ladder.h"
#include "engine/scenario.h"
#include "model/timeline.h"
#include "model/verdict.h"

struct lesson_lab;
struct experiment;

enum run_state { RUN_NONE, RUN_RUNNING, RUN_DONE, RUN_FAILED };

struct tui_run {
	enum run_state state;
	struct scenario *sc;
	struct experiment *x;
	struct timeline tl;
	struct ladder lad;
	struct verdict v;
	struct anim anim;
	int have;        /* tl, lad and v are valid (RUN_DONE, or a
			    failed run that still produced events) */
	int64_t started; /* mono_ns() at the start */
	int64_t took;    /* ns the run took */
	unsigned lflags; /* ladder_build() flags of lad */
	char msg[512];   /* why it failed, or "" */
};

/* Start lab `lab` of a lesson with the student's values (one per
 * lab->params, NULL for the start value).  Frees any previous run first.
 * Returns 0, or -1 with r->msg set and state RUN_FAILED. */
int tui_run_start(struct tui_run *r, const struct lesson_lab *lab, const char *const *values);
/* The descriptor to poll while RUN_RUNNING, else -1. */
int tui_run_fd(const struct tui_run *r);
/* Read what arrived.  Returns 1 if the run has just ended (done or
 * failed), 0 otherwise. */
int tui_run_pump(struct tui_run *r);
/* Elapsed time of a running run, ns. */
int64_t tui_run_elapsed(const struct tui_run *r);
/* Stop a run in progress (what arrived is kept, state RUN_FAILED). */
void tui_run_cancel(struct tui_run *r);
/* Take over a finished timeline (moved into r; *tl is left empty) and
 * build the ladder with ladder flags `lflags`.  Returns 0 or -1. */
int tui_run_adopt(struct tui_run *r, struct timeline *tl, unsigned lflags);
void tui_run_free(struct tui_run *r);
/* Save a finished run as text lines, each starting with `prefix`, for
 * the progress file: the timeline's events, every field by name order
 * (tui_run_save_line() reads them back).  Returns 0, or -1 if f failed. */
int tui_run_save(const struct tui_run *r, FILE *f, const char *prefix);
/* Read one saved line (without its prefix) into *tl.  Returns 0, or -1 if
 * the line is not one of tui_run_save()'s. */
int tui_run_load_line(struct timeline *tl, const char *line);
/* The language changed: lay the ladder out again (its rows hold
 * translated words), keeping the animation's position. */
void tui_run_relang(struct tui_run *r);

#endif
