/* sockdiag.c - being written. */
typedef int sockdiag_placeholder;
