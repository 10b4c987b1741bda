/* SPDX-License-Identifier: MIT */
/*
 * main.c - the command line: parse global options, dispatch to a command.
 *
 *   lingerlab [--lang L] [--lesson N] [--present] [--lessons-dir DIR]   the TUI
 *   lingerlab run SCENARIO [--set k=v]... [--pcap FILE] [--format F]
 *   lingerlab scenarios
 *   lingerlab lessons [...]            (lessoncli.c)
 *   lingerlab view FILE.pcap [--text]
 *   lingerlab doctor
 *
 * Exit status: 0 success, 1 failure, 2 bad usage or bad input.
 */
#include "config.h"
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "captures/analyze.h"
#include "cli/doctor.h"
#include "engine/experiment.h"
#include "base/i18n.h"
#include "model/ladder.h"
#include "cli/lessoncli.h"
#include "captures/connview.h"
#include "model/report.h"
#include "tui/tui.h"
#include "base/util.h"
#include "model/verdict.h"

static volatile int stop_signal;

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

static void usage(FILE *out)
{
	fprintf(out, "%s", _(
	"Usage: lingerlab [OPTION]...            open the interactive lab\n"
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
	"  --lessons-dir DIR  also read lessons from DIR\n"
	"  -h, --help         show this help and exit\n"
	"  -V, --version      show the version and exit\n"
	"\n"
	"Exit status: 0 success, 1 failure, 2 bad usage or input.\n"
	"See lingerlab(1) for the scenario language and more.\n"));
}

static int bad_usage(const char *fmt, const char *arg)
{
	fputs("lingerlab: ", stderr);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n%s\n", _("Try 'lingerlab --help'."));
	return EXIT_USAGE;
}

static int terminal_width(void)
{
	struct winsize ws;
	const char *c = getenv("COLUMNS");
	if (c && atoi(c) >= 60)
		return atoi(c);
	if (isatty(1) && ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 60)
		return ws.ws_col;
	return 80;
}

static int parse_width(const char *v)
{
	char *end;
	long w = strtol(v, &end, 10);
	return *v && !*end && w >= 60 && w <= 400 ? (int)w : -1;
}

/* Value of option argv[*i] given as "--opt VALUE" or "--opt=VALUE". */
static const char *optval(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);
	if (!strncmp(argv[*i], name, n) && argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (!strcmp(argv[*i], name)) {
		if (*i + 1 >= argc)
			return NULL;
		return argv[++*i];
	}
	return NULL;
}

static int is_opt(const char *arg, const char *name)
{
	size_t n = strlen(name);
	return !strncmp(arg, name, n) && (arg[n] == '\0' || arg[n] == '=');
}

static struct scenario *load_scenario(const char *name, struct diag *d)
{
	char *path = scenario_find(name);
	if (!path) {
		snprintf(d->msg, sizeof d->msg,
		         _("no scenario '%s' (see `lingerlab scenarios`, or give a path to a .scn file)"),
		         name);
		return NULL;
	}
	struct scenario *sc = scenario_load(path, d);
	free(path);
	return sc;
}

