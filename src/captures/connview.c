/* SPDX-License-Identifier: MIT */
/*
 * connview.c - connections of a capture as timelines (see connview.h).
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "captures/connview.h"
#include "captures/pcapread.h"
#include "model/ladder.h"
#include "model/svg.h"

/* ---- timelines filled by the analyzer's hooks ---- */

static struct timeline *tl_new(void)
{
	struct timeline *tl = xmalloc(sizeof *tl);
	timeline_init(tl);
	tl->packets_observed = 1;
	return tl;
}

static void tl_add_packet(struct timeline *tl, int64_t t, const struct ev_packet *p)
{
	struct event e;
	memset(&e, 0, sizeof e);
	e.kind = EV_PACKET;
	e.t = t;
	e.u.pkt = *p;
	timeline_add(tl, &e);
}

/* The client of the ladder is the report's: the SYN's sender. */
static void tl_finish(struct timeline *tl, const struct analyze_report *r)
{
	tl->server_port = r->server.port;
	timeline_finish(tl);
}

static void tl_drop(struct timeline *tl)
{
	timeline_free(tl);
	free(tl);
}

static void hook_packet(void *user, int64_t t, const struct ev_packet *p, void *arg)
{
	(void)arg;
	tl_add_packet(user, t, p);
}

/* ---- the list ---- */

struct lister {
	struct analyze_report *v;
	size_t n, cap;
};

static void list_add(const struct analyze_report *r, void *arg)
{
	struct lister *l = arg;
	xgrow(&l->v, &l->cap, l->n + 1, sizeof *l->v);
	l->v[l->n++] = *r;
	if (r->user) /* kept: the capture cannot be read again */
		tl_finish(r->user, r);
}

static void *keep_open(const struct ct_key *k, uint64_t frame, void *arg)
{
	(void)k, (void)frame, (void)arg;
	return tl_new();
}

static int by_first_frame(const void *a, const void *b)
{
	const struct analyze_report *x = a, *y = b;
	return x->frame_first < y->frame_first ? -1 : x->frame_first > y->frame_first;
}

int connview_list(const char *path, const struct connview_filter *f, struct analyze_report **list,
		  size_t *n, struct diag *d)
{
	struct lister l = {NULL, 0, 0};
	struct analyze_stats st;
	struct analyzer *a = analyze_new(f->port, list_add, &l);
	if (!pcapread_rereadable(path))
		analyze_hooks(a, keep_open, hook_packet);
	int rc = analyze_run(a, path, &st, d);
	analyze_free(a);
	if (l.n > 1)
		qsort(l.v, l.n, sizeof *l.v, by_first_frame);
	*list = l.v;
	*n = l.n;
	return rc;
}

void connview_list_free(struct analyze_report *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (list[i].user)
			tl_drop(list[i].user);
	free(list);
}

/* ---- one connection ---- */

struct loader {
	struct analyzer *a;
	uint64_t frame; /* the connection's first frame */
	struct timeline *tl;
	int found;
};

static void *load_open(const struct ct_key *k, uint64_t frame, void *arg)
{
	(void)k;
	struct loader *l = arg;
	return frame == l->frame ? l->tl : NULL;
}

static void load_report(const struct analyze_report *r, void *arg)
{
	struct loader *l = arg;
	if (r->user) {
		tl_finish(l->tl, r);
		l->found = 1;
		analyze_stop(l->a);
	}
}

int connview_load(const char *path, const struct analyze_report *r, struct timeline *tl,
		  struct diag *d)
{
	struct loader l = {NULL, r->frame_first, tl, 0};
	struct analyze_stats st;
	tl->packets_observed = 1;
	if (r->user) { /* kept by connview_list */
		const struct timeline *kept = r->user;
		for (size_t i = 0; i < kept->n; i++)
			timeline_add(tl, &kept->ev[i]);
		tl_finish(tl, r);
		return 0;
	}
	l.a = analyze_new(r->server.port == r->client.port ? 0 : r->server.port, load_report, &l);
	analyze_hooks(l.a, load_open, hook_packet);
	int rc = analyze_run(l.a, path, &st, d);
	analyze_free(l.a);
	if (!l.found)
		tl_finish(tl, r);
	return rc;
}

/* ---- view --text ---- */

struct printer {
	FILE *out;
	struct svg *svg; /* view --format svg: draw here instead */
	int width, utf8;
	size_t want, opened; /* --conn: the one wanted, those seen */
	size_t shown, printed;
	struct timeline *held; /* the first ladder, until we know if a
				  second one follows (then headings) */
	struct analyze_report held_r;
};

static void *print_open(const struct ct_key *k, uint64_t frame, void *arg)
{
	struct printer *p = arg;
	(void)k, (void)frame;
	p->opened++;
	return !p->want || p->opened == p->want ? tl_new() : NULL;
}

static void print_one(struct printer *p, const struct analyze_report *r, struct timeline *tl,
		      int heading)
{
	struct ladder l;
	char line[640];
	if (heading)
		analyze_format(r, line, sizeof line);
	if (heading && !p->svg)
		fprintf(p->out, "%s%s\n\n", p->printed ? "\n" : "", line);
	if (ladder_build(tl, LADDER_PACKETS_ONLY, &l) == 0) {
		if (p->svg)
			svg_add(p->svg, &l, heading ? line : NULL);
		else
			ladder_print(&l, p->out, p->width, p->utf8, 0);
	}
	ladder_free(&l);
	tl_drop(tl);
	p->printed++;
}

static void print_report(const struct analyze_report *r, void *arg)
{
	struct printer *p = arg;
	struct timeline *tl = r->user;
	if (!tl)
		return;
	tl_finish(tl, r);
	p->shown++;
	if (p->shown == 1) {
		p->held = tl;
		p->held_r = *r;
		return;
	}
	if (p->held) {
		print_one(p, &p->held_r, p->held, 1);
		p->held = NULL;
	}
	print_one(p, r, tl, 1);
}

/* Every connection that passes f, as it ends, to p. */
static int view_all(struct printer *p, const char *path, const struct connview_filter *f,
		    size_t *shown, struct diag *d)
{
	struct analyze_stats st;
	struct analyzer *a = analyze_new(f->port, print_report, p);
	analyze_hooks(a, print_open, hook_packet);
	p->want = f->conn;
	int rc = analyze_run(a, path, &st, d);
	analyze_free(a);
	if (p->held)
		print_one(p, &p->held_r, p->held, 0);
	*shown = p->shown;
	return rc;
}

int connview_print(const char *path, const struct connview_filter *f, FILE *out, int width,
		   int utf8, size_t *shown, struct diag *d)
{
	struct printer p = {.out = out, .width = width, .utf8 = utf8};
	return view_all(&p, path, f, shown, d);
}

int connview_svg(const char *path, const struct connview_filter *f, struct svg *svg, size_t *shown,
		 struct diag *d)
{
	struct printer p = {.svg = svg};
	return view_all(&p, path, f, shown, d);
}
