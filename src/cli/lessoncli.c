/* SPDX-License-Identifier: MIT */
/*
 * lessoncli.c - `lingerlab lessons`: list the lessons, check a folder of
 * lessons, print one lesson as plain text.
 *
 *   lingerlab lessons [--dir DIR]                 list, titles in the
 *                                                 current language
 *   lingerlab lessons --check [DIR] [--complete]  validate (exit 0/1)
 *   lingerlab lessons --show N [--dir DIR]        print lesson N, wrapped
 *                                                 to $COLUMNS (or 80)
 *
 * Problems found by --check go to stderr as "file:line: message"; the
 * summary goes to stdout.  Exit codes: util.h (0 ok, 1 problems, 2 usage).
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "base/i18n.h"
#include "lesson/lesson.h"
#include "lesson/lessoncheck.h"
#include "cli/cli.h"
#include "cli/lessoncli.h"
#include "base/textwrap.h"
#include "base/util.h"

static void usage(FILE *f)
{
	fprintf(f, "%s", _(
	"usage: lingerlab lessons [--dir DIR]\n"
	"       lingerlab lessons --check [DIR] [--complete]\n"
	"       lingerlab lessons --show N [--dir DIR]\n"
	"\n"
	"  (no option)     list the lessons, with their titles in the current language\n"
	"  --check [DIR]   validate the lessons of DIR (default: every lesson folder)\n"
	"  --complete      with --check: every lesson must exist in en, zh_CN and fr\n"
	"  --show N        print lesson N (a number, an id or a slug) as plain text\n"
	"  --dir DIR       also read lessons from DIR (as does $LINGERLAB_LESSONS)\n"));
}

static int terminal_columns(void)
{
	const char *c = getenv("COLUMNS");
	int w = c ? atoi(c) : 0;
	if (w < 20)
		w = 80;
	return w > 500 ? 500 : w;
}

/* ---- listing ---- */

static int list(const char *extra)
{
	struct lesson_catalog cat;
	enum lang lg = i18n_get();
	if (!lesson_catalog_load(&cat, extra)) {
		warnx_(_("no lessons found (looked in: %s%s%s)"),
		       cat.ndirs ? cat.dirs[0] : "-", cat.ndirs > 1 ? ", " : "",
		       cat.ndirs > 1 ? cat.dirs[1] : "");
		lesson_catalog_free(&cat);
		return EXIT_FAIL;
	}
	int w = terminal_columns() - 20;
	for (size_t i = 0; i < cat.n; i++) {
		const struct lesson_entry *e = &cat.e[i];
		printf("%3d  ", e->number);
		textwrap_pad(stdout, lesson_entry_title(e, lg), w < 20 ? 20 : w);
		for (int l = 0; l < LANG_COUNT; l++)
			if (e->path[l])
				printf(" %s", lang_code(l));
		putchar('\n');
	}
	lesson_catalog_free(&cat);
	return EXIT_OK;
}

/* ---- checking ---- */

static void print_problem(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "%s\n", msg);
}

static int check_one(const char *dir, int flags)
{
	int nfiles = 0;
	int n = lessoncheck_dir(dir, flags, print_problem, NULL, &nfiles);
	if (nfiles == 0 && n == 0) {
		fprintf(stderr, _("%s: no lesson files (NN-slug.LANG.lesson)\n"), dir);
		n = 1;
	}
	if (n)
		printf(_("%s: %d lesson files, %d problems\n"), dir, nfiles, n);
	else
		printf(_("%s: %d lesson files, no problems\n"), dir, nfiles);
	return n;
}

static int check(const char *dir, const char *extra, int flags)
{
	int n = 0;
	if (dir)
		return check_one(dir, flags) ? EXIT_FAIL : EXIT_OK;
	struct lesson_catalog cat;
	struct stat sb;
	lesson_catalog_load(&cat, extra);
	for (size_t i = 0; i < cat.ndirs; i++)
		if (stat(cat.dirs[i], &sb) == 0 || (extra && !strcmp(cat.dirs[i], extra)))
			n += check_one(cat.dirs[i], flags);
	lesson_catalog_free(&cat);
	return n ? EXIT_FAIL : EXIT_OK;
}

/* ---- showing ---- */

static const char *no_value(void *ctx, const char *lab, const char *fact)
{
	(void)ctx;
	(void)lab;
	(void)fact;
	return NULL;
}

/* The text of t with {lab:fact} shown as "?" (nothing has run). */
static void print_text(const struct lesson_text *t, int width,
                       const char *first, const char *rest)
{
	struct lesson_text *f = lesson_text_fill(t, no_value, NULL, "?");
	textwrap_print(stdout, f->text, width, first, rest);
	lesson_text_free(f);
}

static void print_rule(const char *title, int width, const char *ch)
{
	int w = textwrap_swidth(title);
	printf("%s\n", title);
	for (int i = 0; i < w && i < width; i++)
		fputs(ch, stdout);
	putchar('\n');
}

