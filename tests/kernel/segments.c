// SPDX-License-Identifier: GPL-2.0
/*
 * segments.c - HEAPREAD_IOCTL_LOAD_SEGMENTS in the booted kernel: byte
 * ranges of several files into one dma-buf, content byte by byte at awkward
 * offsets (direct reads included, an unaligned one leaving no page cache),
 * each bad segment's errno with nothing allocated; and, once the module is
 * loaded with its defaults (kt_node_checks()), no such ioctl on
 * /dev/dma_heap/heapread, heapread's misc node or the dma-heap core's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/dma-buf.h>

#include "ktest.h"

/* heapread's own node, the one that takes the segment ioctl. */
static const char *kt_own_node(void)
{
	return KT_DEV;
}

struct kt_seg {
	const char *file;
	size_t offset, length;	/* length 0: to the end */
	int direct;
};

static int kt_segments_ioctl(int node, struct heapread_segment_data *sd, unsigned int nr,
			     struct heapread_load_segments *req)
{
	*req = (struct heapread_load_segments) {
		.segments = (uintptr_t)sd,
		.nr_segments = nr,
		.fd_flags = O_RDWR | O_CLOEXEC,
	};
	return ioctl(node, HEAPREAD_IOCTL_LOAD_SEGMENTS, req) ? -errno : 0;
}

/* Every segment holds its range, every other byte is zero. */
static int kt_check_segments(const char *name, int buf, const struct kt_seg *segs,
			     const struct heapread_segment_data *sd, unsigned int nr,
			     size_t size)
{
	size_t len = (size + KT_PAGE - 1) / KT_PAGE * KT_PAGE, pos = 0;
	struct dma_buf_sync sync = { DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ };
	uint8_t *map;
	int ret = -1;

	if (lseek(buf, 0, SEEK_END) != (off_t)len) {
		kt_fail(name, "dma-buf size %lld, want %zu", (long long)lseek(buf, 0, SEEK_END), len);
		return -1;
	}
	map = mmap(NULL, len, PROT_READ, MAP_SHARED, buf, 0);
	if (map == MAP_FAILED) {
		kt_fail(name, "mmap: %s", strerror(errno));
		return -1;
	}
	ioctl(buf, DMA_BUF_IOCTL_SYNC, &sync);
	for (unsigned int k = 0; k < nr; k++) {
		size_t fsize = kt_file(segs[k].file)->size, i;

		if (sd[k].buf_offset % KT_PAGE || sd[k].buf_offset < pos) {
			kt_fail(name, "segment %u at %llu", k, (unsigned long long)sd[k].buf_offset);
			goto out;
		}
		for (i = pos; i < sd[k].buf_offset; i++)
			if (map[i]) {
				kt_fail(name, "byte %zu before segment %u is 0x%02x", i, k, map[i]);
				goto out;
			}
		i = kt_compare(map + sd[k].buf_offset, fsize, segs[k].offset, sd[k].length);
		if (i != sd[k].length) {
			kt_fail(name, "segment %u (%s from %zu) differs at its byte %zu", k,
				segs[k].file, segs[k].offset, i);
			goto out;
		}
		pos = sd[k].buf_offset + sd[k].length;
	}
	for (; pos < len; pos++)
		if (map[pos]) {
			kt_fail(name, "byte %zu past the last segment is 0x%02x", pos, map[pos]);
			goto out;
		}
	ret = 0;
out:
	sync.flags = DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ;
	ioctl(buf, DMA_BUF_IOCTL_SYNC, &sync);
	munmap(map, len);
	return ret;
}

