/* SPDX-License-Identifier: MIT */
/*
 * ladder.h - the ladder diagram of a run, as plain data, and its text form.
 *
 * ladder_build() turns a finished timeline into rows, one per thing worth
 * drawing: a syscall result beside the side that made it, a segment
 * travelling between the two lifelines, a state change on a lifeline, a
 * note across the page.  Each row remembers the timeline event it came
 * from and both sides' TCP states after it, so a renderer can step through
 * the rows (the TUI's animation) or print them all (`lingerlab run`).
 *
 * No curses here.  The rows are laid out once, as lines of cells (below);
 * ladder_print() prints them as text, the TUI (tui_ladder.c) draws them with
 * curses and svg.c writes them as SVG.  Strings in rows are UTF-8 and language-neutral
 * (syscall names, errno symbols, TCP state names, tcpdump flag notation);
 * note rows carry an enum note and are translated by the renderer.
 */
#ifndef LINGERLAB_LADDER_H
#define LINGERLAB_LADDER_H

#include <stdio.h>
#include "model/timeline.h"

enum row_kind {
	ROW_CALL,   /* text beside `side`'s lifeline: "close() = 0  2.00 s" */
	ROW_STATE,  /* `side`'s socket entered `text` (a TCP state name) */
	ROW_PACKET, /* a segment from `side` to the other side; text = label */
	ROW_NOTE,   /* a note across the page: `note` + text */
	ROW_UNSEEN  /* beside `side`: a state that came and went between two
		       samples, with its duration from the packets that began
		       and ended it; the lifeline's state does not change */
};

/* How a segment is drawn, so FIN, RST and data differ without colour. */
enum arrow_style { ARROW_SYN, ARROW_ACK, ARROW_DATA, ARROW_FIN, ARROW_RST };

struct ladder_row {
	enum row_kind kind;
	enum side side;
	size_t ev;              /* index of the timeline event */
	int64_t t;              /* ns since the timeline's t0 */
	enum arrow_style style; /* ROW_PACKET */
	int npackets;           /* ROW_PACKET: the segments it stands for (a
				   run of data or of ACKs is one row) */
	enum note note;         /* ROW_NOTE */
	char text[128];
	char *note_text;     /* ROW_NOTE: the note's whole text (owned) */
	struct ev_call wait; /* ROW_CALL of a wait (wait.call == CALL_WAIT):
				its sentence is translated when drawn, so it
				follows a change of language */
	uint8_t state[2];    /* both sides' states after this row */
};

struct ladder {
	struct ladder_row *rows;
	size_t n, cap;
	uint16_t port[2]; /* client and server port, 0 if unknown */
	unsigned sources; /* 1 << enum state_source of the states shown */
};

/* Options for ladder_build(). */
enum {
	LADDER_PACKETS_ONLY = 1, /* only segments (a pcap has nothing else) */
	LADDER_NO_PURE_ACKS = 2  /* hide segments that carry nothing but an ACK */
};

/* Build the rows of a finished timeline (timeline_finish() called).
 * Returns 0 or -1 on allocation failure. */
int ladder_build(const struct timeline *tl, unsigned flags, struct ladder *l);
void ladder_free(struct ladder *l);

/* The label of a segment: "[F.] seq 5001 ack 1" with relative numbers. */
void ladder_packet_label(const struct ev_packet *p, char *buf, size_t len);
/* The text of a syscall result, "close() = 0  2.00 s", or with start set,
 * of the call as it starts: "write(5000) ...". */
void ladder_call_text(const struct ev_call *c, int start, char *buf, size_t len);
enum arrow_style ladder_arrow_style(uint8_t flags, uint32_t len);

