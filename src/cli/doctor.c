/* SPDX-License-Identifier: MIT */
/*
 * doctor.c - environment self-check (see doctor.h).
 *
 * The namespace, capture and sock_diag checks run in a forked child that
 * does exactly what the lab does (netns_enter, capture_open, sockdiag_open)
 * so the answer is what an experiment would meet, not a guess.
 */
#include "config.h"
#include <errno.h>
#include <grp.h>
#include <locale.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "engine/capture.h"
#include "cli/cli.h"
#include "cli/doctor.h"
#include "base/i18n.h"
#include "engine/lab.h"
#include "engine/netns.h"
#include "engine/sockdiag.h"
#include "engine/tracepoint.h"
#include "base/util.h"

struct probe {
	int mode; /* enum ns_mode */
	int capture_ok, diag_ok, trace_ok;
	struct diag ns;
	struct diag trace;
	struct diag cap, sd; /* why the capture, sock_diag failed */
};

static void probe_child(int fd)
{
	struct probe p;
	memset(&p, 0, sizeof p);
	p.mode = netns_enter(&p.ns);
	struct capture *c = capture_open("lo", LAB_PORT, capture_buffer_for(0), &p.cap);
	p.capture_ok = c != NULL;
	capture_close(c);
	int d = sockdiag_open(&p.sd);
	if (d >= 0 && sockdiag_dump(d, LAB_PORT, NULL, NULL) < 0)
		diag_errno(&p.sd, DIAG_FAIL, errno, "sock_diag dump");
	else if (d >= 0)
		p.diag_ok = 1;
	/* as a run does it: this child's own mount namespace if needed */
	struct tracepoint *tp = tracepoint_open(LAB_PORT, &p.trace);
	p.trace_ok = tp != NULL;
	tracepoint_close(tp);
	if (write(fd, &p, sizeof p) != (ssize_t)sizeof p)
		_exit(1);
	_exit(0);
}

/* ok: 1 passed, 0 failed, -1 worth knowing but not needed by this user */
static void line(FILE *out, int ok, const char *what, const char *detail)
{
	fprintf(out, "%s %s%s%s\n",
		ok > 0   ? "[ ok ]"
		: ok < 0 ? "[note]"
			 : "[FAIL]",
		what, detail && *detail ? ": " : "", detail ? detail : "");
}

static void fix(FILE *out, const char *breaks, const char *how)
{
	fprintf(out, "       %s %s\n", _("breaks:"), breaks);
	if (how)
		fprintf(out, "       %s %s\n", _("fix:"), how);
}

/* Whether we run in a chroot, where Linux refuses new user namespaces
 * (user_namespaces(7), EPERM): "/" is not the root of our mount
 * namespace.  Root compares it with init's root; anyone else looks for a
 * mount on "/" in mountinfo, which lists only mounts under our root. */
static int in_chroot(void)
{
	struct stat a, b;
	if (stat("/", &a) == 0 && stat("/proc/1/root/", &b) == 0)
		return a.st_dev != b.st_dev || a.st_ino != b.st_ino;
	size_t len;
	char *info = read_file("/proc/self/mountinfo", 1 << 20, &len);
	if (!info)
		return 0;
	int root_seen = 0;
	char *save = NULL;
	for (char *l = strtok_r(info, "\n", &save); l && !root_seen;
	     l = strtok_r(NULL, "\n", &save)) {
		char mnt[8];
		/* ID PARENT MAJ:MIN ROOT MOUNT-POINT ... */
		root_seen = sscanf(l, "%*s %*s %*s %*s %7s", mnt) == 1 && !strcmp(mnt, "/");
	}
	free(info);
	return !root_seen;
}

/* A seccomp filter is installed (Seccomp: 2 in /proc/self/status). */
static int seccomp_filtered(void)
{
	size_t len;
	char *st = read_file("/proc/self/status", 1 << 16, &len);
	int on = st && strstr(st, "\nSeccomp:\t2\n") != NULL;
	free(st);
	return on;
}

