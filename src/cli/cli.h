/* SPDX-License-Identifier: MIT */
/*
 * cli.h - what every command of the command line shares: one option
 * parser, the global options, the usage errors and exit codes, the
 * terminal width.
 *
 * Every command is a function `int cmd(int argc, char **argv)` whose
 * argv[0] is the command's name; it returns an exit code (util.h):
 * 0 success, 1 failure (including a damaged input file), 2 bad usage.
 * main.c dispatches on a table of them.
 *
 * A command parses its options with cli_getopt() (getopt_long with
 * argument permutation, so options and operands mix freely; `--` ends the
 * options).  cli_getopt() itself handles the options every command takes:
 * -h/--help (the command's usage on stdout, exit 0), --lang LANG and
 * --lessons-dir DIR; an unknown option or a missing value is reported
 * with the command's name and ends the program with exit code 2.
 */
#ifndef LINGERLAB_CLI_H
#define LINGERLAB_CLI_H

#include <getopt.h>
#include <stdio.h>
#include "engine/scenario.h"

/* The options that work before or after any command. */
struct cli_globals {
	const char *lang;        /* --lang, already applied by main() */
	const char *lessons_dir; /* --lessons-dir (also put in $LINGERLAB_LESSONS) */
};
extern struct cli_globals cli_globals;

/* A command's own options: `shortopts` and `longopts` as for getopt_long
 * (longopts ends with a zero entry; values must be below CLI_OPT_BASE). */
struct cli_parser {
	const char *cmd;          /* "run": for messages */
	void (*usage)(FILE *out); /* the command's --help text */
	const char *shortopts;
	const struct option *longopts;
};
enum { CLI_OPT_BASE = 0x1000 };

/* Call with optind = 0 before the first option of a command (cli_begin()
 * does it).  Returns the next option of the command's own (its `val`, the
 * argument in optarg), or -1 when the options are done: argv[optind] ..
 * argv[argc - 1] are then the operands. */
void cli_begin(void);
int cli_getopt(int argc, char **argv, const struct cli_parser *p);

/* "lingerlab: MESSAGE" and "Try 'lingerlab CMD --help'." on stderr, then
 * exit(EXIT_USAGE).  cmd may be NULL (the program's own options). */
void cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

/* The line every command's --help ends with (the global options). */
void cli_usage_globals(FILE *out);

/* --lang: sets the language now; 0, or -1 if LANG is not supported. */
int cli_set_lang(const char *lang);
/* Scan argv (up to `--`) for --lang, so that messages printed before the
 * parser reaches it are in that language.  NULL if absent. */
const char *cli_find_lang(int argc, char **argv);

/* 0 if dir is a folder we may read, else a message ("DIR: Not a
 * directory") and -1. */
int cli_check_dir(const char *dir);

/* $COLUMNS, else the terminal's width, else 80 (at least 60). */
int cli_terminal_width(void);
/* "--width N": N from 60 to 400, else -1. */
int cli_parse_width(const char *v);
/* A port number 1..65535, else -1. */
int cli_parse_port(const char *v);

/* The scenario NAME (a built-in name or a path to a .scn file), loaded;
 * NULL with d->msg set. */
struct scenario *cli_load_scenario(const char *name, struct diag *d);

/* Registered with atexit() by main(): flush and close standard output and
 * report a write error ("lingerlab: standard output: No space left on
 * device") with exit code 1, so no command exits 0 after losing output. */
void cli_close_stdout(void);

/* The commands, one file each; argv[0] is the command's name. */
int cmd_run(int argc, char **argv);       /* run.c */
int cmd_scenarios(int argc, char **argv); /* scenarios.c */
int cmd_view(int argc, char **argv);      /* view.c */
int cmd_analyze(int argc, char **argv);   /* analyze.c */

#endif
