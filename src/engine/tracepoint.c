/* SPDX-License-Identifier: MIT */
/*
 * tracepoint.c - TCP state changes from sock:inet_sock_set_state (see
 * tracepoint.h).
 */
#include "config.h"
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/perf_event.h>
#include "engine/tracepoint.h"
#include "base/i18n.h"
#include "base/util.h"

#define EVENT_DIR "events/sock/inet_sock_set_state/"
#define RING_PAGES 16 /* per CPU: 64 KiB, some 700 changes */
#define MAX_CPUS 256
#define PROTO_TCP 6

static const char *const tracefs_dirs[] = {"/sys/kernel/tracing/", "/sys/kernel/debug/tracing/"};

/* A field of the raw record: where it is and how wide. */
struct field {
	const char *name;
	unsigned off, size;
	int found;
};

enum { F_PID, F_SK, F_OLD, F_NEW, F_SPORT, F_DPORT, F_PROTO, F_COUNT };

struct ring {
	int fd;
	uint8_t *base; /* the control page, then the data pages */
	size_t len;
};

struct tracepoint {
	struct ring ring[MAX_CPUS];
	int nring;
	struct field f[F_COUNT];
	uint16_t port;
	uint64_t lost;
	size_t page;
	struct tp_change *buf; /* one read's changes, sorted before delivery */
	size_t nbuf, cap;
	uint8_t rec[4096]; /* a record copied out of the ring */
};

/* The tracefs folder holding our event, mounting tracefs in a private
 * mount namespace if no such folder is readable. */
static const char *find_tracefs(struct diag *d)
{
	char path[128];
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < ARRAY_LEN(tracefs_dirs); i++) {
			snprintf(path, sizeof path, "%s" EVENT_DIR "format", tracefs_dirs[i]);
			if (access(path, R_OK) == 0)
				return tracefs_dirs[i];
		}
		if (pass)
			break;
		/* never on the host: our own mount namespace, where nothing we
		 * mount propagates back */
		if (unshare(CLONE_NEWNS) < 0 ||
		    mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0 ||
		    mount("tracefs", tracefs_dirs[0], "tracefs", 0, NULL) < 0) {
			diag_errno(d, DIAG_FAIL, errno, "tracefs");
			return NULL;
		}
	}
	diag_set(d, DIAG_FAIL, "tracefs: no %s", EVENT_DIR);
	return NULL;
}

/* Read the event's id and the offsets of the fields we use from its
 * format file ("\tfield:__u16 sport;\toffset:24;\tsize:2;\tsigned:0;"). */
static int read_format(struct tracepoint *tp, const char *dir, long *id, struct diag *d)
{
	char path[160];
	size_t len;
	snprintf(path, sizeof path, "%s" EVENT_DIR "id", dir);
	char *text = read_file(path, 64, &len);
	if (!text) {
		diag_errno(d, DIAG_FAIL, errno, "%s", path);
		return -1;
	}
	*id = atol(text);
	free(text);
	snprintf(path, sizeof path, "%s" EVENT_DIR "format", dir);
	text = read_file(path, 1 << 16, &len);
	if (!text) {
		diag_errno(d, DIAG_FAIL, errno, "%s", path);
		return -1;
	}
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *decl = strstr(line, "field:"), *semi = decl ? strchr(decl, ';') : NULL;
		char *off = strstr(line, "offset:"), *size = strstr(line, "size:");
		if (!decl || !semi || !off || !size)
			continue;
		/* the name is the last word of the declaration, minus "[4]" */
		char *end = semi;
		if (end > decl && end[-1] == ']')
			while (end > decl && *end != '[')
				end--;
		char *name = end;
		while (name > decl && (name[-1] == '_' || (name[-1] >= 'a' && name[-1] <= 'z') ||
				       (name[-1] >= '0' && name[-1] <= '9')))
			name--;
		for (int i = 0; i < F_COUNT; i++)
			if ((size_t)(end - name) == strlen(tp->f[i].name) &&
			    !strncmp(name, tp->f[i].name, (size_t)(end - name))) {
				tp->f[i].off = (unsigned)atoi(off + 7);
				tp->f[i].size = (unsigned)atoi(size + 5);
				tp->f[i].found = 1;
			}
	}
	free(text);
	for (int i = 0; i < F_COUNT; i++)
		if (!tp->f[i].found || tp->f[i].size > 8) {
			diag_set(d, DIAG_FAIL, "%s: no field %s", path, tp->f[i].name);
			return -1;
		}
	return 0;
}

