/* SPDX-License-Identifier: MIT */
/*
 * connview.h - the connections of a capture as ladders, for `lingerlab
 * view`: the list (one analyze report per connection) and the packets of
 * one connection as a timeline.  Connections come from the analyzer's one
 * table (analyze.h, conntab.h): the client is the SYN's sender, hosts on
 * the same ports are different connections, and nothing is dropped.
 */
#ifndef LINGERLAB_CONNVIEW_H
#define LINGERLAB_CONNVIEW_H

#include <stdio.h>
#include "base/diag.h"
#include "captures/analyze.h"
#include "model/timeline.h"

/* Which connections are shown: port 0 = any. */
struct connview_filter {
	unsigned port;
	size_t conn; /* view --conn N: the Nth connection (from 1, in order
			of first packet, as the list numbers them); 0 all */
};

/* Every connection of the capture, in order of their first packet, into
 * *list (n entries; free with connview_list_free).  When the capture
 * cannot be read twice (a pipe, standard input) each report's `user`
 * keeps the connection's packets for connview_load.  Returns 0, -1 if
 * the file cannot be read as a capture (nothing listed), -2 if it is
 * damaged (what was read before is listed); d->msg says why. */
int connview_list(const char *path, const struct connview_filter *f, struct analyze_report **list,
		  size_t *n, struct diag *d);
void connview_list_free(struct analyze_report *list, size_t n);

/* The packets of the connection r (from connview_list on the same file)
 * into tl (initialised by the caller), finished, the client being r's:
 * read again from the file, or copied from what the list kept.
 * Returns 0, or -1/-2 as above. */
int connview_load(const char *path, const struct analyze_report *r, struct timeline *tl,
		  struct diag *d);

/* `view --text`: one ladder per connection as it ends, each under its
 * analyze line when there is more than one; memory is what the open
 * connections' packets need.  *shown = ladders printed.  Returns 0, -1 or
 * -2 as above. */
int connview_print(const char *path, const struct connview_filter *f, FILE *out, int width,
		   int utf8, size_t *shown, struct diag *d);

/* `view --format svg`: the same ladders (and headings), drawn into svg
 * (svg_begin() done; the caller calls svg_end()). */
struct svg;
int connview_svg(const char *path, const struct connview_filter *f, struct svg *svg, size_t *shown,
		 struct diag *d);

#endif
