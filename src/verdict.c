/* verdict.c - being written. */
typedef int verdict_placeholder;
