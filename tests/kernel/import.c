// SPDX-License-Identifier: GPL-2.0
/*
 * import.c - a real importer: vgem imports the dma-buf through PRIME
 * (attach, then map_dma_buf for its device); while it is attached and
 * mapped, CPU access with DMA_BUF_IOCTL_SYNC (which syncs the mapped
 * attachments) still sees the file's content; GEM_CLOSE releases it
 * (unmap_dma_buf, detach, release). vgem cannot mmap imported objects, so
 * the content is read through the exporter's own mmap.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ktest.h"

/* The DRM uapi definitions used besides ktest.h's (libdrm-dev need not be installed). */
struct kt_drm_version {
	int version_major;
	int version_minor;
	int version_patchlevel;
	size_t name_len;
	char *name;
	size_t date_len;
	char *date;
	size_t desc_len;
	char *desc;
};

#define KT_DRM_IOCTL_VERSION		_IOWR('d', 0x00, struct kt_drm_version)

int kt_vgem_open(void)
{
	char path[32], drv[16];
	int i;

	for (i = 0; i < 8; i++) {
		struct kt_drm_version v = {
			.name_len = sizeof(drv) - 1,
			.name = drv,
		};
		int card;

		snprintf(path, sizeof(path), "/dev/dri/card%d", i);
		card = open(path, O_RDWR | O_CLOEXEC);
		if (card < 0)
			continue;
		memset(drv, 0, sizeof(drv));
		if (!ioctl(card, KT_DRM_IOCTL_VERSION, &v) && !strcmp(drv, "vgem"))
			return card;
		close(card);
	}
	errno = ENODEV;
	return -1;
}

void kt_import_checks(void)
{
	const char *name = "import-vgem-attach-map-sync";
	const struct kt_file *f = kt_file("s8m.bin");
	struct kt_drm_prime_handle prime = { 0 };
	struct kt_drm_gem_close gem_close = { 0 };
	int heap, fd, buf = -1, card;

	card = kt_vgem_open();
	if (card < 0) {
		kt_skip(name, "no vgem device (drm, drm_shmem_helper, vgem modules)");
		return;
	}
	heap = kt_heap_open();
	fd = open(kt_path(f->name), O_RDONLY | O_CLOEXEC);
	if (heap < 0 || fd < 0 || kt_load(heap, fd, &buf)) {
		kt_fail(name, "load: %s", strerror(errno));
		goto out;
	}
	prime.fd = buf;
	if (ioctl(card, KT_DRM_IOCTL_PRIME_FD_TO_HANDLE, &prime)) {
		kt_fail(name, "PRIME_FD_TO_HANDLE: %s", strerror(errno));
		goto out;
	}
	if (!kt_check_dmabuf(name, buf, f->size, NULL))
		kt_pass(name);
	/* The importer holds the dma-buf now, even without our fd. */
	close(buf);
	buf = -1;
	if (guest_param_read("buffers") != 1)
		kt_fail("import-vgem-holds-buffer", "%lld buffers live",
			guest_param_read("buffers"));
	else
		kt_pass("import-vgem-holds-buffer");
	gem_close.handle = prime.handle;
	if (ioctl(card, KT_DRM_IOCTL_GEM_CLOSE, &gem_close))
		kt_fail("import-vgem-release", "GEM_CLOSE: %s", strerror(errno));
	else if (guest_param_read("buffers"))
		kt_fail("import-vgem-release", "%lld buffers live after GEM_CLOSE",
			guest_param_read("buffers"));
	else
		kt_pass("import-vgem-release");
out:
	if (buf >= 0)
		close(buf);
	if (fd >= 0)
		close(fd);
	if (heap >= 0)
		close(heap);
	close(card);
}
