/* SPDX-License-Identifier: MIT */
/*
 * scenario.c - parse scenario files (see scenario.h for the language).
 *
 * The parser is line-oriented and never trusts its input: every token is
 * length-checked, numbers are range-checked, and each error names the file
 * and line.  Nothing here performs a syscall beyond reading the file.
 */
#include "config.h"
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include "base/i18n.h"
#include "engine/scenario.h"
#include "base/util.h"

#define MAX_SCENARIO_BYTES (256 * 1024)
#define MAX_STEPS 256
#define MAX_PARAMS 32
#define MAX_TOKENS 16

static void diagf(struct diag *d, const char *path, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void diagf(struct diag *d, const char *path, int line, const char *fmt, ...)
{
	va_list ap;
	int n = 0;
	if (!d)
		return;
	if (path && line > 0)
		n = snprintf(d->msg, sizeof d->msg, "%s:%d: ", path, line);
	else if (path)
		n = snprintf(d->msg, sizeof d->msg, "%s: ", path);
	if (n < 0 || (size_t)n >= sizeof d->msg)
		n = 0;
	va_start(ap, fmt);
	vsnprintf(d->msg + n, sizeof d->msg - (size_t)n, fmt, ap);
	va_end(ap);
}

/* Parse a non-negative integer with an optional unit suffix.  `units` maps
 * suffix letters to multipliers.  Rejects overflow and trailing junk. */
static int parse_scaled(const char *s, int64_t *out, const char *const *sfx, const int64_t *mul,
			size_t nsfx)
{
	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (errno || v < 0)
		return -1;
	int64_t m = 1;
	if (*end) {
		size_t i;
		for (i = 0; i < nsfx; i++)
			if (!strcmp(end, sfx[i]))
				break;
		if (i == nsfx)
			return -1;
		m = mul[i];
	}
	if (v > INT64_MAX / m)
		return -1;
	*out = (int64_t)v * m;
	return 0;
}

int parse_size(const char *s, int64_t *out)
{
	static const char *const sfx[] = {"K", "k", "KiB", "M", "MiB", "G", "GiB"};
	static const int64_t mul[] = {1024, 1024, 1024, 1 << 20, 1 << 20, 1 << 30, 1 << 30};
	return parse_scaled(s, out, sfx, mul, ARRAY_LEN(sfx));
}

int parse_duration_ms(const char *s, int64_t *out)
{
	static const char *const sfx[] = {"ms", "s", "min"};
	static const int64_t mul[] = {1, 1000, 60000};
	return parse_scaled(s, out, sfx, mul, ARRAY_LEN(sfx));
}

/* Split a line into whitespace-separated tokens, in place.  A '#' starts a
 * comment.  Returns the count, or -1 if there are too many. */
static int tokenize(char *s, char **tok, int max)
{
	int n = 0;
	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == '\r')
			s++;
		if (!*s || *s == '#')
			return n;
		if (n == max)
			return -1;
		tok[n++] = s;
		while (*s && *s != ' ' && *s != '\t' && *s != '\r')
			s++;
		if (*s)
			*s++ = '\0';
	}
}

static int valid_name(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n == 0 || n >= max || !isalpha((unsigned char)s[0]))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '-')
			return 0;
	return 1;
}

/*
 * Parameter bounds: alternatives separated by '|', each a word ("off",
 * "yes", "client") or a range "MIN..MAX" of sizes.  Stored as text in
 * p->help's neighbour `alts` (kept in the struct through `def` checks).
 */
struct alts {
	char words[8][PARAM_VALUE_MAX];
	int nwords;
	int has_range;
	int64_t min, max;
};

static int parse_alts(const char *spec, struct alts *a)
{
	char buf[256];
	memset(a, 0, sizeof *a);
	if (strlen(spec) >= sizeof buf)
		return -1;
	strcpy(buf, spec);
	for (char *save = NULL, *t = strtok_r(buf, "|", &save); t; t = strtok_r(NULL, "|", &save)) {
		char *dots = strstr(t, "..");
		if (dots) {
			if (a->has_range)
				return -1;
			*dots = '\0';
			if (parse_size(t, &a->min) || parse_size(dots + 2, &a->max) ||
			    a->min > a->max)
				return -1;
			a->has_range = 1;
		} else {
			if (a->nwords == 8 || !valid_name(t, PARAM_VALUE_MAX))
				return -1;
			strcpy(a->words[a->nwords++], t);
		}
	}
	return a->nwords || a->has_range ? 0 : -1;
}