static int open_ring(struct tracepoint *tp, long id, int cpu, const char *filter, struct diag *d)
{
	struct perf_event_attr a;
	memset(&a, 0, sizeof a);
	a.type = PERF_TYPE_TRACEPOINT;
	a.size = sizeof a;
	a.config = (uint64_t)id;
	a.sample_period = 1;
	a.sample_type = PERF_SAMPLE_TIME | PERF_SAMPLE_RAW;
	a.use_clockid = 1;
	a.clockid = CLOCK_MONOTONIC;
	a.wakeup_events = 1;
	int fd = (int)syscall(SYS_perf_event_open, &a, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC);
	if (fd < 0) {
		if (errno == ENODEV)
			return 0; /* an offline CPU */
		diag_errno(d, DIAG_FAIL, errno, "perf_event_open(sock:inet_sock_set_state, cpu %d)",
			   cpu);
		return -1;
	}
	struct ring *r = &tp->ring[tp->nring];
	r->fd = fd;
	r->len = (1 + RING_PAGES) * tp->page;
	r->base = mmap(NULL, r->len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (r->base == MAP_FAILED) {
		diag_errno(d, DIAG_FAIL, errno, "mmap(perf ring)");
		close(fd);
		return -1;
	}
	tp->nring++;
	/* the sides forked later must not inherit a view of the system-wide
	 * ring (their descriptors are closed; the mapping would remain) */
	madvise(r->base, r->len, MADV_DONTFORK);
	/* the kernel drops other ports' changes before they reach the ring;
	 * without a filter (refused) take_sample() still checks the ports */
	ioctl(fd, PERF_EVENT_IOC_SET_FILTER, filter);
	return 0;
}

/* Root of the initial user namespace: a user namespace's root may not
 * mount tracefs nor open a system-wide tracepoint. */
static int real_root(void)
{
	size_t len;
	char *map = read_file("/proc/self/uid_map", 4096, &len);
	unsigned inside, outside, count;
	int ok = geteuid() == 0 && map && sscanf(map, "%u %u %u", &inside, &outside, &count) == 3 &&
		 inside == 0 && outside == 0 && count == 4294967295u;
	free(map);
	return ok;
}

struct tracepoint *tracepoint_open(uint16_t port, struct diag *d)
{
	static const char *const names[F_COUNT] = {"common_pid", "skaddr", "oldstate", "newstate",
						   "sport",      "dport",  "protocol"};
	if (!real_root()) {
		diag_set(d, DIAG_FAIL, "%s", _("the kernel tracepoint needs root"));
		return NULL;
	}
	const char *dir = find_tracefs(d);
	if (!dir)
		return NULL;
	struct tracepoint *tp = xcalloc(1, sizeof *tp);
	long id = 0;
	tp->port = port;
	tp->page = (size_t)sysconf(_SC_PAGESIZE);
	for (int i = 0; i < F_COUNT; i++)
		tp->f[i].name = names[i];
	if (read_format(tp, dir, &id, d) < 0) {
		free(tp);
		return NULL;
	}
	char filter[96];
	snprintf(filter, sizeof filter, "protocol == %d && (sport == %u || dport == %u)", PROTO_TCP,
		 (unsigned)port, (unsigned)port);
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);
	for (long cpu = 0; cpu < ncpu && cpu < MAX_CPUS; cpu++)
		if (open_ring(tp, id, (int)cpu, filter, d) < 0) {
			tracepoint_close(tp);
			return NULL;
		}
	if (!tp->nring) {
		diag_set(d, DIAG_FAIL, "%s", "perf_event_open: no CPU");
		tracepoint_close(tp);
		return NULL;
	}
	return tp;
}

static uint64_t field(const struct tracepoint *tp, int which, const uint8_t *raw, uint32_t len)
{
	const struct field *f = &tp->f[which];
	uint8_t b1;
	uint16_t b2;
	uint32_t b4;
	uint64_t b8;
	if (f->off + f->size > len)
		return 0;
	switch (f->size) {
	case 1:
		memcpy(&b1, raw + f->off, 1);
		return b1;
	case 2:
		memcpy(&b2, raw + f->off, 2);
		return b2;
	case 4:
		memcpy(&b4, raw + f->off, 4);
		return b4;
	case 8:
		memcpy(&b8, raw + f->off, 8);
		return b8;
	default:
		return 0;
	}
}

