// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - heapread_ktest: the heapread module's test in a booted kernel
 *
 *   heapread_ktest gen DIR      write the test files into DIR (host side)
 *   heapread_ktest run          run every check in the guest, then report
 *                               the verdict through isa-debug-exit
 *   heapread_ktest verdict-fail report a failure (for /init, when "run"
 *                               died before its verdict)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "ktest.h"

/*
 * dma_heap=0: no /dev/dma_heap/heapread yet. Where it would be a real heap
 * the module could never be unloaded again, and the rmmod checks need that;
 * kt_node_checks() loads the module with its defaults at the end.
 */
static void kt_insmod_checks(void)
{
	int ret = kt_module_load("dma_heap=0");

	if (ret) {
		kt_fail("insmod", "finit_module " KT_MODULE ": %s", strerror(-ret));
		return;
	}
	kt_pass("insmod");
	if (access(KT_DEV, R_OK))
		kt_fail("device-node", KT_DEV ": %s", strerror(errno));
	else
		kt_pass("device-node");
}

static int kt_expect_busy(const char *name)
{
	int ret = kt_module_unload();

	if (!ret) {
		kt_fail(name, "rmmod succeeded while a dma-buf lives");
		return -1;
	}
	if (ret != -EAGAIN && ret != -EBUSY) {
		kt_fail(name, "rmmod: %s, want EAGAIN or EBUSY", strerror(-ret));
		return -1;
	}
	kt_pass(name);
	return 0;
}

void kt_rmmod_checks(void)
{
	int heap = kt_heap_open(), fd, buf, ret;
	void *map;

	fd = open(kt_path("s12345.bin"), O_RDONLY | O_CLOEXEC);
	if (heap < 0 || fd < 0 || kt_load(heap, fd, &buf)) {
		kt_fail("rmmod", "cannot load a buffer: %s", strerror(errno));
		return;
	}
	close(fd);
	close(heap);
	if (kt_expect_busy("rmmod-refused-while-dma-buf-fd-open"))
		return;
	map = mmap(NULL, 16384, PROT_READ, MAP_SHARED, buf, 0);
	close(buf);
	if (map == MAP_FAILED) {
		kt_fail("rmmod", "mmap: %s", strerror(errno));
		return;
	}
	if (kt_expect_busy("rmmod-refused-while-dma-buf-mapped"))
		return;
	munmap(map, 16384);
	if (guest_param_read("pages") || guest_param_read("buffers"))
		kt_fail("no-buffer-left", "pages=%lld buffers=%lld",
			guest_param_read("pages"), guest_param_read("buffers"));
	else
		kt_pass("no-buffer-left");
	ret = kt_module_unload();
	if (ret)
		kt_fail("rmmod-after-release", "rmmod: %s", strerror(-ret));
	else if (!access(KT_DEV, F_OK))
		kt_fail("rmmod-after-release", KT_DEV " still exists");
	else
		kt_pass("rmmod-after-release");
}

static int kt_run(void)
{
	struct timespec t0, t1;
	int hits;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (kt_klog_open())
		kt_fail("klog", "/dev/kmsg: %s", strerror(errno));
	kt_insmod_checks();
	if (kt_failed())
		goto out;
	kt_param_checks();
	kt_content_checks();
	kt_segments_checks();
	kt_alloc_checks();
	kt_import_checks();
	kt_udmabuf_checks();
	kt_libtargets_checks();
	kt_exporter_checks();
	kt_concurrent_checks();
	kt_error_checks();
	kt_kill_checks();
	kt_ram_bound_checks();
	kt_memcg_checks();
	kt_rmmod_checks();
	kt_node_checks();
	kt_segments_node_checks();
out:
	hits = kt_klog_scan("final");
	if (!hits && !kt_failed())
		kt_pass("klog-clean");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	kt_log("checks took %.2f s",
	       (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	kt_summary();
	return kt_failed();
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "gen"))
		return kt_generate(argv[2]);
	if (argc == 2 && !strcmp(argv[1], "run")) {
		int failed = kt_run();

		kt_verdict(failed);
		return failed ? 1 : 0;
	}
	if (argc == 2 && !strcmp(argv[1], "verdict-fail")) {
		kt_verdict(1);
		return 1;
	}
	fprintf(stderr, "usage: %s gen DIR | run | verdict-fail\n", argv[0]);
	return 2;
}
