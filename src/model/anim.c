/* SPDX-License-Identifier: MIT */
/*
 * anim.c - the ladder animation, without curses (anim.h).  The rows are
 * laid out by ladder.c, the same layout as the text ladder's.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "base/i18n.h"
#include "model/anim.h"

static const double speeds[ANIM_SPEEDS] = {0.25, 0.5, 1, 2, 4, 8, 16};

void anim_init(struct anim *a, size_t nrows)
{
	memset(a, 0, sizeof *a);
	a->n = nrows;
	a->speed = ANIM_SPEED_NORMAL;
}

int anim_busy(const struct anim *a)
{
	return a->playing && a->cur < a->n;
}

/* Wall time a row takes to appear at 1x, ns. */
static int64_t row_duration(const struct ladder *l, size_t i)
{
	int ms = ANIM_ROW_MS;
	if (l && i < l->n && l->rows[i].kind == ROW_PACKET)
		ms = ANIM_PACKET_MS;
	return (int64_t)ms * 1000000;
}

int anim_advance(struct anim *a, const struct ladder *l, int64_t dt_ns)
{
	if (!a->playing)
		return 0;
	if (a->cur >= a->n) {
		a->playing = 0;
		a->frac = 0;
		return 0;
	}
	double left = (double)dt_ns * speeds[a->speed];
	while (left > 0 && a->cur < a->n) {
		double dur = (double)row_duration(l, a->cur);
		double need = (1.0 - a->frac) * dur;
		if (left < need) {
			a->frac += left / dur;
			left = 0;
		} else {
			left -= need;
			a->cur++;
			a->frac = 0;
		}
	}
	if (a->cur >= a->n) {
		a->playing = 0;
		a->frac = 0;
	}
	return 1;
}

int anim_step(struct anim *a, int dir)
{
	a->playing = 0;
	if (dir > 0) {
		if (a->cur >= a->n)
			return 0;
		a->cur++;
		a->frac = 0;
		return 1;
	}
	if (a->frac > 0) {
		a->frac = 0;
		return 1;
	}
	if (a->cur == 0)
		return 0;
	a->cur--;
	return 1;
}

void anim_jump(struct anim *a, size_t cur)
{
	a->cur = cur > a->n ? a->n : cur;
	a->frac = 0;
	if (a->cur >= a->n)
		a->playing = 0;
}

void anim_toggle_play(struct anim *a)
{
	if (a->playing) {
		a->playing = 0;
		return;
	}
	if (a->n == 0)
		return;
	if (a->cur >= a->n) /* at the end: play again from the start */
		a->cur = 0;
	a->frac = 0;
	a->playing = 1;
}

double anim_speed_change(struct anim *a, int delta)
{
	int s = a->speed + delta;
	if (s < 0)
		s = 0;
	if (s >= ANIM_SPEEDS)
		s = ANIM_SPEEDS - 1;
	a->speed = s;
	return speeds[s];
}

double anim_speed_factor(const struct anim *a)
{
	return speeds[a->speed];
}

int64_t anim_time(const struct anim *a, const struct ladder *l)
{
	if (!l || l->n == 0 || a->cur == 0) {
		if (l && l->n && a->frac > 0)
			return (int64_t)(a->frac * (double)l->rows[0].t);
		return 0;
	}
	size_t last = a->cur <= l->n ? a->cur - 1 : l->n - 1;
	int64_t t = l->rows[last].t;
	if (a->cur < l->n && a->frac > 0) {
		int64_t next = l->rows[a->cur].t;
		t += (int64_t)(a->frac * (double)(next - t));
	}
	return t;
}

size_t anim_first_row(const struct ladder *l, const struct anim *a, const struct ladder_geom *g,
		      int height, unsigned flags)
{
	if (!l || l->n == 0 || height <= 0)
		return 0;
	size_t end = a->cur; /* exclusive */
	if (a->cur < l->n && (a->frac > 0 || a->playing))
		end = a->cur + 1;
	if (end > l->n)
		end = l->n;
	int used = 0;
	size_t first = end;
	while (first > 0) {
		int h = ladder_row_height(l, first - 1, g, flags);
		if (used + h > height)
			break;
		used += h;
		first--;
	}
	return first;
}

/* ---- the state panel ---- */

void anim_bytes_text(uint64_t n, char *buf, size_t len)
{
	char num[32];
	double v;
	const char *unit;
	if (n < 100000) {
		snprintf(buf, len, "%llu", (unsigned long long)n);
		return;
	}
	if (n < 10 * 1048576ull) {
		v = (double)n / 1024;
		/* TRANSLATORS: a number of kibibytes, "248 KiB" */
		unit = _("%s KiB");
	} else {
		v = (double)n / 1048576;
		/* TRANSLATORS: a number of mebibytes, "1.5 MiB" */
		unit = _("%s MiB");
	}
	if (v == (double)(uint64_t)v || v >= 1000)
		snprintf(num, sizeof num, "%.0f", v);
	else
		snprintf(num, sizeof num, "%.1f", v);
		/* unit is one of the translated formats above, each with one %s */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	snprintf(buf, len, unit, num);
#pragma GCC diagnostic pop
}

void anim_snapshot(const struct timeline *tl, const struct ladder *l, const struct anim *a,
		   struct anim_snap *out)
{
	memset(out, 0, sizeof *out);
	out->t = anim_time(a, l);
	out->packets = tl ? tl->packets_observed : 0;
	for (int s = 0; s < 2; s++) {
		out->s[s].state = TS_NONE;
		out->s[s].tw_left_ms = -1;
	}
	if (l && a->cur > 0 && a->cur <= l->n) {
		out->s[0].state = l->rows[a->cur - 1].state[0];
		out->s[1].state = l->rows[a->cur - 1].state[1];
	}
	if (!tl)
		return;
	/* Events before the first row not yet shown count as happened. */
	size_t limit = tl->n;
	if (l)
		for (size_t i = a->cur; i < l->n; i++)
			if (l->rows[i].ev < limit)
				limit = l->rows[i].ev;
	struct accounting acct;
	accounting_at(tl, limit, &acct);
	for (size_t i = 0; i < limit; i++) {
		const struct event *e = &tl->ev[i];
		int s = e->side;
		if (s != SIDE_CLIENT && s != SIDE_SERVER)
			continue;
		switch (e->kind) {
		case EV_STATE: {
			struct anim_side *sd = &out->s[s];
			/* a listener's numbers are its own, not the connection's */
			if (!e->u.st.rport || e->u.st.unsampled)
				break;
			sd->sampled = 1;
			sd->orphan = e->u.st.orphan;
			sd->sendq = e->u.st.sendq;
			sd->recvq = e->u.st.recvq;
			break;
		}
		default:
			break;
		}
	}
	for (int s = 0; s < 2; s++) {
		out->s[s].out = acct.f[s];
		if (out->s[s].state == TS_TIME_WAIT)
			out->s[s].tw_left_ms = timewait_left(tl, (enum side)s, tl->t0 + out->t);
	}
}
