/* SPDX-License-Identifier: MIT */
/*
 * tui_progress.h - the student's progress, saved between runs.
 *
 * A small text file, $XDG_STATE_HOME/lingerlab/progress (by default
 * ~/.local/state/lingerlab/progress), one fact per line:
 *
 *     current 06-abortive 2        lesson being read, and its page (0-based)
 *     seen 06-abortive 3           pages of that lesson reached so far
 *     done 02-four-segment         lesson read to its last page
 *
 * Unknown lines are ignored, so older and newer versions can share it.
 * Saving writes a temporary file and renames it, so a crash never leaves
 * half a file.  No curses here.  The table holds at most
 * PROGRESS_MAX lessons; the strings are copied.
 */
#ifndef LINGERLAB_TUI_PROGRESS_H
#define LINGERLAB_TUI_PROGRESS_H

#include <stddef.h>

#define PROGRESS_MAX 64
#define PROGRESS_ID_MAX 64

struct progress_item {
	char id[PROGRESS_ID_MAX];
	int seen;   /* pages reached (1 = the first page was opened) */
	int done;
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
/* Load; a missing or unreadable file gives an empty progress.  Returns 0,
 * or -1 if the file exists but could not be read. */
int progress_load(struct progress *p, const char *path);
/* Save, creating the directory.  Returns 0, or -1 with errno. */
int progress_save(const struct progress *p, const char *path);
/* The item of lesson `id`, created if needed (NULL if the table is full). */
struct progress_item *progress_item(struct progress *p, const char *id);
/* Record that `page` (0-based) of lesson `id` with `npages` pages is open. */
void progress_visit(struct progress *p, const char *id, int page, int npages);

#endif
