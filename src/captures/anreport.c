/* SPDX-License-Identifier: MIT */
/*
 * anreport.c - filters, totals per server, JSON (see anreport.h).
 */
#include "config.h"
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "captures/anreport.h"

static const char *const ending_id[AK_COUNT] = {
    [AK_ORDERLY] = "orderly",
    [AK_HALF_CLOSE] = "half-close",
    [AK_ABORTIVE] = "abortive",
    [AK_UNREAD_RST] = "rst-after-data",
    [AK_RST_AFTER_FIN] = "rst-after-fin",
    [AK_REFUSED] = "refused",
    [AK_OPEN] = "open",
};

const char *anreport_ending_id(enum analyze_kind k)
{
	return k < AK_COUNT ? ending_id[k] : "?";
}

int anreport_ending_parse(const char *name)
{
	for (int k = 0; k < AK_COUNT; k++)
		if (!strcmp(name, ending_id[k]))
			return k;
	return -1;
}

/* ---- filters ---- */

int anreport_parse_host(const char *s, struct anreport_filter *f)
{
	memset(f->host_addr, 0, sizeof f->host_addr);
	if (inet_pton(AF_INET, s, f->host_addr) == 1)
		f->host_family = 4;
	else if (inet_pton(AF_INET6, s, f->host_addr) == 1)
		f->host_family = 6;
	else
		return -1;
	return 0;
}

static int is_host(const struct anreport_filter *f, const struct ct_endpoint *e)
{
	return e->family == f->host_family && !memcmp(e->addr, f->host_addr, 16);
}

int anreport_keep(const struct anreport_filter *f, const struct analyze_report *r)
{
	if (f->ending >= 0 && (int)r->kind != f->ending)
		return 0;
	return !f->host_family || is_host(f, &r->client) || is_host(f, &r->server);
}

/* ---- totals ---- */

void anreport_totals_init(struct anreport_totals *t)
{
	memset(t, 0, sizeof *t);
	ct_init(&t->tab);
}

void anreport_totals_add(struct anreport_totals *t, const struct analyze_report *r)
{
	struct ct_key k;
	memset(&k, 0, sizeof k);
	memcpy(&k.w[0], r->server.addr, 16);
	k.w[4] = (uint64_t)r->server.port << 32 | (uint64_t)r->server.family;
	struct anreport_server *s = (struct anreport_server *)ct_find(&t->tab, &k);
	if (!s) {
		s = xcalloc(1, sizeof *s);
		s->ep = r->server;
		ct_insert(&t->tab, &s->e, &k);
		xgrow(&t->srv, &t->cap, t->nsrv + 1, sizeof *t->srv);
		t->srv[t->nsrv++] = s;
	}
	s->conns++;
	s->kind[r->kind]++;
	t->conns++;
	t->kind[r->kind]++;
}

void anreport_totals_free(struct anreport_totals *t)
{
	for (size_t i = 0; i < t->nsrv; i++)
		free(t->srv[i]);
	free(t->srv);
	ct_free(&t->tab);
}

/* ---- JSON ---- */

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 if none. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len = s[0] < 0xc2 ? 0 : s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : s[0] < 0xf5 ? 4 : 0;
	if (!len || len > n)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f) ||
	    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
		return 0; /* overlong, surrogate, beyond U+10FFFF */
	return len;
}

/* A JSON string: quotes, backslashes and control characters escaped,
 * bytes that are not UTF-8 replaced by U+FFFD. */
static void json_str(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str);
	putc('"', f);
	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		if (c == '"' || c == '\\') {
			fprintf(f, "\\%c", c);
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			fprintf(f, "\\u%04x", c);
			i++;
		} else if (c < 0x80) {
			putc(c, f);
			i++;
		} else {
			size_t len = utf8_len(s + i, n - i);
			if (len)
				fwrite(s + i, 1, len, f);
			else
				fputs("\\ufffd", f);
			i += len ? len : 1;
		}
	}
	putc('"', f);
}

static void json_endpoint(FILE *f, const struct ct_endpoint *e)
{
	char a[INET6_ADDRSTRLEN] = "?";
	inet_ntop(e->family == 6 ? AF_INET6 : AF_INET, e->addr, a, sizeof a);
	fputs("{\"address\": ", f);
	json_str(f, a);
	fprintf(f, ", \"port\": %u}", e->port);
}

static void json_frame(FILE *f, const char *name, uint64_t frame)
{
	fprintf(f, "\"%s\": ", name);
	if (frame)
		fprintf(f, "%" PRIu64, frame);
	else
		fputs("null", f);
}

static void json_endings(FILE *f, const size_t *kind)
{
	putc('{', f);
	for (int k = 0; k < AK_COUNT; k++)
		fprintf(f, "%s\"%s\": %zu", k ? ", " : "", ending_id[k], kind[k]);
	putc('}', f);
}

void anreport_json_begin(FILE *f, const char *file)
{
	fputs("{\n  \"format_version\": 1,\n  \"file\": ", f);
	json_str(f, file);
	fputs(",\n  \"connections\": [", f);
}

