/* SPDX-License-Identifier: MIT */
/*
 * conntab.c - the table of connections (see conntab.h).
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "captures/conntab.h"

void ct_key_make(const struct packet_addrs *ad, const struct ev_packet *p,
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

static uint32_t key_hash(const struct ct_key *k)
{
	uint64_t h = 0x9e3779b97f4a7c15ull;
	for (int i = 0; i < 5; i++) {
		h ^= k->w[i];
		h *= 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	return (uint32_t)h;
}

int ct_key_eq(const struct ct_key *a, const struct ct_key *b)
{
	return a->w[0] == b->w[0] && a->w[1] == b->w[1] && a->w[2] == b->w[2] &&
	       a->w[3] == b->w[3] && a->w[4] == b->w[4];
}

void ct_key_endpoint(const struct ct_key *k, int side, struct ct_endpoint *e)
{
	e->family = (int)(k->w[4] & 0xff);
	memcpy(e->addr, &k->w[side ? 2 : 0], 16);
	e->port = (uint16_t)(k->w[4] >> (side ? 16 : 32));
}

int ct_key_side(const struct ct_key *k, const struct ct_endpoint *e)
{
	for (int side = 0; side < 2; side++) {
		struct ct_endpoint x;
		ct_key_endpoint(k, side, &x);
		if (x.family == e->family && x.port == e->port &&
		    !memcmp(x.addr, e->addr, 16))
			return side;
	}
	return -1;
}

void ct_init(struct conntab *t)
{
	t->nbuckets = 1024;
	t->n = 0;
	t->bucket = xcalloc(t->nbuckets, sizeof *t->bucket);
}

void ct_free(struct conntab *t)
{
	free(t->bucket);
	t->bucket = NULL;
	t->nbuckets = t->n = 0;
}

struct ct_entry *ct_find(const struct conntab *t, const struct ct_key *k)
{
	uint32_t h = key_hash(k);
	for (struct ct_entry *e = t->bucket[h & (t->nbuckets - 1)]; e; e = e->hnext)
		if (e->hash == h && ct_key_eq(&e->k, k))
			return e;
	return NULL;
}

static void grow(struct conntab *t)
{
	size_t n = t->nbuckets * 2;
	struct ct_entry **b = xcalloc(n, sizeof *b);
	for (size_t i = 0; i < t->nbuckets; i++)
		for (struct ct_entry *e = t->bucket[i], *nx; e; e = nx) {
			nx = e->hnext;
			e->hnext = b[e->hash & (n - 1)];
			b[e->hash & (n - 1)] = e;
		}
	free(t->bucket);
	t->bucket = b;
	t->nbuckets = n;
}

void ct_insert(struct conntab *t, struct ct_entry *e, const struct ct_key *k)
{
	e->k = *k;
	e->hash = key_hash(k);
	if (t->n >= t->nbuckets)
		grow(t);
	e->hnext = t->bucket[e->hash & (t->nbuckets - 1)];
	t->bucket[e->hash & (t->nbuckets - 1)] = e;
	e->hashed = 1;
	t->n++;
}

void ct_remove(struct conntab *t, struct ct_entry *e)
{
	if (!e->hashed)
		return;
	for (struct ct_entry **pp = &t->bucket[e->hash & (t->nbuckets - 1)]; *pp;
	     pp = &(*pp)->hnext)
		if (*pp == e) {
			*pp = e->hnext;
			break;
		}
	e->hashed = 0;
	t->n--;
}
