/* SPDX-License-Identifier: MIT */
/*
 * conntab.h - the one table of TCP connections of a capture, keyed by the
 * normalised 4-tuple (both addresses, both ports, the IP version), used by
 * `lingerlab analyze` and `lingerlab view` alike (through analyze.h).
 *
 * The table is intrusive: a connection embeds a struct ct_entry as its
 * first member and the table links entries, never allocates them.  It
 * grows its buckets as it fills, so nothing is ever dropped: its size is
 * the number of entries inserted and not yet removed.
 *
 * Side 0 of a key is its lower endpoint (address, then port); ct_key_make
 * says which side sent the segment.
 */
#ifndef LINGERLAB_CONNTAB_H
#define LINGERLAB_CONNTAB_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "captures/packet.h"

struct ct_key {
	uint64_t w[5]; /* address 0, address 1, then ports and family */
};

/* One end of a connection. */
struct ct_endpoint {
	int family;       /* 4 or 6 */
	uint8_t addr[16]; /* AF_INET: the first 4 bytes */
	uint16_t port;
};

struct ct_entry {
	struct ct_entry *hnext;
	struct ct_key k;
	uint32_t hash;
	uint8_t hashed; /* in the table */
	uint8_t tomb;   /* for the user: what kind of entry it is */
};

struct conntab {
	struct ct_entry **bucket;
	size_t nbuckets, n;
};

/* Endpoint `side` (0 or 1) of a key. */
void ct_key_endpoint(const struct ct_key *k, int side, struct ct_endpoint *e);
/* Whether endpoint e is side 0 or 1 of k: 0, 1, or -1 if neither. */
int ct_key_side(const struct ct_key *k, const struct ct_endpoint *e);

void ct_init(struct conntab *t);
void ct_free(struct conntab *t); /* the buckets, not the entries */
/* Insert e (not in the table) under key k. */
void ct_insert(struct conntab *t, struct ct_entry *e, const struct ct_key *k);
/* Remove e if it is in the table. */
void ct_remove(struct conntab *t, struct ct_entry *e);

/* ---- the hot path, inline: once per packet ---- */

/* The key of a segment; *dir is the side (0 or 1) that sent it. */
static inline void ct_key_make(const struct packet_addrs *ad, const struct ev_packet *p,
			       struct ct_key *k, int *dir)
{
	const uint8_t *a0 = ad->src, *a1 = ad->dst;
	uint16_t p0 = p->sport, p1 = p->dport;
	int c = memcmp(a0, a1, 16);
	*dir = 0;
	if (c > 0 || (c == 0 && p0 > p1)) {
		a0 = ad->dst, a1 = ad->src, p0 = p->dport, p1 = p->sport;
		*dir = 1;
	}
	memcpy(&k->w[0], a0, 16);
	memcpy(&k->w[2], a1, 16);
	k->w[4] = (uint64_t)p0 << 32 | (uint64_t)p1 << 16 | (uint64_t)ad->family;
}

static inline uint32_t ct_key_hash(const struct ct_key *k)
{
	uint64_t h = 0x9e3779b97f4a7c15ull;
	for (int i = 0; i < 5; i++) {
		h ^= k->w[i];
		h *= 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	return (uint32_t)h;
}

static inline int ct_key_eq(const struct ct_key *a, const struct ct_key *b)
{
	return a->w[0] == b->w[0] && a->w[1] == b->w[1] && a->w[2] == b->w[2] &&
	       a->w[3] == b->w[3] && a->w[4] == b->w[4];
}

/* The entry with key k, or NULL. */
static inline struct ct_entry *ct_find(const struct conntab *t, const struct ct_key *k)
{
	uint32_t h = ct_key_hash(k);
	for (struct ct_entry *e = t->bucket[h & (t->nbuckets - 1)]; e; e = e->hnext)
		if (e->hash == h && ct_key_eq(&e->k, k))
			return e;
	return NULL;
}

#endif
