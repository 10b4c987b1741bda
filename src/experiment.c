/* experiment.c - being written. */
typedef int experiment_placeholder;
