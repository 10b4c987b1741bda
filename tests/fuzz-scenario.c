/* SPDX-License-Identifier: MIT */
/*
 * fuzz-scenario.c - fuzz the scenario parser.
 *
 * Built two ways: with -fsanitize=fuzzer, LLVMFuzzerTestOneInput is the
 * libFuzzer entry point; otherwise main() runs in `make check`: it feeds
 * every corpus file (shipped scenarios and broken fixtures) and 20000
 * deterministic mutations of them (bit flips, truncations, splices,
 * inserted tokens) through parse + every parameter value + resolve, and
 * passes if nothing crashes (run under ASan/UBSan/valgrind in CI).
 */
#include "config.h"
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "base/i18n.h"
#include "engine/scenario.h"
#include "tap.h"
#include "base/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d;
	struct scenario *sc = scenario_parse((const char *)data, size, "fuzz", &d);
	if (!sc)
		return 0;
	scenario_resolve(sc, &d);
	/* every parameter through a few hostile values */
	static const char *const vals[] = {"0",  "-1",  "off", "99999999999999999999",
					   "1K", "yes", ""};
	for (size_t i = 0; i < sc->nparams; i++)
		for (size_t k = 0; k < ARRAY_LEN(vals); k++)
			if (scenario_set(sc, sc->params[i].name, vals[k], &d) == 0)
				scenario_resolve(sc, &d);
	for (int s = 0; s < 2; s++)
		for (size_t i = 0; i < sc->nsteps[s]; i++) {
			char buf[64];
			step_describe(&sc->steps[s][i], buf, sizeof buf);
		}
	scenario_free(sc);
	return 0;
}

#ifndef LINGERLAB_LIBFUZZER
static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)rng;
}

static void add_dir(const char *dir, char ***files, size_t *n)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	while (dp && (de = readdir(dp))) {
		if (!strstr(de->d_name, ".scn"))
			continue;
		char path[2048];
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		*files = xrealloc(*files, (*n + 1) * sizeof **files);
		(*files)[(*n)++] = xstrdup(path);
	}
	if (dp)
		closedir(dp);
}

int main(int argc, char **argv)
{
	const char *src = getenv("top_srcdir") ? getenv("top_srcdir") : ".";
	static const char *const tokens[] = {"$bytes",
					     "if ",
					     "=",
					     "!=",
					     "|",
					     "..",
					     "wait client ",
					     "close listener",
					     "\nserver\n",
					     "\nclient\n",
					     "param a 1 0..9 x\n",
					     "set linger ",
					     "read eof",
					     "999999999999999999999",
					     "-",
					     "\0",
					     "#",
					     "\t",
					     "K",
					     "M",
					     "ms"};
	char **files = NULL, dir[1024];
	size_t n = 0, iterations = 20000;
	i18n_init("en");
	for (int i = 1; i < argc; i++) {
		files = xrealloc(files, (n + 1) * sizeof *files);
		files[n++] = xstrdup(argv[i]);
	}
	if (!n) {
		snprintf(dir, sizeof dir, "%s/assets/scenarios", src);
		add_dir(dir, &files, &n);
		snprintf(dir, sizeof dir, "%s/tests/scenarios-bad", src);
		add_dir(dir, &files, &n);
	}
	if (!n)
		tap_bail("no corpus files");
	size_t fed = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len;
		char *t = read_file(files[i], 1 << 20, &len);
		if (t) {
			LLVMFuzzerTestOneInput((const uint8_t *)t, len);
			fed++;
		}
		free(t);
	}
	tap_ok(fed == n, "%zu corpus files parsed without a crash", fed);
	for (size_t it = 0; it < iterations; it++) {
		size_t len;
		char *t = read_file(files[rnd() % n], 1 << 20, &len);
		if (!t)
			continue;
		char *buf = xmalloc(len + 64);
		memcpy(buf, t, len);
		free(t);
		int muts = 1 + rnd() % 4;
		for (int m = 0; m < muts && len; m++) {
			size_t at = rnd() % len;
			switch (rnd() % 4) {
			case 0: /* flip bits */
				buf[at] ^= (char)(1 << (rnd() % 8));
				break;
			case 1: /* truncate */
				len = at;
				break;
			case 2: { /* insert a token */
				const char *tok = tokens[rnd() % ARRAY_LEN(tokens)];
				size_t tl = strlen(tok) ? strlen(tok) : 1;
				if (tl > 40)
					break;
				buf = xrealloc(buf, len + tl + 64);
				memmove(buf + at + tl, buf + at, len - at);
				memcpy(buf + at, tok, tl);
				len += tl;
				break;
			}
			default: { /* duplicate a span */
				size_t span = rnd() % 32;
				if (at + span > len)
					span = len - at;
				buf = xrealloc(buf, len + span + 64);
				memmove(buf + at + span, buf + at, len - at);
				len += span;
			}
			}
		}
		LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
		free(buf);
	}
	tap_ok(1, "%zu mutated inputs parsed without a crash or a hang", iterations);
	for (size_t i = 0; i < n; i++)
		free(files[i]);
	free(files);
	return tap_done();
}
#endif
