/* SPDX-License-Identifier: MIT */
/*
 * scenario.h - the scenario language: what a client and a server do.
 *
 * A scenario is a language-neutral text file (see lingerlab.1, "SCENARIO
 * FILES", and assets/scenarios/README).  It names itself, declares
 * parameters with defaults and bounds, and lists each side's steps:
 *
 *     scenario abortive
 *     title    Abortive close: SO_LINGER on, 0 s, with unsent data
 *     param    linger   0     off|0..300   seconds the client's close() may wait
 *     param    bytes    64K   0..16M       bytes the client writes
 *     limit    10s
 *     link     off                  (or kbit/s: slow the loopback down)
 *     sysctl   tcp_fin_timeout 2    (set in the lab's own namespace only)
 *     server
 *         set rcvbuf 4K
 *         listen
 *         accept
 *         wait client close
 *         read eof
 *         close
 *     client
 *         connect
 *         set linger $linger
 *         write $bytes
 *         close
 *
 * Loading is two-phase so that parameters can be changed between loading
 * and running (by `--set name=value` or the TUI's settings):
 *   scenario_load()     parses the header, the params and the raw step lines;
 *   scenario_set()      overrides one parameter, checked against its bounds;
 *   scenario_resolve()  substitutes $params and parses every step line into
 *                       struct step, reporting errors as file:line.
 * A scenario is owned by the caller and freed with scenario_free().
 * Nothing here touches sockets or curses: the parser is fuzzed directly.
 */
#ifndef LINGERLAB_SCENARIO_H
#define LINGERLAB_SCENARIO_H

#include <stddef.h>
#include <stdint.h>
#include "base/diag.h"
#include "model/steps.h"

struct step {
	enum step_op op;
	int line;             /* line in the scenario file, for messages */
	int64_t arg;          /* bytes, ms, shutdown how (SHUT_*), ... */
	enum set_opt opt;     /* OP_SET */
	int64_t value;        /* OP_SET */
	enum side wait_side;  /* OP_WAIT: whose step (always the other side) */
	enum step_op wait_op; /* OP_WAIT: which operation must have finished */
};

#define PARAM_NAME_MAX 32
#define PARAM_VALUE_MAX 32

struct param {
	char name[PARAM_NAME_MAX];
	char value[PARAM_VALUE_MAX]; /* current value, as text */
	char def[PARAM_VALUE_MAX];   /* the default from the file */
	char *help;                  /* private: use scenario_param_help() and
					scenario_param_allowed() */
	int line;
};

/* `sysctl NAME VALUE`: a per-namespace setting from an allowlist
 * (tcp_fin_timeout, tcp_tw_reuse, tcp_rfc1337, tcp_orphan_retries,
 * ip_local_port_range, the last written LOW-HIGH). */
#define SCENARIO_SYSCTL_MAX 5
struct scenario_sysctl {
	const char *name; /* net.ipv4.NAME, from the allowlist */
	char *raw;        /* the value as written (may use $params) */
	int line;
	char value[32]; /* after scenario_resolve(): the text to write */
};

struct scenario {
	char *path;       /* file it came from */
	char *name;       /* `scenario NAME` */
	char *title;      /* one line, English; lessons give translations */
	int64_t limit_ms; /* run time limit (default 15000) */
	char *link_raw;   /* `link off|KBIT` as written (may use $params) */
	int link_line;
	unsigned link_kbit; /* after scenario_resolve(): 0 = full speed */
	struct scenario_sysctl sysctls[SCENARIO_SYSCTL_MAX];
	size_t nsysctls;
	struct param *params;
	size_t nparams;
	/* raw step lines, kept until scenario_resolve() */
	struct rawline {
		char *text;
		int line;
	} * raw[2];
	size_t nraw[2];
	/* resolved steps, valid after scenario_resolve() */
	struct step *steps[2];
	size_t nsteps[2];
};

/* Parse `text` (len bytes, need not be NUL-terminated); `path` is used in
 * messages only.  Returns NULL with d->msg set on error. */
struct scenario *scenario_parse(const char *text, size_t len, const char *path, struct diag *d);
/* Read and parse a file. */
struct scenario *scenario_load(const char *path, struct diag *d);
/* Find a scenario by name or path: a path containing '/' or ending in .scn
 * is used as is; otherwise NAME.scn is looked up in the scenario
 * directories (LINGERLAB_SCENARIOS, the source tree, the installed data
 * directory).  Returns a malloc'd path or NULL. */
char *scenario_find(const char *name_or_path);
/* The directories searched, in order, NULL-terminated (static storage). */
const char *const *scenario_dirs(void);

/* Override a parameter.  Returns 0, or -1 with d->msg explaining why
 * (unknown name, not a number, out of bounds, a negative linger). */
int scenario_set(struct scenario *sc, const char *name, const char *value, struct diag *d);
/* Parse "name=value" and call scenario_set(). */
int scenario_set_arg(struct scenario *sc, const char *assignment, struct diag *d);
struct param *scenario_param(struct scenario *sc, const char *name);
/* A parameter's help text and its allowed values as written ("off|0..300"). */
const char *scenario_param_help(const struct param *p);
const char *scenario_param_allowed(const struct param *p);

/* Substitute parameters and parse every step.  Returns 0 or -1 with
 * d->msg = "file:line: ...".  May be called again after scenario_set(). */
int scenario_resolve(struct scenario *sc, struct diag *d);

void scenario_free(struct scenario *sc);

/* A short human rendering of a step, e.g. "set linger 2", "read eof". */
void step_describe(const struct step *st, char *buf, size_t len);

/* Parse sizes like "64K", "1M", "5000" and durations like "2s", "150ms".
 * Return 0 on success. */
int parse_size(const char *s, int64_t *out);
int parse_duration_ms(const char *s, int64_t *out);

#endif
