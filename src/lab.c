/* lab.c - being written. */
typedef int lab_placeholder;
