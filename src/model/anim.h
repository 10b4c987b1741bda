/* SPDX-License-Identifier: MIT */
/*
 * anim.h - the ladder animation, as plain data (no curses).
 *
 * The TUI animates a ladder (ladder.h) one row at a time: a syscall result
 * or a state change appears beside its lifeline, a segment travels from one
 * lifeline to the other.  This module holds everything about that which can
 * be computed without a terminal, so that a small test program can check it
 * ("model in, expected text out"):
 *
 *   - struct anim: the playback position (rows shown, progress of the row in
 *     flight), play/pause, speed; anim_advance() moves it by elapsed time;
 *   - anim_first_row(): which rows fit in a panel so that the current one is
 *     visible (scrolling); the rows are laid out by ladder.h, the one
 *     layout of the text ladder, the TUI and the SVG, with the segment in
 *     flight drawn as far as it has travelled (ladder_row_line's fraction);
 *   - anim_snapshot(): both sockets' states and the byte accounting at the
 *     current point of the animation, from the timeline and the verdict.
 *
 * Call order: anim_init() when a ladder is built (or rebuilt after a run);
 * anim_advance() on every timer tick while anim_busy(); the step/jump/speed
 * functions on keys.  struct anim holds no pointers: it never owns memory.
 */
#ifndef LINGERLAB_ANIM_H
#define LINGERLAB_ANIM_H

#include <stddef.h>
#include <stdint.h>
#include "model/accounting.h"
#include "model/ladder.h"
#include "model/timeline.h"
#include "model/verdict.h"

/* Playback position.  Rows [0, cur) are shown; while playing, row `cur`
 * is in flight and `frac` (0..1) says how far. */
struct anim {
	size_t n;    /* rows in the ladder */
	size_t cur;  /* rows fully shown, 0..n */
	double frac; /* progress of row `cur`, 0 <= frac < 1 */
	int playing;
	int speed; /* index into the speed table, see anim_speed_factor */
};

#define ANIM_SPEEDS 7
#define ANIM_SPEED_NORMAL 2 /* index of 1x */

void anim_init(struct anim *a, size_t nrows);
/* True while something moves (playing and not at the end): the TUI runs a
 * frame timer only then. */
int anim_busy(const struct anim *a);
/* Advance by dt_ns of wall time at the current speed; a segment takes
 * ANIM_PACKET_MS to cross at 1x, other rows ANIM_ROW_MS.  Stops playing at
 * the end.  Returns 1 if the position changed. */
#define ANIM_PACKET_MS 700
#define ANIM_ROW_MS 250
int anim_advance(struct anim *a, const struct ladder *l, int64_t dt_ns);
/* One row forward (finishing the row in flight) or back.  Returns 1 if the
 * position changed. */
int anim_step(struct anim *a, int dir);
/* Jump to a position: 0 = start, n = end (everything shown). */
void anim_jump(struct anim *a, size_t cur);
void anim_toggle_play(struct anim *a);
/* Change speed by delta steps (clamped); returns the new factor. */
double anim_speed_change(struct anim *a, int delta);
double anim_speed_factor(const struct anim *a);

/* Run time at the current position, ns since the timeline's t0: the time
 * of the last row shown, interpolated towards the row in flight. */
int64_t anim_time(const struct anim *a, const struct ladder *l);

/* First row to draw so that the rows up to the current one (the one in
 * flight included), laid out with geometry g and layout flags (ladder.h),
 * fit in `height` lines. */
size_t anim_first_row(const struct ladder *l, const struct anim *a, const struct ladder_geom *g,
		      int height, unsigned flags);

/* ---- what the state panel shows ---- */

struct anim_side {
	int state;   /* enum tcp_state after the current row */
	int sampled; /* a kernel sample exists up to here */
	int orphan;  /* no descriptor holds the socket */
	uint32_t sendq, recvq;
	int64_t tw_left_ms;   /* TIME_WAIT time left at this point, -1 if none */
	struct acct_flow out; /* the data this side sent, accounting.h */
};

struct anim_snap {
	struct anim_side s[2];
	int64_t t;   /* ns since t0 */
	int packets; /* packets were observed: sent/acked/in flight meaningful */
};

/* A byte count for the state panel: exact below 100000 ("5000"), else in
 * KiB (below 10 MiB) or MiB, with one decimal unless whole ("248 KiB",
 * "1.5 MiB"), the unit in the reader's language.  Never wider than 12
 * columns, so it is never cut. */
void anim_bytes_text(uint64_t n, char *buf, size_t len);

/* Both sides at position `a` of ladder `l` built from `tl`.  The bytes are
 * accounting_at() after the events shown, so at the end of the ladder
 * they are the verdict's (both read the one accounting). */
void anim_snapshot(const struct timeline *tl, const struct ladder *l, const struct anim *a,
		   struct anim_snap *out);

#endif
