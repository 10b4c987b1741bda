/* SPDX-License-Identifier: MIT */
/*
 * steps.c - names of the sides, step operations and socket options.
 */
#include "config.h"
#include "model/steps.h"

static const char *const op_names[OP_COUNT] = {
    "listen",         "accept", "connect", "set",  "write", "read", "shutdown", "close",
    "close listener", "sleep",  "wait",    "exit", "kill",  "dup",  "sync",     "inject"};

static const char *const opt_names[SET_COUNT] = {"linger",    "rcvbuf",   "sndbuf",
						 "reuseaddr", "nonblock", "nodelay"};

const char *step_op_name(enum step_op op)
{
	return (unsigned)op < OP_COUNT ? op_names[op] : "?";
}

const char *set_opt_name(enum set_opt o)
{
	return (unsigned)o < SET_COUNT ? opt_names[o] : "?";
}

const char *side_name(enum side s)
{
	return s == SIDE_CLIENT ? "client" : s == SIDE_SERVER ? "server" : "none";
}
