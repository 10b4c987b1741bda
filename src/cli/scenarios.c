/* SPDX-License-Identifier: MIT */
/*
 * scenarios.c - `lingerlab scenarios`: the built-in scenarios, with their
 * parameters.
 */
#include "config.h"
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include "base/esc.h"
#include "base/i18n.h"
#include "base/util.h"
#include "cli/cli.h"

static void usage(FILE *out)
{
	fprintf(out, "%s",
		_("Usage: lingerlab scenarios\n"
		  "List the built-in scenarios, each with its parameters: the --set\n"
		  "NAME=DEFAULT to give to `lingerlab run`, the values allowed, what it does.\n"));
}

static const struct option options[] = {{NULL, 0, NULL, 0}};
static const struct cli_parser parser = {"scenarios", usage, "", options};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The English text of a scenario file in the current language (the
 * catalogs carry them: po/scenario-strings.c). */
static const char *tr(const char *s)
{
	return *s ? _(s) : s;
}

/* One scenario and its parameters.  Everything comes from a file that
 * may be anyone's: shown escaped, never sent raw to the terminal. */
static void print_scenario(const struct scenario *sc)
{
	char line[2048];
	snprintf(line, sizeof line, "%-16s %s", sc->name, tr(sc->title));
	esc_fputs(line, NULL, stdout);
	putchar('\n');
	for (size_t k = 0; k < sc->nparams; k++) {
		const struct param *p = &sc->params[k];
		snprintf(line, sizeof line, "%-16s   --set %s=%s  (%s)  %s", "", p->name, p->def,
			 scenario_param_allowed(p), tr(scenario_param_help(p)));
		esc_fputs(line, NULL, stdout);
		putchar('\n');
	}
}

int cmd_scenarios(int argc, char **argv)
{
	char *names[256];
	size_t n = 0;
	cli_begin();
	while (cli_getopt(argc, argv, &parser) != -1)
		;
	if (optind < argc)
		cli_usage_error("scenarios", _("unexpected argument '%s'"), argv[optind]);
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
		struct scenario *sc = cli_load_scenario(names[i], &d);
		if (!sc) {
			warnx_("%s", d.msg);
			bad = 1;
		} else {
			print_scenario(sc);
			scenario_free(sc);
		}
		free(names[i]);
	}
	return bad ? EXIT_FAIL : EXIT_OK;
}
