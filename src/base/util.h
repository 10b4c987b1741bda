/* SPDX-License-Identifier: MIT */
/*
 * util.h - small helpers every module uses: checked allocation, time,
 * file reading, and the exit codes of the program.
 */
#ifndef LINGERLAB_UTIL_H
#define LINGERLAB_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Exit codes (lingerlab.1, EXIT STATUS). */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation that cannot fail: on exhaustion, a message and exit(1). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Grow *arr (element size `size`) so that at least `need` elements fit. */
void xgrow(void *arr, size_t *cap, size_t need, size_t size);

/* CLOCK_REALTIME in ns (the clock libpcap stamps packets with). */
int64_t now_ns(void);
/* CLOCK_MONOTONIC in ns, for deadlines. */
int64_t mono_ns(void);

/* Read a whole regular file (at most `max` bytes, else EFBIG).  Returns a
 * NUL-terminated malloc'd buffer, length in *len, or NULL with errno; a
 * FIFO, a device or a directory is refused at once (EFTYPE, EISDIR). */
char *read_file(const char *path, size_t max, size_t *len);
/* errno of read_file() as a message: strerror, or "not a regular file"
 * for EFTYPE, "file too large" for EFBIG. */
const char *file_error(int e);
#ifndef EFTYPE
#define EFTYPE 4096 /* not a regular file (BSD's name; Linux has none) */
#endif

/* The top of the build tree when the program runs from one (its data, the
 * scenarios and lessons, are then read there, and the catalogs from its
 * locale/ folder), else NULL: an installed program uses PKGDATADIR and
 * LOCALEDIR. */
const char *source_tree(void);

/* In a child after fork(): close every descriptor above 2 except the
 * `n` in `keep` (inherited ones included, CLOEXEC or not).  0 or -1. */
int close_other_fds(const int *keep, size_t n);

/* The error printers of the command line: "lingerlab: ..." on stderr. */
void warnx_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vwarnx_(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

#endif
