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
		{ "08-what-close-proves", "09-what-close-proves" },
		{ "09-half-close", "10-half-close" },
		{ "10-app-ack", "11-app-ack" },
		{ "11-unread-data", "08-unread-data" },
	};
	for (size_t i = 0; i < ARRAY_LEN(renamed); i++)
		if (!strcmp(id, renamed[i][0]))
			return renamed[i][1];
	return id;
}

int progress_load(struct progress *p, const char *path)
{
	memset(p, 0, sizeof *p);
	if (!path)
		return 0;
	size_t len;
	char *text = read_file(path, 256 * 1024, &len);
	if (!text)
		return errno == ENOENT ? 0 : -1;
	char *save = NULL;
	for (char *ln = strtok_r(text, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
		char key[16], old[PROGRESS_ID_MAX];
		int num = 0;
		int k = sscanf(ln, "%15s %63s %d", key, old, &num);
		if (k < 2)
			continue;
		const char *id = current_id(old);
		if (!strcmp(key, "current")) {
			snprintf(p->current, sizeof p->current, "%s", id);
			p->page = k == 3 && num >= 0 ? num : 0;
		} else if (!strcmp(key, "seen") && k == 3) {
			struct progress_item *it = progress_item(p, id);
			if (it && num > it->seen)
				it->seen = num;
		} else if (!strcmp(key, "done")) {
			struct progress_item *it = progress_item(p, id);
			if (it)
				it->done = 1;
		}
	}
	free(text);
	return 0;
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
	FILE *f = fopen(tmp, "w");
	if (!f)
		return -1;
	fprintf(f, "# lingerlab progress (safe to delete)\n");
	if (p->current[0])
		fprintf(f, "current %s %d\n", p->current, p->page);
	for (size_t i = 0; i < p->n; i++) {
		if (p->it[i].seen > 0)
			fprintf(f, "seen %s %d\n", p->it[i].id, p->it[i].seen);
		if (p->it[i].done)
			fprintf(f, "done %s\n", p->it[i].id);
	}
	if (fclose(f) != 0 || rename(tmp, path) < 0) {
		int e = errno;
		unlink(tmp);
		errno = e;
		return -1;
	}
	return 0;
}

void progress_visit(struct progress *p, const char *id, int page, int npages)
{
	snprintf(p->current, sizeof p->current, "%s", id);
	p->page = page;
	struct progress_item *it = progress_item(p, id);
	if (!it)
		return;
	if (page + 1 > it->seen)
		it->seen = page + 1;
	if (npages > 0 && page + 1 >= npages)
		it->done = 1;
}
