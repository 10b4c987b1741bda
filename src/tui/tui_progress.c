/* SPDX-License-Identifier: MIT */
/*
 * tui_progress.c - load and save the student's progress (tui_progress.h).
 */
#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "tui/tui_progress.h"
#include "base/util.h"

const char *progress_path(void)
{
	static char path[4096];
	const char *x = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	/* The XDG spec: a relative XDG_STATE_HOME is invalid, ignore it. */
	if (x && x[0] == '/')
		snprintf(path, sizeof path, "%s/lingerlab/progress", x);
	else if (home && *home)
		snprintf(path, sizeof path, "%s/.local/state/lingerlab/progress", home);
	else
		return NULL;
	return path;
}

struct progress_item *progress_item(struct progress *p, const char *id)
{
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->it[i].id, id))
			return &p->it[i];
	if (p->n >= PROGRESS_MAX || strlen(id) >= PROGRESS_ID_MAX)
		return NULL;
	struct progress_item *it = &p->it[p->n++];
	memset(it, 0, sizeof *it);
	snprintf(it->id, sizeof it->id, "%s", id);
	return it;
}

/* Lessons renumbered by curriculum v2 (issue 10): a progress file saved
 * before names them by their old identifiers. */
static const char *current_id(const char *id)
{
	static const char *const renamed[][2] = {
	    {"08-what-close-proves", "09-what-close-proves"},
	    {"09-half-close", "10-half-close"},
	    {"10-app-ack", "11-app-ack"},
	    {"11-unread-data", "08-unread-data"},
	};
	for (size_t i = 0; i < ARRAY_LEN(renamed); i++)
		if (!strcmp(id, renamed[i][0]))
			return renamed[i][1];
	return id;
}

void progress_free(struct progress *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->it[i].work);
		p->it[i].work = NULL;
	}
}

void progress_set_work(struct progress *p, const char *id, char *work)
{
	struct progress_item *it = progress_item(p, id);
	if (!it) {
		free(work);
		return;
	}
	free(it->work);
	it->work = work;
}

/* Append one work line to an item. */
static void add_work(struct progress_item *it, const char *line)
{
	size_t old = it->work ? strlen(it->work) : 0, k = strlen(line);
	it->work = xrealloc(it->work, old + k + 2);
	memcpy(it->work + old, line, k);
	it->work[old + k] = '\n';
	it->work[old + k + 1] = '\0';
}

/* One line of the file.  Returns 0, or -1 if it is not a line of the
 * known versions (*version is that of the file so far). */
static int load_line(struct progress *p, char *ln, int *version)
{
	char key[32], old[PROGRESS_ID_MAX];
	int num = 0, n = 0;
	while (*ln == ' ' || *ln == '\t' || *ln == '\r')
		ln++;
	if (!*ln || *ln == '#')
		return 0;
	if (sscanf(ln, "lingerlab-progress %d", &num) == 1 && num >= 1) {
		*version = num;
		return 0;
	}
	int k = sscanf(ln, "%31s %63s %n%d", key, old, &n, &num);
	if (k < 2)
		return *version > 2 ? 0 : -1;
	const char *id = current_id(old);
	struct progress_item *it;
	if (!strcmp(key, "current")) {
		snprintf(p->current, sizeof p->current, "%s", id);
		p->page = k == 3 && num >= 0 ? num : 0;
	} else if (!strcmp(key, "seen") && k == 3) {
		if ((it = progress_item(p, id)) && num > it->seen)
			it->seen = num;
	} else if (!strcmp(key, "done") && k == 2) {
		if ((it = progress_item(p, id)))
			it->done = 1;
	} else if (!strcmp(key, "w") && *version >= 2) {
		if ((it = progress_item(p, id)))
			add_work(it, ln + n);
	} else if (*version <= 2) {
		return -1;
	}
	return 0;
}

int progress_load_bad(struct progress *p, const char *path, char *bad, size_t len)
{
	memset(p, 0, sizeof *p);
	if (!path)
		return 0;
	size_t size;
	char *text = read_file(path, 4 * 1024 * 1024, &size);
	if (!text)
		return errno == ENOENT ? 0 : -1;
	int version = 1, damaged = memchr(text, '\0', size) != NULL;
	char *save = NULL;
	for (char *ln = strtok_r(text, "\n", &save); ln && !damaged;
	     ln = strtok_r(NULL, "\n", &save))
		damaged = load_line(p, ln, &version) < 0;
	free(text);
	if (!damaged)
		return 0;
	/* Keep the damaged file aside for whoever wants to look at it; the
	 * next save writes a good one. */
	progress_free(p);
	memset(p, 0, sizeof *p);
	char aside[4200];
	snprintf(aside, sizeof aside, "%s.bad", path);
	if (bad)
		snprintf(bad, len, "%s", aside);
	return rename(path, aside) < 0 ? -3 : -2;
}

int progress_load(struct progress *p, const char *path)
{
	return progress_load_bad(p, path, NULL, 0);
}

/* mkdir -p for the directory part of path. */
static int make_parents(const char *path)
{
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (!slash)
		return 0;
	*slash = '\0';
	for (char *q = dir + 1; *q; q++) {
		if (*q != '/')
			continue;
		*q = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST)
			return -1;
		*q = '/';
	}
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

int progress_save(const struct progress *p, const char *path)
{
	if (!path) {
		errno = ENOENT;
		return -1;
	}
	if (make_parents(path) < 0)
		return -1;
	char tmp[4200];
	snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
	FILE *f = fopen(tmp, "wx") /* never an existing file */;
	if (!f)
		return -1;
	fprintf(f, "# lingerlab progress (safe to delete)\nlingerlab-progress 2\n");
	if (p->current[0])
		fprintf(f, "current %s %d\n", p->current, p->page);
	for (size_t i = 0; i < p->n; i++) {
		const struct progress_item *it = &p->it[i];
		if (it->seen > 0)
			fprintf(f, "seen %s %d\n", it->id, it->seen);
		if (it->done)
			fprintf(f, "done %s\n", it->id);
		for (const char *w = it->work; w && *w;) {
			const char *e = strchr(w, '\n');
			size_t k = e ? (size_t)(e - w) : strlen(w);
			fprintf(f, "w %s %.*s\n", it->id, (int)k, w);
			w += k + (e != NULL);
		}
	}
	/* Every write checked: a full disk must not replace a good file. */
	int bad = ferror(f) || fflush(f) != 0 || fsync(fileno(f)) != 0;
	if (fclose(f) != 0 || bad || rename(tmp, path) < 0) {
		int e = errno;
		unlink(tmp);
		errno = e;
		return -1;
	}
	return 0;
}

void progress_visit(struct progress *p, const char *id, int page)
{
	snprintf(p->current, sizeof p->current, "%s", id);
	p->page = page;
	struct progress_item *it = progress_item(p, id);
	if (it && page + 1 > it->seen)
		it->seen = page + 1;
}
