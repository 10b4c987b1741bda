/* SPDX-License-Identifier: MIT */
/*
 * test-progress.c - a progress file saved before curriculum v2 (issue 10)
 * renumbered lessons 8 to 11 still loads: the old identifiers are mapped
 * to the new ones, the others are kept as they are.  TAP output.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tap.h"
#include "tui/tui_progress.h"

static const struct progress_item *find(const struct progress *p, const char *id)
{
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->it[i].id, id))
			return &p->it[i];
	return NULL;
}

int main(void)
{
	char path[] = "/tmp/llprogressXXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		tap_bail("mkstemp");
	static const char old[] = "current 11-unread-data 2\n"
				  "seen 11-unread-data 3\n"
				  "done 08-what-close-proves\n"
				  "seen 09-half-close 4\n"
				  "done 10-app-ack\n"
				  "done 06-abortive\n";
	if (write(fd, old, sizeof old - 1) != (ssize_t)(sizeof old - 1))
		tap_bail("write");
	close(fd);
	struct progress p;
	tap_ok(progress_load(&p, path) == 0, "an old progress file loads");
	tap_ok(!strcmp(p.current, "08-unread-data") && p.page == 2,
	       "the lesson being read, 11-unread-data, is now 08-unread-data (%s, page %d)",
	       p.current, p.page);
	const struct progress_item *it = find(&p, "08-unread-data");
	tap_ok(it && it->seen == 3, "its pages seen are kept");
	it = find(&p, "09-what-close-proves");
	tap_ok(it && it->done, "08-what-close-proves, done, is now 09-what-close-proves");
	it = find(&p, "10-half-close");
	tap_ok(it && it->seen == 4, "09-half-close is now 10-half-close");
	it = find(&p, "11-app-ack");
	tap_ok(it && it->done, "10-app-ack is now 11-app-ack");
	it = find(&p, "06-abortive");
	tap_ok(it && it->done, "a lesson that kept its number keeps its progress");
	tap_ok(!find(&p, "11-unread-data") && !find(&p, "08-what-close-proves"),
	       "no old identifier is left");

	/* Format 2: the work of a lesson is saved and read back. */
	progress_set_work(&p, "13-summary", strdup("a 3 0 1\nx 3 e 0 0 5\n"));
	tap_ok(progress_save(&p, path) == 0, "version 2 saves");
	progress_free(&p);
	struct progress q;
	tap_ok(progress_load(&q, path) == 0, "and loads");
	it = find(&q, "13-summary");
	tap_ok(it && it->work && !strcmp(it->work, "a 3 0 1\nx 3 e 0 0 5\n"),
	       "a lesson's work comes back line for line");
	tap_ok(find(&q, "06-abortive") && find(&q, "06-abortive")->done, "done marks are kept");
	progress_free(&q);

	/* A damaged file is set aside, not deleted, not loaded. */
	FILE *f = fopen(path, "w");
	if (!f || fputs("lingerlab-progress 2\nnonsense here\n", f) < 0 || fclose(f))
		tap_bail("write");
	char bad[4300];
	tap_ok(progress_load_bad(&q, path, bad, sizeof bad) == -2 && q.n == 0,
	       "a line of no known kind: damaged, nothing loaded");
	tap_ok(access(path, F_OK) != 0 && access(bad, F_OK) == 0, "the damaged file is kept as %s",
	       bad);
	unlink(bad);
	return tap_done();
}
