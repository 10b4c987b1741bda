/* scenario.c - being written. */
typedef int scenario_placeholder;