/* ---- the layout: rows of cells ------------------------------------------
 *
 * Every renderer (the text ladder of `lingerlab run` and `view --text`, the
 * TUI's animated ladder, the SVG export) draws the same layout: a grid of
 * cells, one per display column, each holding one UTF-8 character (or ""
 * for the right half of a wide one) and what it is part of.  Geometry, from
 * the left:
 *
 *   time column (optional)  client's side  │  segments  │  server's side
 *
 * A call, a state ("[FIN_WAIT_1]") or an unseen state goes beside its side's
 * lifeline, outside the two lifelines when it fits there, else inside, next
 * to its lifeline, wrapped by display width over as many lines as it needs.
 * A segment is an arrow from the sender's lifeline to the other one with its
 * label in the middle; when the label does not fit on the arrow it goes on
 * its own line(s) above it.  A note spans the page (after the time column),
 * wrapped by display width with a hanging indent.  Nothing is ever cut.
 *
 * Glyphs (documented in the README and lingerlab(1)), UTF-8 / ASCII:
 *   SYN, pure ACK ───▶ / --->    data ═══▶ / ===>
 *   FIN           ━━━▶ / ~~~>    RST  ╳╳╳▶ / xxx>
 *   lifeline      │    / |       note "* "
 */
#define LADDER_MAX_WIDTH 400
#define LADDER_MIN_WIDTH 24

struct ladder_geom {
	int width;  /* columns, LADDER_MIN_WIDTH..LADDER_MAX_WIDTH */
	int tw;     /* time column, 0 if none */
	int xl, xr; /* the client's and the server's lifeline */
};

/* Geometry of a ladder `width` columns wide (clamped), with the time column
 * when times is set. */
void ladder_geom(struct ladder_geom *g, int width, int times);
/* The same with the time column, wide enough for every time of l. */
void ladder_geom_times(struct ladder_geom *g, int width, const struct ladder *l);

enum cell_kind {
	CELL_BLANK,
	CELL_TIME,
	CELL_LIFE,
	CELL_ARROW,
	CELL_HEAD,
	CELL_LABEL,
	CELL_CALL,
	CELL_STATE,
	CELL_UNSEEN,
	CELL_NOTE,
	CELL_HEADER
};

struct ladder_cell {
	char s[8];           /* one character, "" after a wide one */
	unsigned char kind;  /* enum cell_kind */
	unsigned char style; /* enum arrow_style, for arrows and labels */
};

struct ladder_line {
	int w;
	struct ladder_cell c[LADDER_MAX_WIDTH];
};

/* Flags of the layout. */
enum {
	LADDER_TALL = 1 /* presenter mode: a segment's label always on its own
			   line above the arrow */
};

/* Lines row i takes. */
int ladder_row_height(const struct ladder *l, size_t i, const struct ladder_geom *g,
		      unsigned flags);
/* Line `sub` (0..height-1) of row i, with a segment drawn to fraction f of
 * its length (1 = whole, as in the text ladder; the TUI animates it). */
void ladder_row_line(const struct ladder *l, size_t i, const struct ladder_geom *g, double f,
		     int utf8, unsigned flags, int sub, struct ladder_line *out);
/* The lifelines alone. */
void ladder_blank_line(const struct ladder_geom *g, int utf8, struct ladder_line *out);
/* "ms   client :40000 ...  server :4242" (the ports when known and
 * `ports` is set). */
void ladder_header_line(const struct ladder *l, const struct ladder_geom *g, int ports,
			struct ladder_line *out);
/* The line as UTF-8, NUL-terminated; trailing blanks dropped when trim.
 * Returns the length in bytes. */
size_t ladder_line_utf8(const struct ladder_line *ln, int trim, char *buf, size_t len);

/* Print the whole ladder as text `width` columns wide (at least 60), with
 * UTF-8 arrows and box lines when utf8 is set, ASCII otherwise.  Times are
 * shown relative to the first event unless no_times. */
void ladder_print(const struct ladder *l, FILE *out, int width, int utf8, int no_times);

/* Translated text of a note kind, for renderers. */
const char *note_title(enum note n);
/* The translated text of a note row ("title: text"). */
void ladder_note_text(const struct ladder_row *r, char *buf, size_t len);
/* The paragraphs printed under the ladder (text and SVG), translated, into
 * para[0..max): how its states were observed (sampled, or every change
 * from the kernel's tracepoint), and what "(STATE N us)" means if a row
 * says so.  Returns how many. */
#define LADDER_LEGENDS 3
size_t ladder_legend(const struct ladder *l, const char **para, size_t max);

#endif
