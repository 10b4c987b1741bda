/* SPDX-License-Identifier: MIT */
/*
 * fuzz-lesson.c - fuzz target for the lesson parser and the text wrapper.
 *
 * With libFuzzer (clang -fsanitize=fuzzer -DLINGERLAB_LIBFUZZER ...) only
 * LLVMFuzzerTestOneInput() is used.  Without it, main() makes this a test
 * that runs in `make check`: every file given on the command line (or
 * found in a directory given there, one level of subdirectories deep) is
 * fed as is and then as many deterministic mutations of it (flipped bytes,
 * markup characters, cut lines, invalid UTF-8, NULs, truncations).  It
 * prints one TAP line per file.  A crash, a sanitizer report or a broken
 * invariant (abort) is the failure.
 *
 *   tests/fuzz-lesson [-n MUTATIONS] FILE|DIR...
 */
#include "config.h"
#include <dirent.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "lesson/lesson.h"
#include "lesson/lessoncheck.h"
#include "tap.h"
#include "base/textwrap.h"
#include "base/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *some_value(void *ctx, const char *lab, const char *fact)
{
	(void)ctx;
	(void)fact;
	return lab[0] == 'a' ? NULL : "42";
}

/* Wrap a text at a few widths and check what the wrapper promises. */
static void wrap_checked(const char *s, size_t n)
{
	static const int widths[] = {1, 2, 7, 40};
	for (size_t k = 0; k < ARRAY_LEN(widths); k++) {
		struct textwrap_line *ln;
		size_t nl = textwrap_wrap(s, n, widths[k], &ln);
		size_t prev_end = 0;
		for (size_t i = 0; i < nl; i++) {
			if (ln[i].off < prev_end || ln[i].off + ln[i].len > n)
				abort();
			if (ln[i].width != textwrap_width(s + ln[i].off, ln[i].len))
				abort();
			/* a line wider than the width holds a single character */
			if (ln[i].width > widths[k] && ln[i].width > 2)
				abort();
			prev_end = ln[i].off + ln[i].len;
		}
		free(ln);
	}
}

