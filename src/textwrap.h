/* textwrap.h - placeholder (issue 3). */
#ifndef LINGERLAB_TEXTWRAP_H
#define LINGERLAB_TEXTWRAP_H
#endif