/* A table: columns as wide as their widest cell, shrunk to fit, cells
 * wrapped inside their column. */
static void print_table(const struct lesson_block *b, int width)
{
	size_t cols = b->cols, rows = b->rows;
	int *cw = xcalloc(cols, sizeof *cw);
	struct lesson_text **cell = xcalloc(rows * cols, sizeof *cell);
	int total = 2 + 3 * (int)(cols - 1);
	for (size_t i = 0; i < rows * cols; i++) {
		cell[i] = lesson_text_fill(&b->cells[i], no_value, NULL, "?");
		int w = textwrap_swidth(cell[i]->text);
		if (w > cw[i % cols])
			cw[i % cols] = w;
	}
	for (size_t c = 0; c < cols; c++)
		total += cw[c];
	while (total > width) {
		size_t wide = 0;
		for (size_t c = 1; c < cols; c++)
			if (cw[c] > cw[wide])
				wide = c;
		if (cw[wide] <= 6)
			break;
		cw[wide]--;
		total--;
	}
	for (size_t r = 0; r < rows; r++) {
		struct textwrap_line *ln[64];
		size_t nl[64], most = 1;
		for (size_t c = 0; c < cols && c < 64; c++) {
			const char *s = cell[r * cols + c]->text;
			nl[c] = textwrap_wrap(s, strlen(s), cw[c], &ln[c]);
			if (nl[c] > most)
				most = nl[c];
		}
		for (size_t k = 0; k < most; k++) {
			fputs("  ", stdout);
			for (size_t c = 0; c < cols && c < 64; c++) {
				const char *s = cell[r * cols + c]->text;
				char piece[1024] = "";
				if (k < nl[c])
					snprintf(piece, sizeof piece, "%.*s", (int)ln[c][k].len,
					         s + ln[c][k].off);
				if (c + 1 < cols && c + 1 < 64) {
					textwrap_pad(stdout, piece, cw[c]);
					fputs(" | ", stdout);
				} else {
					fputs(piece, stdout);
				}
			}
			putchar('\n');
		}
		for (size_t c = 0; c < cols && c < 64; c++)
			free(ln[c]);
		if (r == 0) {
			fputs("  ", stdout);
			for (size_t c = 0; c < cols; c++) {
				for (int i = 0; i < cw[c]; i++)
					putchar('-');
				if (c + 1 < cols)
					fputs("-+-", stdout);
			}
			putchar('\n');
		}
	}
	for (size_t i = 0; i < rows * cols; i++)
		lesson_text_free(cell[i]);
	free(cell);
	free(cw);
}

static void print_lab(const struct lesson_lab *lab, int width)
{
	char cmd[2048];
	int n = snprintf(cmd, sizeof cmd, "lingerlab run %s", lab->scenario);
	for (size_t i = 0; i < lab->nsets && n < (int)sizeof cmd; i++)
		n += snprintf(cmd + n, sizeof cmd - (size_t)n, " --set %s=%s",
		              lab->sets[i].name, lab->sets[i].value);
	for (size_t i = 0; i < lab->nparams && n < (int)sizeof cmd; i++)
		n += snprintf(cmd + n, sizeof cmd - (size_t)n, " --set %s=%s",
		              lab->params[i].name, lab->params[i].start);
	printf("  [%s] ", _("Lab"));
	textwrap_print(stdout, cmd, width - 8, "", "        ");
	for (size_t i = 0; i < lab->nparams; i++) {
		const struct lesson_param *p = &lab->params[i];
		char line[1024];
		snprintf(line, sizeof line, _("you may change %s: %s (starts at %s)%s%s"),
		         p->name, p->bounds, p->start, p->label ? " - " : "",
		         p->label ? p->label : "");
		textwrap_print(stdout, line, width, "        ", "          ");
	}
}

static void print_question(const struct lesson_question *q, int width)
{
	char head[64];
	snprintf(head, sizeof head, "  [%s] ", _("Predict"));
	struct lesson_text *f = lesson_text_fill(&q->prompt, no_value, NULL, "?");
	textwrap_print(stdout, f->text, width, head, "            ");
	lesson_text_free(f);
	for (size_t i = 0; i < q->nchoices; i++) {
		char mark[16];
		snprintf(mark, sizeof mark, "      %c) ", (int)('a' + i % 26));
		print_text(&q->choices[i].label, width, mark, "         ");
	}
	char note[256];
	snprintf(note, sizeof note, _("(graded from the live run: fact %s)"), q->fact);
	textwrap_print(stdout, note, width, "      ", "      ");
}

static void print_textbook(const struct lesson_textbook *tb, int width)
{
	char head[64], line[512];
	snprintf(head, sizeof head, "  [%s] ", _("Textbook"));
	print_text(&tb->claim, width, head, "             ");
	snprintf(line, sizeof line, _("textbook: %s = %s; your kernel: run the lab"),
	         tb->fact, tb->value);
	textwrap_print(stdout, line, width, "             ", "             ");
}

