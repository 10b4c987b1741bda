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
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "base/esc.h"
#include "base/i18n.h"
#include "lesson/lesson.h"
#include "lesson/lessoncheck.h"
#include "cli/cli.h"
#include "lesson/page.h"
#include "cli/lessoncli.h"
#include "base/textwrap.h"
#include "base/util.h"

static void usage(FILE *f)
{
	fprintf(f, "%s",
		_("usage: lingerlab lessons [--dir DIR]\n"
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
		warnx_(_("no lessons found (looked in: %s%s%s)"), cat.ndirs ? cat.dirs[0] : "-",
		       cat.ndirs > 1 ? ", " : "", cat.ndirs > 1 ? cat.dirs[1] : "");
		lesson_catalog_free(&cat);
		return EXIT_FAIL;
	}
	int w = terminal_columns() - 20;
	for (size_t i = 0; i < cat.n; i++) {
		const struct lesson_entry *e = &cat.e[i];
		printf("%3d  ", e->number);
		char title[1024];
		esc_controls(lesson_entry_title(e, lg), NULL, title, sizeof title);
		textwrap_pad(stdout, title, w < 20 ? 20 : w);
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
	esc_fputs(msg, "\n", stderr); /* it quotes the lesson file */
	fputc('\n', stderr);
}

static int check_one(const char *dir, int flags)
{
	int nfiles = 0;
	int n = lessoncheck_dir(dir, flags, print_problem, NULL, &nfiles);
	if (nfiles == 0 && n == 0) {
		fprintf(stderr, _("%s: no lesson files (NN-slug.LANG.lesson)\n"), dir);
		n = 1;
	}
	char files[64], problems[64];
	snprintf(files, sizeof files, ngettext("%d lesson file", "%d lesson files", nfiles),
		 nfiles);
	if (n)
		snprintf(problems, sizeof problems, ngettext("%d problem", "%d problems", n), n);
	else
		snprintf(problems, sizeof problems, "%s", _("no problems"));
	/* TRANSLATORS: folder: "3 lesson files", "2 problems" */
	printf(_("%s: %s, %s\n"), dir, files, problems);
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

static void print_rule(const char *title, int width, const char *ch)
{
	int w = textwrap_swidth(title);
	esc_fputs(title, NULL, stdout); /* from the lesson file */
	putchar('\n');
	for (int i = 0; i < w && i < width; i++)
		fputs(ch, stdout);
	putchar('\n');
}

static void print_page(const struct lesson_page *pg, size_t k, size_t n, int width)
{
	char title[512];
	snprintf(title, sizeof title, _("Page %zu/%zu: %s"), k + 1, n, pg->title ? pg->title : "");
	putchar('\n');
	print_rule(title, width, "-");
	putchar('\n');
	/* nothing has run: {lab:fact} values show as "?" */
	struct page_view pv = {.utf8 = i18n_utf8()};
	struct page_doc doc = {0};
	struct lesson_page body = *pg;
	body.title = NULL; /* already in the rule above */
	page_build(&doc, &body, width, &pv);
	/* the text comes from the lesson file: it must not drive the terminal */
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	if (!m) {
		warnx_("open_memstream: %s", strerror(errno));
		exit(EXIT_FAIL);
	}
	page_print(m, &doc);
	fclose(m);
	esc_fputs(text, "\n\t", stdout);
	free(text);
	page_doc_free(&doc);
}

static int show(const char *key, const char *extra)
{
	struct lesson_catalog cat;
	struct diag d = {0};
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
	snprintf(title, sizeof title, _("Lesson %d: %s"), l->number, l->title ? l->title : "");
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
    {"dir", required_argument, NULL, OPT_DIR},
    {"show", required_argument, NULL, OPT_SHOW},
    {"check", optional_argument, NULL, OPT_CHECK},
    {"complete", no_argument, NULL, OPT_COMPLETE},
    {NULL, 0, NULL, 0},
};

static const struct cli_parser parser = {"lessons", usage, "", options};

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
	/* a folder that is not there is an error, not an empty list */
	if (extra && cli_check_dir(extra) < 0)
		return EXIT_FAIL;
	if (checking)
		return check(check_dir, extra, flags);
	if (show_key)
		return show(show_key, extra);
	return list(extra);
}
