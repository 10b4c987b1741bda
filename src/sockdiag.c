/*
 * sockdiag.c - TCP socket states over NETLINK_SOCK_DIAG (see sockdiag.h).
 */
#include "config.h"
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include "sockdiag.h"

int sockdiag_open(char *err, size_t errlen)
{
	int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (fd < 0)
		snprintf(err, errlen, "socket(NETLINK_SOCK_DIAG): %s", strerror(errno));
	return fd;
}

int sockdiag_dump(int fd, uint16_t port, sockdiag_cb cb, void *user)
{
	struct {
		struct nlmsghdr nlh;
		struct inet_diag_req_v2 req;
	} msg;
	struct sockaddr_nl nl = { .nl_family = AF_NETLINK };
	/* aligned for struct nlmsghdr */
	static long buf[8192 / sizeof(long)];
	int count = 0;

	memset(&msg, 0, sizeof msg);
	msg.nlh.nlmsg_len = sizeof msg;
	msg.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	msg.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	msg.req.sdiag_family = AF_INET;
	msg.req.sdiag_protocol = IPPROTO_TCP;
	msg.req.idiag_states = ~0u;
	if (sendto(fd, &msg, sizeof msg, 0, (struct sockaddr *)&nl, sizeof nl) < 0)
		return -1;
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof buf, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		struct nlmsghdr *h = (struct nlmsghdr *)buf;
		for (; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_DONE)
				return count;
			if (h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(h);
				errno = -e->error;
				return -1;
			}
			if (h->nlmsg_len < NLMSG_LENGTH(sizeof(struct inet_diag_msg)))
				continue;
			struct inet_diag_msg *m = NLMSG_DATA(h);
			uint16_t sp = ntohs(m->id.idiag_sport), dp = ntohs(m->id.idiag_dport);
			if (sp != port && dp != port)
				continue;
			struct ev_state st = {
				.lport = sp, .rport = dp, .state = m->idiag_state,
				.sendq = m->idiag_wqueue, .recvq = m->idiag_rqueue,
				.timer = m->idiag_timer, .timer_ms = m->idiag_expires,
				.retrans = m->idiag_retrans, .orphan = m->idiag_inode == 0,
			};
			if (cb)
				cb(user, &st);
			count++;
		}
	}
}
