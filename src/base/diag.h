/* SPDX-License-Identifier: MIT */
/*
 * diag.h - how an error travels to whoever reports it: a message, already
 * formatted ("file:line: what was expected"), no trailing newline, and a
 * code saying what kind of failure it is.  The command line derives its
 * exit code from the code alone (diag_exit_code), never from the text.
 *
 * `struct diag d = { 0 };` is an empty diagnostic.  An API that fails
 * fills it with diag_set() or diag_errno(); one that predates the codes
 * and only writes d->msg leaves code DIAG_NONE, which counts as a failure
 * (exit 1) when the message is not empty.
 */
#ifndef LINGERLAB_DIAG_H
#define LINGERLAB_DIAG_H

enum diag_code {
	DIAG_NONE = 0, /* no code given */
	DIAG_FAIL,     /* something failed at run time (exit 1) */
	DIAG_INPUT,    /* an input file is missing, unreadable or damaged (exit 1) */
	DIAG_OUTPUT,   /* an output file could not be written (exit 1) */
	DIAG_USAGE,    /* the command line asks for something wrong (exit 2) */
};

/* Where diagnostics go: "file:line: message" (no trailing newline). */
struct diag {
	char msg[512];
	enum diag_code code;
};

/* d may be NULL (the caller does not want to know). */
void diag_set(struct diag *d, enum diag_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The same with ": strerror(errnum)" appended. */
void diag_errno(struct diag *d, enum diag_code code, int errnum, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The program's exit code for d (util.h): EXIT_OK if d holds nothing,
 * EXIT_USAGE for DIAG_USAGE, EXIT_FAIL otherwise. */
int diag_exit_code(const struct diag *d);

#endif
