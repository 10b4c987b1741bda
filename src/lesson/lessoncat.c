/* SPDX-License-Identifier: MIT */
/*
 * lessoncat.c - the catalogue: which lessons exist, in which languages,
 * and where their files are (lesson.h, "the catalogue").
 *
 * Lessons are data, found at run time: a teacher adds or translates one by
 * dropping a file into a folder, without C and without a rebuild.
 */
#include "config.h"
#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include "base/i18n.h"
#include "lesson/lesson.h"
#include "base/util.h"

static void add_dir(struct lesson_catalog *cat, const char *d, size_t n)
{
	if (!n)
		return;
	char *s = xstrndup(d, n);
	for (size_t i = 0; i < cat->ndirs; i++)
		if (!strcmp(cat->dirs[i], s)) {
			free(s);
			return;
		}
	cat->dirs = xrealloc(cat->dirs, (cat->ndirs + 1) * sizeof *cat->dirs);
	cat->dirs[cat->ndirs++] = s;
}

static struct lesson_entry *find_id(struct lesson_catalog *cat, const char *id)
{
	for (size_t i = 0; i < cat->n; i++)
		if (!strcmp(cat->e[i].id, id))
			return &cat->e[i];
	return NULL;
}

/* The @title of a file, or NULL. */
static char *read_title(const char *path)
{
	size_t len;
	char *text = read_file(path, 1024 * 1024, &len);
	if (!text)
		return NULL;
	struct lesson *l = lesson_parse_ex(text, len, path, NULL, NULL, NULL);
	char *t = l->title && *l->title ? xstrdup(l->title) : NULL;
	lesson_free(l);
	free(text);
	return t;
}

static void scan_dir(struct lesson_catalog *cat, const char *dir, size_t *cap)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	if (!d)
		return;
	while ((de = readdir(d))) {
		char id[128], lang[16];
		int number;
		if (lesson_name_parse(de->d_name, &number, id, sizeof id, lang, sizeof lang) < 0)
			continue;
		int l = lang_parse(lang);
		if (l < 0)
			continue;
		struct lesson_entry *e = find_id(cat, id);
		if (e && e->dir != dir)
			continue; /* hidden by a directory of higher precedence */
		if (!e) {
			xgrow(&cat->e, cap, cat->n + 1, sizeof *cat->e);
			e = &cat->e[cat->n++];
			memset(e, 0, sizeof *e);
			e->id = xstrdup(id);
			e->number = number;
			e->dir = dir;
		}
		if (e->path[l])
			continue;
		size_t n = strlen(dir) + strlen(de->d_name) + 2;
		e->path[l] = xmalloc(n);
		snprintf(e->path[l], n, "%s/%s", dir, de->d_name);
	}
	closedir(d);
}

static int by_number(const void *a, const void *b)
{
	const struct lesson_entry *x = a, *y = b;
	if (x->number != y->number)
		return x->number < y->number ? -1 : 1;
	return strcmp(x->id, y->id);
}

size_t lesson_catalog_load(struct lesson_catalog *cat, const char *extra_dir)
{
	size_t cap = 0;
	memset(cat, 0, sizeof *cat);
	if (extra_dir)
		add_dir(cat, extra_dir, strlen(extra_dir));
	const char *env = getenv("LINGERLAB_LESSONS");
	while (env && *env) {
		const char *c = strchr(env, ':');
		size_t n = c ? (size_t)(c - env) : strlen(env);
		add_dir(cat, env, n);
		env += n + (c ? 1 : 0);
	}
	const char *st = source_tree();
	if (st) {
		size_t n = strlen(st) + sizeof "/lessons";
		char *p = xmalloc(n);
		snprintf(p, n, "%s/lessons", st);
		add_dir(cat, p, strlen(p));
		free(p);
	} else {
		add_dir(cat, PKGDATADIR "/lessons", strlen(PKGDATADIR "/lessons"));
	}
	for (size_t i = 0; i < cat->ndirs; i++)
		scan_dir(cat, cat->dirs[i], &cap);
	qsort(cat->e, cat->n, sizeof *cat->e, by_number);
	for (size_t i = 0; i < cat->n; i++)
		for (int l = 0; l < LANG_COUNT; l++)
			if (cat->e[i].path[l])
				cat->e[i].title[l] = read_title(cat->e[i].path[l]);
	return cat->n;
}

void lesson_catalog_free(struct lesson_catalog *cat)
{
	for (size_t i = 0; i < cat->n; i++) {
		free(cat->e[i].id);
		for (int l = 0; l < LANG_COUNT; l++) {
			free(cat->e[i].path[l]);
			free(cat->e[i].title[l]);
		}
	}
	free(cat->e);
	for (size_t i = 0; i < cat->ndirs; i++)
		free(cat->dirs[i]);
	free(cat->dirs);
	memset(cat, 0, sizeof *cat);
}

const struct lesson_entry *lesson_catalog_find(const struct lesson_catalog *cat, const char *key)
{
	int digits = *key != '\0';
	for (const char *k = key; *k; k++)
		if (!isdigit((unsigned char)*k))
			digits = 0;
	for (size_t i = 0; i < cat->n; i++) {
		const struct lesson_entry *e = &cat->e[i];
		const char *slug = strchr(e->id, '-');
		if ((digits && e->number == atoi(key)) || !strcmp(e->id, key) ||
		    (slug && !strcmp(slug + 1, key)))
			return e;
	}
	return NULL;
}

enum lang lesson_entry_lang(const struct lesson_entry *e, enum lang l)
{
	if ((unsigned)l < LANG_COUNT && e->path[l])
		return l;
	if (e->path[LANG_EN])
		return LANG_EN;
	for (int i = 0; i < LANG_COUNT; i++)
		if (e->path[i])
			return (enum lang)i;
	return LANG_EN;
}

const char *lesson_entry_title(const struct lesson_entry *e, enum lang l)
{
	if ((unsigned)l < LANG_COUNT && e->title[l])
		return e->title[l];
	if (e->title[LANG_EN])
		return e->title[LANG_EN];
	for (int i = 0; i < LANG_COUNT; i++)
		if (e->title[i])
			return e->title[i];
	return e->id;
}

struct lesson *lesson_entry_load(const struct lesson_entry *e, enum lang l, struct diag *d)
{
	const char *path = e->path[lesson_entry_lang(e, l)];
	if (!path) {
		if (d)
			snprintf(d->msg, sizeof d->msg, _("%s: no file"), e->id);
		return NULL;
	}
	return lesson_load(path, d);
}
