/* SPDX-License-Identifier: MIT */
/*
 * util.c - checked allocation, clocks, file reading.
 */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <libintl.h>
#include "base/esc.h"
#include "base/util.h"

static void oom(void)
{
	static const char msg[] = "lingerlab: out of memory\n";
	if (write(2, msg, sizeof msg - 1) < 0) {
		/* nothing more can be done */
	}
	exit(EXIT_FAIL);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void xgrow(void *arr, size_t *cap, size_t need, size_t size)
{
	void **a = arr;
	size_t c = *cap;
	if (need <= c)
		return;
	if (c < 16)
		c = 16;
	while (c < need) {
		if (c > SIZE_MAX / 2 / size)
			oom();
		c *= 2;
	}
	*a = xrealloc(*a, c * size);
	*cap = c;
}

static int64_t clock_ns(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t now_ns(void)
{
	return clock_ns(CLOCK_REALTIME);
}

int64_t mono_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

char *read_file(const char *path, size_t max, size_t *len)
{
	/* O_NONBLOCK: opening a FIFO must not wait for a writer */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return NULL;
	struct stat sb;
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		int e = errno;
		if (fstat(fd, &sb) == 0)
			e = S_ISDIR(sb.st_mode) ? EISDIR : EFTYPE;
		close(fd);
		errno = e;
		return NULL;
	}
	size_t cap = 4096, n = 0;
	char *buf = xmalloc(cap + 1);
	for (;;) {
		if (n == cap) {
			if (cap >= max) {
				free(buf);
				close(fd);
				errno = EFBIG;
				return NULL;
			}
			cap *= 2;
			buf = xrealloc(buf, cap + 1);
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			free(buf);
			close(fd);
			errno = e;
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (n > max) {
		free(buf);
		errno = EFBIG;
		return NULL;
	}
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

const char *file_error(int e)
{
	/* gettext(), not _(): i18n.c depends on this file, not the reverse */
	if (e == EFTYPE)
		return gettext("not a regular file");
	return e == EFBIG ? gettext("file too large") : strerror(e);
}

const char *source_tree(void)
{
	/* Nothing of the build is compiled in (an installed binary holds no
	 * build path): the build tree is the folder above the executable's
	 * (src/lingerlab, tests/test-live) when it has config.status and the
	 * data (`make` links the source tree's data into a separate build
	 * folder). */
	static int checked;
	static char top[4096];
	if (!checked) {
		char exe[4096], p[4200];
		struct stat sb;
		ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
		checked = 1;
		if (n <= 0)
			return NULL;
		exe[n] = '\0';
		for (int up = 0; up < 2; up++) { /* .../top/src/lingerlab -> .../top */
			char *slash = strrchr(exe, '/');
			if (!slash || slash == exe)
				return NULL;
			*slash = '\0';
		}
		snprintf(p, sizeof p, "%s/config.status", exe);
		if (stat(p, &sb) < 0 || !S_ISREG(sb.st_mode))
			return NULL;
		snprintf(p, sizeof p, "%s/assets/scenarios", exe);
		if (stat(p, &sb) < 0 || !S_ISDIR(sb.st_mode))
			return NULL;
		snprintf(top, sizeof top, "%s", exe);
	}
	return top[0] ? top : NULL;
}

void vwarnx_(const char *fmt, va_list ap)
{
	char msg[2048];
	/* a message may echo bytes of a file: they must not drive the terminal */
	vsnprintf(msg, sizeof msg, fmt, ap);
	fputs("lingerlab: ", stderr);
	esc_fputs(msg, "\t\n", stderr);
	fputc('\n', stderr);
}

int close_other_fds(const int *keep, size_t n)
{
	/* close_range(2) over the gaps between the kept descriptors, in
	 * order (n is tiny) */
	unsigned lo = 3;
	for (;;) {
		unsigned next = ~0u;
		for (size_t i = 0; i < n; i++)
			if (keep[i] >= (int)lo && (unsigned)keep[i] < next)
				next = (unsigned)keep[i];
		if (next > lo && syscall(SYS_close_range, lo, next - 1, 0) < 0)
			return -1;
		if (next == ~0u)
			return 0;
		lo = next + 1;
	}
}

void warnx_(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vwarnx_(fmt, ap);
	va_end(ap);
}
