/* SPDX-License-Identifier: MIT */
/*
 * tui.c - the full-screen lab: terminal set-up and restore, signals, the
 * one event loop, resize, and dispatch to the current screen.
 *
 * The loop blocks in poll() on the keyboard, a self-pipe written by the
 * signal handlers, and the running experiment's descriptor.  It sleeps
 * without a timeout when nothing moves (0% CPU when idle); a timer runs
 * only while the ladder animates, a run is in progress or auto-advance
 * is on.  Drawing happens in one place, only when something is dirty, with
 * ncurses' wnoutrefresh/doupdate so that only changed cells go out.
 *
 * The terminal is restored on every way out: q and Ctrl-C (a key in raw
 * mode), SIGTERM/SIGHUP/SIGINT (the handlers only set a flag and wake the
 * loop), a fatal error anywhere (exit() runs the atexit cleanup, which
 * ends curses and frees the screens: no experiment process outlives us).
 * While curses owns the screen, stderr goes to a temporary file, replayed
 * after endwin(), so nothing ever prints over the screen.
 */
#include "config.h"
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "base/i18n.h"
#include "lesson/lesson.h"
#include "tui/tui.h"
#include "tui/tui_app.h"
#include "tui/tui_progress.h"
#include "base/util.h"

struct tui_app tui;

static const struct tui_screen *const screens[SCR_COUNT] = {
    [SCR_LIST] = &tui_list_screen,
    [SCR_PLAYER] = &tui_player_screen,
    [SCR_VIEW] = &tui_view_screen,
    [SCR_HELP] = &tui_help_screen,
};

static volatile sig_atomic_t sig_quit, sig_winch;
static int wake_pipe[2] = {-1, -1};
static int dirty = 1, curses_on, cleaned;
static pid_t owner; /* forked children must not clean up */
static int saved_stderr = -1;
static FILE *errlog;
static struct lesson_catalog catalog;
static int catalog_loaded;
static struct progress progress;
static const char *progress_file;
static int progress_warned;
static char unsaved[700]; /* why progress is not saved, or "" */

const struct lesson_catalog *tui_catalog(void)
{
	return &catalog;
}

struct progress *tui_progress(void)
{
	return &progress;
}

void tui_progress_changed(void)
{
	if (!progress_file || progress_save(&progress, progress_file) == 0) {
		if (progress_file)
			unsaved[0] = '\0';
		return;
	}
	snprintf(unsaved, sizeof unsaved, _("cannot save progress to %s: %s"), progress_file,
		 strerror(errno));
	if (!progress_warned)
		tui_status(1, "%s", unsaved);
	progress_warned = 1;
}

void tui_dirty(void)
{
	dirty = 1;
}

void tui_status(int error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tui.status, sizeof tui.status, fmt, ap);
	va_end(ap);
	tui.status_error = error;
	dirty = 1;
}

void tui_switch(enum tui_screen_id s)
{
	if (s == SCR_HELP && tui.cur != SCR_HELP)
		tui.back = tui.cur;
	tui.cur = s;
	if (screens[s]->enter)
		screens[s]->enter();
	dirty = 1;
}

/* Screens never call each other: opening a lesson goes through here,
 * which keeps the lesson list's selection in step with the player. */
void tui_open_lesson(size_t index, size_t page)
{
	if (tui_player_open(index, page) == 0) {
		tui_list_select(index);
		tui_switch(SCR_PLAYER);
	}
}

void tui_next_language(void)
{
	enum lang l = (enum lang)((i18n_get() + 1) % LANG_COUNT);
	i18n_set(l);
	for (int i = 0; i < SCR_COUNT; i++)
		if (screens[i]->relang)
			screens[i]->relang();
	tui_status(0, "%s", lang_native_name(l));
	dirty = 1;
}

/* ---- signals and cleanup ---- */

static void on_signal(int sig)
{
	int e = errno;
	if (sig == SIGWINCH)
		sig_winch = 1;
	else
		sig_quit = sig;
	if (wake_pipe[1] >= 0 && write(wake_pipe[1], "x", 1) < 0) {
		/* the pipe is full: the loop is awake anyway */
	}
	errno = e;
}