/* Load @segs; check placements and content; returns 0 when right. */
static int kt_segments_case(const char *name, int node, const struct kt_seg *segs,
			    unsigned int nr)
{
	struct heapread_segment_data sd[8];
	struct heapread_load_segments req;
	size_t want_size = 0;
	int fds[8], ret = -1, err;
	unsigned int k;

	for (k = 0; k < nr; k++) {
		fds[k] = open(kt_path(segs[k].file),
			      O_RDONLY | O_CLOEXEC | (segs[k].direct ? O_DIRECT : 0));
		sd[k] = (struct heapread_segment_data) {
			.fd = fds[k], .offset = segs[k].offset, .length = segs[k].length,
		};
	}
	err = kt_segments_ioctl(node, sd, nr, &req);
	if (err) {
		kt_fail(name, "HEAPREAD_IOCTL_LOAD_SEGMENTS: %s", strerror(-err));
		goto out;
	}
	for (k = 0; k < nr; k++) {
		size_t want = segs[k].length ? segs[k].length :
			      kt_file(segs[k].file)->size - segs[k].offset;

		if (sd[k].length != want) {
			kt_fail(name, "segment %u: length %llu, want %zu", k,
				(unsigned long long)sd[k].length, want);
			close(req.fd);
			goto out;
		}
		want_size = sd[k].buf_offset + want;
	}
	if (req.size != want_size)
		kt_fail(name, "size %llu, want %zu", (unsigned long long)req.size, want_size);
	else if (!(fcntl(req.fd, F_GETFD) & FD_CLOEXEC))
		kt_fail(name, "the dma-buf fd is not close-on-exec");
	else if (!kt_check_segments(name, req.fd, segs, sd, nr, req.size))
		ret = 0;
	close(req.fd);
out:
	for (k = 0; k < nr; k++)
		close(fds[k]);
	return ret;
}

static void kt_segments_content(int node)
{
	static const struct kt_seg files[] = {
		{ "s12345.bin", 0, 0, 1 },
		{ "gathers.bin", 4097, 1 << 20, 1 },
		{ "s4095.bin", 1, 0, 0 },
		{ "gathers.bin", 0, 0, 1 },
		{ "s1.bin", 0, 0, 1 },
		{ "s8m.bin", 511, 3 * 4096 + 1, 1 },
	};
	static const size_t offsets[] = { 0, 1, 511, 4095, 4096, 4097, (1 << 20) - 1 };
	char name[64];
	int bad = 0;

	if (!kt_segments_case("segments-several-files", node, files, 6))
		kt_pass("segments-several-files");
	/* One range of a file at awkward offsets, direct and buffered. */
	for (int direct = 0; direct < 2; direct++)
		for (size_t i = 0; i < sizeof(offsets) / sizeof(offsets[0]); i++) {
			struct kt_seg one = { "gathers.bin", offsets[i], 70001, direct };

			snprintf(name, sizeof(name), "segments-range-%zu-%s", offsets[i],
				 direct ? "direct" : "buffered");
			bad |= kt_segments_case(name, node, &one, 1);
		}
	if (!bad)
		kt_pass("segments-ranges");
}

/* A direct load of an unaligned range leaves none of the file in the page cache. */
static void kt_segments_no_cache(int node)
{
	const struct kt_seg one = { "s8m.bin", 4097, 2 << 20, 1 };
	int fd = open(kt_path(one.file), O_RDONLY | O_CLOEXEC);
	long before, after;

	if (fd < 0 || guest_drop_caches()) {
		kt_skip("segments-unaligned-direct-no-cache", "cannot drop the page cache");
		if (fd >= 0)
			close(fd);
		return;
	}
	before = kt_resident(fd, kt_file(one.file)->size);
	if (kt_segments_case("segments-unaligned-direct-no-cache", node, &one, 1))
		goto out;
	after = kt_resident(fd, kt_file(one.file)->size);
	if (after > before)
		kt_fail("segments-unaligned-direct-no-cache", "%ld pages cached after, %ld before",
			after, before);
	else
		kt_pass("segments-unaligned-direct-no-cache");
out:
	close(fd);
}

static void kt_expect_errno(const char *name, int node, struct heapread_segment_data *sd,
			    unsigned int nr, void (*tweak)(struct heapread_load_segments *),
			    int want, int *bad)
{
	struct heapread_load_segments req = {
		.segments = (uintptr_t)sd, .nr_segments = nr, .fd_flags = O_RDWR | O_CLOEXEC,
	};
	long long pages = guest_param_read("pages");
	int err;

	if (tweak)
		tweak(&req);
	err = ioctl(node, HEAPREAD_IOCTL_LOAD_SEGMENTS, &req) ? -errno : 0;
	if (err != want) {
		kt_fail("segments-errors", "%s: %s, want %s", name, strerror(-err), strerror(-want));
		*bad = 1;
	} else if (guest_param_read("pages") != pages) {
		kt_fail("segments-errors", "%s: pages %lld -> %lld", name, pages,
			guest_param_read("pages"));
		*bad = 1;
	}
	if (!err)
		close(req.fd);
}