void anreport_json_conn(FILE *f, const struct analyze_report *r, int first)
{
	static const char *const side[2] = {"client", "server"};
	static const char *const tw[4] = {"none", "client", "server", "both"};
	char line[640];
	int closed = r->kind != AK_OPEN;
	fputs(first ? "\n    {" : ",\n    {", f);
	fputs("\"client\": ", f);
	json_endpoint(f, &r->client);
	fputs(", \"server\": ", f);
	json_endpoint(f, &r->server);
	fprintf(f, ", \"ip_version\": %d, \"handshake_captured\": %s", r->client.family,
		r->handshake ? "true" : "false");
	fprintf(f, ", \"ending\": \"%s\", \"first_actor\": ", ending_id[r->kind]);
	if (closed)
		fprintf(f, "\"%s\"", side[r->by]);
	else
		fputs("null", f);
	fprintf(
	    f, ", \"simultaneous_close\": %s, \"time_wait\": ", r->simultaneous ? "true" : "false");
	if (r->timewait >= 0 && r->timewait < 4)
		fprintf(f, "\"%s\"", tw[r->timewait]);
	else
		fputs("null", f);
	fprintf(f,
		",\n     \"first_packet_ns\": %" PRId64 ", \"last_packet_ns\": %" PRId64
		", \"end_ns\": %" PRId64 ", \"duration_ns\": %" PRId64,
		r->t_first, r->t_last, r->t_end, r->t_end - r->t_first);
	fprintf(
	    f, ", \"first_frame\": %" PRIu64 ", \"last_frame\": %" PRIu64 ", \"packets\": %" PRIu64,
	    r->frame_first, r->frame_last, r->packets);
	fputs(",\n     \"closing_frames\": {", f);
	json_frame(f, "client_fin", r->fin_frame_client);
	fputs(", ", f);
	json_frame(f, "server_fin", r->fin_frame_server);
	fputs(", ", f);
	json_frame(f, "rst", r->rst_frame);
	fprintf(f,
		"}, \"bytes\": {\"client_to_server\": %" PRIu64 ", \"server_to_client\": %" PRIu64
		"}",
		r->bytes_c2s, r->bytes_s2c);
	fprintf(f, ", \"half_close_bytes\": %" PRIu64, r->after_fin);
	fputs(",\n     \"reset\": ", f);
	if (r->rst_frame) {
		int rst_by = r->kind == AK_REFUSED || r->kind == AK_ABORTIVE ||
				     r->kind == AK_UNREAD_RST || r->kind == AK_RST_AFTER_FIN
				 ? (int)r->by
				 : -1;
		fprintf(f,
			"{\"frame\": %" PRIu64 ", \"time_ns\": %" PRId64 ", \"by\": ", r->rst_frame,
			r->t_end);
		if (rst_by >= 0)
			fprintf(f, "\"%s\"", side[rst_by]);
		else
			fputs("null", f);
		fprintf(f,
			", \"idle_ns\": %" PRId64 ", \"receiver_unacked_bytes\": %" PRIu64
			", \"receiver_had_unacked_data\": %s, \"in_flight_bytes\": %" PRIu64
			", \"second_rst\": %s}",
			r->rst_idle, r->rst_unacked, r->rst_unacked ? "true" : "false",
			r->in_flight, r->second_rst ? "true" : "false");
	} else {
		fputs("null", f);
	}
	fprintf(f,
		", \"retransmissions\": %" PRIu32 ", \"zero_window_segments\": %" PRIu32
		", \"keepalives\": %" PRIu32 ", \"out_of_window_rsts\": %" PRIu32
		", \"refused_attempts\": %" PRIu32,
		r->retrans, r->zero_win, r->keepalive, r->bad_rst, r->attempts);
	fputs(",\n     \"notes\": [", f);
	const char *notes[6];
	int nn = 0;
	if (!r->handshake)
		notes[nn++] = "handshake-not-captured";
	if (r->reused)
		notes[nn++] = "ports-reused";
	if (r->rst_note == 1)
		notes[nn++] = "data-after-fin";
	if (r->rst_note == 2)
		notes[nn++] = "rst-after-both-fins";
	if (r->second_rst)
		notes[nn++] = "second-rst";
	if (r->bad_rst)
		notes[nn++] = "out-of-window-rst-ignored";
	for (int i = 0; i < nn; i++)
		fprintf(f, "%s\"%s\"", i ? ", " : "", notes[i]);
	fputs("], \"text\": ", f);
	analyze_format(r, line, sizeof line);
	json_str(f, line);
	putc('}', f);
}

void anreport_json_end(FILE *f, const struct analyze_stats *st, const struct anreport_totals *t,
		       const char *damaged)
{
	static const char *const skip_id[PK_COUNT] = {
	    "other_ports", "link_type", "not_ip", "not_tcp", "ip_fragments", "tunnels", "malformed",
	};
	fprintf(f, "\n  ],\n  \"summary\": {\"connections\": %zu, \"endings\": ", t->conns);
	json_endings(f, t->kind);
	fprintf(f,
		",\n    \"frames\": %zu, \"tcp_segments\": %zu, \"held_max\": %zu"
		", \"out_of_window_rsts\": %zu,\n    \"skipped\": {\"total\": %zu",
		st->frames, st->tcp, st->held_max, st->bad_rst, st->skipped);
	for (int i = 0; i < PK_COUNT; i++)
		fprintf(f, ", \"%s\": %zu", skip_id[i], st->skip[i]);
	fputs("},\n    \"servers\": [", f);
	for (size_t i = 0; i < t->nsrv; i++) {
		fputs(i ? ",\n      {\"server\": " : "\n      {\"server\": ", f);
		json_endpoint(f, &t->srv[i]->ep);
		fprintf(f, ", \"connections\": %zu, \"endings\": ", t->srv[i]->conns);
		json_endings(f, t->srv[i]->kind);
		putc('}', f);
	}
	fputs("],\n    \"damaged\": ", f);
	if (damaged)
		json_str(f, damaged);
	else
		fputs("null", f);
	fputs("}\n}\n", f);
}
