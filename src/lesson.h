/* lesson.h - placeholder (issue 3). */
#ifndef LINGERLAB_LESSON_H
#define LINGERLAB_LESSON_H
#endif
