// SPDX-License-Identifier: GPL-2.0
/*
 * libtargets.c - libheapread's dma-buf targets called directly, in the
 * booted kernel: /lib_targets (tests/lib/lib_targets, built for the host
 * with its libraries, given by make check-kernel) loads files, ranges and
 * several files below a cap into dma-bufs through HRL_TARGET_MODULE (this
 * module, loaded now) and HRL_TARGET_UDMABUF (where the kernel has
 * /dev/udmabuf), and compares them byte for byte through the library's
 * mappings and its own. Its test files go to the ext4 disk (O_DIRECT).
 * The check: exit 0, the module target really loaded (and udmabuf where
 * /dev/udmabuf exists), and no buffer of the module left afterwards.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ktest.h"

#define KT_LIBTEST	"/lib_targets"

/* Run it with its files on the disk; its output to @out. The exit status, or -1. */
static int kt_run_libtest(char *out, size_t len)
{
	char *const argv[] = { KT_LIBTEST, NULL };

	return guest_run(argv, KT_DATA, out, len);
}

/* The last line of @out that starts with @prefix, without its newline. */
static const char *kt_line(char *out, const char *prefix)
{
	char *line = NULL, *p = out;

	while ((p = strstr(p, prefix))) {
		if (p == out || p[-1] == '\n')
			line = p;
		p++;
	}
	if (line)
		line[strcspn(line, "\n")] = 0;
	return line;
}

void kt_libtargets_checks(void)
{
	const char *name = "lib-targets-module-udmabuf";
	static char out[65536];
	unsigned int udmabuf = 0, module = 0;
	int want_udmabuf, rc;
	const char *summary;

	if (access(KT_LIBTEST, X_OK)) {
		kt_skip(name, "no " KT_LIBTEST " in the guest (make check-kernel gives it)");
		return;
	}
	want_udmabuf = !access("/dev/udmabuf", R_OK | W_OK);
	rc = kt_run_libtest(out, sizeof(out));
	summary = kt_line(out, "lib_targets: udmabuf ");
	if (summary)
		sscanf(summary, "lib_targets: udmabuf %u loads, module %u loads", &udmabuf, &module);
	kt_log("%s: exit %d; %s", name, rc, summary ? summary : "no summary line");
	if (rc) {
		/* CUnit's report: the failed asserts and the files' messages. */
		kt_fail(name, "exit %d: %.1500s", rc, out);
	} else if (!module) {
		kt_fail(name, "no load through the module target: %.500s", out);
	} else if (want_udmabuf && !udmabuf) {
		kt_fail(name, "/dev/udmabuf exists but no udmabuf load ran: %.500s", out);
	} else {
		kt_pass(name);
		if (!want_udmabuf)
			kt_log("%s: no /dev/udmabuf in this kernel: the module target only", name);
	}
	if (guest_param_read("buffers") || guest_param_read("pages"))
		kt_fail("lib-targets-released", "buffers %lld, pages %lld after the library's loads",
			guest_param_read("buffers"), guest_param_read("pages"));
	else
		kt_pass("lib-targets-released");
}
