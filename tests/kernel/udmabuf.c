// SPDX-License-Identifier: GPL-2.0
/*
 * udmabuf.c - the userspace loader's --udmabuf for real: `heapread load
 * --udmabuf --verify` (the project's loader, as built for the host, with its
 * libraries) fills a memfd, turns it into a dma-buf through /dev/udmabuf and
 * compares that dma-buf, through its own mmap and DMA_BUF_IOCTL_SYNC, with
 * the file byte by byte (and the tail past EOF with zeroes). Direct and
 * buffered reads, a page-aligned and an odd size. Needs /dev/udmabuf (6.12,
 * 7.3); the loader is /heapread in the guest.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ktest.h"

#define KT_LOADER	"/heapread"

/* Run the loader on @file; its JSON line goes to @out. The exit status, or -1. */
static int kt_run_loader(const char *file, int buffered, char *out, size_t len)
{
	char *const argv[] = {
		KT_LOADER, "load", "--udmabuf", "--verify", "--json",
		buffered ? "--buffered" : "--direct", (char *)file, NULL
	};

	return guest_run(argv, NULL, out, len);
}

void kt_udmabuf_checks(void)
{
	static const char *const files[] = { "s8m.bin", "s12345.bin" };
	char name[64], out[4096];
	unsigned int i;
	int buffered, rc;

	if (access(KT_LOADER, X_OK)) {
		kt_skip("loader-udmabuf", "no " KT_LOADER " in the guest (make check-kernel gives it)");
		return;
	}
	if (access("/dev/udmabuf", R_OK | W_OK)) {
		kt_skip("loader-udmabuf", "/dev/udmabuf: %s (no udmabuf in this kernel)",
			strerror(errno));
		return;
	}
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		for (buffered = 0; buffered <= 1; buffered++) {
			snprintf(name, sizeof(name), "loader-udmabuf-%s-%s",
				 buffered ? "buffered" : "direct", files[i]);
			rc = kt_run_loader(kt_path(files[i]), buffered, out, sizeof(out));
			out[strcspn(out, "\n")] = 0;
			if (rc)
				kt_fail(name, "exit %d: %.300s", rc, out);
			else if (!strstr(out, "\"target\":\"udmabuf\"") ||
				 !strstr(out, "\"verify\":\"ok\""))
				kt_fail(name, "not a verified udmabuf load: %.300s", out);
			else
				kt_pass(name);
		}
}