static void kt_reserved(struct heapread_load_segments *req)
{
	req->reserved[2] = 1;
}

static void kt_fd_set(struct heapread_load_segments *req)
{
	req->fd = 3;
}

static void kt_segments_errors(int node)
{
	struct heapread_segment_data *many = calloc(HEAPREAD_MAX_SEGMENTS + 1, sizeof(*many));
	int fd = open(kt_path("s12345.bin"), O_RDONLY | O_CLOEXEC);
	int empty = open(kt_path("empty.bin"), O_RDONLY | O_CLOEXEC);
	struct heapread_segment_data sd;
	int bad = 0;

	if (!many || fd < 0 || empty < 0) {
		kt_fail("segments-errors", "setup: %s", strerror(errno));
		goto out;
	}
	kt_expect_errno("no segment", node, &sd, 0, NULL, -EINVAL, &bad);
	for (unsigned int i = 0; i <= HEAPREAD_MAX_SEGMENTS; i++)
		many[i] = (struct heapread_segment_data) { .fd = fd };
	kt_expect_errno("too many", node, many, HEAPREAD_MAX_SEGMENTS + 1, NULL, -E2BIG, &bad);
	sd = (struct heapread_segment_data) { .fd = fd };
	kt_expect_errno("reserved", node, &sd, 1, kt_reserved, -EINVAL, &bad);
	kt_expect_errno("fd not 0", node, &sd, 1, kt_fd_set, -EINVAL, &bad);
	sd = (struct heapread_segment_data) { .fd = 999 };
	kt_expect_errno("bad fd", node, &sd, 1, NULL, -EBADF, &bad);
	sd = (struct heapread_segment_data) { .fd = empty };
	kt_expect_errno("empty file", node, &sd, 1, NULL, -ENODATA, &bad);
	sd = (struct heapread_segment_data) { .fd = fd, .offset = 12345 };
	kt_expect_errno("offset at the end", node, &sd, 1, NULL, -ENXIO, &bad);
	sd = (struct heapread_segment_data) { .fd = fd, .offset = 12000, .length = 346 };
	kt_expect_errno("length past the end", node, &sd, 1, NULL, -ERANGE, &bad);
	sd = (struct heapread_segment_data) { .fd = fd, .flags = 1 };
	kt_expect_errno("segment flags", node, &sd, 1, NULL, -EINVAL, &bad);
	if (!bad)
		kt_pass("segments-errors");
out:
	free(many);
	if (fd >= 0)
		close(fd);
	if (empty >= 0)
		close(empty);
}

/* One load of @sd with max_len @cap: 0 or -errno; the dma-buf is closed. */
static int kt_capped(int node, struct heapread_segment_data *sd, unsigned int nr, uint64_t cap,
		     uint64_t *size)
{
	struct heapread_load_segments req = {
		.segments = (uintptr_t)sd, .nr_segments = nr, .fd_flags = O_RDWR | O_CLOEXEC,
		.max_len = cap,
	};

	if (ioctl(node, HEAPREAD_IOCTL_LOAD_SEGMENTS, &req))
		return -errno;
	*size = req.size;
	close(req.fd);
	return 0;
}

/*
 * max_len, a caller's cap on the dma-buf: s12345.bin whole (4 pages) and
 * 5000 bytes of it (2 pages) need 6 pages. Exactly that loads; a byte less
 * (only whole pages count: 5 pages) and one page are E2BIG with no page
 * allocated; below a page is EINVAL; a length of 0 is resolved before the
 * check (8 MiB of s8m.bin: 8 MiB fits, 8 MiB - 4096 does not).
 */
