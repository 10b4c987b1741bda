/* SPDX-License-Identifier: MIT */
/*
 * outfile.c - write to a temporary file, rename it over the target when
 * complete (see outfile.h).
 */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/i18n.h"
#include "base/outfile.h"
#include "base/util.h"

static void clear(struct outfile *o)
{
	free(o->name);
	free(o->target);
	free(o->tmp);
	memset(o, 0, sizeof *o);
}

static int fail(struct outfile *o, struct diag *d, int errnum)
{
	diag_errno(d, DIAG_OUTPUT, errnum, _("cannot write %s"), o->name);
	outfile_discard(o);
	return -1;
}

/* A new file next to the target, with the target's permissions if it
 * exists, else those a new file would get (0666 less the umask). */
static int open_tmp(struct outfile *o, const struct stat *old)
{
	char *copy = xstrdup(o->target);
	const char *dir = dirname(copy);
	char *base_copy = xstrdup(o->target);
	const char *base = basename(base_copy);
	size_t n = strlen(dir) + strlen(base) + 16;
	o->tmp = xmalloc(n);
	snprintf(o->tmp, n, "%s/.%s.XXXXXX", dir, base);
	free(copy);
	free(base_copy);
	int fd = mkostemp(o->tmp, O_CLOEXEC);
	if (fd < 0) {
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	mode_t mode;
	if (old) {
		mode = old->st_mode & 07777;
	} else {
		mode_t mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	/* keep the owner when we may (root replacing a user's file) */
	if ((old && fchown(fd, old->st_uid, old->st_gid) < 0 && errno != EPERM) ||
	    fchmod(fd, mode) < 0 || !(o->f = fdopen(fd, "w"))) {
		int e = errno;
		close(fd);
		unlink(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
		errno = e;
		return -1;
	}
	return 0;
}

int outfile_open(struct outfile *o, const char *name, struct diag *d)
{
	struct stat sb;
	memset(o, 0, sizeof *o);
	o->name = xstrdup(name);
	if (!strcmp(name, "-")) {
		free(o->name);
		o->name = xstrdup(_("standard output"));
		o->f = stdout;
		return 0;
	}
	if (stat(name, &sb) == 0) {
		if (S_ISDIR(sb.st_mode))
			return fail(o, d, EISDIR);
		if (!S_ISREG(sb.st_mode)) {
			/* a device or a FIFO: in place, never removed */
			int fd = open(name, O_WRONLY | O_CLOEXEC | O_NOCTTY);
			if (fd < 0 || !(o->f = fdopen(fd, "w"))) {
				int e = errno;
				if (fd >= 0)
					close(fd);
				return fail(o, d, e);
			}
			return 0;
		}
		char *real = realpath(name, NULL);
		if (!real)
			return fail(o, d, errno);
		o->target = real;
		if (open_tmp(o, &sb) < 0)
			return fail(o, d, errno);
		return 0;
	}
	if (errno != ENOENT)
		return fail(o, d, errno);
	if (lstat(name, &sb) == 0) /* a link to nothing: where would it go? */
		return fail(o, d, ENOENT);
	o->target = xstrdup(name);
	if (open_tmp(o, NULL) < 0)
		return fail(o, d, errno);
	return 0;
}

int outfile_write(struct outfile *o, const void *buf, size_t n)
{
	if (o->err)
		return -1;
	errno = 0;
	if (n && fwrite(buf, 1, n, o->f) != n) {
		o->err = errno ? errno : EIO;
		return -1;
	}
	return 0;
}

int outfile_commit(struct outfile *o, struct diag *d)
{
	int e = o->err;
	if (!o->f)
		return 0;
	errno = 0;
	if ((fflush(o->f) != 0 || ferror(o->f)) && !e)
		e = errno ? errno : EIO;
	if (o->f == stdout) {
		o->f = NULL;
		if (e)
			return fail(o, d, e);
		clear(o);
		return 0;
	}
	if (!e && o->tmp && fsync(fileno(o->f)) < 0)
		e = errno;
	FILE *f = o->f;
	o->f = NULL;
	if (fclose(f) != 0 && !e)
		e = errno;
	if (!e && o->tmp && rename(o->tmp, o->target) < 0)
		e = errno;
	if (e)
		return fail(o, d, e);
	clear(o);
	return 0;
}

void outfile_discard(struct outfile *o)
{
	if (o->f && o->f != stdout)
		fclose(o->f);
	if (o->tmp)
		unlink(o->tmp);
	clear(o);
}
