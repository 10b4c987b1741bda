/* SPDX-License-Identifier: MIT */
/*
 * tui_app.h - what the TUI's screens share: the application state, the
 * screen interface, and the drawing helpers of tui_draw.c.
 *
 * The TUI is a set of screens (lesson list, lesson player, capture viewer,
 * help), each a module with init/draw/key like tig's views.  tui.c owns
 * the terminal and the one event loop: it polls the keyboard and a running
 * experiment, advances the animation on a timer only while something
 * moves, handles KEY_RESIZE in one place (the "terminal too small" screen
 * included) and calls the current screen's draw() when the screen is dirty.
 * Screens never call refresh(), getch() or endwin(); they draw into
 * stdscr and ask for a redraw with tui_dirty().
 *
 * Memory: struct tui_app is static in tui.c and lives for the whole run;
 * each screen owns its own state and frees it in its fini().
 */
#ifndef LINGERLAB_TUI_APP_H
#define LINGERLAB_TUI_APP_H

#include <stddef.h>
#include <stdint.h>
#include "base/i18n.h"
#include "tui/tui.h"

/* Minimum terminal size; below it the "too small" screen is shown.
 * Presenter mode is made for large fonts on a projector: 60x20. */
#define TUI_MIN_COLS 80
#define TUI_MIN_ROWS 24
#define TUI_PRESENT_MIN_COLS 60
#define TUI_PRESENT_MIN_ROWS 20

/* Key codes beyond curses' own (from get_wch with wide input). */
#define TUI_KEY_CTRL(c) ((c)&0x1f)

enum tui_screen_id { SCR_LIST, SCR_PLAYER, SCR_VIEW, SCR_HELP, SCR_COUNT };

/* Result of a screen's key handler. */
enum { KEY_UNUSED = 0, KEY_USED = 1 };

struct tui_screen {
	const char *name;
	/* Called when the screen becomes current (again). */
	void (*enter)(void);
	/* Draw everything into stdscr (already erased), rows x cols >= min. */
	void (*draw)(int rows, int cols);
	/* A key (curses KEY_* or a character).  Returns KEY_USED or not. */
	int (*key)(int ch);
	/* A mouse event at screen position (y, x); bstate as in MEVENT. */
	void (*mouse)(int y, int x, unsigned long bstate);
	/* Called on every loop turn with the time since the last call; returns
	 * how long the screen wants to sleep before the next tick (ms), or -1
	 * for "until something happens".  NULL: never ticks. */
	int (*tick)(int64_t dt_ns);
	/* A descriptor the loop should poll for this screen (a running
	 * experiment), or -1; ready() is called when it is readable. */
	int (*fd)(void);
	void (*ready)(void);
	/* The language changed: reload translated content. */
	void (*relang)(void);
	/* The program ends: free everything (cancels runs). */
	void (*fini)(void);
};

/* The application state every screen may read. */
struct tui_app {
	const struct tui_options *opt;
	int present;                  /* presenter mode */
	int utf8;                     /* draw UTF-8 lines and arrows (not --ascii) */
	int text8;                    /* the terminal shows UTF-8 text */
	int colour;                   /* colours in use (not NO_COLOR, not mono) */
	int blank;                    /* presenter: screen blanked */
	int auto_advance;             /* presenter: play and advance by itself */
	enum tui_screen_id cur, back; /* current screen, where help returns */
	char status[256];             /* the status line's message, "" if none */
	int status_error;             /* ... shown as an error */
};

extern struct tui_app tui;

/* Screens (one module each). */
extern const struct tui_screen tui_list_screen;   /* tui_list.c */
extern const struct tui_screen tui_player_screen; /* tui_player.c */
extern const struct tui_screen tui_view_screen;   /* tui_view.c */
extern const struct tui_screen tui_help_screen;   /* tui_help.c */
/* Load lesson `index` of the catalogue at `page` into the player (for
 * tui.c only: screens open a lesson with tui_open_lesson()).
 * Returns 0, or -1 with the reason on the status line. */
int tui_player_open(size_t index, size_t page);
/* Load a capture into the viewer.  Returns 0, or -1 with msg set. */
int tui_view_open(const char *path, char *msg, size_t len);
/* Whether the capture opened by tui_view_open was damaged. */
int tui_view_damaged(void);
/* The list's cursor follows the lesson opened last (tui.c calls it). */
void tui_list_select(size_t index);

/* tui.c: switch screens; ask for a redraw; a message on the status line
 * (printf-style; error = shown as an error, stays until the next key). */
void tui_switch(enum tui_screen_id s);
void tui_dirty(void);
void tui_status(int error, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Open lesson `index` of the catalogue in the player (from the list). */
void tui_open_lesson(size_t index, size_t page);
/* The lesson catalogue (loaded once by tui.c) and the progress table;
 * tui_progress_changed() saves it (errors go to the status line). */
struct lesson_catalog;
struct progress;
const struct lesson_catalog *tui_catalog(void);
struct progress *tui_progress(void);
void tui_progress_changed(void);
/* Cycle the language (L) and tell every screen. */
void tui_next_language(void);

/* ---- tui_draw.c: attributes and width-aware drawing ---- */

enum tui_role {
	R_NORMAL,
	R_TITLE,
	R_FRAME,
	R_EMPH,
	R_CODE,
	R_REF,
	R_HEADING,
	R_SELECT,
	R_KEY,
	R_STATUS,
	R_ERROR,
	R_GOOD,
	R_BAD,
	R_DIM,
	R_SYN,
	R_ACK,
	R_DATA,
	R_FIN,
	R_RST,
	R_CALL,
	R_STATE,
	R_NOTE,
	R_COUNT
};

/* Set up colour pairs (or not) after initscr. */
void tui_draw_init(void);
/* The curses attributes of a role in the current mode. */
int tui_attr(enum tui_role r);
/* Put UTF-8 text at (y, x), at most `maxw` columns, cut on a character
 * boundary; returns the columns used.  Control characters are shown as
 * '?'. */
int tui_put(int y, int x, const char *s, int maxw, enum tui_role r);
/* Same for the first `n` bytes of s. */
int tui_putn(int y, int x, const char *s, size_t n, int maxw, enum tui_role r);
/* Right-align text ending before column `xend`. */
int tui_put_right(int y, int xend, const char *s, int maxw, enum tui_role r);
/* Center text between x0 and x0 + w. */
void tui_put_center(int y, int x0, int w, const char *s, enum tui_role r);
/* Display columns of a UTF-8 string. */
int tui_width(const char *s);
/* Lines, with ASCII fallbacks when the terminal is not UTF-8. */
void tui_hline(int y, int x, int w, enum tui_role r);
void tui_vline(int y, int x, int h, enum tui_role r);
/* The glyph to use: utf8 variant, or the ASCII one. */
const char *tui_glyph(const char *utf8, const char *ascii);
/* The title bar: "lingerlab - <title>" and the languages, the current one
 * marked without relying on colour. */
void tui_title_bar(int cols, const char *title);
/* The bottom status line (row rows-1): the status message, or `hint`. */
void tui_status_line(int rows, int cols, const char *hint);
/* A status message too long for one line: drawn whole, wrapped, over the
 * bottom rows (tui.c calls it after the screen drew). */
void tui_status_long(int rows, int cols);

#endif
