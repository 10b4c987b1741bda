/* SPDX-License-Identifier: MIT */
/*
 * netns.c - private network namespaces (see netns.h).
 *
 * user_namespaces(7): a process that creates a user namespace may write a
 * single-line uid_map/gid_map mapping its own ids, after writing "deny" to
 * setgroups.  It then holds CAP_NET_ADMIN over the network namespace it
 * created with it, which is enough to bring lo up and to capture on it.
 */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <net/if.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/netlink.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include "base/i18n.h"
#include "engine/netns.h"

static int write_proc(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, text, strlen(text));
	int e = errno;
	close(fd);
	errno = e;
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

static long read_sysctl(const char *path)
{
	FILE *f = fopen(path, "re");
	long v = -1;
	if (!f)
		return -1;
	if (fscanf(f, "%ld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

int netns_sysctl(const char *name, const char *value, struct diag *d)
{
	char path[128];
	snprintf(path, sizeof path, "/proc/sys/net/ipv4/%s", name);
	if (write_proc(path, value) == 0)
		return 0;
	diag_errno(d, DIAG_FAIL, errno, _("cannot set net.ipv4.%s to %s in the lab's namespace"),
		   name, value);
	return -1;
}

const char *netns_userns_blocker(void)
{
	if (read_sysctl("/proc/sys/kernel/unprivileged_userns_clone") == 0)
		return _("unprivileged user namespaces are disabled; enable them with "
			 "`sudo sysctl -w kernel.unprivileged_userns_clone=1`");
	if (read_sysctl("/proc/sys/user/max_user_namespaces") == 0)
		return _("user namespaces are disabled (user.max_user_namespaces = 0); "
			 "enable them with `sudo sysctl -w user.max_user_namespaces=10000`");
	if (read_sysctl("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") == 1)
		return _("AppArmor restricts unprivileged user namespaces; allow them with "
			 "`sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`, "
			 "or run lingerlab with sudo");
	return NULL;
}

/*
 * sock_diag dumps walk the TCP established hash, which is global and large
 * (262144 buckets here): 0.5-1 ms per dump.  Since Linux 6.1 a namespace
 * can give the namespaces created from it a private table of their own
 * (net.ipv4.tcp_child_ehash_entries, ip-sysctl.rst).  So: set it in the
 * namespace we just made, then make the experiment's namespace inside it.
 * A dump then takes ~80 us, and sampling catches shorter-lived states.
 * Failure (an older kernel) only costs speed.
 */
static void private_ehash(void)
{
	if (write_proc("/proc/sys/net/ipv4/tcp_child_ehash_entries", "128") == 0 &&
	    unshare(CLONE_NEWNET) < 0) {
		/* still in the first namespace: fine, just slower dumps */
	}
}

static int lo_up(void)
{
	struct ifreq ifr;
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return -1;
	memset(&ifr, 0, sizeof ifr);
	strcpy(ifr.ifr_name, "lo");
	int r = ioctl(s, SIOCGIFFLAGS, &ifr);
	if (r == 0 && !(ifr.ifr_flags & IFF_UP)) {
		ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
		r = ioctl(s, SIOCSIFFLAGS, &ifr);
	}
	int e = errno;
	close(s);
	errno = e;
	return r;
}

enum ns_mode netns_enter(struct diag *d)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	char map[64];

	if (uid == 0) {
		if (unshare(CLONE_NEWNET) == 0) {
			private_ehash();
			if (lo_up() == 0)
				return NS_NET;
			diag_set(d, DIAG_FAIL, _("cannot bring up the namespace's loopback: %s"),
				 strerror(errno));
			return NS_FAILED;
		}
		diag_set(d, DIAG_FAIL,
			 _("cannot create a network namespace (%s): running in a "
			   "container without CAP_SYS_ADMIN? The run uses the host's "
			   "loopback instead"),
			 strerror(errno));
		return NS_HOST;
	}
	if (unshare(CLONE_NEWUSER | CLONE_NEWNET) < 0) {
		int e = errno; /* the blocker's probes overwrite errno */
		const char *b = netns_userns_blocker();
		diag_set(d, DIAG_FAIL, "%s (%s)",
			 b ? b
			   : _("cannot create a user namespace; run lingerlab with sudo, "
			       "or enable unprivileged user namespaces"),
			 strerror(e));
		return NS_HOST;
	}
	snprintf(map, sizeof map, "0 %u 1\n", (unsigned)uid);
	if (write_proc("/proc/self/setgroups", "deny") < 0 && errno != ENOENT)
		goto mapfail;
	if (write_proc("/proc/self/uid_map", map) < 0)
		goto mapfail;
	snprintf(map, sizeof map, "0 %u 1\n", (unsigned)gid);
	if (write_proc("/proc/self/gid_map", map) < 0)
		goto mapfail;
	private_ehash();
	if (lo_up() < 0) {
		diag_set(d, DIAG_FAIL, _("cannot bring up the namespace's loopback: %s"),
			 strerror(errno));
		return NS_FAILED;
	}
	return NS_USER_NET;
mapfail:
	/* We are already in the new namespaces; the run cannot go back to the
	 * host's network from here: a failure the lab reports as such. */
	diag_set(d, DIAG_FAIL, _("cannot write the user namespace's id maps: %s"), strerror(errno));
	return NS_FAILED;
}

/* Append a netlink attribute; returns a pointer to it (for nesting). */
static struct rtattr *add_attr(struct nlmsghdr *n, size_t max, int type, const void *data,
			       size_t len)
{
	struct rtattr *rta = (struct rtattr *)((char *)n + NLMSG_ALIGN(n->nlmsg_len));
	size_t need = NLMSG_ALIGN(n->nlmsg_len) + RTA_SPACE(len);
	if (need > max)
		return NULL;
	rta->rta_type = (unsigned short)type;
	rta->rta_len = (unsigned short)RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(rta), data, len);
	n->nlmsg_len = (unsigned)need;
	return rta;
}

int netns_slow_wire(unsigned kbit, struct diag *d)
{
	struct ifreq ifr;
	/* the request: nlmsghdr, tcmsg, then attributes */
	static long buf[1024 / sizeof(long)];
	struct nlmsghdr *n = (struct nlmsghdr *)buf;
	struct tcmsg *t = NLMSG_DATA(n);
	struct tc_tbf_qopt q;
	uint32_t burst = 4096; /* bytes: more than one 1500-byte frame */
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	memset(&ifr, 0, sizeof ifr);
	strcpy(ifr.ifr_name, "lo");
	ifr.ifr_mtu = 1500;
	if (s < 0 || ioctl(s, SIOCSIFMTU, &ifr) < 0) {
		diag_errno(d, DIAG_FAIL, errno, "SIOCSIFMTU lo");
		if (s >= 0)
			close(s);
		return -1;
	}
	close(s);

	memset(buf, 0, sizeof buf);
	n->nlmsg_len = NLMSG_LENGTH(sizeof *t);
	n->nlmsg_type = RTM_NEWQDISC;
	n->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK;
	t->tcm_family = AF_UNSPEC;
	t->tcm_ifindex = (int)if_nametoindex("lo");
	t->tcm_handle = 1u << 16;
	t->tcm_parent = TC_H_ROOT;
	add_attr(n, sizeof buf, TCA_KIND, "tbf", 4);
	struct rtattr *opts = add_attr(n, sizeof buf, TCA_OPTIONS, NULL, 0);
	memset(&q, 0, sizeof q);
	q.rate.rate = kbit * 125;                 /* bytes per second */
	q.rate.linklayer = TC_LINKLAYER_ETHERNET; /* no rate table needed */
	q.limit = 1 << 20;                        /* bytes queued before drops */
	add_attr(n, sizeof buf, TCA_TBF_PARMS, &q, sizeof q);
	add_attr(n, sizeof buf, TCA_TBF_BURST, &burst, sizeof burst);
	opts->rta_len = (unsigned short)((char *)buf + n->nlmsg_len - (char *)opts);

	int nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK};
	long reply[1024 / sizeof(long)];
	int rc = -1;
	if (nl >= 0 && sendto(nl, buf, n->nlmsg_len, 0, (struct sockaddr *)&sa, sizeof sa) >= 0) {
		ssize_t got = recv(nl, reply, sizeof reply, 0);
		struct nlmsghdr *h = (struct nlmsghdr *)reply;
		if (got >= (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr)) &&
		    h->nlmsg_type == NLMSG_ERROR) {
			struct nlmsgerr *e = NLMSG_DATA(h);
			errno = -e->error;
			rc = e->error == 0 ? 0 : -1;
		}
	}
	if (rc < 0)
		diag_errno(d, DIAG_FAIL, errno, "%s",
			   _("cannot slow the wire down (tbf qdisc on lo)"));
	if (nl >= 0)
		close(nl);
	return rc;
}

int netns_drop_privileges(enum ns_mode mode)
{
	/* Root on the host or in a plain network namespace becomes nobody;
	 * in a user namespace uid 0 is the user who ran us and stays. */
	if (mode != NS_USER_NET && geteuid() == 0) {
		/* 65534 is nobody/nogroup on Debian and most distributions. */
		if (setgroups(0, NULL) < 0 || setresgid(65534, 65534, 65534) < 0 ||
		    setresuid(65534, 65534, 65534) < 0)
			return -1;
	}
	/* No capability is left in any set, whoever we were. */
	struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct data[2];
	memset(data, 0, sizeof data);
	if (syscall(SYS_capset, &hdr, data) < 0)
		return -1;
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}
