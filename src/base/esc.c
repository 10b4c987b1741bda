/* SPDX-License-Identifier: MIT */
/*
 * esc.c - escape what would drive a terminal (see esc.h).
 */
#include "config.h"
#include <stdint.h>
#include <string.h>
#include "base/esc.h"

/* The length of the valid UTF-8 sequence at s (1..4) and its code point,
 * or 0 if s does not start one (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF). */
static size_t utf8_seq(const unsigned char *s, uint32_t *cp)
{
	size_t n;
	uint32_t c, min;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if ((s[0] & 0xe0) == 0xc0) {
		n = 2, c = s[0] & 0x1f, min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3, c = s[0] & 0x0f, min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4, c = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

static int is_bidi(uint32_t c)
{
	return c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
	       (c >= 0x2066 && c <= 0x2069);
}

/* The escaped form of the character at p (n bytes, code point c) into
 * buf (at least 8 bytes); returns its length. */
static size_t esc_one(const unsigned char *p, size_t n, uint32_t c, const char *keep, char *buf)
{
	if (n && keep && c < 0x80 && c && strchr(keep, (int)c)) {
		buf[0] = (char)c;
		return 1;
	}
	if (n == 0)
		return (size_t)snprintf(buf, 8, "\\x%02x", *p);
	if (c == '\t' || c == '\n' || c == '\r')
		return (size_t)snprintf(buf, 8, "\\%c", c == '\t' ? 't' : c == '\n' ? 'n' : 'r');
	if (c < 0x20 || c == 0x7f)
		return (size_t)snprintf(buf, 8, "\\x%02x", (unsigned)c);
	if ((c >= 0x80 && c <= 0x9f) || is_bidi(c))
		return (size_t)snprintf(buf, 8, "\\u%04x", (unsigned)c);
	memcpy(buf, p, n);
	return n;
}

size_t esc_controls(const char *s, const char *keep, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0;
	if (!size)
		return 0;
	while (*p) {
		uint32_t c = 0;
		char one[8];
		size_t n = utf8_seq(p, &c);
		size_t k = esc_one(p, n, c, keep, one);
		if (o + k >= size)
			break;
		memcpy(out + o, one, k);
		o += k;
		p += n ? n : 1;
	}
	out[o] = '\0';
	return o;
}

int esc_fputs(const char *s, const char *keep, FILE *f)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		uint32_t c = 0;
		char one[8];
		size_t n = utf8_seq(p, &c);
		size_t k = esc_one(p, n, c, keep, one);
		if (fwrite(one, 1, k, f) != k)
			return EOF;
		p += n ? n : 1;
	}
	return 0;
}
