/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kdebug.h - heapread_kdebug, the guest program of make check-kernel-debug
 *
 * Runs as the debug kernel's /init payload: the module's guest suite (the
 * separate program heapread_ktest), the in-tree system heap's
 * DMA_HEAP_ALLOC_AND_READ_FILE tests and the kernel's dmabuf-heap selftest,
 * and the fault sweeps (failslab, fail_page_alloc); after each step the
 * kernel log must be clean. One PASS/FAIL/SKIP line per check on the console
 * and on /dev/ttyS1; the verdict through isa-debug-exit.
 */
#ifndef KDEBUG_H
#define KDEBUG_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "heapread_uapi.h"

#define KD_HEAP		"/dev/dma_heap/system"
#define KD_DATA		"/mnt"			/* ext4 on virtio-blk */
#define KD_PAGE		4096UL
#define KD_GATHER_PARAM	"/sys/module/system_heap/parameters/read_gather_limit"
#define KD_CGROUP	"/sys/fs/cgroup/kdebug"
#define KD_DEBUGFS	"/sys/kernel/debug"

/* The files this program adds to the test disk; content: lib/sys/pattern.h. */
struct kd_file {
	const char *name;
	size_t size;
};

extern const struct kd_file kd_files[];
const struct kd_file *kd_file(const char *name);
char *kd_path(const char *name);

/* kdebug_main.c: reporting, the kernel log, small /proc and /sys helpers. */
void kd_pass(const char *name, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void kd_fail(const char *name, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void kd_skip(const char *name, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void kd_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kd_klog_check(const char *step);
int kd_write(const char *path, const char *value);
int kd_writef(const char *path, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
long long kd_read_ll(const char *path);
long long kd_memcg_usage(void);
double kd_now(void);
int kd_kmemleak_check(const char *step);

/* kdebug_heap.c: the in-tree heap. */
int kd_heap_open(void);
int kd_load(int heap, int file_fd, int *dmabuf);
int kd_verify(int dmabuf, size_t size);
void kd_heap_checks(void);
void kd_kill_checks(void);

/* kdebug_fault.c: the fault sweeps. */
void kd_fault_checks(unsigned long long seed);
extern unsigned long kd_failed_on_purpose;

#endif /* KDEBUG_H */
