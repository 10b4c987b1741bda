/* SPDX-License-Identifier: MIT */
/*
 * svg.c - the ladder as SVG, from the one layout (svg.h).
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "base/i18n.h"
#include "base/textwrap.h"
#include "base/util.h"
#include "model/svg.h"

#define CELL_W 8.4 /* px per column: 0.6 em of a 14 px monospace font */
#define LINE_H 20  /* px per line */
#define PAD 12     /* margin around the picture */
#define FONT "DejaVu Sans Mono, Noto Sans Mono CJK SC, Noto Sans CJK SC, monospace"

static double col_x(int c)
{
	return PAD + c * CELL_W;
}

static double line_y(int k)
{
	return PAD + (double)k * LINE_H;
}

static void put_escaped(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			fputc(s[i], f);
			break;
		}
	}
}

static const char *const style_name[5] = {"syn", "ack", "data", "fin", "rst"};

static const char *kind_class(int kind)
{
	switch (kind) {
	case CELL_TIME:
		return "time";
	case CELL_CALL:
		return "call";
	case CELL_STATE:
		return "state";
	case CELL_UNSEEN:
		return "unseen";
	case CELL_NOTE:
		return "note";
	case CELL_HEADER:
		return "header";
	case CELL_LABEL:
		return "label";
	default:
		return NULL;
	}
}

/* One <text> of cells [a, b) of the line at line index k, stretched to
 * their columns. */
static void text_run(FILE *f, const struct ladder_line *ln, int a, int b, int k)
{
	char buf[LADDER_MAX_WIDTH * 8 + 1];
	size_t n = 0;
	while (a < b && !strcmp(ln->c[a].s, " "))
		a++;
	while (b > a && !strcmp(ln->c[b - 1].s, " "))
		b--;
	if (a >= b)
		return;
	for (int i = a; i < b; i++) {
		size_t m = strlen(ln->c[i].s);
		memcpy(buf + n, ln->c[i].s, m);
		n += m;
	}
	fprintf(f,
		"<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" textLength=\"%.1f\" "
		"lengthAdjust=\"spacingAndGlyphs\">",
		kind_class(ln->c[a].kind), col_x(a), line_y(k) + LINE_H * 0.72, (b - a) * CELL_W);
	put_escaped(f, buf, n);
	fputs("</text>\n", f);
}

/* The texts of a line: each run of cells of one textual kind. */
static void line_texts(FILE *f, const struct ladder_line *ln, int k)
{
	int i = 0;
	while (i < ln->w) {
		int kind = ln->c[i].kind;
		if (!kind_class(kind)) {
			i++;
			continue;
		}
		int j = i + 1;
		while (j < ln->w && ln->c[j].kind == kind)
			j++;
		if (kind == CELL_LABEL) { /* a white ground, so the arrow stops under it */
			fprintf(f,
				"<rect class=\"ground\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
				"height=\"%d\"/>\n",
				col_x(i), line_y(k) + 2, (j - i) * CELL_W, LINE_H - 4);
		}
		text_run(f, ln, i, j, k);
		i = j;
	}
}

/* The arrow of a segment row on the line at index k: from the sender's
 * lifeline to the other one. */
static void arrow(FILE *f, const struct ladder_geom *g, const struct ladder_row *r, int k)
{
	int st = (unsigned)r->style < 5 ? (int)r->style : ARROW_ACK;
	double y = line_y(k) + LINE_H / 2.0;
	double xl = col_x(g->xl) + CELL_W / 2, xr = col_x(g->xr) + CELL_W / 2;
	double from = r->side == SIDE_SERVER ? xr : xl, to = r->side == SIDE_SERVER ? xl : xr;
	double dir = to > from ? 1 : -1, tip = to - dir * 1, base = tip - dir * 9;
	if (st == ARROW_DATA) {
		fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", from, y - 2,
			base, y - 2);
		fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", from, y + 2,
			base, y + 2);
	} else {
		fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", from, y,
			base, y);
	}
	if (st == ARROW_RST) /* crosses along the line, as ╳ in the text */
		for (double x = from + dir * 14; (x - base) * dir < -8; x += dir * 16)
			fprintf(f, "<path class=\"cross\" d=\"M%.1f %.1fl8 8m0 -8l-8 8\"/>\n",
				x - 4, y - 4);
	fprintf(f, "<path class=\"head\" d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fZ\"/>\n", tip, y, base,
		y - 5, base, y + 5);
}

int svg_begin(struct svg *s, int width)
{
	memset(s, 0, sizeof *s);
	ladder_geom(&s->g, width < 60 ? 60 : width, 1);
	s->body = open_memstream(&s->buf, &s->len);
	return s->body ? 0 : -1;
}

