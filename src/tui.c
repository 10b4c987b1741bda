/* tui.c - placeholder until the TUI lands (issue 4). */
#include "config.h"
#include <stdio.h>
#include "i18n.h"
#include "tui.h"
#include "util.h"

int tui_main(const struct tui_options *opt)
{
	(void)opt;
	warnx_("%s", _("the interactive lab is not built yet; try `lingerlab run graceful`"));
	return EXIT_FAIL;
}
