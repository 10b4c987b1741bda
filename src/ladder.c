/* ladder.c - being written. */
typedef int ladder_placeholder;