void svg_add(struct svg *s, const struct ladder *l, const char *title)
{
	struct ladder_line *ln = xmalloc(sizeof *ln);
	struct ladder_geom gl;
	const struct ladder_geom *g = &gl;
	ladder_geom_times(&gl, s->g.width, l);
	FILE *f = s->body;
	if (s->lines)
		s->lines++; /* a blank line between two ladders */
	if (title) {
		fprintf(f, "<text class=\"title\" x=\"%.1f\" y=\"%.1f\">", col_x(0),
			line_y(s->lines) + LINE_H * 0.72);
		put_escaped(f, title, strlen(title));
		fputs("</text>\n", f);
		s->lines++;
	}
	ladder_header_line(l, g, 1, ln);
	line_texts(f, ln, s->lines++);
	/* lifelines: one vertical line per run of lines that have them */
	int top = s->lines;
	fputs("<g class=\"rows\">\n", f);
	for (size_t i = 0; i < l->n; i++) {
		const struct ladder_row *r = &l->rows[i];
		int h = ladder_row_height(l, i, g, 0);
		if (r->kind == ROW_PACKET)
			fprintf(f, "<g class=\"arrow %s\" data-packets=\"%d\">\n",
				style_name[(unsigned)r->style < 5 ? r->style : ARROW_ACK],
				r->npackets);
		for (int sub = 0; sub < h; sub++) {
			ladder_row_line(l, i, g, 1, 1, 0, sub, ln);
			if (ln->c[g->xl].kind != CELL_LIFE) { /* a note crosses the page */
				if (s->lines > top)
					fprintf(f,
						"<path class=\"life\" d=\"M%.1f %.1fV%.1fM%.1f "
						"%.1fV%.1f\"/>\n",
						col_x(g->xl) + CELL_W / 2, line_y(top),
						line_y(s->lines), col_x(g->xr) + CELL_W / 2,
						line_y(top), line_y(s->lines));
				top = s->lines + 1;
			}
			if (r->kind == ROW_PACKET && sub == h - 1)
				arrow(f, g, r, s->lines);
			line_texts(f, ln, s->lines);
			s->lines++;
		}
		if (r->kind == ROW_PACKET)
			fputs("</g>\n", f);
	}
	fputs("</g>\n", f);
	if (s->lines > top)
		fprintf(f, "<path class=\"life\" d=\"M%.1f %.1fV%.1fM%.1f %.1fV%.1f\"/>\n",
			col_x(g->xl) + CELL_W / 2, line_y(top), line_y(s->lines),
			col_x(g->xr) + CELL_W / 2, line_y(top), line_y(s->lines));
	const char *para[LADDER_LEGENDS];
	size_t np = ladder_legend(l, para, LADDER_LEGENDS);
	for (size_t k = 0; k < np; k++) {
		struct textwrap_line *wl;
		size_t n = textwrap_wrap(para[k], strlen(para[k]), g->width - g->tw, &wl);
		for (size_t i = 0; i < n; i++) {
			fprintf(f, "<text class=\"note\" x=\"%.1f\" y=\"%.1f\">", col_x(g->tw),
				line_y(s->lines++) + LINE_H * 0.72);
			put_escaped(f, para[k] + wl[i].off, wl[i].len);
			fputs("</text>\n", f);
		}
		free(wl);
	}
	free(ln);
}

int svg_end(struct svg *s, FILE *out)
{
	int bad = fclose(s->body) != 0;
	if (!out) {
		free(s->buf);
		s->buf = NULL;
		return -1;
	}
	double w = 2 * PAD + s->g.width * CELL_W, h = 2 * PAD + (double)s->lines * LINE_H;
	fprintf(out,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
		"viewBox=\"0 0 %.0f %.0f\" font-family=\"%s\" font-size=\"14\" "
		"xml:space=\"preserve\">\n",
		w, h, w, h, FONT);
	fputs("<style>\n"
	      "text { fill: #1e1e1e; }\n"
	      ".time, .header { fill: #6a6a6a; }\n"
	      ".title { font-weight: bold; }\n"
	      ".state { fill: #1a5fb4; font-weight: bold; }\n"
	      ".unseen { fill: #1a5fb4; font-style: italic; }\n"
	      ".note { fill: #9c3b00; }\n"
	      ".life { stroke: #6a6a6a; stroke-width: 1.5; fill: none; }\n"
	      ".ground { fill: #ffffff; }\n"
	      ".arrow line, .arrow .cross { stroke: #1e1e1e; stroke-width: 1.2; fill: none; }\n"
	      ".arrow .head { fill: #1e1e1e; }\n"
	      ".fin line { stroke-width: 3.5; }\n"
	      ".rst line, .rst .cross { stroke: #c01c28; stroke-width: 2; }\n"
	      ".rst .head, .rst .label { fill: #c01c28; }\n"
	      "</style>\n"
	      "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n",
	      out);
	if (s->buf)
		fwrite(s->buf, 1, s->len, out);
	fputs("</svg>\n", out);
	free(s->buf);
	s->buf = NULL;
	return bad || ferror(out) ? -1 : 0;
}
