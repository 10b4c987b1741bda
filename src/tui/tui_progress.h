/* SPDX-License-Identifier: MIT */
/*
 * tui_progress.h - the student's progress, saved between runs.
 *
 * A small text file, $XDG_STATE_HOME/lingerlab/progress (by default
 * ~/.local/state/lingerlab/progress), one fact per line:
 *
 *     lingerlab-progress 2         the format's version (none: version 1)
 *     current 06-abortive 2        lesson being read, and its page (0-based)
 *     seen 06-abortive 3           pages of that lesson reached so far
 *     done 02-four-segment         its questions answered, its labs run
 *     w 13-summary LINE...         the student's work in that lesson:
 *                                  answers, settings and runs, as lines the
 *                                  player writes and reads (tui_player.c)
 *
 * Version 1 files (current/seen/done only) still load.  A file of version
 * 1 or 2 with a line that is none of these is damaged: it is renamed to
 * PATH.bad (never deleted) and the progress starts afresh; a newer
 * version's unknown lines are skipped.  Saving writes a temporary file,
 * checks every write, then renames it over the old one, so a failed save
 * never loses a good file.  No curses here.  The table holds at most
 * PROGRESS_MAX lessons; the strings are copied, `work` is owned.
 */
#ifndef LINGERLAB_TUI_PROGRESS_H
#define LINGERLAB_TUI_PROGRESS_H

#include <stddef.h>

#define PROGRESS_MAX 64
#define PROGRESS_ID_MAX 64

struct progress_item {
	char id[PROGRESS_ID_MAX];
	int seen; /* pages reached (1 = the first page was opened) */
	int done;
	char *work; /* "w" lines of this lesson without "w ID ", or NULL */
};

struct progress {
	char current[PROGRESS_ID_MAX]; /* "" if none */
	int page;
	struct progress_item it[PROGRESS_MAX];
	size_t n;
};

/* The file's path (static storage), or NULL if neither XDG_STATE_HOME nor
 * HOME is set. */
const char *progress_path(void);
/* Load; a missing, unreadable or damaged file gives an empty progress.
 * Returns 0; -1 if the file exists but could not be read (errno); -2 if
 * it was damaged and renamed to `bad` (len bytes), -3 if damaged and even
 * the rename failed (errno). */
int progress_load(struct progress *p, const char *path);
int progress_load_bad(struct progress *p, const char *path, char *bad, size_t len);
/* Free the work strings (the struct can be loaded again). */
void progress_free(struct progress *p);
/* Replace lesson `id`'s work (taken over; NULL = none). */
void progress_set_work(struct progress *p, const char *id, char *work);
/* Save, creating the directory.  Returns 0, or -1 with errno. */
int progress_save(const struct progress *p, const char *path);
/* The item of lesson `id`, created if needed (NULL if the table is full). */
struct progress_item *progress_item(struct progress *p, const char *id);
/* Record that `page` (0-based) of lesson `id` is open.  (Turning pages
 * does not make a lesson done: the player sets `done` when its questions
 * are answered or its labs have run.) */
void progress_visit(struct progress *p, const char *id, int page);

#endif
