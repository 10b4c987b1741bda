/* SPDX-License-Identifier: MIT */
/*
 * seccomp-deny.c - run a command with one system call refused with EPERM
 * by a seccomp filter, so that tests can see what lingerlab says there:
 *
 *   tests/seccomp-deny unshare COMMAND [ARG]...
 *       unshare(2), as a container's default seccomp profile refuses it
 *       (Docker's does);
 *   tests/seccomp-deny lo-up COMMAND [ARG]...
 *       ioctl(SIOCSIFFLAGS): a namespace can be made but its loopback
 *       cannot be brought up, so the namespace is unusable.
 *
 * The filter compares native syscall numbers only: enough for a test.
 */
#include "config.h"
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#define DENY BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM)
#define ALLOW BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)
#define LOAD(field) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, field))

int main(int argc, char **argv)
{
	struct sock_filter no_unshare[] = {
	    LOAD(nr),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_unshare, 0, 1),
	    DENY,
	    ALLOW,
	};
	/* the low 32 bits of ioctl's second argument (little-endian) */
	struct sock_filter no_ifflags[] = {
	    LOAD(nr),      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_ioctl, 0, 3),
	    LOAD(args[1]), BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SIOCSIFFLAGS, 0, 1),
	    DENY,          ALLOW,
	};
	struct sock_fprog prog;
	if (argc >= 3 && !strcmp(argv[1], "unshare"))
		prog = (struct sock_fprog){sizeof no_unshare / sizeof no_unshare[0], no_unshare};
	else if (argc >= 3 && !strcmp(argv[1], "lo-up"))
		prog = (struct sock_fprog){sizeof no_ifflags / sizeof no_ifflags[0], no_ifflags};
	else {
		fprintf(stderr, "usage: seccomp-deny unshare|lo-up COMMAND [ARG]...\n");
		return 2;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0) {
		fprintf(stderr, "seccomp-deny: %s\n", strerror(errno));
		return 1;
	}
	execvp(argv[2], argv + 2);
	fprintf(stderr, "seccomp-deny: %s: %s\n", argv[2], strerror(errno));
	return 127;
}
