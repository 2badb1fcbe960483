/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ktest.h - the heapread module's test in a booted kernel (shared parts)
 *
 * The static program heapread_ktest runs as part of the guest's /init: it
 * loads heapread.ko, runs every check, prints one PASS/FAIL/SKIP line per
 * check and reports the verdict through qemu's isa-debug-exit port. On the
 * host, "heapread_ktest gen DIR" writes the test files.
 */
#ifndef KTEST_H
#define KTEST_H

#include <stddef.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/types.h>

#include "guest.h"
#include "heapread_uapi.h"

#define KT_DEV		"/dev/heapread"
#define KT_MODULE	"/heapread.ko"
#define KT_DATA		"/mnt"		/* ext4 on virtio-blk */
#define KT_PAGE		4096UL

/* One test file: name under KT_DATA and size; the content is hr_pattern_byte(). */
struct kt_file {
	const char *name;
	size_t size;
};

extern const struct kt_file kt_files[];

/* pattern.c */
size_t kt_compare(const uint8_t *p, size_t size, size_t from, size_t len);
int kt_generate(const char *dir);
const struct kt_file *kt_file(const char *name);
char *kt_path(const char *name);

/* report.c: one line per check; the verdict. */
void kt_pass(const char *name);
void kt_fail(const char *name, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void kt_skip(const char *name, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void kt_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kt_failed(void);
void kt_summary(void);
void kt_verdict(int failed);

/* klog.c: the kernel log between checks. */
int kt_klog_open(void);
int kt_klog_scan(const char *after);

/* sys.c: module parameters and helpers. */
int kt_heap_open(void);
int kt_alloc(int heap, struct dma_heap_allocation_data *data);
int kt_load(int heap, int file_fd, int *dmabuf_fd);
long long kt_meminfo(const char *field);
int kt_module_load(const char *params);
int kt_module_unload(void);

/* content.c */
long kt_resident(int fd, size_t size);
int kt_check_dmabuf(const char *name, int buf, size_t size, const char *path);

/* import.c, exporter.c: the importers the guest has (-1 when absent). */
int kt_vgem_open(void);
int kt_vivid_open(void);

/* The vgem PRIME ioctls (libdrm-dev need not be installed). */
struct kt_drm_prime_handle {
	uint32_t handle;
	uint32_t flags;
	int32_t fd;
};

struct kt_drm_gem_close {
	uint32_t handle;
	uint32_t pad;
};

#define KT_DRM_IOCTL_GEM_CLOSE		_IOW('d', 0x09, struct kt_drm_gem_close)
#define KT_DRM_IOCTL_PRIME_FD_TO_HANDLE	_IOWR('d', 0x2e, struct kt_drm_prime_handle)

/* The groups of checks. */
void kt_content_checks(void);
void kt_alloc_checks(void);
void kt_error_checks(void);
void kt_param_checks(void);
void kt_kill_checks(void);
void kt_ram_bound_checks(void);
void kt_memcg_checks(void);
void kt_rmmod_checks(void);
void kt_import_checks(void);
void kt_node_checks(void);
void kt_segments_checks(void);
void kt_segments_node_checks(void);
void kt_selftest_checks(void);
void kt_udmabuf_checks(void);
void kt_libtargets_checks(void);
void kt_exporter_checks(void);
void kt_concurrent_checks(void);

#endif /* KTEST_H */
