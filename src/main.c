/* main.c - temporary */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include "experiment.h"
#include "i18n.h"
#include "report.h"
#include "util.h"
int main(int argc, char **argv)
{
	struct diag d;
	struct timeline tl;
	i18n_init(NULL);
	if (argc < 3) return 2;
	char *path = scenario_find(argv[2]);
	if (!path) { fprintf(stderr, "no scenario\n"); return 2; }
	struct scenario *sc = scenario_load(path, &d);
	if (!sc) { fprintf(stderr, "%s\n", d.msg); return 2; }
	for (int i = 3; i < argc; i++) if (scenario_set_arg(sc, argv[i], &d)) { fprintf(stderr, "%s\n", d.msg); return 2; }
	if (scenario_resolve(sc, &d)) { fprintf(stderr, "%s\n", d.msg); return 2; }
	timeline_init(&tl);
	struct exp_options o = { .pcap_path = "/tmp/x.pcap" };
	if (experiment_run(sc, &o, &tl, NULL, &d)) fprintf(stderr, "ERR %s\n", d.msg);
	report_events(stdout, &tl);
	return 0;
}