/* Each param keeps its alternatives spec in a hidden array parallel to the
 * params; we store it inside help as "spec\0help" to keep one allocation. */
static const char *param_spec(const struct param *p)
{
	return p->help;
}

static const char *param_help(const struct param *p)
{
	return p->help + strlen(p->help) + 1;
}

static int value_ok(const struct param *p, const char *v, char *why, size_t whylen)
{
	struct alts a;
	int64_t n;
	if (parse_alts(param_spec(p), &a))
		return 0;
	for (int i = 0; i < a.nwords; i++)
		if (!strcmp(v, a.words[i]))
			return 1;
	if (a.has_range && !parse_size(v, &n)) {
		if (n >= a.min && n <= a.max)
			return 1;
		snprintf(why, whylen, _("%s is out of range for %s (allowed: %s)"), v, p->name,
			 param_spec(p));
		return 0;
	}
	snprintf(why, whylen, _("%s is not a valid value for %s (allowed: %s)"), v, p->name,
		 param_spec(p));
	return 0;
}

struct param *scenario_param(struct scenario *sc, const char *name)
{
	for (size_t i = 0; i < sc->nparams; i++)
		if (!strcmp(sc->params[i].name, name))
			return &sc->params[i];
	return NULL;
}

/* Explain what the kernel would do with a negative l_linger
 * (KERNEL-FACTS.md, "units and limits of l_linger"). */
static const char *negative_linger_why(void)
{
	return _("l_linger must be 0 or more: Linux would store a negative value "
		 "as a huge unsigned one and make close() wait forever, and the "
		 "BSDs refuse it (EDOM/EINVAL)");
}

int scenario_set(struct scenario *sc, const char *name, const char *value, struct diag *d)
{
	struct param *p = scenario_param(sc, name);
	char why[256];
	if (!p) {
		char list[256] = "";
		for (size_t i = 0; i < sc->nparams; i++) {
			if (strlen(list) + strlen(sc->params[i].name) + 2 >= sizeof list)
				break;
			if (i)
				strcat(list, ", ");
			strcat(list, sc->params[i].name);
		}
		diagf(d, NULL, 0, _("scenario %s has no parameter '%s' (it has: %s)"), sc->name,
		      name, sc->nparams ? list : _("none"));
		return -1;
	}
	if (value[0] == '-' && !strcmp(p->name, "linger")) {
		diagf(d, NULL, 0, "%s=%s: %s", name, value, negative_linger_why());
		return -1;
	}
	if (strlen(value) >= PARAM_VALUE_MAX || !value_ok(p, value, why, sizeof why)) {
		if (strlen(value) >= PARAM_VALUE_MAX)
			snprintf(why, sizeof why, _("value too long for %s"), name);
		diagf(d, NULL, 0, "%s", why);
		return -1;
	}
	strcpy(p->value, value);
	return 0;
}

int scenario_set_arg(struct scenario *sc, const char *assignment, struct diag *d)
{
	const char *eq = strchr(assignment, '=');
	if (!eq || eq == assignment) {
		diagf(d, NULL, 0, _("--set wants name=value, not '%s'"), assignment);
		return -1;
	}
	char name[PARAM_NAME_MAX];
	size_t n = (size_t)(eq - assignment);
	if (n >= sizeof name) {
		diagf(d, NULL, 0, _("scenario %s has no parameter '%.*s'"), sc->name, (int)n,
		      assignment);
		return -1;
	}
	memcpy(name, assignment, n);
	name[n] = '\0';
	return scenario_set(sc, name, eq + 1, d);
}

void scenario_free(struct scenario *sc)
{
	if (!sc)
		return;
	for (size_t i = 0; i < sc->nparams; i++)
		free(sc->params[i].help);
	free(sc->params);
	for (int s = 0; s < 2; s++) {
		for (size_t i = 0; i < sc->nraw[s]; i++)
			free(sc->raw[s][i].text);
		free(sc->raw[s]);
		free(sc->steps[s]);
	}
	for (size_t i = 0; i < sc->nsysctls; i++)
		free(sc->sysctls[i].raw);
	free(sc->link_raw);
	free(sc->path);
	free(sc->name);
	free(sc->title);
	free(sc);
}

