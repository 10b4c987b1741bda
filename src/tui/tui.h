/* SPDX-License-Identifier: MIT */
/*
 * tui.h - the full-screen lab: lesson list, lesson player, lab panel and
 * the animated ladder (ncursesw).  Owned by the TUI work (issue 4).
 */
#ifndef LINGERLAB_TUI_H
#define LINGERLAB_TUI_H

struct tui_options {
	int lesson;              /* 1-based lesson to open, 0 = resume */
	int present;             /* presenter mode */
	const char *lessons_dir; /* extra lesson folder, or NULL */
	const char *pcap;        /* `lingerlab view FILE`: show a capture */
	int ascii;               /* ASCII lines and arrows (--ascii) */
};

/* `lingerlab view --port N`: list only the connections of port N. */
void tui_view_port(unsigned port);

/* Runs until the user quits.  Returns an exit code (util.h). */
int tui_main(const struct tui_options *opt);

#endif
