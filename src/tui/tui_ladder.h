/* SPDX-License-Identifier: MIT */
/*
 * tui_ladder.h - the animated ladder pane and the state panel (curses).
 *
 * Both the lesson player and the capture viewer show a run this way: the
 * ladder pane draws the lifelines and the rows of the run up to the
 * animation's position (anim.h lays each row out; this module adds the
 * attributes), and the state panel shows both sockets' kernel states, the
 * TIME_WAIT countdown and the byte accounting at that position.  Keys and
 * timer ticks move the animation; nothing here blocks.
 */
#ifndef LINGERLAB_TUI_LADDER_H
#define LINGERLAB_TUI_LADDER_H

#include <stdint.h>
#include "tui/tui_run.h"

/* Draw the ladder of run r (or what a run in progress or no run at all
 * looks like) in the box at (y, x), h lines by w columns. */
void tui_ladder_draw(const struct tui_run *r, int y, int x, int h, int w);
/* Lines the state panel needs at width w (3 or more: numbers are never
 * cut, the panel wraps between its items). */
int tui_state_lines(const struct tui_run *r, int w);
/* The state panel in h lines (>= 2) at (y, x), w columns. */
void tui_state_draw(const struct tui_run *r, int y, int x, int h, int w);
/* Animation keys: step, back, play, speed, start, end.  Returns 1 if the
 * key was one of them. */
int tui_ladder_key(struct tui_run *r, int ch);
/* Advance the animation; returns the ms until the next frame wanted, or
 * -1 when nothing moves.  Marks the screen dirty when it moved. */
int tui_ladder_tick(struct tui_run *r, int64_t dt_ns);
/* A click in the ladder pane drawn last: jump to that row.  Returns 1 if
 * the click was on a row. */
int tui_ladder_click(struct tui_run *r, int y, int x);
/* One line saying where the animation is ("12/40  ▶ 1x  +2.003 s"). */
void tui_ladder_position(const struct tui_run *r, char *buf, size_t len);

#endif