/* Join tokens tok[from..n) with single spaces. */
static char *join(char **tok, int from, int n)
{
	size_t len = 1;
	for (int i = from; i < n; i++)
		len += strlen(tok[i]) + 1;
	char *s = xmalloc(len);
	s[0] = '\0';
	for (int i = from; i < n; i++) {
		if (i > from)
			strcat(s, " ");
		strcat(s, tok[i]);
	}
	return s;
}

static int parse_param(struct scenario *sc, char **tok, int n, int line, struct diag *d)
{
	struct alts a;
	char why[256];
	if (n < 4) {
		diagf(d, sc->path, line, _("expected: param NAME DEFAULT ALLOWED [help text]"));
		return -1;
	}
	if (!valid_name(tok[1], PARAM_NAME_MAX)) {
		diagf(d, sc->path, line, _("bad parameter name '%s'"), tok[1]);
		return -1;
	}
	if (scenario_param(sc, tok[1])) {
		diagf(d, sc->path, line, _("parameter '%s' declared twice"), tok[1]);
		return -1;
	}
	if (sc->nparams == MAX_PARAMS) {
		diagf(d, sc->path, line, _("too many parameters (at most %d)"), MAX_PARAMS);
		return -1;
	}
	if (parse_alts(tok[3], &a)) {
		diagf(d, sc->path, line,
		      _("bad allowed values '%s': expected words and at most one "
			"range, separated by '|', e.g. off|0..300"),
		      tok[3]);
		return -1;
	}
	sc->params = xrealloc(sc->params, (sc->nparams + 1) * sizeof *sc->params);
	struct param *p = &sc->params[sc->nparams];
	memset(p, 0, sizeof *p);
	strcpy(p->name, tok[1]);
	char *help = join(tok, 4, n);
	size_t sl = strlen(tok[3]), hl = strlen(help);
	p->help = xmalloc(sl + hl + 2);
	memcpy(p->help, tok[3], sl + 1);
	memcpy(p->help + sl + 1, help, hl + 1);
	free(help);
	p->line = line;
	sc->nparams++;
	if (strlen(tok[2]) >= PARAM_VALUE_MAX || !value_ok(p, tok[2], why, sizeof why)) {
		diagf(d, sc->path, line, _("default '%s' is not allowed: %s"), tok[2],
		      param_spec(p));
		return -1;
	}
	strcpy(p->def, tok[2]);
	strcpy(p->value, tok[2]);
	return 0;
}

const char *scenario_param_help(const struct param *p)
{
	return param_help(p);
}

const char *scenario_param_allowed(const struct param *p)
{
	return param_spec(p);
}

/* The settings a scenario may change, all per network namespace
 * (net/ipv4/sysctl_net_ipv4.c, ipv4_net_table), with the values allowed. */
static const struct {
	const char *name;
	int64_t min, max;
	int range; /* the value is LOW-HIGH, both within min..max */
} sysctl_allowed[] = {
    {"tcp_fin_timeout", 1, 600, 0},
    {"tcp_tw_reuse", 0, 2, 0},
    {"tcp_rfc1337", 0, 1, 0},
    {"tcp_orphan_retries", 0, 15, 0},
    {"ip_local_port_range", 1024, 65535, 1},
};

static int parse_sysctl(struct scenario *sc, char **tok, int n, int line, struct diag *d)
{
	size_t i;
	if (n != 3) {
		diagf(d, sc->path, line,
		      _("expected: sysctl NAME VALUE, e.g. sysctl tcp_fin_timeout 2"));
		return -1;
	}
	for (i = 0; i < ARRAY_LEN(sysctl_allowed); i++)
		if (!strcmp(tok[1], sysctl_allowed[i].name))
			break;
	if (i == ARRAY_LEN(sysctl_allowed)) {
		diagf(d, sc->path, line,
		      _("sysctl '%s' cannot be set: expected tcp_fin_timeout, "
			"tcp_tw_reuse, tcp_rfc1337, tcp_orphan_retries or "
			"ip_local_port_range"),
		      tok[1]);
		return -1;
	}
	for (size_t j = 0; j < sc->nsysctls; j++)
		if (sc->sysctls[j].name == sysctl_allowed[i].name) {
			diagf(d, sc->path, line, _("sysctl '%s' is set twice"), tok[1]);
			return -1;
		}
	struct scenario_sysctl *s = &sc->sysctls[sc->nsysctls++];
	s->name = sysctl_allowed[i].name;
	s->raw = xstrdup(tok[2]);
	s->line = line;
	return 0;
}