static void kt_segments_cap(int node)
{
	const char *name = "segments-max-len";
	static const struct {
		const char *what;
		int big;		/* s8m.bin alone, else the two ranges */
		uint64_t cap;
		int want;
	} cases[] = {
		{ "exactly 6 pages", 0, 6 * KT_PAGE, 0 },
		{ "6 pages and 4095 bytes", 0, 7 * KT_PAGE - 1, 0 },
		{ "a byte under 6 pages", 0, 6 * KT_PAGE - 1, -E2BIG },
		{ "one page", 0, KT_PAGE, -E2BIG },
		{ "below a page", 0, KT_PAGE - 1, -EINVAL },
		{ "no cap", 0, 0, 0 },
		{ "UINT64_MAX", 0, UINT64_MAX, 0 },
		{ "length 0, 8 MiB", 1, 8 << 20, 0 },
		{ "length 0, 8 MiB - 4096", 1, (8 << 20) - KT_PAGE, -E2BIG },
	};
	int fd = open(kt_path("s12345.bin"), O_RDONLY | O_CLOEXEC);
	int big = open(kt_path("s8m.bin"), O_RDONLY | O_CLOEXEC);
	int bad = 0;

	if (fd < 0 || big < 0) {
		kt_fail(name, "open: %s", strerror(errno));
		goto out;
	}
	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct heapread_segment_data sd[2] = {
			{ .fd = cases[i].big ? big : fd },
			{ .fd = fd, .offset = 1000, .length = 5000 },
		};
		long long pages = guest_param_read("pages");
		uint64_t size = 0;
		int err = kt_capped(node, sd, cases[i].big ? 1 : 2, cases[i].cap, &size);

		if (err != cases[i].want) {
			kt_fail(name, "%s: %s, want %s", cases[i].what, strerror(-err),
				strerror(-cases[i].want));
			bad = 1;
		} else if (!err && size != (cases[i].big ? 8u << 20 : 4 * KT_PAGE + 5000)) {
			kt_fail(name, "%s: size %llu", cases[i].what, (unsigned long long)size);
			bad = 1;
		} else if (guest_param_read("pages") != pages) {
			kt_fail(name, "%s: pages %lld -> %lld", cases[i].what, pages,
				guest_param_read("pages"));
			bad = 1;
		}
	}
	if (!bad)
		kt_pass(name);
out:
	if (fd >= 0)
		close(fd);
	if (big >= 0)
		close(big);
}

/*
 * The dma-heap node keeps the dma-heap ABI: the segment ioctl is refused
 * there (ENOTTY from heapread's misc node, EINVAL from the dma-heap core,
 * which reads the command as its own ALLOC and finds fd set).
 */
void kt_segments_node_checks(void)
{
	const char *heap_node = "/dev/dma_heap/heapread";
	struct heapread_segment_data sd = { .fd = 0 };
	struct heapread_load_segments req = {
		.segments = (uintptr_t)&sd, .nr_segments = 1, .fd_flags = O_RDWR | O_CLOEXEC,
	};
	int heap, loaded = 0, ret;

	/* kt_node_checks() unloads a module it could unload: load it with its defaults. */
	if (access(KT_DEV, F_OK)) {
		ret = kt_module_load("");
		if (ret) {
			kt_fail("segments-not-on-dma-heap-node", "insmod: %s", strerror(-ret));
			return;
		}
		loaded = 1;
	}
	heap = open(heap_node, O_RDONLY | O_CLOEXEC);
	if (heap < 0) {
		kt_skip("segments-not-on-dma-heap-node", "%s: %s", heap_node, strerror(errno));
		goto out;
	}
	if (ioctl(heap, HEAPREAD_IOCTL_LOAD_SEGMENTS, &req) == 0) {
		kt_fail("segments-not-on-dma-heap-node", "the ioctl worked on %s", heap_node);
		close(req.fd);
	} else if (errno != ENOTTY && errno != EINVAL) {
		kt_fail("segments-not-on-dma-heap-node", "got %s, want ENOTTY or EINVAL",
			strerror(errno));
	} else {
		kt_pass("segments-not-on-dma-heap-node");
	}
	close(heap);
out:
	if (loaded && (ret = kt_module_unload()))
		kt_fail("segments-not-on-dma-heap-node", "rmmod: %s", strerror(-ret));
}

void kt_segments_checks(void)
{
	const char *path = kt_own_node();
	int node = open(path, O_RDONLY | O_CLOEXEC);

	if (node < 0) {
		kt_fail("segments-open", "%s: %s", path, strerror(errno));
		return;
	}
	kt_segments_content(node);
	kt_segments_no_cache(node);
	kt_segments_errors(node);
	kt_segments_cap(node);
	close(node);
	if (kt_klog_scan("segments"))
		kt_fail("segments-klog", "the kernel log has warnings");
}
