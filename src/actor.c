/* actor.c - being written. */
typedef int actor_placeholder;