static int cmd_run(int argc, char **argv)
{
	const char *scen = NULL, *pcap = NULL, *format = "text";
	const char *sets[64];
	int nsets = 0, width = terminal_width(), host = 0;
	struct diag d = { "" };

	for (int i = 1; i < argc; i++) {
		const char *v;
		if (is_opt(argv[i], "--set")) {
			if (!(v = optval(argc, argv, &i, "--set")))
				return bad_usage(_("%s needs NAME=VALUE"), "--set");
			if (nsets == (int)ARRAY_LEN(sets))
				return bad_usage(_("too many %s"), "--set");
			sets[nsets++] = v;
		} else if (is_opt(argv[i], "--pcap")) {
			if (!(v = optval(argc, argv, &i, "--pcap")) || !*v)
				return bad_usage(_("%s needs a file name"), "--pcap");
			pcap = v;
		} else if (is_opt(argv[i], "--format")) {
			if (!(v = optval(argc, argv, &i, "--format")))
				return bad_usage(_("%s needs text, json or events"), "--format");
			if (strcmp(v, "text") && strcmp(v, "json") && strcmp(v, "events"))
				return bad_usage(_("unknown format '%s': use text, json or events"), v);
			format = v;
		} else if (is_opt(argv[i], "--width")) {
			if (!(v = optval(argc, argv, &i, "--width")) || (width = parse_width(v)) < 0)
				return bad_usage(_("%s needs a number from 60 to 400"), "--width");
		} else if (!strcmp(argv[i], "--host-net")) {
			host = 1;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return bad_usage(_("unknown option '%s' for run"), argv[i]);
		} else if (!scen) {
			scen = argv[i];
		} else {
			return bad_usage(_("unexpected argument '%s' (parameters are given with --set NAME=VALUE)"),
			                 argv[i]);
		}
	}
	if (!scen)
		return bad_usage("%s", _("run needs a scenario: see `lingerlab scenarios`"));

	struct scenario *sc = load_scenario(scen, &d);
	if (!sc) {
		warnx_("%s", d.msg);
		return EXIT_USAGE;
	}
	char params[512] = "";
	for (int i = 0; i < nsets; i++)
		if (scenario_set_arg(sc, sets[i], &d)) {
			warnx_("%s", d.msg);
			scenario_free(sc);
			return EXIT_USAGE;
		}
	if (scenario_resolve(sc, &d)) {
		warnx_("%s", d.msg);
		scenario_free(sc);
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < sc->nparams; i++) {
		size_t o = strlen(params);
		snprintf(params + o, sizeof params - o, "%s%s=%s", o ? " " : "",
		         sc->params[i].name, sc->params[i].value);
	}

	struct timeline tl;
	struct exp_options opt = { pcap, host };
	timeline_init(&tl);
	tl.params = xstrdup(params);
	catch_signals();
	int r = experiment_run(sc, &opt, &tl, &stop_signal, &d);
	int timed_out = 0;
	for (size_t i = 0; i < tl.n; i++)
		if (tl.ev[i].kind == EV_NOTE && tl.ev[i].u.note.what == NOTE_TIMEOUT)
			timed_out = 1;
	if (stop_signal) {
		timeline_free(&tl);
		scenario_free(sc);
		reraise();
		return EXIT_FAIL;
	}
	if (r == 0 || tl.n) {
		struct verdict v;
		verdict_compute(&tl, &v);
		if (!strcmp(format, "json"))
			report_json(stdout, &tl, &v);
		else if (!strcmp(format, "events"))
			report_events(stdout, &tl);
		else
			report_text(stdout, &tl, &v, width, i18n_utf8());
	}
	if (r < 0) {
		warnx_("%s", d.msg);
		if (pcap && (d.msg[0] && strstr(d.msg, pcap)))
			r = -2; /* an unwritable --pcap is bad input */
	}
	timeline_free(&tl);
	scenario_free(sc);
	if (fflush(stdout) != 0)
		return EXIT_FAIL;
	return r == -2 ? EXIT_USAGE : r < 0 || timed_out ? EXIT_FAIL : EXIT_OK;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmd_scenarios(int argc, char **argv)
{
	char *names[256];
	size_t n = 0;
	(void)argv;
	if (argc > 1)
		return bad_usage(_("unexpected argument '%s'"), argv[1]);
	for (const char *const *dir = scenario_dirs(); *dir; dir++) {
		DIR *dp = opendir(*dir);
		struct dirent *de;
		if (!dp)
			continue;
		while ((de = readdir(dp)) && n < ARRAY_LEN(names)) {
			size_t l = strlen(de->d_name);
			if (l < 5 || strcmp(de->d_name + l - 4, ".scn"))
				continue;
			char *name = xstrndup(de->d_name, l - 4);
			int dup = 0;
			for (size_t i = 0; i < n; i++)
				dup |= !strcmp(names[i], name);
			if (dup)
				free(name);
			else
				names[n++] = name;
		}
		closedir(dp);
	}
	if (!n) {
		warnx_("%s", _("no scenarios found (is lingerlab installed?)"));
		return EXIT_FAIL;
	}
	qsort(names, n, sizeof names[0], cmp_str);
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		struct diag d;
		struct scenario *sc = load_scenario(names[i], &d);
		if (!sc) {
			warnx_("%s", d.msg);
			bad = 1;
		} else {
			printf("%-16s %s\n", sc->name, sc->title);
			for (size_t k = 0; k < sc->nparams; k++)
				printf("%-16s   --set %s=%s  (%s)  %s\n", "", sc->params[k].name,
				       sc->params[k].def, scenario_param_allowed(&sc->params[k]),
				       scenario_param_help(&sc->params[k]));
			scenario_free(sc);
		}
		free(names[i]);
	}
	return bad ? EXIT_FAIL : EXIT_OK;
}