static void print_page(const struct lesson_page *pg, size_t k, size_t n,
                       int width)
{
	char title[512];
	snprintf(title, sizeof title, _("Page %zu/%zu: %s"), k + 1, n,
	         pg->title ? pg->title : "");
	putchar('\n');
	print_rule(title, width, "-");
	int lab_done = 0;
	for (size_t i = 0; i < pg->nblocks; i++) {
		const struct lesson_block *b = &pg->blocks[i];
		putchar('\n');
		/* the lab goes before the first question: it is what they ask about */
		if (pg->lab && !lab_done &&
		    (b->kind == LB_QUESTION || b->kind == LB_TEXTBOOK)) {
			print_lab(pg->lab, width);
			putchar('\n');
			lab_done = 1;
		}
		switch (b->kind) {
		case LB_PARA:
			print_text(&b->text, width, "", "");
			break;
		case LB_LIST:
			for (size_t j = 0; j < b->nitems; j++)
				print_text(&b->items[j], width, "  - ", "    ");
			break;
		case LB_TABLE:
			print_table(b, width);
			break;
		case LB_CODE: {
			const char *s = b->code;
			while (*s) {
				size_t l = strcspn(s, "\n");
				printf("    %.*s\n", (int)l, s);
				s += l + (s[l] == '\n');
			}
			break;
		}
		case LB_QUESTION:
			print_question(&pg->questions[b->index], width);
			break;
		case LB_TEXTBOOK:
			print_textbook(&pg->textbooks[b->index], width);
			break;
		}
	}
	if (pg->lab && !lab_done) {
		putchar('\n');
		print_lab(pg->lab, width);
	}
}

static int show(const char *key, const char *extra)
{
	struct lesson_catalog cat;
	struct diag d = { "" };
	lesson_catalog_load(&cat, extra);
	const struct lesson_entry *e = lesson_catalog_find(&cat, key);
	if (!e) {
		warnx_(_("no lesson %s (see `lingerlab lessons`)"), key);
		lesson_catalog_free(&cat);
		return EXIT_FAIL;
	}
	struct lesson *l = lesson_entry_load(e, i18n_get(), &d);
	if (!l) {
		warnx_("%s", d.msg);
		lesson_catalog_free(&cat);
		return EXIT_FAIL;
	}
	int width = terminal_columns();
	char title[512];
	snprintf(title, sizeof title, _("Lesson %d: %s"), l->number,
	         l->title ? l->title : "");
	print_rule(title, width, "=");
	for (size_t k = 0; k < l->npages; k++)
		print_page(&l->pages[k], k, l->npages, width);
	lesson_free(l);
	lesson_catalog_free(&cat);
	return EXIT_OK;
}

/* ---- arguments ---- */

enum { OPT_DIR = 1, OPT_SHOW, OPT_CHECK, OPT_COMPLETE };

static const struct option options[] = {
	{ "dir", required_argument, NULL, OPT_DIR },
	{ "show", required_argument, NULL, OPT_SHOW },
	{ "check", optional_argument, NULL, OPT_CHECK },
	{ "complete", no_argument, NULL, OPT_COMPLETE },
	{ NULL, 0, NULL, 0 },
};

static const struct cli_parser parser = { "lessons", usage, "", options };

int lessoncli_main(int argc, char **argv)
{
	const char *extra = NULL, *show_key = NULL, *check_dir = NULL;
	int checking = 0, flags = 0, c;

	cli_begin();
	while ((c = cli_getopt(argc, argv, &parser)) != -1) {
		switch (c) {
		case OPT_DIR:
			if (!*optarg)
				cli_usage_error("lessons", _("%s needs a folder"), "--dir");
			extra = optarg;
			break;
		case OPT_SHOW:
			if (!*optarg)
				cli_usage_error("lessons", _("%s needs a lesson number"), "--show");
			show_key = optarg;
			break;
		case OPT_CHECK:
			checking = 1;
			check_dir = optarg;
			break;
		case OPT_COMPLETE:
			flags |= LESSONCHECK_COMPLETE;
			break;
		}
	}
	/* the folder of --check may also follow it as an operand */
	if (optind < argc && (!checking || check_dir))
		cli_usage_error("lessons", _("unexpected argument '%s'"), argv[optind]);
	if (optind < argc)
		check_dir = argv[optind++];
	if (optind < argc)
		cli_usage_error("lessons", _("unexpected argument '%s'"), argv[optind]);
	if (checking && show_key)
		cli_usage_error("lessons", "%s", _("--check and --show do not go together"));
	if (flags && !checking)
		cli_usage_error("lessons", _("%s goes with --check"), "--complete");
	if (checking)
		return check(check_dir, extra, flags);
	if (show_key)
		return show(show_key, extra);
	return list(extra);
}