static void text_checked(const struct lesson_text *t)
{
	if (!t->text)
		return;
	size_t len = strlen(t->text), at = 0;
	for (size_t i = 0; i < t->nspans; i++) {
		if (t->spans[i].off != at)
			abort();
		at += t->spans[i].len;
	}
	if (at != len)
		abort();
	struct lesson_text *f = lesson_text_fill(t, some_value, NULL, "?");
	wrap_checked(f->text, strlen(f->text));
	lesson_text_free(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lesson *l =
	    lesson_parse_ex((const char *)data, size, "fuzz/01-x.en.lesson", NULL, NULL, NULL);
	for (size_t p = 0; p < l->npages; p++) {
		const struct lesson_page *pg = &l->pages[p];
		for (size_t b = 0; b < pg->nblocks; b++) {
			const struct lesson_block *bl = &pg->blocks[b];
			if (bl->kind == LB_PARA)
				text_checked(&bl->text);
			for (size_t i = 0; i < bl->nitems; i++)
				text_checked(&bl->items[i]);
			for (size_t i = 0; i < bl->rows * bl->cols; i++)
				text_checked(&bl->cells[i]);
			if (bl->kind == LB_QUESTION && bl->index >= pg->nquestions)
				abort();
			if (bl->kind == LB_TEXTBOOK && bl->index >= pg->ntextbooks)
				abort();
		}
		for (size_t q = 0; q < pg->nquestions; q++) {
			text_checked(&pg->questions[q].prompt);
			for (size_t c = 0; c < pg->questions[q].nchoices; c++)
				text_checked(&pg->questions[q].choices[c].label);
		}
		for (size_t i = 0; pg->lab && i < pg->lab->nparams; i++) {
			const struct lesson_param *pa = &pg->lab->params[i];
			char out[64];
			lesson_param_ok(pa, pa->start);
			lesson_param_next(pa, pa->start, 1, out, sizeof out);
			lesson_param_next(pa, pa->start, -1, out, sizeof out);
		}
	}
	/* a lesson always has the structure of itself */
	if (lessoncheck_structure(l, l, NULL, NULL) != 0)
		abort();
	lesson_free(l);
	wrap_checked((const char *)data, size);
	return 0;
}

#ifndef LINGERLAB_LIBFUZZER

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* One mutation of src into a fresh buffer. */
static char *mutate(const char *src, size_t n, size_t *out_n)
{
	static const char *const bits[] = {
	    "@",          "`",          "*",
	    "|",          "{",          "}",
	    "\\",         "\n",         "\n\n",
	    "```\n",      "- ",         "@page ",
	    "@lab ",      "@question ", "@choice ",
	    "@teaches ",  "@param ",    "@explain * ",
	    "@textbook ", "{a:b}",      "\xe4\xb8\xad",
	    "\xc2\xa0",   "\xff",       "\xe2\x80",
	    "\0",         "\r",         "\t",
	    "..",         "|---|",      "1..",
	};
	char *buf = xmalloc(n * 2 + 64);
	size_t len = n;
	memcpy(buf, src, n);
	int edits = 1 + (int)(next_rand() % 4);
	for (int e = 0; e < edits; e++) {
		size_t at = len ? (size_t)(next_rand() % len) : 0;
		switch (next_rand() % 5) {
		case 0: /* flip a byte */
			if (len)
				buf[at] = (char)next_rand();
			break;
		case 1: { /* insert a piece of markup */
			const char *b = bits[next_rand() % ARRAY_LEN(bits)];
			size_t bl = *b ? strlen(b) : 1;
			if (len + bl > n * 2 + 60)
				break;
			memmove(buf + at + bl, buf + at, len - at);
			memcpy(buf + at, b, bl);
			len += bl;
			break;
		}
		case 2: /* cut the rest of a line */
			while (at < len && buf[at] != '\n') {
				memmove(buf + at, buf + at + 1, len - at - 1);
				len--;
			}
			break;
		case 3: /* truncate */
			len = at;
			break;
		default: /* delete a span */
			if (len) {
				size_t k = (size_t)(next_rand() % 16);
				if (at + k > len)
					k = len - at;
				memmove(buf + at, buf + at + k, len - at - k);
				len -= k;
			}
			break;
		}
	}
	*out_n = len;
	return buf;
}

/* With FUZZ_LESSON_SAVE=FILE, each input is written there before it is
 * tried: after a crash, FILE reproduces it. */
static void save_input(const char *data, size_t n)
{
	const char *p = getenv("FUZZ_LESSON_SAVE");
	FILE *f = p ? fopen(p, "wb") : NULL;
	if (f) {
		fwrite(data, 1, n, f);
		fclose(f);
	}
}

static void run_file(const char *path, int mutations)
{
	size_t n;
	char *text = read_file(path, 1 << 20, &n);
	if (!text) {
		tap_ok(0, "%s: cannot read", path);
		return;
	}
	LLVMFuzzerTestOneInput((const uint8_t *)text, n);
	for (int i = 0; i < mutations; i++) {
		size_t mn;
		char *m = mutate(text, n, &mn);
		save_input(m, mn);
		LLVMFuzzerTestOneInput((const uint8_t *)m, mn);
		free(m);
	}
	free(text);
	tap_ok(1, "%s and %d mutations: no crash", path, mutations);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_path(const char *path, int mutations, int depth)
{
	struct stat sb;
	if (stat(path, &sb) < 0) {
		tap_ok(0, "%s: not found", path);
		return;
	}
	if (!S_ISDIR(sb.st_mode)) {
		run_file(path, mutations);
		return;
	}
	DIR *d = opendir(path);
	struct dirent *de;
	char **names = NULL;
	size_t nn = 0, cap = 0;
	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.') {
			xgrow(&names, &cap, nn + 1, sizeof *names);
			names[nn++] = xstrdup(de->d_name);
		}
	if (d)
		closedir(d);
	if (nn)
		qsort(names, nn, sizeof *names, by_name);
	for (size_t i = 0; i < nn; i++) {
		char sub[4096];
		snprintf(sub, sizeof sub, "%s/%s", path, names[i]);
		size_t l = strlen(names[i]);
		if (stat(sub, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			if (depth < 2)
				run_path(sub, mutations, depth + 1);
		} else if (l > 7 && !strcmp(names[i] + l - 7, ".lesson")) {
			run_file(sub, mutations);
		}
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	int mutations = 300, i = 1;
	setlocale(LC_ALL, "C.UTF-8");
	if (argc > 2 && !strcmp(argv[1], "-n")) {
		mutations = atoi(argv[2]);
		i = 3;
	}
	if (i >= argc)
		tap_bail("usage: fuzz-lesson [-n MUTATIONS] FILE|DIR...");
	for (; i < argc; i++)
		run_path(argv[i], mutations, 0);
	return tap_done();
}

#endif
