/* SPDX-License-Identifier: MIT */
/*
 * lesson.c - a lesson's data: freeing it, reading a lesson file's name.
 * Loading and parsing are in lessonparse.c and lessondirective.c.
 */
#include "config.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "lesson/lesson.h"
#include "base/util.h"

static void free_lab(struct lesson_lab *lab)
{
	if (!lab)
		return;
	for (size_t i = 0; i < lab->nparams; i++) {
		struct lesson_param *pa = &lab->params[i];
		free(pa->name);
		free(pa->bounds);
		lesson_bounds_free(pa->b, pa->nb);
		free(pa->start);
		free(pa->label);
	}
	for (size_t i = 0; i < lab->nsets; i++) {
		free(lab->sets[i].name);
		free(lab->sets[i].value);
	}
	free(lab->params);
	free(lab->sets);
	free(lab->scenario);
	free(lab->id);
	free(lab);
}

static void free_page(struct lesson_page *pg)
{
	free(pg->title);
	for (size_t i = 0; i < pg->nblocks; i++) {
		struct lesson_block *b = &pg->blocks[i];
		lesson_text_clear(&b->text);
		for (size_t k = 0; k < b->nitems; k++)
			lesson_text_clear(&b->items[k]);
		free(b->items);
		for (size_t k = 0; k < b->rows * b->cols; k++)
			lesson_text_clear(&b->cells[k]);
		free(b->cells);
		free(b->code);
	}
	free(pg->blocks);
	free_lab(pg->lab);
	for (size_t i = 0; i < pg->nquestions; i++) {
		struct lesson_question *q = &pg->questions[i];
		free(q->fact);
		free(q->teaches);
		lesson_text_clear(&q->prompt);
		lesson_text_clear(&q->explain);
		for (size_t c = 0; c < q->nchoices; c++) {
			free(q->choices[c].value);
			lesson_text_clear(&q->choices[c].label);
			lesson_text_clear(&q->choices[c].explain);
		}
		free(q->choices);
	}
	free(pg->questions);
	for (size_t i = 0; i < pg->ntextbooks; i++) {
		struct lesson_textbook *tb = &pg->textbooks[i];
		free(tb->fact);
		free(tb->value);
		free(tb->teaches);
		lesson_text_clear(&tb->claim);
	}
	free(pg->textbooks);
}

void lesson_free(struct lesson *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->npages; i++)
		free_page(&l->pages[i]);
	free(l->pages);
	free(l->path);
	free(l->id);
	free(l->lang);
	free(l->title);
	free(l);
}

int lesson_name_parse(const char *path, int *number, char *id, size_t idlen, char *lang,
		      size_t langlen)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strlen(base);
	const char *ext = ".lesson";
	if (n <= strlen(ext) || strcmp(base + n - strlen(ext), ext))
		return -1;
	n -= strlen(ext);
	const char *dot = memchr(base, '.', n);
	if (!dot)
		return -1;
	size_t idn = (size_t)(dot - base);
	size_t ln = n - idn - 1;
	char lbuf[16];
	if (ln == 0 || ln >= sizeof lbuf)
		return -1;
	memcpy(lbuf, dot + 1, ln);
	lbuf[ln] = '\0';
	if (strcmp(lbuf, "en") && strcmp(lbuf, "zh_CN") && strcmp(lbuf, "fr"))
		return -1;
	/* NN-slug: digits, '-', then [a-z0-9-] */
	size_t d = 0;
	while (d < idn && isdigit((unsigned char)base[d]))
		d++;
	if (d == 0 || d > 3 || d + 1 >= idn || base[d] != '-')
		return -1;
	for (size_t i = d + 1; i < idn; i++)
		if (!islower((unsigned char)base[i]) && !isdigit((unsigned char)base[i]) &&
		    base[i] != '-')
			return -1;
	if (number)
		*number = atoi(base);
	if (id) {
		if (idn >= idlen)
			return -1;
		memcpy(id, base, idn);
		id[idn] = '\0';
	}
	if (lang) {
		if (ln >= langlen)
			return -1;
		memcpy(lang, lbuf, ln + 1);
	}
	return 0;
}
