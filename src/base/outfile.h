/* SPDX-License-Identifier: MIT */
/*
 * outfile.h - an output file that replaces its target whole or not at all,
 * and never removes or truncates what lingerlab did not create.
 *
 *   NAME "-"            standard output (flushed and checked, not closed)
 *   not a regular file  a device or a FIFO: written in place, never
 *                       unlinked (/dev/null stays /dev/null)
 *   otherwise           a new temporary file in the target's folder
 *                       (".NAME.XXXXXX"), renamed over the target only by
 *                       outfile_commit(); a symbolic link is followed, so
 *                       the link stays and its target is replaced; an
 *                       existing file keeps its permissions
 *
 *     struct outfile o;
 *     if (outfile_open(&o, name, &d) < 0) ...;   // d: DIAG_OUTPUT
 *     outfile_write(&o, buf, n);               // or fprintf(o.f, ...)
 *     if (outfile_commit(&o, &d) < 0) ...;       // every write checked
 *     // or outfile_discard(&o): the temporary file goes, the target
 *     // is untouched
 *
 * Messages are "cannot write NAME: strerror".
 */
#ifndef LINGERLAB_OUTFILE_H
#define LINGERLAB_OUTFILE_H

#include <stdio.h>
#include "base/diag.h"

struct outfile {
	FILE *f;      /* write here; NULL once committed or discarded */
	char *name;   /* as the user gave it, for messages */
	char *target; /* the file replaced on commit (links followed) */
	char *tmp;    /* the temporary file; NULL when written in place */
	int err;      /* the first write error (errno), 0 if none */
};

/* Returns 0, or -1 with d set (nothing was created). */
int outfile_open(struct outfile *o, const char *name, struct diag *d);
/* fwrite that remembers the first error for outfile_commit().  Returns 0,
 * or -1 (after the first error, nothing more is written). */
int outfile_write(struct outfile *o, const void *buf, size_t n);
/* Flush, check, close, rename into place.  Returns 0, or -1 with d set
 * and the temporary file removed (the target untouched). */
int outfile_commit(struct outfile *o, struct diag *d);
/* Give up: close, remove the temporary file.  Safe after commit. */
void outfile_discard(struct outfile *o);

#endif
