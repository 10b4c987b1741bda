/* SPDX-License-Identifier: MIT */
/*
 * view.c - `lingerlab view FILE.pcap`: the ladder of a capture, full
 * screen on a terminal, as text otherwise (or with --text).
 */
#include "config.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/i18n.h"
#include "base/util.h"
#include "captures/connview.h"
#include "model/svg.h"
#include "tui/tui.h"
#include "cli/cli.h"

static void usage(FILE *out)
{
	fprintf(out, "%s",
		_("Usage: lingerlab view FILE.pcap [OPTION]...\n"
		  "Show the ladder of a capture: full screen on a terminal, else as text.\n"
		  "\n"
		  "  --text      print the ladder as text, even on a terminal\n"
		  "  --port N    only the connection(s) to or from port N\n"
		  "  --conn N    only the Nth connection (as numbered in the list)\n"
		  "  --width N   width of the text ladder, 60 to 400\n"
		  "  --format svg  write the ladder(s) as an SVG picture\n"
		  "FILE may be gzip-compressed, or - for standard input.\n"));
}

enum { OPT_TEXT = 1, OPT_PORT, OPT_WIDTH, OPT_FORMAT, OPT_CONN };

static const struct option options[] = {
    {"text", no_argument, NULL, OPT_TEXT},         {"port", required_argument, NULL, OPT_PORT},
    {"width", required_argument, NULL, OPT_WIDTH}, {"format", required_argument, NULL, OPT_FORMAT},
    {"conn", required_argument, NULL, OPT_CONN},   {NULL, 0, NULL, 0},
};

static const struct cli_parser parser = {"view", usage, "", options};

int cmd_view(int argc, char **argv)
{
	const char *file;
	int text = !isatty(1), width = cli_terminal_width(), port = 0, svg = 0, c;
	size_t conn = 0;

	cli_begin();
	while ((c = cli_getopt(argc, argv, &parser)) != -1) {
		switch (c) {
		case OPT_TEXT:
			text = 1;
			break;
		case OPT_WIDTH:
			if ((width = cli_parse_width(optarg)) < 0)
				cli_usage_error("view", _("%s needs a number from 60 to 400"),
						"--width");
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") && strcmp(optarg, "svg"))
				cli_usage_error("view", _("unknown format '%s': use text or svg"),
						optarg);
			svg = !strcmp(optarg, "svg");
			text = 1;
			break;
		case OPT_PORT:
			if ((port = cli_parse_port(optarg)) < 0)
				cli_usage_error("view", _("%s needs a port number"), "--port");
			break;
		case OPT_CONN: {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (!*optarg || *end || v < 1)
				cli_usage_error("view", _("%s needs a connection number"),
						"--conn");
			conn = (size_t)v;
			text = 1; /* the one ladder, as text */
			break;
		}
		}
	}
	if (optind == argc)
		cli_usage_error("view", "%s", _("view needs a capture file"));
	file = argv[optind];
	if (optind + 1 < argc)
		cli_usage_error("view", _("unexpected argument '%s'"), argv[optind + 1]);
	if (!strcmp(file, "-"))
		text = 1; /* standard input is the capture, not the keyboard */
	if (!text) {
		struct tui_options o = {0, 0, cli_globals.lessons_dir, file, 0};
		tui_view_port((unsigned)port);
		return tui_main(&o);
	}
	struct connview_filter f = {(unsigned)port, conn};
	struct diag d = {0};
	size_t shown;
	struct svg pic;
	int r;
	if (svg) {
		if (svg_begin(&pic, width) < 0) {
			warnx_("%s", strerror(errno));
			return EXIT_FAIL;
		}
		r = connview_svg(file, &f, &pic, &shown, &d);
		svg_end(&pic, shown ? stdout : NULL);
	} else {
		r = connview_print(file, &f, stdout, width, i18n_line_glyphs(), &shown, &d);
	}
	if (r < 0) {
		warnx_("%s", d.msg);
		return EXIT_FAIL;
	}
	if (!shown) {
		warnx_(_("%s: no TCP connection to show"), file);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
