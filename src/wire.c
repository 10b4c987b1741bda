/* wire.c - being written. */
typedef int wire_placeholder;
