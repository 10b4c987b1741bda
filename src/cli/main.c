/* SPDX-License-Identifier: MIT */
/*
 * main.c - the command line: the program's own options, then a table of
 * commands, one file each (cli.h).
 *
 *   lingerlab [--lang L] [--lesson N] [--present] [--lessons-dir DIR]   the TUI
 *   lingerlab run SCENARIO [--set k=v]... [--pcap FILE] [--format F]   run.c
 *   lingerlab scenarios                                               scenarios.c
 *   lingerlab lessons [...]                                           lessoncli.c
 *   lingerlab view FILE.pcap [--text]                                 view.c
 *   lingerlab analyze FILE.pcap [--port N]                            analyze.c
 *   lingerlab doctor                                                  doctor.c
 *
 * Exit status: 0 success, 1 failure (a damaged input file too), 2 bad usage.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "base/i18n.h"
#include "base/util.h"
#include "tui/tui.h"
#include "cli/cli.h"
#include "cli/doctor.h"
#include "cli/lessoncli.h"

static const struct command {
	const char *name;
	int (*main)(int argc, char **argv);
} commands[] = {
    {"run", cmd_run},   {"scenarios", cmd_scenarios}, {"lessons", lessoncli_main},
    {"view", cmd_view}, {"analyze", cmd_analyze},     {"doctor", cmd_doctor},
};

static void usage(FILE *out)
{
	fprintf(out, "%s",
		_("Usage: lingerlab [OPTION]...            open the interactive lab\n"
		  "       lingerlab run SCENARIO [--set NAME=VALUE]... [--pcap FILE]\n"
		  "                     [--format text|json|events] [--width N]\n"
		  "       lingerlab scenarios              list the built-in scenarios\n"
		  "       lingerlab lessons [--check [DIR]] [--show N] [--dir DIR]\n"
		  "       lingerlab view FILE.pcap [--text] [--port N] [--width N]\n"
		  "                                        the ladder of a capture\n"
		  "       lingerlab analyze FILE.pcap [--port N]  how each connection ended\n"
		  "       lingerlab doctor                 check what the lab needs here\n"
		  "\n"
		  "Learn how TCP connections end: run real client/server pairs on this\n"
		  "machine's kernel with the SO_LINGER settings you pick, and watch the\n"
		  "packets and socket states they produce.\n"
		  "\n"
		  "Options:\n"
		  "  --lang LANG        en, zh_CN or fr (default: from the locale)\n"
		  "  --lesson N         open lesson N\n"
		  "  --present          presenter mode for classrooms\n"
		  "  --ascii            ASCII lines and arrows (terminals without line drawing)\n"
		  "  --lessons-dir DIR  also read lessons from DIR\n"
		  "  -h, --help         show this help and exit\n"
		  "  -V, --version      show the version and exit\n"
		  "\n"
		  "Exit status: 0 success, 1 failure, 2 bad usage or input.\n"
		  "See lingerlab(1) for the scenario language and more.\n"));
}

enum { OPT_LESSON = 1, OPT_PRESENT, OPT_VERSION, OPT_ASCII };

static const struct option options[] = {
    {"lesson", required_argument, NULL, OPT_LESSON},
    {"present", no_argument, NULL, OPT_PRESENT},
    {"ascii", no_argument, NULL, OPT_ASCII},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

/* "+": stop at the command's name, which parses the rest. */
static const struct cli_parser parser = {NULL, usage, "+V", options};

int main(int argc, char **argv)
{
	struct tui_options topt = {0, 0, NULL, NULL, 0};
	const char *lang = cli_find_lang(argc, argv);
	int c;

	/* --lang must be known before any message is printed */
	if (i18n_init(lang) < 0) {
		i18n_init(NULL);
		cli_usage_error(NULL, _("unknown language '%s': use en, zh_CN or fr"), lang);
	}
	atexit(cli_close_stdout);

	cli_begin();
	while ((c = cli_getopt(argc, argv, &parser)) != -1) {
		switch (c) {
		case OPT_LESSON:
			if ((topt.lesson = atoi(optarg)) < 1)
				cli_usage_error(NULL, _("%s needs a lesson number"), "--lesson");
			break;
		case OPT_PRESENT:
			topt.present = 1;
			break;
		case OPT_ASCII:
			topt.ascii = 1;
			break;
		case 'V':
		case OPT_VERSION:
			printf("lingerlab %s\n", PACKAGE_VERSION);
			return EXIT_OK;
		}
	}
	if (optind == argc) {
		topt.lessons_dir = cli_globals.lessons_dir;
		return tui_main(&topt);
	}
	const char *cmd = argv[optind];
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		if (!strcmp(cmd, commands[i].name))
			return commands[i].main(argc - optind, argv + optind);
	cli_usage_error(NULL, _("unknown command '%s'"), cmd);
}
