/* SPDX-License-Identifier: MIT */
/*
 * conntab.c - the table of connections (see conntab.h).
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "captures/conntab.h"

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
		if (x.family == e->family && x.port == e->port && !memcmp(x.addr, e->addr, 16))
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
	e->hash = ct_key_hash(k);
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
