/* SPDX-License-Identifier: MIT */
/*
 * tui_run.c - a lab run driven from the TUI's event loop (tui_run.h).
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine/experiment.h"
#include "base/i18n.h"
#include "lesson/lesson.h"
#include "tui/tui_run.h"
#include "base/util.h"

void tui_run_free(struct tui_run *r)
{
	experiment_free(r->x); /* kills and reaps the lab if still running */
	r->x = NULL;
	if (r->sc)
		scenario_free(r->sc);
	if (r->have || r->state != RUN_NONE) {
		ladder_free(&r->lad);
		timeline_free(&r->tl);
	}
	memset(r, 0, sizeof *r);
}

static int fail(struct tui_run *r, const char *msg)
{
	snprintf(r->msg, sizeof r->msg, "%s", msg);
	r->state = RUN_FAILED;
	if (r->sc) {
		scenario_free(r->sc);
		r->sc = NULL;
	}
	return -1;
}

/* Load scenario `name`, ready for parameters. */
static int load(struct tui_run *r, const char *name)
{
	struct diag d;
	tui_run_free(r);
	timeline_init(&r->tl);
	memset(&r->lad, 0, sizeof r->lad);
	r->state = RUN_FAILED; /* until started */
	char *path = scenario_find(name);
	if (!path) {
		char m[256];
		snprintf(m, sizeof m, _("scenario %s not found"), name);
		return fail(r, m);
	}
	r->sc = scenario_load(path, &d);
	free(path);
	if (!r->sc)
		return fail(r, d.msg);
	return 0;
}

static int go(struct tui_run *r)
{
	struct diag d;
	struct exp_options eo;
	memset(&eo, 0, sizeof eo);
	if (scenario_resolve(r->sc, &d) < 0)
		return fail(r, d.msg);
	r->x = experiment_start(r->sc, &eo, &d);
	if (!r->x)
		return fail(r, d.msg);
	r->state = RUN_RUNNING;
	r->started = mono_ns();
	r->msg[0] = '\0';
	return 0;
}

int tui_run_start(struct tui_run *r, const struct lesson_lab *lab,
                  const char *const *values)
{
	struct diag d;
	if (load(r, lab->scenario) < 0)
		return -1;
	if (lesson_lab_apply(lab, r->sc, values, &d) < 0)
		return fail(r, d.msg);
	return go(r);
}

int tui_run_fd(const struct tui_run *r)
{
	return r->state == RUN_RUNNING && r->x ? experiment_fd(r->x) : -1;
}

int64_t tui_run_elapsed(const struct tui_run *r)
{
	return r->state == RUN_RUNNING ? mono_ns() - r->started : r->took;
}

/* The run is over: build what the screens read. */
static void finish(struct tui_run *r, int ok, const char *msg)
{
	r->took = mono_ns() - r->started;
	experiment_free(r->x);
	r->x = NULL;
	timeline_finish(&r->tl);
	if (ladder_build(&r->tl, 0, &r->lad) < 0)
		memset(&r->lad, 0, sizeof r->lad);
	verdict_compute(&r->tl, &r->v);
	anim_init(&r->anim, r->lad.n);
	r->have = 1;
	r->state = ok ? RUN_DONE : RUN_FAILED;
	if (!ok)
		snprintf(r->msg, sizeof r->msg, "%s", msg);
}

int tui_run_pump(struct tui_run *r)
{
	struct diag d;
	if (r->state != RUN_RUNNING)
		return 0;
	d.msg[0] = '\0';
	int k = experiment_pump(r->x, &r->tl, &d);
	if (k == 1)
		return 0;
	finish(r, k == 0, d.msg[0] ? d.msg : _("the experiment failed"));
	return 1;
}

void tui_run_cancel(struct tui_run *r)
{
	if (r->state != RUN_RUNNING)
		return;
	experiment_cancel(r->x);
	finish(r, 0, _("cancelled"));
}

int tui_run_adopt(struct tui_run *r, struct timeline *tl, unsigned lflags)
{
	tui_run_free(r);
	r->tl = *tl;
	timeline_init(tl);
	timeline_finish(&r->tl);
	r->lflags = lflags;
	if (ladder_build(&r->tl, lflags, &r->lad) < 0) {
		timeline_free(&r->tl);
		memset(r, 0, sizeof *r);
		return -1;
	}
	verdict_compute(&r->tl, &r->v);
	anim_init(&r->anim, r->lad.n);
	r->have = 1;
	r->state = RUN_DONE;
	return 0;
}

void tui_run_relang(struct tui_run *r)
{
	if (!r->have)
		return;
	ladder_free(&r->lad);
	if (ladder_build(&r->tl, r->lflags, &r->lad) < 0)
		memset(&r->lad, 0, sizeof r->lad);
	if (r->lad.n != r->anim.n) /* not expected: same timeline, same rows */
		anim_init(&r->anim, r->lad.n);
}
