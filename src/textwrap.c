/* textwrap.c - placeholder (issue 3). */
#include "textwrap.h"
typedef int textwrap_placeholder;