struct scenario *scenario_parse(const char *text, size_t len, const char *path, struct diag *d)
{
	struct scenario *sc = xcalloc(1, sizeof *sc);
	int section = -1, line = 0;
	const char *p = text, *end = text + len;
	sc->path = xstrdup(path ? path : "<scenario>");
	sc->limit_ms = 15000;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t ll = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *buf = xstrndup(p, ll);
		char *tok[MAX_TOKENS];
		int n;
		line++;
		p += ll + (nl ? 1 : 0);
		if (memchr(buf, '\0', ll)) {
			diagf(d, sc->path, line, _("NUL byte in the file"));
			goto fail_buf;
		}
		/* keep the untokenized line for steps */
		char *copy = xstrdup(buf);
		n = tokenize(buf, tok, MAX_TOKENS);
		if (n < 0) {
			diagf(d, sc->path, line, _("too many words on one line"));
			free(copy);
			goto fail_buf;
		}
		if (n == 0) {
			free(copy);
			free(buf);
			continue;
		}
		int ok = 0;
		if (!strcmp(tok[0], "client") || !strcmp(tok[0], "server")) {
			if (n != 1) {
				diagf(d, sc->path, line,
				      _("'%s' starts a section and takes nothing after it"),
				      tok[0]);
			} else {
				section = tok[0][0] == 'c' ? SIDE_CLIENT : SIDE_SERVER;
				if (sc->nraw[section]) {
					diagf(d, sc->path, line, _("section '%s' appears twice"),
					      tok[0]);
				} else {
					ok = 1;
				}
			}
		} else if (section >= 0) {
			if (sc->nraw[section] == MAX_STEPS) {
				diagf(d, sc->path, line, _("too many steps (at most %d)"),
				      MAX_STEPS);
			} else {
				sc->raw[section] = xrealloc(
				    sc->raw[section], (sc->nraw[section] + 1) * sizeof **sc->raw);
				sc->raw[section][sc->nraw[section]].text = copy;
				sc->raw[section][sc->nraw[section]].line = line;
				sc->nraw[section]++;
				copy = NULL;
				ok = 1;
			}
		} else if (!strcmp(tok[0], "scenario")) {
			if (n != 2 || !valid_name(tok[1], 64))
				diagf(d, sc->path, line,
				      _("expected: scenario NAME (letters, digits, '-' and '_')"));
			else if (sc->name)
				diagf(d, sc->path, line, _("the scenario is named twice"));
			else {
				sc->name = xstrdup(tok[1]);
				ok = 1;
			}
		} else if (!strcmp(tok[0], "title")) {
			if (n < 2)
				diagf(d, sc->path, line, _("expected: title TEXT"));
			else {
				free(sc->title);
				sc->title = join(tok, 1, n);
				ok = 1;
			}
		} else if (!strcmp(tok[0], "limit")) {
			if (n != 2 || parse_duration_ms(tok[1], &sc->limit_ms) ||
			    sc->limit_ms < 100 || sc->limit_ms > 600000)
				diagf(d, sc->path, line,
				      _("expected: limit DURATION between 100ms and 10min, e.g. "
					"limit 10s"));
			else
				ok = 1;
		} else if (!strcmp(tok[0], "link")) {
			if (n != 2 || sc->link_raw)
				diagf(d, sc->path, line,
				      _("expected one line: link off, or link KBIT (kbit/s)"));
			else {
				sc->link_raw = xstrdup(tok[1]);
				sc->link_line = line;
				ok = 1;
			}
		} else if (!strcmp(tok[0], "param")) {
			ok = parse_param(sc, tok, n, line, d) == 0;
		} else if (!strcmp(tok[0], "sysctl")) {
			ok = parse_sysctl(sc, tok, n, line, d) == 0;
		} else {
			diagf(
			    d, sc->path, line,
			    _("unknown keyword '%s': expected scenario, title, param, limit, link, "
			      "sysctl, client or server"),
			    tok[0]);
		}
		free(copy);
		free(buf);
		if (!ok)
			goto fail;
		continue;
	fail_buf:
		free(buf);
		goto fail;
	}
	if (!sc->name) {
		diagf(d, sc->path, 0, _("missing 'scenario NAME' line"));
		goto fail;
	}
	if (!sc->nraw[SIDE_CLIENT] || !sc->nraw[SIDE_SERVER]) {
		diagf(d, sc->path, 0,
		      _("a scenario needs both a 'client' and a 'server' section with steps"));
		goto fail;
	}
	if (!sc->title)
		sc->title = xstrdup(sc->name);
	return sc;