static void cleanup(void)
{
	if (cleaned || getpid() != owner)
		return;
	cleaned = 1;
	/* Screens first: this cancels and reaps a running experiment. */
	for (int i = 0; i < SCR_COUNT; i++)
		if (screens[i]->fini)
			screens[i]->fini();
	if (catalog_loaded)
		lesson_catalog_free(&catalog);
	if (curses_on) {
		endwin();
		curses_on = 0;
	}
	if (saved_stderr >= 0) {
		fflush(stderr);
		dup2(saved_stderr, 2);
		close(saved_stderr);
		saved_stderr = -1;
		if (errlog) { /* what was written while curses owned the screen */
			char buf[4096];
			size_t n;
			rewind(errlog);
			while ((n = fread(buf, 1, sizeof buf, errlog)) > 0)
				if (write(2, buf, n) < 0)
					break;
			fclose(errlog);
			errlog = NULL;
		}
	}
}

static int setup_signals(void)
{
	if (pipe(wake_pipe) < 0)
		return -1;
	for (int i = 0; i < 2; i++) {
		fcntl(wake_pipe[i], F_SETFL, fcntl(wake_pipe[i], F_GETFL) | O_NONBLOCK);
		fcntl(wake_pipe[i], F_SETFD, FD_CLOEXEC);
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH};
	for (size_t i = 0; i < ARRAY_LEN(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

/* ---- drawing ---- */

static int min_cols(void)
{
	return tui.present ? TUI_PRESENT_MIN_COLS : TUI_MIN_COLS;
}

static int min_rows(void)
{
	return tui.present ? TUI_PRESENT_MIN_ROWS : TUI_MIN_ROWS;
}

static int too_small(void)
{
	return LINES < min_rows() || COLS < min_cols();
}

static void draw_too_small(void)
{
	char a[128], b[128];
	snprintf(a, sizeof a, _("Terminal too small: %dx%d"), COLS, LINES);
	snprintf(b, sizeof b, _("lingerlab needs at least %dx%d."), min_cols(), min_rows());
	const char *c = _("Enlarge the window, or press q to quit.");
	int y = LINES / 2 - 1;
	if (y < 0)
		y = 0;
	tui_put_center(y, 0, COLS, a, R_ERROR);
	tui_put_center(y + 1, 0, COLS, b, R_NORMAL);
	tui_put_center(y + 2, 0, COLS, c, R_DIM);
}

static void draw(void)
{
	erase();
	if (tui.blank) {
		/* presenter: nothing at all */
	} else if (too_small()) {
		draw_too_small();
	} else {
		screens[tui.cur]->draw(LINES, COLS);
		tui_status_long(LINES, COLS);
	}
	wnoutrefresh(stdscr);
	doupdate();
	dirty = 0;
}

/* A new size: repaint every cell, not only those curses thinks changed
 * (the terminal reflowed or kept what was under the old edges). */
static void resize(void)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col)
		resize_term(ws.ws_row, ws.ws_col);
	clearok(curscr, TRUE);
	dirty = 1;
}

/* Ctrl-Z: raw mode makes it a key, so do what the terminal would have
 * done: give the terminal back, stop (the shell's fg continues us), then
 * take it again and repaint.  A run in progress goes on meanwhile. */
static void suspend(void)
{
	struct sigaction dfl, old;
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	def_prog_mode();
	endwin();
	fflush(stdout);
	sigaction(SIGTSTP, &dfl, &old);
	raise(SIGTSTP);
	/* continued */
	sigaction(SIGTSTP, &old, NULL);
	reset_prog_mode();
	resize();
}

/* ---- keys ---- */

/* Keys that work on every screen.  Returns 1 to quit. */
static int global_key(int ch, int *used)
{
	*used = 1;
	if (tui.blank) { /* any key shows the screen again */
		tui.blank = 0;
		dirty = 1;
		return 0;
	}
	switch (ch) {
	case 'q':
	case TUI_KEY_CTRL('c'):
		return 1;
	case '?':
		if (tui.cur != SCR_HELP) {
			tui_switch(SCR_HELP);
			return 0;
		}
		break;
	case 'L':
		tui_next_language();
		return 0;
	case TUI_KEY_CTRL('l'):
		clearok(curscr, TRUE);
		dirty = 1;
		return 0;
	case TUI_KEY_CTRL('z'):
		suspend();
		return 0;
	case 'b':
	case '.':
		tui.blank = 1;
		dirty = 1;
		return 0;
	case 'a':
		tui.auto_advance = !tui.auto_advance;
		tui_status(0, "%s",
			   tui.auto_advance ? _("Auto-advance on.") : _("Auto-advance off."));
		return 0;
	case KEY_RESIZE:
		resize();
		return 0;
	}
	*used = 0;
	return 0;
}

/* Read every key waiting.  Returns 1 to quit. */
static int read_keys(void)
{
	wint_t wch;
	int r;
	while ((r = get_wch(&wch)) != ERR) {
		int ch = (int)wch;
		if (r == KEY_CODE_YES && ch == KEY_MOUSE) {
			MEVENT me;
			if (getmouse(&me) == OK && !tui.blank && screens[tui.cur]->mouse &&
			    !too_small())
				screens[tui.cur]->mouse(me.y, me.x, (unsigned long)me.bstate);
			continue;
		}
		if (ch != KEY_RESIZE) { /* a message lasts until the next key */
			tui.status[0] = '\0';
			tui.status_error = 0;
		}
		int used = 0;
		/* The screen sees keys first, except the global ones that must
		 * always work. */
		if (ch == 'q' || ch == TUI_KEY_CTRL('c') || ch == KEY_RESIZE || tui.blank) {
			if (global_key(ch, &used))
				return 1;
			continue;
		}
		if (screens[tui.cur]->key && screens[tui.cur]->key(ch) == KEY_USED)
			continue;
		if (global_key(ch, &used))
			return 1;
		dirty = 1;
	}
	return 0;
}

/* ---- the loop ---- */

static int loop(void)
{
	int64_t last = mono_ns();
	int timing = 0;
	for (;;) {
		if (sig_quit)
			return EXIT_FAIL;
		if (sig_winch) {
			sig_winch = 0;
			resize();
		}
		const struct tui_screen *s = screens[tui.cur];
		int64_t now = mono_ns();
		/* After an idle wait, the animation resumes where it was. */
		int64_t dt = timing ? now - last : 0;
		last = now;
		int want = s->tick ? s->tick(dt) : -1;
		timing = want >= 0;
		if (dirty)
			draw();
		struct pollfd pf[3];
		int n = 0;
		pf[n++] = (struct pollfd){STDIN_FILENO, POLLIN, 0};
		pf[n++] = (struct pollfd){wake_pipe[0], POLLIN, 0};
		int xfd = s->fd ? s->fd() : -1;
		if (xfd >= 0)
			pf[n++] = (struct pollfd){xfd, POLLIN, 0};
		int r = poll(pf, (nfds_t)n, want);
		if (r < 0 && errno != EINTR) {
			tui_status(1, "poll: %s", strerror(errno));
			return EXIT_FAIL;
		}
		if (r <= 0)
			continue;
		if (pf[1].revents) {
			char buf[64];
			while (read(wake_pipe[0], buf, sizeof buf) > 0)
				;
		}
		if (xfd >= 0 && pf[2].revents && s->ready)
			s->ready();
		if (pf[0].revents & POLLIN) {
			if (read_keys())
				return EXIT_OK;
		} else if (pf[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
			return EXIT_FAIL; /* the terminal went away */
		}
	}
}

/* Choose the first screen; errors are printed before curses starts. */
static int first_screen(const struct tui_options *opt)
{
	char msg[600];
	if (opt->pcap) {
		if (tui_view_open(opt->pcap, msg, sizeof msg) < 0) {
			warnx_("%s", msg);
			return -1;
		}
		tui.cur = SCR_VIEW;
		return 0;
	}
	tui.cur = SCR_LIST;
	if (opt->lesson > 0) {
		for (size_t i = 0; i < catalog.n; i++)
			if (catalog.e[i].number == opt->lesson) {
				tui_list_select(i);
				if (tui_player_open(i, 0) == 0)
					tui.cur = SCR_PLAYER;
				return 0;
			}
		warnx_(_("no lesson %d (see `lingerlab lessons`)"), opt->lesson);
		return -1;
	}
	/* Resume where the student left off. */
	for (size_t i = 0; progress.current[0] && i < catalog.n; i++)
		if (!strcmp(catalog.e[i].id, progress.current)) {
			tui_list_select(i);
			if (tui_player_open(i, (size_t)progress.page) == 0)
				tui.cur = SCR_PLAYER;
			break;
		}
	return 0;
}

int tui_main(const struct tui_options *opt)
{
	memset(&tui, 0, sizeof tui);
	tui.opt = opt;
	tui.present = opt->present;
	owner = getpid();
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		warnx_("%s",
		       _("the interactive lab needs a terminal; try `lingerlab run SCENARIO`"));
		return EXIT_USAGE;
	}
	tui.text8 = i18n_utf8();
	tui.utf8 = i18n_line_glyphs() && !opt->ascii;
	progress_file = progress_path();
	char bad[4200];
	int pl = progress_load_bad(&progress, progress_file, bad, sizeof bad);
	if (pl == -1)
		tui_status(1,
			   _("cannot read your progress from %s: %s. Starting without it; it will "
			     "not be saved over."),
			   progress_file, strerror(errno));
	else if (pl == -2)
		tui_status(
		    1, _("Your progress file was damaged: it is kept as %s, and you start afresh."),
		    bad);
	else if (pl == -3)
		tui_status(1,
			   _("Your progress file %s is damaged and could not be set aside (%s): it "
			     "will not be saved over."),
			   progress_file, strerror(errno));
	if (pl == -1 || pl == -3) {
		/* never overwrite what we could not read */
		snprintf(unsaved, sizeof unsaved, "%s", tui.status);
		progress_file = NULL;
	}
	lesson_catalog_load(&catalog, opt->lessons_dir);
	catalog_loaded = 1;
	atexit(cleanup);
	if (first_screen(opt) < 0) {
		cleanup();
		return opt->pcap ? EXIT_FAIL : EXIT_USAGE;
	}
	if (setup_signals() < 0) {
		warnx_("pipe: %s", strerror(errno));
		cleanup();
		return EXIT_FAIL;
	}
	/* From here on nothing may print over the screen. */
	fflush(stderr);
	errlog = tmpfile();
	if (errlog) {
		saved_stderr = dup(2);
		if (saved_stderr >= 0)
			dup2(fileno(errlog), 2);
	}
	if (!newterm(NULL, stdout, stdin)) {
		cleanup();
		warnx_(_("cannot use this terminal (TERM=%s)"),
		       getenv("TERM") ? getenv("TERM") : "");
		return EXIT_FAIL;
	}
	curses_on = 1;
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON3_PRESSED |
		      BUTTON3_CLICKED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
		      | BUTTON5_PRESSED
#endif
		  ,
		  NULL);
	mouseinterval(0);
	tui_draw_init();
	if (screens[tui.cur]->enter)
		screens[tui.cur]->enter();
	dirty = 1;
	int rc = loop();
	int sig = sig_quit;
	tui_progress_changed(); /* saved on the way out, whatever happened */
	cleanup();
	progress_free(&progress);
	if (unsaved[0]) /* the terminal is the shell's again: say it there */
		warnx_("%s %s", _("Your progress of this session was not saved:"), unsaved);
	if (sig) {
		/* the terminal is restored and the run stopped: now die of the
		 * signal, as a shell expects */
		signal(sig, SIG_DFL);
		raise(sig);
		return EXIT_FAIL;
	}
	if (rc == EXIT_OK && opt->pcap && tui_view_damaged())
		rc = EXIT_FAIL; /* the capture's damage was shown: exit 1, as --text */
	return rc;
}
