/* SPDX-License-Identifier: MIT */
/*
 * lessoncli.h - `lingerlab lessons`: list, show and check lessons.
 * Owned by the lessons work (issue 3).
 */
#ifndef LINGERLAB_LESSONCLI_H
#define LINGERLAB_LESSONCLI_H

/* argv[0] is "lessons".  Returns an exit code (util.h). */
int lessoncli_main(int argc, char **argv);

#endif
