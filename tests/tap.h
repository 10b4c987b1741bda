/* SPDX-License-Identifier: MIT */
/*
 * tap.h - a minimal TAP producer for the test programs (header only).
 *
 * Output follows the Test Anything Protocol as automake's tap-driver.sh
 * reads it: one "ok N - name" / "not ok N - name" line per assertion,
 * "# ..." diagnostics, and the plan "1..N" printed at the end by
 * tap_done().  A test program returns tap_done() from main(): it exits 0
 * even when assertions failed, because the driver already counts each
 * "not ok" (a non-zero exit would be counted a second time as an ERROR).
 * A program that cannot run at all calls tap_bail() ("Bail out!").
 *
 *     int main(void) {
 *             tap_ok(1 + 1 == 2, "addition");
 *             tap_skip("no namespaces here");
 *             return tap_done();
 *     }
 *
 * Everything is static: include it from one .c file per program.
 */
#ifndef LINGERLAB_TAP_H
#define LINGERLAB_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static int tap_n, tap_failed;

/* Record one assertion; returns cond so callers can chain diagnostics. */
static inline int __attribute__((format(printf, 2, 3), unused))
tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;
	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	return cond;
}

/* A diagnostic line ("# ..."), shown in the test's log. */
static inline void __attribute__((format(printf, 1, 2), unused)) tap_diag(const char *fmt, ...)
{
	va_list ap;
	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/* One skipped assertion, with the reason. */
static inline void __attribute__((format(printf, 1, 2), unused)) tap_skip(const char *fmt, ...)
{
	va_list ap;
	tap_n++;
	printf("ok %d # SKIP ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/* Give up: the driver reports an error for the whole program. */
static inline void __attribute__((format(printf, 1, 2), noreturn, unused))
tap_bail(const char *fmt, ...)
{
	va_list ap;
	fputs("Bail out! ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	exit(1);
}

/* Print the plan; the value to return from main(). */
static inline int __attribute__((unused)) tap_done(void)
{
	if (tap_n == 0)
		printf("1..0 # SKIP nothing to test\n");
	else
		printf("1..%d\n", tap_n);
	if (tap_failed)
		printf("# %d of %d failed\n", tap_failed, tap_n);
	fflush(stdout);
	return 0;
}

#endif