/* A sample: u64 time, u32 size, then the raw record. */
static void take_sample(struct tracepoint *tp, const uint8_t *p, size_t len)
{
	uint64_t t;
	uint32_t rawlen;
	if (len < sizeof(struct perf_event_header) + 12)
		return;
	p += sizeof(struct perf_event_header);
	len -= sizeof(struct perf_event_header);
	memcpy(&t, p, 8);
	memcpy(&rawlen, p + 8, 4);
	if (rawlen > len - 12)
		return;
	const uint8_t *raw = p + 12;
	struct tp_change c = {
	    .t = (int64_t)t,
	    .sk = field(tp, F_SK, raw, rawlen),
	    .pid = (int32_t)field(tp, F_PID, raw, rawlen),
	    .oldstate = (uint8_t)field(tp, F_OLD, raw, rawlen),
	    .newstate = (uint8_t)field(tp, F_NEW, raw, rawlen),
	    .sport = (uint16_t)field(tp, F_SPORT, raw, rawlen),
	    .dport = (uint16_t)field(tp, F_DPORT, raw, rawlen),
	};
	if (field(tp, F_PROTO, raw, rawlen) != PROTO_TCP ||
	    (c.sport != tp->port && c.dport != tp->port))
		return;
	xgrow(&tp->buf, &tp->cap, tp->nbuf + 1, sizeof *tp->buf);
	tp->buf[tp->nbuf++] = c;
}

static void drain(struct tracepoint *tp, struct ring *r)
{
	struct perf_event_mmap_page *m = (struct perf_event_mmap_page *)r->base;
	uint8_t *data = r->base + tp->page;
	uint64_t size = RING_PAGES * tp->page;
	uint64_t head = __atomic_load_n(&m->data_head, __ATOMIC_ACQUIRE);
	uint64_t tail = m->data_tail;
	while (tail + sizeof(struct perf_event_header) <= head) {
		struct perf_event_header h;
		for (size_t i = 0; i < sizeof h; i++)
			((uint8_t *)&h)[i] = data[(tail + i) % size];
		if (h.size < sizeof h || tail + h.size > head)
			break;
		size_t n = h.size < sizeof tp->rec ? h.size : sizeof tp->rec;
		for (size_t i = 0; i < n; i++)
			tp->rec[i] = data[(tail + i) % size];
		if (h.type == PERF_RECORD_SAMPLE) {
			take_sample(tp, tp->rec, n);
		} else if (h.type == PERF_RECORD_LOST && n >= sizeof h + 16) {
			uint64_t lost;
			memcpy(&lost, tp->rec + sizeof h + 8, 8);
			tp->lost += lost;
		}
		tail += h.size;
	}
	__atomic_store_n(&m->data_tail, tail, __ATOMIC_RELEASE);
}

static int cmp_change(const void *a, const void *b)
{
	const struct tp_change *x = a, *y = b;
	return x->t < y->t ? -1 : x->t > y->t;
}

static int64_t ns_of(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int tracepoint_read(struct tracepoint *tp, tracepoint_cb cb, void *user)
{
	tp->nbuf = 0;
	for (int i = 0; i < tp->nring; i++)
		drain(tp, &tp->ring[i]);
	if (tp->nbuf > 1)
		qsort(tp->buf, tp->nbuf, sizeof *tp->buf, cmp_change);
	/* CLOCK_MONOTONIC to CLOCK_REALTIME, as the clocks stand now */
	int64_t r0 = ns_of(CLOCK_REALTIME), m = ns_of(CLOCK_MONOTONIC), r1 = ns_of(CLOCK_REALTIME);
	int64_t offset = r0 + (r1 - r0) / 2 - m;
	for (size_t i = 0; i < tp->nbuf; i++) {
		tp->buf[i].t += offset;
		cb(user, &tp->buf[i]);
	}
	return (int)tp->nbuf;
}

uint64_t tracepoint_lost(const struct tracepoint *tp)
{
	return tp->lost;
}

void tracepoint_close(struct tracepoint *tp)
{
	if (!tp)
		return;
	for (int i = 0; i < tp->nring; i++) {
		munmap(tp->ring[i].base, tp->ring[i].len);
		close(tp->ring[i].fd);
	}
	free(tp->buf);
	free(tp);
}
