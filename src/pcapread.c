/* pcapread.c - being written. */
typedef int pcapread_placeholder;
