// SPDX-License-Identifier: GPL-2.0
/*
 * concurrent.c - the exporter's state under concurrent users of one dma-buf.
 * The attachment's "mapped" flag and the vmap count are written under the
 * buffer's lock that begin/end_cpu_access hold while they walk them; the
 * module counts both (parameters "mapped" and "vmaps", changed under that
 * lock with the state). Threads at once, on one 8 MiB buffer loaded from a
 * file, for KT_RACE_SECONDS:
 *   - two threads of DMA_BUF_IOCTL_SYNC start/end (begin/end_cpu_access,
 *     which sync every mapped attachment and the vmap),
 *   - mmap, sync, compare sampled pages with the file, munmap,
 *   - vgem PRIME import and GEM_CLOSE (attach, map_dma_buf, unmap, detach),
 *   - vivid REQBUFS/QBUF/REQBUFS 0 with the dma-buf (vb2-vmalloc's vmap and
 *     vunmap),
 *   - a monitor reading both counters, which may never leave [0, 1].
 * Before: one import (on kernels whose vgem maps at import) and one vmap
 * are counted as 1 each, and 0 after their release. After: every thread did work without an error, the counters are
 * 0, and once the fd is closed no buffer or page is left (the rmmod checks
 * that follow unload the module).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include <linux/dma-buf.h>
#include <linux/videodev2.h>

#include "ktest.h"

#define KT_RACE_SECONDS	3

struct kt_race {
	int buf;
	const struct kt_file *f;
	int card;		/* vgem, or -1 */
	int video;		/* vivid, or -1 */
	atomic_int stop;
	atomic_int failed;
	char why[256];
	pthread_mutex_t why_lock;
};

struct kt_racer {
	const char *what;
	int (*step)(struct kt_race *r);	/* one round; 0 or -1 (with r->why) */
	struct kt_race *race;
	long rounds;
	pthread_t thread;
};

static void kt_race_fail(struct kt_race *r, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&r->why_lock);
	if (!atomic_exchange(&r->failed, 1)) {
		va_start(ap, fmt);
		vsnprintf(r->why, sizeof(r->why), fmt, ap);
		va_end(ap);
	}
	pthread_mutex_unlock(&r->why_lock);
}

static int kt_sync(int buf, unsigned long long flags)
{
	struct dma_buf_sync s = { .flags = flags };

	return ioctl(buf, DMA_BUF_IOCTL_SYNC, &s);
}