fail:
	scenario_free(sc);
	return NULL;
}

struct scenario *scenario_load(const char *path, struct diag *d)
{
	size_t len;
	char *text = read_file(path, MAX_SCENARIO_BYTES, &len);
	if (!text) {
		diagf(d, path, 0, "%s", file_error(errno));
		return NULL;
	}
	struct scenario *sc = scenario_parse(text, len, path, d);
	free(text);
	return sc;
}

const char *const *scenario_dirs(void)
{
	static const char *dirs[4];
	static char src[4096];
	if (!dirs[0]) {
		int n = 0;
		const char *env = getenv("LINGERLAB_SCENARIOS");
		if (env && *env)
			dirs[n++] = env;
		if (source_tree()) {
			snprintf(src, sizeof src, "%s/assets/scenarios", source_tree());
			dirs[n++] = src;
		}
		dirs[n++] = PKGDATADIR "/scenarios";
		dirs[n] = NULL;
	}
	return dirs;
}

char *scenario_find(const char *name)
{
	struct stat sb;
	size_t nl = strlen(name);
	if (strchr(name, '/') || (nl > 4 && !strcmp(name + nl - 4, ".scn")))
		return stat(name, &sb) == 0 ? xstrdup(name) : NULL;
	if (!valid_name(name, 64))
		return NULL;
	for (const char *const *dir = scenario_dirs(); *dir; dir++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s.scn", *dir, name);
		if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
			return xstrdup(path);
	}
	return NULL;
}

/* --- step parsing ------------------------------------------------------ */

static int parse_onoff(const char *s, int64_t *v)
{
	if (!strcmp(s, "on") || !strcmp(s, "yes") || !strcmp(s, "1"))
		*v = 1;
	else if (!strcmp(s, "off") || !strcmp(s, "no") || !strcmp(s, "0"))
		*v = 0;
	else
		return -1;
	return 0;
}

static int op_lookup(char **tok, int n, int *used)
{
	if (n >= 2 && !strcmp(tok[0], "close") && !strcmp(tok[1], "listener")) {
		*used = 2;
		return OP_CLOSE_LISTENER;
	}
	for (int i = 0; i < OP_COUNT; i++)
		if (i != OP_CLOSE_LISTENER && !strcmp(tok[0], step_op_name(i))) {
			*used = 1;
			return i;
		}
	return -1;
}

/* Substitute $name with the parameter's value.  Returns NULL (and sets d)
 * on an unknown parameter or an overlong result. */
static char *substitute(const struct scenario *sc, const char *in, int line, struct diag *d)
{
	char out[1024];
	size_t o = 0;
	for (const char *s = in; *s;) {
		if (*s == '$') {
			char name[PARAM_NAME_MAX];
			size_t k = 0;
			s++;
			while ((isalnum((unsigned char)*s) || *s == '_') && k < sizeof name - 1)
				name[k++] = *s++;
			name[k] = '\0';
			const struct param *p = NULL;
			for (size_t i = 0; i < sc->nparams; i++)
				if (!strcmp(sc->params[i].name, name))
					p = &sc->params[i];
			if (!p) {
				diagf(d, sc->path, line, _("unknown parameter '$%s'"), name);
				return NULL;
			}
			size_t vl = strlen(p->value);
			if (o + vl >= sizeof out)
				goto toolong;
			memcpy(out + o, p->value, vl);
			o += vl;
		} else {
			if (o + 1 >= sizeof out)
				goto toolong;
			out[o++] = *s++;
		}
	}
	out[o] = '\0';
	return xstrdup(out);
toolong:
	diagf(d, sc->path, line, _("line too long"));
	return NULL;
}

