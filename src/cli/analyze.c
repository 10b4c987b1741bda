/* SPDX-License-Identifier: MIT */
/*
 * analyze.c - `lingerlab analyze FILE.pcap`: one line per TCP connection of
 * a capture saying how it ended, then a summary (captures/analyze.h).
 */
#include "config.h"
#include "base/i18n.h"
#include "base/util.h"
#include "captures/analyze.h"
#include "cli/cli.h"

static void usage(FILE *f)
{
	fprintf(f, "%s", _(
	"usage: lingerlab analyze FILE.pcap [--port N]\n"
	"\n"
	"Say how every TCP connection of a capture ended: orderly close (and who\n"
	"sent the first FIN), half-close, abortive close, RST on unread data\n"
	"(likely), RST after FIN, connection refused, or still open; with the\n"
	"bytes each way, who holds TIME_WAIT and how long it lasted.  One line\n"
	"per connection as soon as it has ended, then a summary.\n"
	"\n"
	"  --port N   only connections to or from port N\n"));
}

enum { OPT_PORT = 1 };

static const struct option options[] = {
	{ "port", required_argument, NULL, OPT_PORT },
	{ NULL, 0, NULL, 0 },
};

static const struct cli_parser parser = { "analyze", usage, "", options };

static void print_report(const struct analyze_report *r, void *arg)
{
	char line[640];
	size_t n = analyze_format(r, line, sizeof line);
	line[n] = '\n';
	fwrite(line, 1, n + 1, arg);
}

/* "skipped: 12 (not IP 3, not TCP 9)" and the RSTs ignored, if any. */
static void print_skipped(const struct analyze_stats *st)
{
	static const char *const why[PK_COUNT] = {
		N_("other ports"), N_("link type not decoded"), N_("not IP"),
		N_("IP but not TCP"), N_("IP fragments after the first"),
		N_("tunnels (not opened)"), N_("truncated or malformed"),
	};
	char n[24];
	if (st->skipped) {
		snprintf(n, sizeof n, "%zu", st->skipped);
		printf(_("skipped: %s"), n);
		for (int i = 0, first = 1; i < PK_COUNT; i++)
			if (st->skip[i]) {
				snprintf(n, sizeof n, "%zu", st->skip[i]);
				printf("%s%s %s", first ? " (" : ", ", _(why[i]), n);
				first = 0;
			}
		printf(")\n");
	}
	if (st->bad_rst) {
		snprintf(n, sizeof n, "%zu", st->bad_rst);
		printf(_("out-of-window RSTs ignored (RFC 5961): %s"), n);
		putchar('\n');
	}
}

int cmd_analyze(int argc, char **argv)
{
	const char *file;
	int port = 0, c;

	cli_begin();
	while ((c = cli_getopt(argc, argv, &parser)) != -1)
		if (c == OPT_PORT && (port = cli_parse_port(optarg)) < 0)
			cli_usage_error("analyze", _("%s needs a port number"), "--port");
	if (optind == argc)
		cli_usage_error("analyze", "%s", _("analyze needs a capture file"));
	file = argv[optind];
	if (optind + 1 < argc)
		cli_usage_error("analyze", _("unexpected argument '%s'"), argv[optind + 1]);

	struct analyze_stats st;
	struct diag d = { 0 };
	int r = analyze_file(file, (unsigned)port, print_report, stdout, &st, &d);
	if (r == -1) {
		warnx_("%s", d.msg);
		return EXIT_FAIL;
	}
	char n[10][24];
	snprintf(n[0], sizeof n[0], "%zu", st.conns);
	printf(_("connections: %s"), n[0]);
	for (int k = 0; k < AK_COUNT; k++) {
		snprintf(n[1], sizeof n[1], "%zu", st.kind[k]);
		printf("%s%s %s", k ? ", " : " (", analyze_kind_name((enum analyze_kind)k), n[1]);
	}
	snprintf(n[2], sizeof n[2], "%zu", st.frames);
	snprintf(n[3], sizeof n[3], "%zu", st.tcp);
	snprintf(n[4], sizeof n[4], "%zu", st.held_max);
	printf("); ");
	printf(_("frames: %s, TCP segments: %s, most connections held at once: %s"), n[2], n[3], n[4]);
	putchar('\n');
	print_skipped(&st); /* a write error is reported at exit (cli_close_stdout) */
	if (r == -2) {
		warnx_("%s", d.msg);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