static int kt_step_sync(struct kt_race *r)
{
	if (kt_sync(r->buf, DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW) ||
	    kt_sync(r->buf, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW)) {
		kt_race_fail(r, "DMA_BUF_IOCTL_SYNC: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static int kt_step_mmap(struct kt_race *r)
{
	size_t size = r->f->size, off;
	static atomic_uint round;
	const uint8_t *map = mmap(NULL, size, PROT_READ, MAP_SHARED, r->buf, 0);
	int ret = 0;

	if (map == MAP_FAILED) {
		kt_race_fail(r, "mmap: %s", strerror(errno));
		return -1;
	}
	kt_sync(r->buf, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
	/* A few pages, a different stride each round of the file's 8 MiB. */
	for (off = (size_t)(atomic_fetch_add(&round, 1) % 64) * KT_PAGE; off < size; off += 97 * KT_PAGE)
		if (kt_compare(map + off, size, off, KT_PAGE) != KT_PAGE) {
			kt_race_fail(r, "mmap: the page at %zu differs from the file", off);
			ret = -1;
			break;
		}
	kt_sync(r->buf, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
	munmap((void *)map, size);
	return ret;
}

static int kt_step_import(struct kt_race *r)
{
	struct kt_drm_prime_handle prime = { .fd = r->buf };
	struct kt_drm_gem_close gem_close = { 0 };

	if (ioctl(r->card, KT_DRM_IOCTL_PRIME_FD_TO_HANDLE, &prime)) {
		kt_race_fail(r, "vgem PRIME_FD_TO_HANDLE: %s", strerror(errno));
		return -1;
	}
	gem_close.handle = prime.handle;
	if (ioctl(r->card, KT_DRM_IOCTL_GEM_CLOSE, &gem_close)) {
		kt_race_fail(r, "vgem GEM_CLOSE: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* vb2-vmalloc vmaps a dma-buf when it is queued, vunmaps it when freed. */
static int kt_vivid_queue(struct kt_race *r)
{
	struct v4l2_requestbuffers req = {
		.count = 1, .type = V4L2_BUF_TYPE_VIDEO_CAPTURE, .memory = V4L2_MEMORY_DMABUF,
	};
	struct v4l2_buffer vb = {
		.index = 0, .type = V4L2_BUF_TYPE_VIDEO_CAPTURE, .memory = V4L2_MEMORY_DMABUF,
		.m.fd = r->buf, .length = r->f->size,
	};

	if (ioctl(r->video, VIDIOC_REQBUFS, &req) || !req.count) {
		kt_race_fail(r, "vivid REQBUFS: %s", strerror(errno));
		return -1;
	}
	if (ioctl(r->video, VIDIOC_QBUF, &vb)) {
		kt_race_fail(r, "vivid QBUF: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static int kt_vivid_free(struct kt_race *r)
{
	struct v4l2_requestbuffers req = {
		.count = 0, .type = V4L2_BUF_TYPE_VIDEO_CAPTURE, .memory = V4L2_MEMORY_DMABUF,
	};

	if (ioctl(r->video, VIDIOC_REQBUFS, &req)) {
		kt_race_fail(r, "vivid REQBUFS 0: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static int kt_step_vmap(struct kt_race *r)
{
	int ret = kt_vivid_queue(r);

	/* Free the buffers even after a failed QBUF. */
	return kt_vivid_free(r) || ret ? -1 : 0;
}

/* No more than one buffer, one attachment: each counter stays in [0, 1]. */
static int kt_step_monitor(struct kt_race *r)
{
	long long vmaps = guest_param_read("vmaps"), mapped = guest_param_read("mapped");

	if (vmaps < 0 || vmaps > 1 || mapped < 0 || mapped > 1) {
		kt_race_fail(r, "counters out of range: vmaps %lld, mapped %lld", vmaps, mapped);
		return -1;
	}
	return 0;
}

static void *kt_racer_run(void *arg)
{
	struct kt_racer *t = arg;

	while (!atomic_load(&t->race->stop) && !atomic_load(&t->race->failed)) {
		if (t->step(t->race))
			break;
		t->rounds++;
	}
	return NULL;
}

/*
 * Does vgem map an imported dma-buf at import (PRIME_FD_TO_HANDLE)? On 6.1
 * and 6.12 it does (drm_gem_prime_import_dev() maps the attachment); 7.3's
 * vgem imports without mapping (the shmem helper maps on first use, which
 * vgem never makes of an import), as its guest run showed: 1 before 7.0.
 */
static int kt_vgem_maps(void)
{
	struct utsname u;
	unsigned int major = 0;

	if (uname(&u) || sscanf(u.release, "%u.", &major) != 1)
		return 1;
	return major < 7;
}

/* One import and one vmap are counted, each as one, and uncounted on release. */
static int kt_counted_once(const char *name, struct kt_race *r)
{
	struct kt_drm_prime_handle prime = { .fd = r->buf };
	struct kt_drm_gem_close gem_close = { 0 };
	long long before, during;

	if (r->card >= 0) {
		before = guest_param_read("mapped");
		if (ioctl(r->card, KT_DRM_IOCTL_PRIME_FD_TO_HANDLE, &prime)) {
			kt_fail(name, "vgem import: %s", strerror(errno));
			return -1;
		}
		during = guest_param_read("mapped");
		kt_step_sync(r);
		gem_close.handle = prime.handle;
		ioctl(r->card, KT_DRM_IOCTL_GEM_CLOSE, &gem_close);
		if (before != 0 || during != kt_vgem_maps() || guest_param_read("mapped") != 0) {
			kt_fail(name, "mapped %lld before a vgem import, %lld during (want %d), %lld after",
				before, during, kt_vgem_maps(), guest_param_read("mapped"));
			return -1;
		}
		if (!during)
			kt_log("%s: this kernel's vgem imports without mapping: map_dma_buf is not run, the import attaches only",
			       name);
	}
	if (r->video >= 0) {
		before = guest_param_read("vmaps");
		if (kt_vivid_queue(r)) {
			kt_vivid_free(r);
			kt_fail(name, "%s", r->why);
			return -1;
		}
		during = guest_param_read("vmaps");
		kt_step_sync(r);
		kt_vivid_free(r);
		if (before != 0 || during != 1 || guest_param_read("vmaps") != 0) {
			kt_fail(name, "vmaps %lld before a vivid QBUF, %lld during, %lld after",
				before, during, guest_param_read("vmaps"));
			return -1;
		}
	}
	if (atomic_load(&r->failed)) {
		kt_fail(name, "%s", r->why);
		return -1;
	}
	kt_pass(name);
	return 0;
}

static void kt_race(struct kt_race *r)
{
	struct kt_racer t[] = {
		{ .what = "sync", .step = kt_step_sync, .race = r },
		{ .what = "sync", .step = kt_step_sync, .race = r },
		{ .what = "mmap", .step = kt_step_mmap, .race = r },
		{ .what = "monitor", .step = kt_step_monitor, .race = r },
		{ .what = "vgem import", .step = r->card >= 0 ? kt_step_import : NULL, .race = r },
		{ .what = "vivid vmap", .step = r->video >= 0 ? kt_step_vmap : NULL, .race = r },
	};
	const size_t n = sizeof(t) / sizeof(t[0]);
	const char *name = "exporter-concurrent-sync-map-vmap";
	char rounds[256] = "";
	size_t i, len = 0;
	int idle = 0;

	for (i = 0; i < n; i++) {
		if (t[i].step && pthread_create(&t[i].thread, NULL, kt_racer_run, &t[i])) {
			kt_race_fail(r, "pthread_create: %s", strerror(errno));
			t[i].step = NULL;
		}
	}
	sleep(KT_RACE_SECONDS);
	atomic_store(&r->stop, 1);
	for (i = 0; i < n; i++) {
		if (!t[i].step)
			continue;
		pthread_join(t[i].thread, NULL);
		len += snprintf(rounds + len, sizeof(rounds) - len, "%s%s %ld", i ? ", " : "",
				t[i].what, t[i].rounds);
		idle += !t[i].rounds;
	}
	kt_log("%s: rounds in %d s: %s", name, KT_RACE_SECONDS, rounds);
	if (atomic_load(&r->failed))
		kt_fail(name, "%s", r->why);
	else if (idle)
		kt_fail(name, "a thread did no round (%s)", rounds);
	else if (guest_param_read("vmaps") || guest_param_read("mapped"))
		kt_fail(name, "vmaps %lld, mapped %lld once every user is gone",
			guest_param_read("vmaps"), guest_param_read("mapped"));
	else
		kt_pass(name);
}

void kt_concurrent_checks(void)
{
	struct kt_race r = { .buf = -1, .card = -1, .video = -1 };
	int heap, fd;

	r.f = kt_file("s8m.bin");
	pthread_mutex_init(&r.why_lock, NULL);
	if (guest_param_read("vmaps") < 0 || guest_param_read("mapped") < 0) {
		kt_fail("exporter-counted-once", "no vmaps or mapped parameter: %s",
			strerror(errno));
		return;
	}
	r.card = kt_vgem_open();
	r.video = kt_vivid_open();
	if (r.card < 0 || r.video < 0)
		kt_log("exporter-concurrent: without %s%s%s", r.card < 0 ? "vgem" : "",
		       r.card < 0 && r.video < 0 ? " and " : "", r.video < 0 ? "vivid" : "");
	heap = kt_heap_open();
	fd = open(kt_path(r.f->name), O_RDONLY | O_CLOEXEC);
	if (heap < 0 || fd < 0 || kt_load(heap, fd, &r.buf)) {
		kt_fail("exporter-counted-once", "load: %s", strerror(errno));
		goto out;
	}
	if (!kt_counted_once("exporter-counted-once", &r))
		kt_race(&r);
	close(r.buf);
	if (guest_param_read("buffers") || guest_param_read("pages"))
		kt_fail("exporter-concurrent-released", "buffers %lld, pages %lld after close",
			guest_param_read("buffers"), guest_param_read("pages"));
	else
		kt_pass("exporter-concurrent-released");
out:
	if (fd >= 0)
		close(fd);
	if (heap >= 0)
		close(heap);
	if (r.card >= 0)
		close(r.card);
	if (r.video >= 0)
		close(r.video);
}