static int cmd_view(int argc, char **argv, const struct tui_options *topt)
{
	const char *file = NULL;
	int text = !isatty(1), width = terminal_width();
	unsigned port = 0;
	for (int i = 1; i < argc; i++) {
		const char *v;
		if (!strcmp(argv[i], "--text"))
			text = 1;
		else if (is_opt(argv[i], "--width")) {
			if (!(v = optval(argc, argv, &i, "--width")) || (width = parse_width(v)) < 0)
				return bad_usage(_("%s needs a number from 60 to 400"), "--width");
		}
		else if (is_opt(argv[i], "--port")) {
			if (!(v = optval(argc, argv, &i, "--port")) || atoi(v) <= 0 || atoi(v) > 65535)
				return bad_usage(_("%s needs a port number"), "--port");
			port = (unsigned)atoi(v);
		} else if (argv[i][0] == '-' && argv[i][1])
			return bad_usage(_("unknown option '%s' for view"), argv[i]);
		else if (!file)
			file = argv[i];
		else
			return bad_usage(_("unexpected argument '%s'"), argv[i]);
	}
	if (!file)
		return bad_usage("%s", _("view needs a capture file"));
	if (!text) {
		struct tui_options o = *topt;
		o.pcap = file;
		return tui_main(&o);
	}
	struct connview_filter f = { port };
	struct diag d = { "" };
	size_t shown;
	int r = connview_print(file, &f, stdout, width, i18n_utf8(), &shown, &d);
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

int main(int argc, char **argv)
{
	const char *lang = NULL;
	struct tui_options topt = { 0, 0, NULL, NULL };
	int i;

	/* --lang must be known before any message is printed */
	for (i = 1; i < argc; i++)
		if (is_opt(argv[i], "--lang")) {
			int j = i;
			lang = optval(argc, argv, &j, "--lang");
		}
	if (i18n_init(lang) < 0) {
		i18n_init(NULL);
		return bad_usage(_("unknown language '%s': use en, zh_CN or fr"), lang);
	}
	if (is_opt(argv[argc > 1 ? 1 : 0], "--lang") && !lang)
		return bad_usage(_("%s needs en, zh_CN or fr"), "--lang");

	for (i = 1; i < argc; i++) {
		const char *v;
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return EXIT_OK;
		} else if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
			printf("lingerlab %s\n", PACKAGE_VERSION);
			return EXIT_OK;
		} else if (is_opt(a, "--lang")) {
			if (!optval(argc, argv, &i, "--lang"))
				return bad_usage(_("%s needs en, zh_CN or fr"), "--lang");
		} else if (is_opt(a, "--lesson")) {
			if (!(v = optval(argc, argv, &i, "--lesson")) || atoi(v) < 1)
				return bad_usage(_("%s needs a lesson number"), "--lesson");
			topt.lesson = atoi(v);
		} else if (!strcmp(a, "--present")) {
			topt.present = 1;
		} else if (is_opt(a, "--lessons-dir")) {
			if (!(v = optval(argc, argv, &i, "--lessons-dir")))
				return bad_usage(_("%s needs a folder"), "--lessons-dir");
			topt.lessons_dir = v;
			setenv("LINGERLAB_LESSONS", v, 1);
		} else if (a[0] == '-') {
			return bad_usage(_("unknown option '%s'"), a);
		} else {
			break;
		}
	}
	if (i == argc)
		return tui_main(&topt);

	const char *cmd = argv[i];
	int sub_argc = argc - i;
	char **sub_argv = argv + i;
	if (!strcmp(cmd, "run"))
		return cmd_run(sub_argc, sub_argv);
	if (!strcmp(cmd, "scenarios"))
		return cmd_scenarios(sub_argc, sub_argv);
	if (!strcmp(cmd, "lessons"))
		return lessoncli_main(sub_argc, sub_argv);
	if (!strcmp(cmd, "view"))
		return cmd_view(sub_argc, sub_argv, &topt);
	if (!strcmp(cmd, "analyze")) return analyze_main(sub_argc, sub_argv);
	if (!strcmp(cmd, "doctor")) {
		if (sub_argc > 1)
			return bad_usage(_("unexpected argument '%s'"), sub_argv[1]);
		return doctor_run(stdout) ? EXIT_FAIL : EXIT_OK;
	}
	return bad_usage(_("unknown command '%s'"), cmd);
}
