// SPDX-License-Identifier: GPL-2.0
/*
 * klog.c - scan the kernel log written since the last scan for splats
 *
 * Reads /dev/kmsg records without blocking. Bare "panic" is not a pattern:
 * the kernel command line itself contains "panic=-1".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ktest.h"

static int kmsg = -1;

static const char *const kt_splats[] = {
	"BUG:",			/* also "watchdog: BUG: soft lockup" */
	"WARNING:",
	"Oops",
	"Call Trace",
	"soft lockup",
	"hung task",
	"blocked for more than",	/* the hung task detector's words */
	"kernel BUG at",
	"general protection fault",
	"Kernel panic",
	"UBSAN:",
	"list_add corruption",
	"list_del corruption",
	"Bad page",
	NULL,
};

/* Open /dev/kmsg at its end: only what comes later is scanned. */
int kt_klog_open(void)
{
	kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (kmsg < 0)
		return -errno;
	lseek(kmsg, 0, SEEK_END);
	return 0;
}

/*
 * Check the records since the last call; every record with a splat is
 * printed. Returns the number of such records and fails a check named
 * "klog-after-@after" when there are any.
 */
int kt_klog_scan(const char *after)
{
	char rec[8192];
	char name[128];
	int hits = 0;

	if (kmsg < 0)
		return 0;
	for (;;) {
		ssize_t n = read(kmsg, rec, sizeof(rec) - 1);
		const char *msg;

		if (n < 0) {
			if (errno == EPIPE)	/* overwritten records */
				continue;
			break;		/* EAGAIN: nothing more */
		}
		rec[n] = 0;
		msg = strchr(rec, ';');
		msg = msg ? msg + 1 : rec;
		for (int i = 0; kt_splats[i]; i++) {
			if (strstr(msg, kt_splats[i])) {
				hits++;
				kt_log("kernel log: %.*s", (int)strcspn(msg, "\n"), msg);
				break;
			}
		}
	}
	if (hits) {
		snprintf(name, sizeof(name), "klog-after-%s", after);
		kt_fail(name, "%d kernel log records with BUG/WARNING/Oops/...",
			hits);
	}
	return hits;
}
