/* SPDX-License-Identifier: MIT */
/*
 * svg.h - the ladder as an SVG picture, for slides and handouts.
 *
 * The picture is the text ladder's layout (ladder.h), cell for cell: one
 * column is CELL_W pixels, one line LINE_H.  Lifelines are vertical lines;
 * each segment is one <g class="arrow STYLE" data-packets="N"> (N segments
 * when a run of data or ACKs was merged into one row) with its line(s), its
 * head, its RST crosses or FIN weight, and its label; calls, states, notes
 * and times are <text> in the reader's language.  The font list renders
 * Chinese (DejaVu Sans Mono, then Noto Sans Mono CJK SC); each text is
 * stretched to the columns it has in the layout (textLength), so wide
 * characters stay aligned whatever font is found.
 *
 * Several ladders (one per connection of a capture) can be stacked, each
 * under its title line.  No curses, no I/O but the FILE given.
 */
#ifndef LINGERLAB_SVG_H
#define LINGERLAB_SVG_H

#include <stdio.h>
#include "model/ladder.h"

/* A picture being drawn: svg_begin(), svg_add() for each ladder, then
 * svg_end() writes the document (the body is kept in memory until then,
 * since the picture's height comes first; the ladders need not be). */
struct svg {
	struct ladder_geom g;
	FILE *body;
	char *buf;
	size_t len;
	int lines;
};

/* Start a picture `width` columns wide (clamped as the text ladder's,
 * with its time column).  Returns 0 or -1 (out of memory). */
int svg_begin(struct svg *s, int width);
/* Draw ladder l under the previous ones, with a title line above it if
 * title is not NULL. */
void svg_add(struct svg *s, const struct ladder *l, const char *title);
/* Write the document to out (NULL: nothing) and free the picture.
 * Returns 0, or -1 if a write failed (or out is NULL). */
int svg_end(struct svg *s, FILE *out);

#endif
