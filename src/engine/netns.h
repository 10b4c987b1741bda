/* SPDX-License-Identifier: MIT */
/*
 * netns.h - a private network namespace for one experiment.
 *
 * netns_enter() moves the *calling process* into a new network namespace
 * (root), or a new user + network namespace (anyone else), and brings its
 * loopback up.  Nothing has to be removed afterwards: the namespace dies
 * with the last process in it.  netns_drop_privileges() gives up what the
 * experiment does not need once the capture is open.
 */
#ifndef LINGERLAB_NETNS_H
#define LINGERLAB_NETNS_H

#include <stddef.h>
#include "base/diag.h"

enum ns_mode {
	NS_NET,      /* root: a new network namespace */
	NS_USER_NET, /* user + network namespace */
	NS_HOST,     /* could not isolate: the host's loopback */
	NS_FAILED    /* half made (no id maps, no loopback): unusable */
};

/* Returns the mode reached.  When NS_HOST or NS_FAILED, d says what
 * failed, with its errno, and how to fix it (translated).  NS_FAILED
 * leaves the caller in a namespace where no experiment can run. */
enum ns_mode netns_enter(struct diag *d);
/* Root (on the host or in NS_NET): switch to nobody; then clear every
 * capability and set no_new_privs, in every mode.  Returns 0 or -1. */
int netns_drop_privileges(enum ns_mode mode);
/* Slow the namespace's loopback down to `kbit` kbit/s (a token bucket,
 * tbf, with its MTU lowered to 1500 so every frame fits the bucket), so
 * that states which last microseconds on a fast loopback last
 * milliseconds.  Only ever called inside a private namespace.  Returns 0,
 * or -1 with `err` set. */
int netns_slow_wire(unsigned kbit, struct diag *d);
/* Set net.ipv4.NAME to `value` in the namespace of the calling process
 * (/proc/sys/net is per network namespace).  Only ever called inside a
 * private namespace, with a name the scenario parser allowed.  Returns 0,
 * or -1 with d set. */
int netns_sysctl(const char *name, const char *value, struct diag *d);
/* Why unprivileged user namespaces fail here and the fix, or NULL if they
 * are allowed (reads the sysctls; used by doctor too). */
const char *netns_userns_blocker(void);

#endif
