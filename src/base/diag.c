/* SPDX-License-Identifier: MIT */
/*
 * diag.c - filling a diagnostic, and the exit code it means (see diag.h).
 */
#include "config.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "base/diag.h"
#include "base/util.h"

static void __attribute__((format(printf, 4, 0)))
vset(struct diag *d, enum diag_code code, int errnum, const char *fmt, va_list ap)
{
	d->code = code;
	vsnprintf(d->msg, sizeof d->msg, fmt, ap);
	if (errnum) {
		size_t n = strlen(d->msg);
		snprintf(d->msg + n, sizeof d->msg - n, ": %s", strerror(errnum));
	}
}

void diag_set(struct diag *d, enum diag_code code, const char *fmt, ...)
{
	va_list ap;
	if (!d)
		return;
	va_start(ap, fmt);
	vset(d, code, 0, fmt, ap);
	va_end(ap);
}

void diag_errno(struct diag *d, enum diag_code code, int errnum, const char *fmt, ...)
{
	va_list ap;
	if (!d)
		return;
	va_start(ap, fmt);
	vset(d, code, errnum, fmt, ap);
	va_end(ap);
}

int diag_exit_code(const struct diag *d)
{
	if (!d || (d->code == DIAG_NONE && !d->msg[0]))
		return EXIT_OK;
	return d->code == DIAG_USAGE ? EXIT_USAGE : EXIT_FAIL;
}
