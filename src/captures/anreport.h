/* SPDX-License-Identifier: MIT */
/*
 * anreport.h - what `lingerlab analyze` says beyond one line per
 * connection: which connections to keep (--ending, --host, --port), the
 * totals per server, and the JSON form (--format json).
 *
 * The JSON document (format_version 1; its JSON Schema is
 * assets/schema/analyze.schema.json, installed in the data directory) is written
 * as the connections end, so memory stays what the analyzer holds plus
 * one entry per server:
 *   { "format_version": 1, "file": "...", "connections": [ {...}, ... ],
 *     "summary": {...} }
 * Its values are typed: numbers for counts, bytes, frame numbers and
 * times (nanoseconds since the epoch, as in the capture), true/false,
 * null for what the capture does not tell, machine names for endings and
 * sides; "text" is the line of the text form, in the current language.
 */
#ifndef LINGERLAB_ANREPORT_H
#define LINGERLAB_ANREPORT_H

#include <stdio.h>
#include "captures/analyze.h"
#include "captures/conntab.h"

/* The machine name of an ending ("orderly", "half-close", "abortive",
 * "rst-after-data", "rst-after-fin", "refused", "open"), and back (-1 if
 * unknown). */
const char *anreport_ending_id(enum analyze_kind k);
int anreport_ending_parse(const char *name);

struct anreport_filter {
	int ending;      /* enum analyze_kind, -1 any */
	int host_family; /* 0 any, else 4 or 6 with host_addr */
	uint8_t host_addr[16];
};
/* Parse an IPv4 or IPv6 address for --host; -1 if it is not one. */
int anreport_parse_host(const char *s, struct anreport_filter *f);
int anreport_keep(const struct anreport_filter *f, const struct analyze_report *r);

/* Connections counted by ending, overall and per server (in order of
 * their first connection). */
struct anreport_server {
	struct ct_entry e; /* keyed by the server's endpoint */
	struct ct_endpoint ep;
	size_t conns, kind[AK_COUNT];
};
struct anreport_totals {
	size_t conns, kind[AK_COUNT];
	struct anreport_server **srv;
	size_t nsrv, cap;
	struct conntab tab;
};
void anreport_totals_init(struct anreport_totals *t);
void anreport_totals_add(struct anreport_totals *t, const struct analyze_report *r);
void anreport_totals_free(struct anreport_totals *t);

/* JSON: the head (file name), each connection (first: the first one),
 * the summary and the end; `damaged` is the error of a damaged capture,
 * or NULL. */
void anreport_json_begin(FILE *f, const char *file);
void anreport_json_conn(FILE *f, const struct analyze_report *r, int first);
void anreport_json_end(FILE *f, const struct analyze_stats *st, const struct anreport_totals *t,
		       const char *damaged);

#endif
