/* SPDX-License-Identifier: MIT */
/*
 * wire.h - the records the lab process sends to the program that started
 * it, through one pipe, and their decoding into timeline events.
 *
 * Each record is a struct wire_hdr followed by `len` bytes of payload.
 * Records are written whole with wire_send() and read back with a
 * struct wire_reader, which buffers partial records (the pipe is read
 * without blocking).  Both ends are the same binary, so payloads are plain
 * structs in host byte order.
 */
#ifndef LINGERLAB_WIRE_H
#define LINGERLAB_WIRE_H

#include <stddef.h>
#include <stdint.h>
#include "model/timeline.h"

enum wire_type {
	W_HELLO,  /* struct wire_hello */
	W_CALL,   /* struct wire_call: a syscall started */
	W_RETURN, /* struct wire_call: a syscall returned */
	W_PACKET, /* struct wire_packet + caplen bytes of the frame */
	W_STATE,  /* struct wire_state */
	W_NOTE,   /* struct wire_note + text */
	W_ERROR,  /* text: the lab failed; the run is over */
	W_END     /* nothing: the run ended normally */
};

struct wire_hdr {
	uint16_t type;
	uint16_t side;
	uint32_t len;
};

struct wire_hello {
	int32_t linktype; /* -1: no capture */
	uint16_t server_port;
	uint8_t namespaced, userns, packets, states;
	uint8_t traced; /* states come from the kernel's tracepoint */
};

struct wire_call {
	int64_t t;
	struct ev_call call;
};

struct wire_packet {
	int64_t t;
	uint32_t caplen, wirelen;
};

struct wire_state {
	int64_t t;
	struct ev_state st;
};

struct wire_note {
	int64_t t;
	uint32_t what;
};

#define WIRE_MAX_PAYLOAD (256 * 1024)

/* Write one record; retries on EINTR and short writes.  0 or -1. */
int wire_send(int fd, uint16_t type, uint16_t side, const void *a, size_t alen, const void *b,
	      size_t blen);

/* Zero-initialise before use. */
struct wire_reader {
	uint8_t *buf; /* bytes read, from off to len not yet consumed */
	size_t off, len, cap;
	uint8_t *rec; /* the last record's payload, NUL-terminated */
	size_t rcap;
};

/* Read what is available from fd into the reader.  Returns 1 if data was
 * read, 0 at end of file, -1 on error (EAGAIN is reported as 1 with
 * nothing new). */
int wire_fill(struct wire_reader *r, int fd);
/* Take the next complete record, if any: returns 1 and sets *hdr and
 * *payload (aligned, NUL-terminated, valid until the next call), 0 if none is complete, -1 if the
 * stream is corrupt. */
int wire_next(struct wire_reader *r, struct wire_hdr *hdr, const uint8_t **payload);
void wire_reader_free(struct wire_reader *r);

#endif
