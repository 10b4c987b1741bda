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
 * No curses here.  ladder_print() is the text renderer; the TUI draws the
 * same rows with curses.  Strings in rows are UTF-8 and language-neutral
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
	enum note note;         /* ROW_NOTE */
	char text[128];
	uint8_t state[2];       /* both sides' states after this row */
};

struct ladder {
	struct ladder_row *rows;
	size_t n, cap;
	uint16_t port[2];       /* client and server port, 0 if unknown */
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
/* The text of a syscall result: "close() = 0  (2.00 s)". */
void ladder_call_text(const struct ev_call *c, char *buf, size_t len);
enum arrow_style ladder_arrow_style(uint8_t flags, uint32_t len);

/* Print the whole ladder as text `width` columns wide (at least 60), with
 * UTF-8 arrows and box lines when utf8 is set, ASCII otherwise.  Times are
 * shown relative to the first event unless no_times. */
void ladder_print(const struct ladder *l, FILE *out, int width, int utf8,
                  int no_times);

/* Translated text of a note kind, for renderers. */
const char *note_title(enum note n);

#endif
