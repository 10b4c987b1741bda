/* netns.c - being written. */
typedef int netns_placeholder;
