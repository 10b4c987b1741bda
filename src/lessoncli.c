/* lessoncli.c - placeholder until the lessons land (issue 3). */
#include "config.h"
#include "i18n.h"
#include "lessoncli.h"
#include "util.h"

int lessoncli_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	warnx_("%s", _("no lessons yet"));
	return EXIT_FAIL;
}
