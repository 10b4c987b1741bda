/* timeline.c - being written. */
typedef int timeline_placeholder;
