/* SPDX-License-Identifier: MIT */
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
#include "engine/sockdiag.h"

int sockdiag_open(struct diag *d)
{
	int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (fd < 0)
		diag_errno(d, DIAG_FAIL, errno, "socket(NETLINK_SOCK_DIAG)");
	return fd;
}

static void fill_state(const struct inet_diag_msg *m, struct ev_state *st)
{
	memset(st, 0, sizeof *st);
	st->lport = ntohs(m->id.idiag_sport);
	st->rport = ntohs(m->id.idiag_dport);
	st->state = m->idiag_state;
	st->source = SRC_SAMPLE;
	/* for a listener, inet_diag reports its accept queue and backlog in
	 * the queue fields (inet_diag_get_info): not a send queue */
	if (m->idiag_state == TS_LISTEN) {
		st->acceptq = m->idiag_rqueue;
		st->backlog = m->idiag_wqueue;
	} else {
		st->sendq = m->idiag_wqueue;
		st->recvq = m->idiag_rqueue;
	}
	st->timer = m->idiag_timer;
	st->timer_ms = m->idiag_expires;
	st->retrans = m->idiag_retrans;
	st->orphan = m->idiag_inode == 0;
}

int sockdiag_lookup(int fd, uint16_t lport, uint16_t rport, struct ev_state *st)
{
	struct {
		struct nlmsghdr nlh;
		struct inet_diag_req_v2 req;
	} msg;
	struct sockaddr_nl nl = {.nl_family = AF_NETLINK};
	long buf[2048 / sizeof(long)];

	memset(&msg, 0, sizeof msg);
	msg.nlh.nlmsg_len = sizeof msg;
	msg.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	msg.nlh.nlmsg_flags = NLM_F_REQUEST;
	msg.req.sdiag_family = AF_INET;
	msg.req.sdiag_protocol = IPPROTO_TCP;
	msg.req.idiag_states = ~0u;
	msg.req.id.idiag_sport = htons(lport);
	msg.req.id.idiag_dport = htons(rport);
	msg.req.id.idiag_src[0] = htonl(INADDR_LOOPBACK);
	msg.req.id.idiag_dst[0] = htonl(INADDR_LOOPBACK);
	msg.req.id.idiag_cookie[0] = msg.req.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
	if (sendto(fd, &msg, sizeof msg, 0, (struct sockaddr *)&nl, sizeof nl) < 0)
		return -1;
	ssize_t n;
	do
		n = recv(fd, buf, sizeof buf, 0);
	while (n < 0 && errno == EINTR);
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	if (n < 0 || !NLMSG_OK(h, (size_t)n))
		return -1;
	if (h->nlmsg_type == NLMSG_ERROR) {
		struct nlmsgerr *e = NLMSG_DATA(h);
		if (e->error == -ENOENT)
			return 0;
		errno = -e->error;
		return -1;
	}
	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(struct inet_diag_msg)))
		return -1;
	fill_state(NLMSG_DATA(h), st);
	/* with the connection gone, the kernel's lookup falls back to the
	 * listener on the same port: that is not the socket we asked for */
	return st->lport == lport && st->rport == rport;
}

int sockdiag_dump(int fd, uint16_t port, sockdiag_cb cb, void *user)
{
	struct {
		struct nlmsghdr nlh;
		struct inet_diag_req_v2 req;
	} msg;
	struct sockaddr_nl nl = {.nl_family = AF_NETLINK};
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
			struct ev_state st;
			fill_state(m, &st);
			if (cb)
				cb(user, &st);
			count++;
		}
	}
}
