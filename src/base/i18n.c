/* SPDX-License-Identifier: MIT */
/*
 * i18n.c - gettext set-up and the language switch (see i18n.h).
 */
#include "config.h"
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include "base/i18n.h"
#include "base/util.h"

static enum lang current = LANG_EN;
static int utf8;

static const char *const codes[LANG_COUNT] = {"en", "zh_CN", "fr"};
static const char *const natives[LANG_COUNT] = {"English", "中文", "Français"};

const char *lang_code(enum lang l)
{
	return (unsigned)l < LANG_COUNT ? codes[l] : "en";
}

const char *lang_native_name(enum lang l)
{
	return (unsigned)l < LANG_COUNT ? natives[l] : natives[0];
}

int lang_parse(const char *s)
{
	if (!s || !*s)
		return -1;
	if (!strncmp(s, "zh", 2))
		return LANG_ZH_CN;
	if (!strncmp(s, "fr", 2))
		return LANG_FR;
	if (!strncmp(s, "en", 2) || !strcmp(s, "C") || !strncmp(s, "C.", 2) || !strcmp(s, "POSIX"))
		return LANG_EN;
	return -1;
}

/* The language the environment asks for, as gettext would read it. */
static enum lang lang_from_env(void)
{
	const char *vars[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (!v || !*v)
			continue;
		/* LANGUAGE is a colon-separated list: take the first we know. */
		char buf[128];
		strncpy(buf, v, sizeof buf - 1);
		buf[sizeof buf - 1] = '\0';
		for (char *tok = strtok(buf, ":"); tok; tok = strtok(NULL, ":")) {
			int l = lang_parse(tok);
			if (l >= 0)
				return (enum lang)l;
		}
		if (i > 0) /* the first locale variable set decides */
			return LANG_EN;
	}
	return LANG_EN;
}

int i18n_init(const char *forced)
{
	int l = LANG_EN;
	if (!setlocale(LC_ALL, ""))
		setlocale(LC_ALL, "C");
	/* ncursesw needs a UTF-8 locale to draw anything beyond ASCII. */
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0) {
		const char *cur = setlocale(LC_CTYPE, NULL);
		if (!setlocale(LC_ALL, "C.UTF-8") && !setlocale(LC_ALL, "C.utf8"))
			setlocale(LC_ALL, cur ? cur : "C");
	}
	utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	/* from the build tree, the catalogs built next to the binary */
	char built[4200];
	if (source_tree())
		snprintf(built, sizeof built, "%s/locale", source_tree());
	bindtextdomain(PACKAGE, source_tree() ? built : LOCALEDIR);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
	if (forced) {
		l = lang_parse(forced);
		if (l < 0)
			return -1;
	} else {
		l = lang_from_env();
	}
	i18n_set((enum lang)l);
	return 0;
}

void i18n_set(enum lang l)
{
	current = (unsigned)l < LANG_COUNT ? l : LANG_EN;
	/* LANGUAGE is honoured by gettext under any locale but C/POSIX; the
	 * fallback above makes sure we are not under those when UTF-8 exists. */
	setenv("LANGUAGE", current == LANG_EN ? "en" : codes[current], 1);
	textdomain(textdomain(NULL));
}

enum lang i18n_get(void)
{
	return current;
}

int i18n_utf8(void)
{
	return utf8;
}

int i18n_line_glyphs(void)
{
	const char *ascii = getenv("LINGERLAB_ASCII");
	return utf8 && !(ascii && *ascii && strcmp(ascii, "0"));
}
