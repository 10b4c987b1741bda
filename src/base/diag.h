/* SPDX-License-Identifier: MIT */
/*
 * diag.h - how an error travels to whoever reports it: a message, already
 * formatted ("file:line: what was expected"), no trailing newline.
 */
#ifndef LINGERLAB_DIAG_H
#define LINGERLAB_DIAG_H

/* Where diagnostics go: "file:line: message" (no trailing newline). */
struct diag {
	char msg[512];
};

#endif