/* Evaluate "if NAME=VALUE" / "if NAME!=VALUE" (on the raw text, before
 * substitution).  Returns 1 true, 0 false, -1 error. */
static int eval_condition(const struct scenario *sc, const char *cond, int line, struct diag *d)
{
	const char *eq = strchr(cond, '=');
	int neg = 0;
	if (!eq || eq == cond) {
		diagf(d, sc->path, line, _("expected: if NAME=VALUE STEP (or NAME!=VALUE)"));
		return -1;
	}
	size_t nl = (size_t)(eq - cond);
	if (cond[nl - 1] == '!') {
		neg = 1;
		nl--;
	}
	for (size_t i = 0; i < sc->nparams; i++)
		if (strlen(sc->params[i].name) == nl && !strncmp(sc->params[i].name, cond, nl))
			return (strcmp(sc->params[i].value, eq + 1) == 0) != neg;
	diagf(d, sc->path, line, _("unknown parameter '%.*s' in condition"), (int)nl, cond);
	return -1;
}

static int parse_step(const struct scenario *sc, enum side side, char **tok, int n, int line,
		      struct step *st, struct diag *d)
{
	int used = 0;
	int op = op_lookup(tok, n, &used);
	memset(st, 0, sizeof *st);
	st->line = line;
	if (op < 0) {
		diagf(d, sc->path, line,
		      _("unknown step '%s': expected listen, accept, connect, set, write, "
			"read, shutdown, close, close listener, dup, sleep, wait, sync, "
			"inject rst, exit or kill"),
		      tok[0]);
		return -1;
	}
	st->op = op;
	tok += used;
	n -= used;
	switch (st->op) {
	case OP_LISTEN:
	case OP_ACCEPT:
	case OP_CLOSE:
	case OP_CLOSE_LISTENER:
	case OP_EXIT:
	case OP_KILL:
	case OP_CONNECT:
	case OP_DUP:
	case OP_SYNC:
		if (n != 0)
			goto extra;
		if ((st->op == OP_LISTEN || st->op == OP_ACCEPT || st->op == OP_CLOSE_LISTENER) &&
		    side != SIDE_SERVER) {
			diagf(d, sc->path, line, _("only the server can %s"), step_op_name(st->op));
			return -1;
		}
		if (st->op == OP_CONNECT && side != SIDE_CLIENT) {
			diagf(d, sc->path, line, _("only the client can connect"));
			return -1;
		}
		return 0;
	case OP_WRITE:
		if (n != 1 || parse_size(tok[0], &st->arg) || st->arg > (64 << 20)) {
			diagf(d, sc->path, line,
			      _("expected: write BYTES (0 to 64M, e.g. 5000 or 64K)"));
			return -1;
		}
		return 0;
	case OP_READ:
		if (n == 1 && !strcmp(tok[0], "eof"))
			st->arg = READ_EOF;
		else if (n == 1 && !strcmp(tok[0], "once"))
			st->arg = READ_ONCE;
		else if (n != 1 || parse_size(tok[0], &st->arg) || st->arg > (64 << 20)) {
			diagf(d, sc->path, line, _("expected: read BYTES, read eof or read once"));
			return -1;
		}
		return 0;
	case OP_SHUTDOWN:
		if (n == 1 && !strcmp(tok[0], "rd"))
			st->arg = SHUT_RD;
		else if (n == 1 && !strcmp(tok[0], "wr"))
			st->arg = SHUT_WR;
		else if (n == 1 && !strcmp(tok[0], "rdwr"))
			st->arg = SHUT_RDWR;
		else {
			diagf(d, sc->path, line,
			      _("expected: shutdown rd, shutdown wr or shutdown rdwr"));
			return -1;
		}
		return 0;
	case OP_INJECT:
		if (n != 1 || strcmp(tok[0], "rst")) {
			diagf(d, sc->path, line, _("expected: inject rst"));
			return -1;
		}
		return 0;
	case OP_SLEEP:
		if (n != 1 || parse_duration_ms(tok[0], &st->arg) || st->arg > 600000) {
			diagf(d, sc->path, line,
			      _("expected: sleep DURATION (e.g. 50ms or 2s; a bare number is ms)"));
			return -1;
		}
		return 0;
	case OP_WAIT: {
		int u2 = 0, wop;
		if (n < 2 || (strcmp(tok[0], "client") && strcmp(tok[0], "server")) ||
		    (wop = op_lookup(tok + 1, n - 1, &u2)) < 0 || 1 + u2 != n || wop == OP_WAIT ||
		    wop == OP_SET || wop == OP_SLEEP || wop == OP_SYNC || wop == OP_INJECT) {
			diagf(d, sc->path, line,
			      _("expected: wait client|server STEP, e.g. wait client close"));
			return -1;
		}
		st->wait_side = tok[0][0] == 'c' ? SIDE_CLIENT : SIDE_SERVER;
		st->wait_op = wop;
		if (st->wait_side == side) {
			diagf(d, sc->path, line, _("a side cannot wait for itself"));
			return -1;
		}
		return 0;
	}
	case OP_SET: {
		int o;
		if (n != 2) {
			diagf(d, sc->path, line,
			      _("expected: set OPTION VALUE (linger, rcvbuf, sndbuf, reuseaddr, "
				"nonblock, nodelay)"));
			return -1;
		}
		for (o = 0; o < SET_COUNT; o++)
			if (!strcmp(tok[0], set_opt_name(o)))
				break;
		if (o == SET_COUNT) {
			diagf(d, sc->path, line,
			      _("unknown option '%s': expected linger, rcvbuf, sndbuf, reuseaddr, "
				"nonblock or nodelay"),
			      tok[0]);
			return -1;
		}
		st->opt = o;
		if (o == SET_LINGER) {
			if (!strcmp(tok[1], "off")) {
				st->value = -1;
			} else if (tok[1][0] == '-') {
				diagf(d, sc->path, line, "%s", negative_linger_why());
				return -1;
			} else {
				char *e;
				errno = 0;
				long v = strtol(tok[1], &e, 10);
				if (e == tok[1] || (*e && strcmp(e, "s")) || errno || v > 65535) {
					diagf(d, sc->path, line,
					      _("expected: set linger off, or set linger SECONDS "
						"(0 to 65535)"));
					return -1;
				}
				st->value = v;
			}
		} else if (o == SET_RCVBUF || o == SET_SNDBUF) {
			if (parse_size(tok[1], &st->value) || st->value > (256 << 20)) {
				diagf(d, sc->path, line, _("expected: set %s BYTES (up to 256M)"),
				      set_opt_name(o));
				return -1;
			}
		} else if (parse_onoff(tok[1], &st->value)) {
			diagf(d, sc->path, line, _("expected: set %s on|off"), set_opt_name(o));
			return -1;
		}
		return 0;
	}
	default:
		break;
	}
extra:
	diagf(d, sc->path, line, _("'%s' takes no argument"), step_op_name(st->op));
	return -1;
}