/* The errno of unshare(flags) tried in a child, as nobody if `as_nobody`
 * (and we are root), or 0. */
static int unshare_errno(int flags, int as_nobody)
{
	int status;
	pid_t pid = fork();
	if (pid == 0) {
		if (as_nobody && geteuid() == 0 &&
		    (setgroups(0, NULL) < 0 || setresgid(65534, 65534, 65534) < 0 ||
		     setresuid(65534, 65534, 65534) < 0))
			_exit(errno);
		_exit(unshare(flags) < 0 ? errno : 0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return ECHILD;
	return WEXITSTATUS(status);
}

/* Why a namespace fails (errno `e`; `user`: a user namespace was asked
 * for) and what to do. */
static void ns_cause(int e, int user, const char **why, const char **how)
{
	static char buf[400];
	const char *blocker = user ? netns_userns_blocker() : NULL;
	if (user && in_chroot()) {
		snprintf(buf, sizeof buf,
			 _("this is a chroot, and Linux refuses new user namespaces "
			   "inside one (%s)"),
			 strerror(e));
		*how = _("run lingerlab as root in the chroot (a network namespace needs no user "
			 "namespace), or outside the chroot");
	} else if (blocker) {
		snprintf(buf, sizeof buf, "%s (%s)", blocker, strerror(e));
		*how = NULL; /* the blocker's text says how */
	} else if (seccomp_filtered() && e == EPERM) {
		snprintf(buf, sizeof buf,
			 _("a seccomp filter refuses unshare(), as the default "
			   "profile of a container does (%s)"),
			 strerror(e));
		*how = _("start the container with a profile that allows unshare and "
			 "clone with namespace flags (Docker: --security-opt seccomp=unconfined), "
			 "or run lingerlab on the host");
	} else {
		snprintf(buf, sizeof buf, _("the kernel refuses new namespaces (%s)"), strerror(e));
		*how = _("run lingerlab with sudo, or enable user namespaces");
	}
	*why = buf;
}

int doctor_run(FILE *out)
{
	struct probe p;
	int fds[2], bad = 0;
	memset(&p, 0, sizeof p);
	p.mode = -1;
	if (pipe(fds) == 0) {
		pid_t pid = fork();
		if (pid == 0) {
			close(fds[0]);
			probe_child(fds[1]);
		}
		close(fds[1]);
		if (pid > 0) {
			if (read(fds[0], &p, sizeof p) != (ssize_t)sizeof p)
				p.mode = -1;
			waitpid(pid, NULL, 0);
		}
		close(fds[0]);
	}

	fprintf(out, "%s\n", _("lingerlab doctor: what the lab needs here"));
	if (p.mode == NS_NET || p.mode == NS_USER_NET) {
		line(out, 1, _("private network namespace"),
		     p.mode == NS_NET ? _("network namespace (as root)")
				      : _("user + network namespace (no root needed)"));
	} else {
		bad = 1;
		line(out, 0, _("private network namespace"),
		     p.mode < 0 ? _("the probe failed") : p.ns.msg);
		const char *why = NULL,
			   *how = _("run lingerlab with sudo, or enable user namespaces");
		int root = geteuid() == 0;
		int e = unshare_errno(root ? CLONE_NEWNET : CLONE_NEWUSER | CLONE_NEWNET, 0);
		if (e)
			ns_cause(e, !root, &why, &how);
		if (why)
			fprintf(out, "       %s %s\n", _("cause:"), why);
		fix(out, _("experiments run on the host's loopback, where capturing needs root"),
		    how);
	}
	if (geteuid() == 0) {
		/* root has its namespace; users without root need a user namespace */
		int e = unshare_errno(CLONE_NEWUSER | CLONE_NEWNET, 1);
		const char *why = NULL, *how = NULL;
		if (e)
			ns_cause(e, 1, &why, &how);
		line(out, e ? -1 : 1, _("user namespaces for users without root"),
		     e ? why : _("available"));
		if (e)
			fix(out,
			    _("lingerlab run by a user without root, and the tests run as nobody "
			      "(they are skipped)"),
			    how);
	}
	line(out, p.capture_ok, _("packet capture on the experiment's loopback"),
	     p.capture_ok ? "libpcap" : p.cap.msg);
	if (!p.capture_ok) {
		bad = 1;
		fix(out, _("no packets on the ladder: runs are marked \"packets not observed\""),
		    _("fix the namespace problem above, or run lingerlab with sudo"));
	}
	line(out, p.diag_ok, _("socket states (sock_diag netlink)"), p.diag_ok ? NULL : p.sd.msg);
	if (!p.diag_ok) {
		bad = 1;
		fix(out, _("no TCP states (FIN_WAIT_1, TIME_WAIT...) on the ladder"),
		    _("a kernel built with CONFIG_INET_DIAG and CONFIG_INET_TCP_DIAG"));
	}
	if (p.diag_ok)
		line(out, p.trace_ok ? 1 : -1, _("state changes"),
		     p.trace_ok
			 ? _("every one, from the kernel tracepoint sock:inet_sock_set_state")
			 : _("sampled every millisecond (a shorter state can be missed); "
			     "as root, every one comes from a kernel tracepoint"));
	if (p.diag_ok && !p.trace_ok)
		fprintf(out, "       %s\n", p.trace.msg);

	const char *ctype = setlocale(LC_CTYPE, NULL);
	line(out, i18n_utf8(), _("UTF-8 locale"), ctype);
	if (!i18n_utf8())
		fix(out, _("Chinese and French text, box lines and arrows (ASCII is used instead)"),
		    _("install a UTF-8 locale, e.g. `sudo apt-get install locales` and "
		      "`sudo dpkg-reconfigure locales`, or use LANG=C.UTF-8"));

	if (isatty(1)) {
		struct winsize ws;
		const char *term = getenv("TERM");
		int ok = ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 80 && ws.ws_row >= 24;
		char detail[128];
		snprintf(detail, sizeof detail, "TERM=%s, %ux%u", term ? term : "(unset)",
			 ok || ioctl(1, TIOCGWINSZ, &ws) == 0 ? ws.ws_col : 0,
			 ok || ioctl(1, TIOCGWINSZ, &ws) == 0 ? ws.ws_row : 0);
		line(out, ok && term && *term, _("terminal"), detail);
		if (!ok)
			fix(out, _("the lab needs at least 80 columns and 24 rows"),
			    _("enlarge the window or use a smaller font"));
		if (getenv("NO_COLOR"))
			fprintf(out, "       %s\n",
				_("NO_COLOR is set: the lab draws without colour."));
	} else {
		line(out, 1, _("terminal"), _("not a terminal (fine for `lingerlab run`)"));
	}
	fprintf(out, "%s\n",
		bad ? _("Some checks failed: see the fixes above.")
		    : _("Everything the lab needs is here."));
	return bad;
}

static void usage(FILE *out)
{
	fprintf(out, "%s",
		_("Usage: lingerlab doctor\n"
		  "Check what the lab needs on this machine (namespaces, packet capture,\n"
		  "socket states, locale, terminal) and, for each problem, the fix.\n"));
}

int cmd_doctor(int argc, char **argv)
{
	static const struct option options[] = {{NULL, 0, NULL, 0}};
	static const struct cli_parser parser = {"doctor", usage, "", options};
	cli_begin();
	while (cli_getopt(argc, argv, &parser) != -1)
		;
	if (optind < argc)
		cli_usage_error("doctor", _("unexpected argument '%s'"), argv[optind]);
	return doctor_run(stdout) ? EXIT_FAIL : EXIT_OK;
}
