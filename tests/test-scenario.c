/* SPDX-License-Identifier: MIT */
/*
 * test-scenario.c - the scenario language: every shipped scenario parses
 * and resolves; every broken fixture in tests/scenarios-bad fails with the
 * file:line and the message its first line announces ("# expect: N: text"
 * or "# expect: text" for whole-file errors); parameters are checked.
 */
#include "config.h"
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "base/i18n.h"
#include "engine/scenario.h"
#include "tap.h"
#include "base/util.h"

static void check_bad(const char *dir, const char *file)
{
	char path[2048], want[256] = "", prefix[2100];
	struct diag d = {0};
	int line = 0;
	snprintf(path, sizeof path, "%s/%s", dir, file);
	size_t len;
	char *text = read_file(path, 1 << 16, &len);
	if (!text || strncmp(text, "# expect: ", 10)) {
		tap_ok(0, "%s: has an '# expect:' first line", file);
		free(text);
		return;
	}
	const char *e = text + 10;
	if (sscanf(e, "%d: ", &line) == 1)
		e = strchr(e, ':') + 2;
	size_t wl = strcspn(e, "\n");
	snprintf(want, sizeof want, "%.*s", (int)wl, e);
	struct scenario *sc = scenario_parse(text, len, path, &d);
	int ok = sc == NULL || scenario_resolve(sc, &d) != 0;
	if (line)
		snprintf(prefix, sizeof prefix, "%s:%d: ", path, line);
	else
		snprintf(prefix, sizeof prefix, "%s: ", path);
	if (!tap_ok(ok && !strncmp(d.msg, prefix, strlen(prefix)) && strstr(d.msg, want),
		    "%s is refused at %s with \"%s\"", file, line ? prefix : "file level", want))
		tap_diag("got: %s", ok ? d.msg : "(accepted)");
	scenario_free(sc);
	free(text);
}

static struct scenario *load(const char *name)
{
	struct diag d;
	char *path = scenario_find(name);
	struct scenario *sc = path ? scenario_load(path, &d) : NULL;
	free(path);
	return sc;
}

static int has_step(const struct scenario *sc, enum side s, enum step_op op, int64_t arg)
{
	for (size_t i = 0; i < sc->nsteps[s]; i++)
		if (sc->steps[s][i].op == op && (arg == -99 || sc->steps[s][i].arg == arg))
			return 1;
	return 0;
}