/* Check a sysctl's value (after substitution) and store what to write. */
static int resolve_sysctl(struct scenario *sc, struct scenario_sysctl *s, struct diag *d)
{
	size_t i;
	for (i = 0; i < ARRAY_LEN(sysctl_allowed); i++)
		if (s->name == sysctl_allowed[i].name)
			break;
	char *v = substitute(sc, s->raw, s->line, d);
	if (!v)
		return -1;
	int64_t lo = 0, hi = 0;
	int bad;
	char *dash = sysctl_allowed[i].range ? strchr(v, '-') : NULL;
	if (sysctl_allowed[i].range) {
		bad = !dash;
		if (!bad) {
			*dash = '\0';
			bad = parse_size(v, &lo) || parse_size(dash + 1, &hi) || lo > hi;
		}
	} else {
		bad = parse_size(v, &lo);
		hi = lo;
	}
	if (bad || lo < sysctl_allowed[i].min || hi > sysctl_allowed[i].max) {
		if (dash)
			*dash = '-';
		diagf(d, sc->path, s->line,
		      sysctl_allowed[i].range
			  ? _("expected: sysctl %s LOW-HIGH within %lld-%lld (got %s)")
			  : _("expected: sysctl %s N with N from %lld to %lld (got %s)"),
		      s->name, (long long)sysctl_allowed[i].min, (long long)sysctl_allowed[i].max,
		      v);
		free(v);
		return -1;
	}
	if (sysctl_allowed[i].range)
		snprintf(s->value, sizeof s->value, "%lld %lld", (long long)lo, (long long)hi);
	else
		snprintf(s->value, sizeof s->value, "%lld", (long long)lo);
	free(v);
	return 0;
}

