// SPDX-License-Identifier: GPL-2.0
/*
 * selftest.c - the kernel's own dmabuf-heap selftest
 * (tools/testing/selftests/dmabuf-heaps/dmabuf-heap.c of the kernel's Debian
 * linux-source, built static on the host as /dmabuf-heap) run with heapread
 * loaded: it tests every entry of /dev/dma_heap (allocation and vgem import,
 * zeroed buffers, older and newer struct sizes, invalid flags, no fd leaked
 * on EFAULT). One PASS/FAIL line per heap, from its TAP output; heapread's
 * node must be among them.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ktest.h"

#define KT_SELFTEST	"/dmabuf-heap"
#define KT_MAX_HEAPS	16

struct kt_heap_result {
	char name[64];
	int ok, not_ok, skipped;
	char first_failure[160];
};

/* Parse one TAP line of the selftest into the current heap's counts. */
static void kt_selftest_line(const char *line, struct kt_heap_result *heaps, int *n)
{
	struct kt_heap_result *h = *n ? &heaps[*n - 1] : NULL;
	const char *p;

	p = strstr(line, "# Testing heap: ");
	if (p == line && *n < KT_MAX_HEAPS) {
		h = &heaps[(*n)++];
		memset(h, 0, sizeof(*h));
		snprintf(h->name, sizeof(h->name), "%.*s", (int)strcspn(p + 16, "\n"), p + 16);
		return;
	}
	if (!h)
		return;
	if (!strncmp(line, "not ok ", 7)) {
		if (!h->not_ok++)
			snprintf(h->first_failure, sizeof(h->first_failure), "%.*s",
				 (int)strcspn(line, "\n"), line);
	} else if (!strncmp(line, "ok ", 3)) {
		if (strstr(line, "# SKIP"))
			h->skipped++;
		else
			h->ok++;
	}
}

void kt_selftest_checks(void)
{
	struct kt_heap_result heaps[KT_MAX_HEAPS];
	int n = 0, i, status, fds[2], seen = 0, bad = 0;
	char line[512];
	FILE *out;
	pid_t pid;

	if (access(KT_SELFTEST, X_OK)) {
		kt_skip("dmabuf-heap-selftest", "not built for this kernel (no dma-heaps there)");
		return;
	}
	if (pipe(fds)) {
		kt_fail("dmabuf-heap-selftest", "pipe: %s", strerror(errno));
		return;
	}
	pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[0]);
		execl(KT_SELFTEST, KT_SELFTEST, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	out = fdopen(fds[0], "r");
	while (out && fgets(line, sizeof(line), out)) {
		fputs(line, stdout);	/* the console log keeps its whole output */
		kt_selftest_line(line, heaps, &n);
	}
	if (out)
		fclose(out);
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		kt_fail("dmabuf-heap-selftest", "fork/wait: %s", strerror(errno));
		return;
	}
	for (i = 0; i < n; i++) {
		char name[96];

		snprintf(name, sizeof(name), "dmabuf-heap-selftest-%.63s", heaps[i].name);
		seen |= !strcmp(heaps[i].name, "heapread");
		bad |= heaps[i].not_ok || heaps[i].skipped || !heaps[i].ok;
		if (heaps[i].not_ok)
			kt_fail(name, "%d of %d failed, first: %s", heaps[i].not_ok,
				heaps[i].ok + heaps[i].not_ok + heaps[i].skipped,
				heaps[i].first_failure);
		else if (heaps[i].skipped)
			kt_fail(name, "%d skipped (vgem missing?), %d passed",
				heaps[i].skipped, heaps[i].ok);
		else if (!heaps[i].ok)
			kt_fail(name, "no result");
		else
			kt_pass(name);
	}
	if (!seen)
		kt_fail("dmabuf-heap-selftest-saw-heapread", "%d heaps tested, heapread not among them", n);
	/* Its exit status must agree with its lines when they all passed. */
	if (!WIFEXITED(status) || (!bad && WEXITSTATUS(status)))
		kt_fail("dmabuf-heap-selftest-exit", "wait status 0x%x", status);
}
