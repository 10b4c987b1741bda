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

int tui_run_start(struct tui_run *r, const struct lesson_lab *lab, const char *const *values)
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

/* ---- saving a run with the progress ---- */

/* A run is saved as its timeline: "t" its header, "s" and "p" its scenario
 * name and parameters (the rest of the line), "e" one event (all fields
 * as integers), "n" a note (its text is the rest of the line). */
int tui_run_save(const struct tui_run *r, FILE *f, const char *prefix)
{
	const struct timeline *tl = &r->tl;
	fprintf(f, "%st %d %d %d %d %d %d %d %lld\n", prefix, tl->server_port, tl->linktype,
		tl->namespaced, tl->userns, tl->packets_observed, tl->states_observed,
		tl->states_traced, (long long)r->took);
	if (tl->scenario)
		fprintf(f, "%ss %s\n", prefix, tl->scenario);
	if (tl->params)
		fprintf(f, "%sp %s\n", prefix, tl->params);
	for (size_t i = 0; i < tl->n; i++) {
		const struct event *e = &tl->ev[i];
		fprintf(f, "%s", prefix);
		switch (e->kind) {
		case EV_CALL:
		case EV_RETURN: {
			const struct ev_call *c = &e->u.call;
			fprintf(f, "e %d %d %lld %d %d %d %lld %d %lld %d %lld %lld %d %u\n",
				e->kind, e->side, (long long)e->t, c->call, c->step, c->line,
				(long long)c->arg, c->opt, (long long)c->ret, c->err,
				(long long)c->t_start, (long long)c->t_end, c->state, c->sendq);
			break;
		}
		case EV_PACKET: {
			const struct ev_packet *k = &e->u.pkt;
			fprintf(f, "e %d %d %lld %u %u %u %u %u %u %u %u %u %u %u %u\n", e->kind,
				e->side, (long long)e->t, k->sport, k->dport, k->flags, k->seq,
				k->ack, k->rseq, k->rack, k->win, k->wscale, k->len, k->caplen,
				k->wirelen);
			break;
		}
		case EV_STATE: {
			const struct ev_state *t = &e->u.st;
			fprintf(f, "e %d %d %lld %u %u %u %u %u %u %u %u %u %u %u %u %u %u\n",
				e->kind, e->side, (long long)e->t, t->lport, t->rport, t->state,
				t->source, t->sendq, t->recvq, t->backlog, t->acceptq, t->timer,
				t->timer_ms, t->retrans, t->orphan, t->queued, t->unsampled);
			break;
		}
		case EV_NOTE: {
			/* one line: a newline in a note becomes a space */
			fprintf(f, "n %lld %d ", (long long)e->t, e->u.note.what);
			for (const char *c = e->u.note.text ? e->u.note.text : ""; *c; c++)
				fputc(*c == '\n' || *c == '\r' ? ' ' : *c, f);
			fputc('\n', f);
			break;
		}
		}
	}
	return ferror(f) ? -1 : 0;
}

int tui_run_load_line(struct timeline *tl, const char *line)
{
	struct event e;
	long long t, a[14];
	int kind, side, n;
	memset(&e, 0, sizeof e);
	if (line[0] == 't' && line[1] == ' ') {
		int v[7];
		if (sscanf(line + 2, "%d %d %d %d %d %d %d %lld", &v[0], &v[1], &v[2], &v[3], &v[4],
			   &v[5], &v[6], &t) != 8)
			return -1;
		tl->server_port = (uint16_t)v[0];
		tl->linktype = v[1];
		tl->namespaced = v[2];
		tl->userns = v[3];
		tl->packets_observed = v[4];
		tl->states_observed = v[5];
		tl->states_traced = v[6];
		return 0;
	}
	if ((line[0] == 's' || line[0] == 'p') && line[1] == ' ') {
		char **dst = line[0] == 's' ? &tl->scenario : &tl->params;
		free(*dst);
		*dst = xstrdup(line + 2);
		return 0;
	}
	if (line[0] == 'n' && line[1] == ' ') {
		int what;
		/* a note kind this build does not know is drawn without a
		 * title (note_title() gives ""), never out of bounds */
		if (sscanf(line + 2, "%lld %d %n", &t, &what, &n) != 2 || what < 0)
			return -1;
		timeline_add_note(tl, t, (enum note)what, line + 2 + n);
		return 0;
	}
	if (line[0] != 'e' || line[1] != ' ' ||
	    sscanf(line + 2, "%d %d %lld %n", &kind, &side, &t, &n) != 3 || side < 0 ||
	    side > SIDE_NONE)
		return -1;
	const char *rest = line + 2 + n;
	int k =
	    sscanf(rest, "%lld %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld",
		   &a[0], &a[1], &a[2], &a[3], &a[4], &a[5], &a[6], &a[7], &a[8], &a[9], &a[10],
		   &a[11], &a[12], &a[13]);
	e.kind = (enum ev_kind)kind;
	e.side = (enum side)side;
	e.t = t;
	switch (kind) {
	case EV_CALL:
	case EV_RETURN:
		if (k != 11 || a[0] < 0 || a[0] >= CALL_COUNT)
			return -1;
		e.u.call = (struct ev_call){
		    (enum call)a[0], (int)a[1], (int)a[2], a[3],          (int)a[4],      a[5],
		    (int)a[6],       a[7],      a[8],      (uint8_t)a[9], (uint32_t)a[10]};
		break;
	case EV_PACKET:
		if (k != 12)
			return -1;
		e.u.pkt = (struct ev_packet){(uint16_t)a[0], (uint16_t)a[1],  (uint8_t)a[2],
					     (uint32_t)a[3], (uint32_t)a[4],  (uint32_t)a[5],
					     (uint32_t)a[6], (uint16_t)a[7],  (uint8_t)a[8],
					     (uint32_t)a[9], (uint32_t)a[10], (uint32_t)a[11]};
		break;
	case EV_STATE:
		if (k != 14 || a[2] < 0 || a[2] >= TS_COUNT)
			return -1;
		e.u.st = (struct ev_state){
		    (uint16_t)a[0], (uint16_t)a[1], (uint8_t)a[2],  (uint8_t)a[3], (uint32_t)a[4],
		    (uint32_t)a[5], (uint32_t)a[6], (uint32_t)a[7], (uint8_t)a[8], (uint32_t)a[9],
		    (uint8_t)a[10], (uint8_t)a[11], (uint8_t)a[12], (uint8_t)a[13]};
		break;
	default:
		return -1;
	}
	timeline_add(tl, &e);
	return 0;
}
