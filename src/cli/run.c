/* SPDX-License-Identifier: MIT */
/*
 * run.c - `lingerlab run SCENARIO`: run a scenario on this kernel, print
 * its ladder and verdict (text, JSON or events).
 */
#include "config.h"
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include "base/i18n.h"
#include "base/util.h"
#include "engine/experiment.h"
#include "model/ladder.h"
#include "model/report.h"
#include "model/svg.h"
#include "model/verdict.h"
#include "cli/cli.h"

static volatile int stop_signal; /* experiment_run() takes a volatile int * */

static void on_signal(int sig)
{
	stop_signal = sig;
}

static void catch_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* After cleaning up, die of the signal that stopped us, as a shell expects. */
static void reraise(void)
{
	if (stop_signal) {
		signal(stop_signal, SIG_DFL);
		raise(stop_signal);
	}
}

/* The ladder as SVG, under the scenario's name and parameters. */
static void write_svg(FILE *out, const struct timeline *tl, const char *params, int width)
{
	struct ladder l;
	struct svg s;
	char title[640];
	snprintf(title, sizeof title, "%s  %s", tl->scenario ? tl->scenario : "", params);
	if (ladder_build(tl, 0, &l) == 0 && svg_begin(&s, width) == 0) {
		svg_add(&s, &l, title);
		svg_end(&s, out);
	}
	ladder_free(&l);
}

static void usage(FILE *out)
{
	fprintf(out, "%s",
		_("Usage: lingerlab run SCENARIO [OPTION]...\n"
		  "Run SCENARIO (a name from `lingerlab scenarios` or a .scn file) on this\n"
		  "machine's kernel; print the ladder of packets and states, and the verdict.\n"
		  "\n"
		  "  --set NAME=VALUE   change a parameter of the scenario (repeatable)\n"
		  "  --pcap FILE        also write the captured packets to FILE (- for\n"
		  "                     standard output; the report then goes to stderr)\n"
		  "  --format FORMAT    text (default), json, events or svg (the ladder)\n"
		  "  --width N          width of the text ladder, 60 to 400\n"
		  "  --host-net         use the host's loopback, not a private namespace\n"));
}

enum { OPT_SET = 1, OPT_PCAP, OPT_FORMAT, OPT_WIDTH, OPT_HOST };

static const struct option options[] = {
    {"set", required_argument, NULL, OPT_SET},       {"pcap", required_argument, NULL, OPT_PCAP},
    {"format", required_argument, NULL, OPT_FORMAT}, {"width", required_argument, NULL, OPT_WIDTH},
    {"host-net", no_argument, NULL, OPT_HOST},       {NULL, 0, NULL, 0},
};

static const struct cli_parser parser = {"run", usage, "", options};

int cmd_run(int argc, char **argv)
{
	const char *scen = NULL, *pcap = NULL, *format = "text";
	const char *sets[64];
	int nsets = 0, width = cli_terminal_width(), host = 0, c;
	struct diag d = {0};

	cli_begin();
	while ((c = cli_getopt(argc, argv, &parser)) != -1) {
		switch (c) {
		case OPT_SET:
			if (nsets == (int)ARRAY_LEN(sets))
				cli_usage_error("run", _("too many %s"), "--set");
			sets[nsets++] = optarg;
			break;
		case OPT_PCAP:
			if (!*optarg)
				cli_usage_error("run", _("%s needs a file name"), "--pcap");
			pcap = optarg;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") && strcmp(optarg, "json") &&
			    strcmp(optarg, "events") && strcmp(optarg, "svg"))
				cli_usage_error(
				    "run", _("unknown format '%s': use text, json, events or svg"),
				    optarg);
			format = optarg;
			break;
		case OPT_WIDTH:
			if ((width = cli_parse_width(optarg)) < 0)
				cli_usage_error("run", _("%s needs a number from 60 to 400"),
						"--width");
			break;
		case OPT_HOST:
			host = 1;
			break;
		}
	}
	if (optind == argc)
		cli_usage_error("run", "%s", _("run needs a scenario: see `lingerlab scenarios`"));
	scen = argv[optind];
	if (optind + 1 < argc)
		cli_usage_error(
		    "run",
		    _("unexpected argument '%s' (parameters are given with --set NAME=VALUE)"),
		    argv[optind + 1]);

	struct scenario *sc = cli_load_scenario(scen, &d);
	if (!sc) {
		warnx_("%s", d.msg);
		return diag_exit_code(&d);
	}
	char params[512] = "";
	for (int i = 0; i < nsets; i++)
		if (scenario_set_arg(sc, sets[i], &d)) {
			warnx_("%s", d.msg);
			scenario_free(sc);
			return EXIT_USAGE; /* a --set the scenario refuses */
		}
	if (scenario_resolve(sc, &d)) {
		warnx_("%s", d.msg);
		scenario_free(sc);
		return EXIT_FAIL; /* a step of the file is wrong */
	}
	for (size_t i = 0; i < sc->nparams; i++) {
		size_t o = strlen(params);
		snprintf(params + o, sizeof params - o, "%s%s=%s", o ? " " : "", sc->params[i].name,
			 sc->params[i].value);
	}

	struct timeline tl;
	struct exp_options opt = {.pcap_path = pcap, .no_namespace = host};
	timeline_init(&tl);
	tl.params = xstrdup(params);
	catch_signals();
	int r = experiment_run(sc, &opt, &tl, &stop_signal, &d);
	int timed_out = 0; /* or a side died of a signal it did not ask for */
	for (size_t i = 0; i < tl.n; i++)
		if (tl.ev[i].kind == EV_NOTE && (tl.ev[i].u.note.what == NOTE_TIMEOUT ||
						 tl.ev[i].u.note.what == NOTE_CHILD_DIED))
			timed_out = 1;
	if (stop_signal) {
		timeline_free(&tl);
		scenario_free(sc);
		reraise();
		return EXIT_FAIL;
	}
	if (r == 0 || tl.n) {
		/* with the capture on standard output, the report goes to stderr */
		FILE *out = pcap && !strcmp(pcap, "-") ? stderr : stdout;
		struct verdict v;
		verdict_compute(&tl, &v);
		if (!strcmp(format, "json"))
			report_json(out, &tl, &v);
		else if (!strcmp(format, "events"))
			report_events(out, &tl);
		else if (!strcmp(format, "svg"))
			write_svg(out, &tl, params, width);
		else
			report_text(out, &tl, &v, width, i18n_line_glyphs());
	}
	timeline_free(&tl);
	scenario_free(sc);
	if (r < 0) {
		warnx_("%s", d.msg);
		return EXIT_FAIL;
	}
	return timed_out ? EXIT_FAIL : EXIT_OK;
}
