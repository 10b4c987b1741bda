/* SPDX-License-Identifier: MIT */
/*
 * analyze.c - `lingerlab analyze FILE.pcap`: one line per TCP connection of
 * a capture saying how it ended, then a summary (captures/analyze.h), or
 * the same as JSON (captures/anreport.h).
 */
#include "config.h"
#include <string.h>
#include "base/i18n.h"
#include "base/util.h"
#include "captures/analyze.h"
#include "captures/anreport.h"
#include "cli/cli.h"

static void usage(FILE *f)
{
	fprintf(f, "%s",
		_("usage: lingerlab analyze FILE.pcap [OPTION]...\n"
		  "\n"
		  "Say how every TCP connection of a capture ended: orderly close (and who\n"
		  "sent the first FIN), half-close, abortive close, RST after the peer's data\n"
		  "(unread data, or SO_LINGER 0 after reading), RST after FIN, connection\n"
		  "refused, or still open; with the bytes each way, who holds TIME_WAIT and\n"
		  "how long it lasted.  One line per connection as soon as it has ended, then\n"
		  "a summary and the totals per server.  FILE may be gzip-compressed, or - for\n"
		  "standard input.\n"
		  "\n"
		  "  --format FORMAT  text (default) or json\n"
		  "  --ending KIND    only connections that ended so: orderly, half-close,\n"
		  "                   abortive, rst-after-data, rst-after-fin, refused, open\n"
		  "  --host ADDR      only connections to or from the IPv4 or IPv6 address ADDR\n"
		  "  --port N         only connections to or from port N\n"));
}

enum { OPT_PORT = 1, OPT_FORMAT, OPT_ENDING, OPT_HOST };

static const struct option options[] = {
    {"port", required_argument, NULL, OPT_PORT},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"ending", required_argument, NULL, OPT_ENDING},
    {"host", required_argument, NULL, OPT_HOST},
    {NULL, 0, NULL, 0},
};

static const struct cli_parser parser = {"analyze", usage, "", options};

struct out {
	struct anreport_filter filter;
	struct anreport_totals totals;
	int json;
};

static void print_report(const struct analyze_report *r, void *arg)
{
	struct out *o = arg;
	if (!anreport_keep(&o->filter, r))
		return;
	if (o->json) {
		anreport_json_conn(stdout, r, o->totals.conns == 0);
	} else {
		char line[640];
		size_t n = analyze_format(r, line, sizeof line);
		line[n] = '\n';
		fwrite(line, 1, n + 1, stdout);
	}
	anreport_totals_add(&o->totals, r);
}

/* "connections: 3 (orderly close 2, ...)" for everything or one server. */
static void print_endings(const size_t *kind, int nonzero_only)
{
	char n[24];
	for (int k = 0, first = 1; k < AK_COUNT; k++) {
		if (nonzero_only && !kind[k])
			continue;
		snprintf(n, sizeof n, "%zu", kind[k]);
		printf("%s%s %s", first ? " (" : ", ", analyze_kind_name((enum analyze_kind)k), n);
		first = 0;
	}
	putchar(')');
}

/* "skipped: 12 (not IP 3, not TCP 9)" and the RSTs ignored, if any. */
static void print_skipped(const struct analyze_stats *st)
{
	static const char *const why[PK_COUNT] = {
	    N_("other ports"),
	    N_("link type not decoded"),
	    N_("not IP"),
	    N_("IP but not TCP"),
	    N_("IP fragments after the first"),
	    N_("tunnels (not opened)"),
	    N_("truncated or malformed"),
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

static void print_summary(const struct analyze_stats *st, const struct anreport_totals *t)
{
	char n[3][24];
	snprintf(n[0], sizeof n[0], "%zu", t->conns);
	printf(_("connections: %s"), n[0]);
	print_endings(t->kind, 0);
	snprintf(n[0], sizeof n[0], "%zu", st->frames);
	snprintf(n[1], sizeof n[1], "%zu", st->tcp);
	snprintf(n[2], sizeof n[2], "%zu", st->held_max);
	printf("; ");
	printf(_("frames: %s, TCP segments: %s, most connections held at once: %s"), n[0], n[1],
	       n[2]);
	putchar('\n');
	print_skipped(st);
	for (size_t i = 0; i < t->nsrv; i++) {
		char ep[64];
		analyze_endpoint_str(&t->srv[i]->ep, ep, sizeof ep);
		snprintf(n[0], sizeof n[0], "%zu", t->srv[i]->conns);
		printf(_("server %s: "), ep);
		printf(ngettext("%s connection", "%s connections", t->srv[i]->conns), n[0]);
		print_endings(t->srv[i]->kind, 1);
		putchar('\n');
	}
}

int cmd_analyze(int argc, char **argv)
{
	const char *file;
	int port = 0, c;
	struct out o;
	memset(&o, 0, sizeof o);
	o.filter.ending = -1;

	cli_begin();
	while ((c = cli_getopt(argc, argv, &parser)) != -1) {
		switch (c) {
		case OPT_PORT:
			if ((port = cli_parse_port(optarg)) < 0)
				cli_usage_error("analyze", _("%s needs a port number"), "--port");
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") && strcmp(optarg, "json"))
				cli_usage_error("analyze",
						_("unknown format '%s': use text or json"), optarg);
			o.json = !strcmp(optarg, "json");
			break;
		case OPT_ENDING:
			if ((o.filter.ending = anreport_ending_parse(optarg)) < 0)
				cli_usage_error("analyze", _("unknown ending '%s'"), optarg);
			break;
		case OPT_HOST:
			if (anreport_parse_host(optarg, &o.filter) < 0)
				cli_usage_error("analyze", _("%s needs an IPv4 or IPv6 address"),
						"--host");
			break;
		}
	}
	if (optind == argc)
		cli_usage_error("analyze", "%s", _("analyze needs a capture file"));
	file = argv[optind];
	if (optind + 1 < argc)
		cli_usage_error("analyze", _("unexpected argument '%s'"), argv[optind + 1]);

	struct analyze_stats st;
	struct diag d = {0};
	struct analyzer *a = analyze_new((unsigned)port, print_report, &o);
	anreport_totals_init(&o.totals);
	if (o.json)
		anreport_json_begin(stdout, file);
	int r = analyze_run(a, file, &st, &d);
	analyze_free(a);
	if (r == -1) {
		anreport_totals_free(&o.totals);
		warnx_("%s", d.msg);
		return EXIT_FAIL;
	}
	if (o.json)
		anreport_json_end(stdout, &st, &o.totals, r == -2 ? d.msg : NULL);
	else
		print_summary(&st, &o.totals);
	anreport_totals_free(&o.totals);
	/* a write error on stdout is reported, with its reason, at exit
	 * (cli_close_stdout; tests/outputs.sh) */
	if (r == -2) {
		warnx_("%s", d.msg);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