int main(void)
{
	const char *src = getenv("top_srcdir") ? getenv("top_srcdir") : ".";
	char dir[1024];
	struct diag d;
	i18n_init("en");

	/* every shipped scenario */
	snprintf(dir, sizeof dir, "%s/assets/scenarios", src);
	DIR *dp = opendir(dir);
	struct dirent *de;
	int shipped = 0;
	while (dp && (de = readdir(dp))) {
		size_t l = strlen(de->d_name);
		if (l < 5 || strcmp(de->d_name + l - 4, ".scn"))
			continue;
		char path[1100];
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		struct scenario *sc = scenario_load(path, &d);
		int ok = sc && scenario_resolve(sc, &d) == 0 && sc->nsteps[0] && sc->nsteps[1] &&
			 !strncmp(de->d_name, sc->name, strlen(sc->name)) &&
			 l - 4 == strlen(sc->name);
		if (!tap_ok(ok, "shipped %s parses, resolves and is named after its file",
			    de->d_name))
			tap_diag("%s", d.msg);
		scenario_free(sc);
		shipped++;
	}
	if (dp)
		closedir(dp);
	tap_ok(shipped >= 14, "at least 14 scenarios ship (%d)", shipped);

	/* broken fixtures */
	snprintf(dir, sizeof dir, "%s/tests/scenarios-bad", src);
	dp = opendir(dir);
	int bad = 0;
	while (dp && (de = readdir(dp)))
		if (strstr(de->d_name, ".scn")) {
			check_bad(dir, de->d_name);
			bad++;
		}
	if (dp)
		closedir(dp);
	tap_ok(bad >= 10, "at least 10 broken fixtures were tried (%d)", bad);

	/* parameters */
	struct scenario *sc = load("abortive");
	if (!sc)
		tap_bail("cannot load the abortive scenario");
	tap_ok(scenario_set(sc, "linger", "-1", &d) < 0 && strstr(d.msg, "wait forever"),
	       "a negative linger is refused with what the kernel would do (%s)", d.msg);
	tap_ok(scenario_set(sc, "linger", "301", &d) < 0 && strstr(d.msg, "out of range"),
	       "a linger above the scenario's bound is refused (%s)", d.msg);
	tap_ok(scenario_set(sc, "lingr", "1", &d) < 0 && strstr(d.msg, "no parameter 'lingr'") &&
		   strstr(d.msg, "linger"),
	       "an unknown parameter is named, with the known ones (%s)", d.msg);
	tap_ok(scenario_set_arg(sc, "linger", &d) < 0, "--set without '=' is refused");
	tap_ok(scenario_set(sc, "linger", "maybe", &d) < 0,
	       "a word that is not allowed is refused");
	tap_ok(scenario_set(sc, "linger", "off", &d) == 0 && scenario_resolve(sc, &d) == 0,
	       "linger=off is allowed");
	int found_off = 0;
	for (size_t i = 0; i < sc->nsteps[SIDE_CLIENT]; i++)
		if (sc->steps[SIDE_CLIENT][i].op == OP_SET &&
		    sc->steps[SIDE_CLIENT][i].opt == SET_LINGER)
			found_off = sc->steps[SIDE_CLIENT][i].value == -1;
	tap_ok(found_off, "linger=off resolves to 'set linger off'");
	tap_ok(scenario_set_arg(sc, "bytes=1M", &d) == 0 && scenario_resolve(sc, &d) == 0 &&
		   has_step(sc, SIDE_CLIENT, OP_WRITE, 1 << 20),
	       "bytes=1M substitutes to write 1048576");
	scenario_free(sc);

	/* conditions select steps */
	sc = load("graceful");
	if (!sc)
		tap_bail("cannot load graceful");
	scenario_resolve(sc, &d);
	tap_ok(has_step(sc, SIDE_SERVER, OP_READ, READ_EOF) &&
		   !has_step(sc, SIDE_CLIENT, OP_READ, -99),
	       "closer=client: the server reads to EOF, the client does not read");
	scenario_set(sc, "closer", "server", &d);
	scenario_resolve(sc, &d);
	tap_ok(has_step(sc, SIDE_CLIENT, OP_READ, READ_EOF) &&
		   has_step(sc, SIDE_SERVER, OP_READ, 5000),
	       "closer=server: the client reads to EOF, the server reads its 5000 bytes");
	scenario_free(sc);

	/* sysctl lines: allowed names, $params, LOW-HIGH written as "LOW HIGH" */
	sc = load("port-exhaustion");
	if (!sc)
		tap_bail("cannot load port-exhaustion");
	tap_ok(scenario_resolve(sc, &d) == 0 && sc->nsysctls == 2 &&
		   !strcmp(sc->sysctls[0].name, "ip_local_port_range") &&
		   !strcmp(sc->sysctls[0].value, "40000 40001") &&
		   !strcmp(sc->sysctls[1].name, "tcp_tw_reuse") &&
		   !strcmp(sc->sysctls[1].value, "0"),
	       "port-exhaustion: ip_local_port_range 40000-40001 is written '40000 40001', "
	       "tcp_tw_reuse 0");
	tap_ok(scenario_set(sc, "tw_reuse", "1", &d) == 0 && scenario_resolve(sc, &d) == 0 &&
		   !strcmp(sc->sysctls[1].value, "1"),
	       "tw_reuse=1 reaches the sysctl line");
	scenario_free(sc);

	/* dup and sync steps */
	sc = load("dup-close");
	tap_ok(sc && scenario_resolve(sc, &d) == 0 && has_step(sc, SIDE_CLIENT, OP_DUP, -99),
	       "dup-close: the client has a dup step");
	scenario_free(sc);
	sc = load("simultaneous-close");
	tap_ok(sc && scenario_resolve(sc, &d) == 0 && has_step(sc, SIDE_CLIENT, OP_SYNC, -99) &&
		   has_step(sc, SIDE_SERVER, OP_SYNC, -99),
	       "simultaneous-close: both sides sync");
	scenario_free(sc);

	/* units */
	int64_t v;
	tap_ok(parse_size("64K", &v) == 0 && v == 65536, "64K is 65536");
	tap_ok(parse_size("2M", &v) == 0 && v == 2 << 20, "2M is 2097152");
	tap_ok(parse_size("-5", &v) < 0 && parse_size("5X", &v) < 0 && parse_size("", &v) < 0,
	       "bad sizes are refused");
	tap_ok(parse_size("99999999999999999999", &v) < 0, "an overflowing size is refused");
	tap_ok(parse_duration_ms("2s", &v) == 0 && v == 2000 &&
		   parse_duration_ms("150ms", &v) == 0 && v == 150 &&
		   parse_duration_ms("7", &v) == 0 && v == 7,
	       "durations: 2s, 150ms, 7");
	tap_ok(scenario_find("no-such-scenario") == NULL, "an unknown scenario is not found");
	return tap_done();
}
