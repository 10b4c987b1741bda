/* lesson.c - placeholder (issue 3). */
#include "lesson.h"
typedef int lesson_placeholder;
