/* SPDX-License-Identifier: MIT */
/*
 * cli.c - the shared part of the commands: one option parser, usage
 * errors, the terminal width (see cli.h).
 */
#include "config.h"
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/i18n.h"
#include "base/util.h"
#include "cli/cli.h"

struct cli_globals cli_globals;

enum { OPT_LANG = CLI_OPT_BASE, OPT_LESSONS_DIR, OPT_HELP };

static const struct option global_options[] = {
    {"lang", required_argument, NULL, OPT_LANG},
    {"lessons-dir", required_argument, NULL, OPT_LESSONS_DIR},
    {"help", no_argument, NULL, OPT_HELP},
};

void cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vwarnx_(fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, _("Try 'lingerlab %s --help'."), cmd);
	else
		fputs(_("Try 'lingerlab --help'."), stderr);
	fputc('\n', stderr);
	exit(EXIT_USAGE);
}

void cli_usage_globals(FILE *out)
{
	fprintf(out, "\n%s",
		_("Options of every command:\n"
		  "  --lang LANG        en, zh_CN or fr (default: from the locale)\n"
		  "  --lessons-dir DIR  also read lessons from DIR\n"
		  "  -h, --help         show this help and exit\n"
		  "  --                 end of the options\n"));
}

int cli_set_lang(const char *lang)
{
	int l = lang_parse(lang);
	if (l < 0)
		return -1;
	i18n_set((enum lang)l);
	cli_globals.lang = lang;
	return 0;
}

const char *cli_find_lang(int argc, char **argv)
{
	const char *lang = NULL;
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		if (!strncmp(argv[i], "--lang=", 7))
			lang = argv[i] + 7;
		else if (!strcmp(argv[i], "--lang") && i + 1 < argc)
			lang = argv[++i];
	}
	return lang;
}

void cli_begin(void)
{
	optind = 0; /* glibc: start again, with a new argv */
}

/* The command's options followed by the global ones, and "+:" or ":" in
 * front of the short options (report a missing value ourselves). */
static void merge(const struct cli_parser *p, struct option *all, size_t cap, char *shorts,
		  size_t scap)
{
	size_t n = 0;
	for (const struct option *o = p->longopts; o && o->name && n + 1 < cap; o++)
		all[n++] = *o;
	for (size_t i = 0; i < ARRAY_LEN(global_options) && n + 1 < cap; i++)
		all[n++] = global_options[i];
	memset(&all[n], 0, sizeof all[n]);
	const char *so = p->shortopts ? p->shortopts : "";
	int plus = so[0] == '+';
	snprintf(shorts, scap, "%s:h%s", plus ? "+" : "", so + plus);
}

int cli_getopt(int argc, char **argv, const struct cli_parser *p)
{
	struct option all[48];
	char shorts[64];
	merge(p, all, ARRAY_LEN(all), shorts, sizeof shorts);
	opterr = 0;
	for (;;) {
		int c = getopt_long(argc, argv, shorts, all, NULL);
		const char *opt = optind > 0 && optind <= argc ? argv[optind - 1] : "?";
		switch (c) {
		case OPT_LANG:
			if (cli_set_lang(optarg) < 0)
				cli_usage_error(p->cmd,
						_("unknown language '%s': use en, zh_CN or fr"),
						optarg);
			break;
		case OPT_LESSONS_DIR:
			if (!*optarg)
				cli_usage_error(p->cmd, _("%s needs a folder"), "--lessons-dir");
			if (cli_check_dir(optarg) < 0)
				exit(EXIT_FAIL);
			cli_globals.lessons_dir = optarg;
			setenv("LINGERLAB_LESSONS", optarg, 1);
			break;
		case 'h':
		case OPT_HELP:
			p->usage(stdout);
			cli_usage_globals(stdout);
			exit(EXIT_OK);
		case ':':
			cli_usage_error(p->cmd, _("%s needs a value"), opt);
		case '?':
			if (optopt && optopt < CLI_OPT_BASE && !(opt[0] == '-' && opt[1] == '-')) {
				char s[3] = {'-', (char)optopt, '\0'};
				cli_usage_error(p->cmd, _("unknown option '%s'"), s);
			}
			cli_usage_error(p->cmd, _("unknown option '%s'"), opt);
		default:
			return c;
		}
	}
}

int cli_check_dir(const char *dir)
{
	struct stat sb;
	int e = 0;
	if (stat(dir, &sb) < 0)
		e = errno;
	else if (!S_ISDIR(sb.st_mode))
		e = ENOTDIR;
	else if (access(dir, R_OK | X_OK) < 0)
		e = errno;
	if (e) {
		warnx_("%s: %s", dir, strerror(e));
		return -1;
	}
	return 0;
}

int cli_terminal_width(void)
{
	struct winsize ws;
	const char *c = getenv("COLUMNS");
	if (c && atoi(c) >= 60)
		return atoi(c);
	if (isatty(1) && ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 60)
		return ws.ws_col;
	return 80;
}

int cli_parse_width(const char *v)
{
	char *end;
	long w = strtol(v, &end, 10);
	return *v && !*end && w >= 60 && w <= 400 ? (int)w : -1;
}

int cli_parse_port(const char *v)
{
	char *end;
	long n = v ? strtol(v, &end, 10) : 0;
	return v && *v && !*end && n > 0 && n <= 65535 ? (int)n : -1;
}

struct scenario *cli_load_scenario(const char *name, struct diag *d)
{
	char *path = scenario_find(name);
	if (!path) {
		diag_set(d, DIAG_USAGE,
			 _("no scenario '%s' (see `lingerlab scenarios`, or give a path to a .scn "
			   "file)"),
			 name);
		return NULL;
	}
	struct scenario *sc = scenario_load(path, d);
	free(path);
	return sc;
}

void cli_close_stdout(void)
{
	int bad = ferror(stdout), e = 0;
	if (fclose(stdout) != 0) {
		e = errno;
		/* EBADF: there was no standard output and nothing was written. */
		bad |= e != EBADF;
	}
	if (bad) {
		warnx_("%s: %s", _("standard output"), e ? strerror(e) : _("write error"));
		_exit(EXIT_FAIL);
	}
}