int scenario_resolve(struct scenario *sc, struct diag *d)
{
	sc->link_kbit = 0;
	if (sc->link_raw) {
		char *v = substitute(sc, sc->link_raw, sc->link_line, d);
		int64_t k = 0;
		if (!v)
			return -1;
		if (strcmp(v, "off") && (parse_size(v, &k) || k < 8 || k > 10000000)) {
			diagf(d, sc->path, sc->link_line,
			      _("expected: link off, or link KBIT with 8 to 10000000 kbit/s (got "
				"%s)"),
			      v);
			free(v);
			return -1;
		}
		sc->link_kbit = (unsigned)k;
		free(v);
	}
	for (size_t i = 0; i < sc->nsysctls; i++)
		if (resolve_sysctl(sc, &sc->sysctls[i], d) < 0)
			return -1;
	for (int s = 0; s < 2; s++) {
		free(sc->steps[s]);
		sc->steps[s] = xcalloc(sc->nraw[s] ? sc->nraw[s] : 1, sizeof *sc->steps[s]);
		sc->nsteps[s] = 0;
		for (size_t i = 0; i < sc->nraw[s]; i++) {
			int line = sc->raw[s][i].line;
			char *tok[MAX_TOKENS];
			char *text = substitute(sc, sc->raw[s][i].text, line, d);
			if (!text)
				return -1;
			int n = tokenize(text, tok, MAX_TOKENS), first = 0;
			if (n > 0 && !strcmp(tok[0], "if")) {
				if (n < 3) {
					diagf(d, sc->path, line, _("expected: if NAME=VALUE STEP"));
					free(text);
					return -1;
				}
				/* the condition is evaluated on the raw text so that
				 * $-substitution cannot change what it names */
				char *raw = xstrdup(sc->raw[s][i].text);
				char *rtok[MAX_TOKENS];
				tokenize(raw, rtok, MAX_TOKENS);
				int c = eval_condition(sc, rtok[1], line, d);
				free(raw);
				if (c < 0) {
					free(text);
					return -1;
				}
				first = 2;
				if (!c) {
					/* still check the step parses, so a typo in a
					 * branch not taken is found by --check */
					struct step tmp;
					int r = parse_step(sc, (enum side)s, tok + first, n - first,
							   line, &tmp, d);
					free(text);
					if (r)
						return -1;
					continue;
				}
			}
			int r = parse_step(sc, (enum side)s, tok + first, n - first, line,
					   &sc->steps[s][sc->nsteps[s]], d);
			free(text);
			if (r)
				return -1;
			sc->nsteps[s]++;
		}
	}
	return 0;
}

void step_describe(const struct step *st, char *buf, size_t len)
{
	switch (st->op) {
	case OP_WRITE:
		snprintf(buf, len, "write %lld", (long long)st->arg);
		break;
	case OP_READ:
		if (st->arg == READ_EOF)
			snprintf(buf, len, "read eof");
		else if (st->arg == READ_ONCE)
			snprintf(buf, len, "read once");
		else
			snprintf(buf, len, "read %lld", (long long)st->arg);
		break;
	case OP_SHUTDOWN:
		snprintf(buf, len, "shutdown %s",
			 st->arg == SHUT_RD   ? "rd"
			 : st->arg == SHUT_WR ? "wr"
					      : "rdwr");
		break;
	case OP_SLEEP:
		snprintf(buf, len, "sleep %lldms", (long long)st->arg);
		break;
	case OP_INJECT:
		snprintf(buf, len, "inject rst");
		break;
	case OP_WAIT:
		snprintf(buf, len, "wait %s %s", side_name(st->wait_side),
			 step_op_name(st->wait_op));
		break;
	case OP_SET:
		if (st->opt == SET_LINGER && st->value < 0)
			snprintf(buf, len, "set linger off");
		else
			snprintf(buf, len, "set %s %lld", set_opt_name(st->opt),
				 (long long)st->value);
		break;
	default:
		snprintf(buf, len, "%s", step_op_name(st->op));
	}
}
