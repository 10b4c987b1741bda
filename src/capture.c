/* capture.c - being written. */
typedef int capture_placeholder;
