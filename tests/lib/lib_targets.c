// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * libheapread's dma-buf targets through its public API: HRL_TARGET_UDMABUF
 * (a memfd made a dma-buf by /dev/udmabuf) and HRL_TARGET_MODULE (a dma-buf
 * filled by heapread.ko through /dev/heapread). For each target this
 * machine has: a whole file, an unaligned range, several files into one
 * buffer and spread over buffers below a cap, each buffer's content read
 * between DMA_BUF_IOCTL_SYNC start and end through the library's mapping
 * (and through a mapping of our own with HRL_F_NO_MAP), compared byte for
 * byte with zeroes everywhere else; the buffer is a dma-buf of the right
 * exporter (its fdinfo's exp_name), O_CLOEXEC, and once the result is freed
 * no fd of it is left open. A target this machine lacks is skipped with its
 * reason (exit 77 when both are missing, as on most build hosts):
 * make check-kernel runs this program in the booted guests, where the
 * module is loaded and 6.12 and 7.3 have /dev/udmabuf.
 *
 * HEAPREAD_TEST_DIR: where the test files go (the guest gives its ext4).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/dma-buf.h>

#include <CUnit/Basic.h>

#include "libheapread.h"
#include "testutil.h"

#define KIB	1024ULL
#define MIB	(1024 * KIB)

static bool direct_ok;
static unsigned int cases_run[HRL_TARGET_MODULE + 1];

static void opts_for(struct hrl_opts *o, enum hrl_target t)
{
	hrl_opts_init(o);
	o->target = t;
	o->io = direct_ok ? HRL_IO_DIRECT : HRL_IO_BUFFERED;
	o->gather = 256 * KIB;	/* several batches even for small files */
}

/* The exporter's name of dma-buf @fd (its fdinfo's exp_name), or "". */
static const char *exporter_of(int fd, char *name, size_t len)
{
	char path[64], line[256];
	FILE *f;

	name[0] = 0;
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	if (!f)
		return name;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "exp_name: %63s", name) == 1)
			break;
	fclose(f);
	(void)len;
	return name;
}

static const char *const exporter_name[] = {
	[HRL_TARGET_UDMABUF] = "udmabuf",
	[HRL_TARGET_MODULE] = "heapread",
};

static int dma_sync(int fd, unsigned long long flags)
{
	struct dma_buf_sync s = { .flags = flags };

	return ioctl(fd, DMA_BUF_IOCTL_SYNC, &s);
}

/* Buffer @b of @r: segment k's bytes at its placement, zeroes elsewhere. */
static bool buffer_holds(const struct hrl_result *r, unsigned int b, const uint8_t *base,
			 const struct hrl_segment *segs)
{
	uint64_t pos = 0;

	for (unsigned int k = 0; k <= r->nr_segments; k++) {
		const struct hrl_placement *p = k < r->nr_segments ? &r->placements[k] : NULL;
		uint64_t end = p ? p->offset : r->buffers[b].len;

		if (p && p->buffer != b)
			continue;
		for (; pos < end; pos++)
			if (base[pos]) {
				fprintf(stderr, "buffer %u byte %llu: 0x%02x, want 0\n", b,
					(unsigned long long)pos, base[pos]);
				return false;
			}
		if (!p)
			return true;
		if (p->offset % 4096) {
			fprintf(stderr, "segment %u at %llu: not page aligned\n", k,
				(unsigned long long)p->offset);
			return false;
		}
		for (uint64_t i = 0; i < p->length; i++, pos++)
			if (base[pos] != test_pattern_byte(segs[k].offset + i)) {
				fprintf(stderr, "segment %u byte %llu: 0x%02x, want 0x%02x\n", k,
					(unsigned long long)i, base[pos],
					test_pattern_byte(segs[k].offset + i));
				return false;
			}
	}
	return true;
}

/*
 * Every buffer of @r is a dma-buf of target @t's exporter, O_CLOEXEC, and
 * holds the segments; read between SYNC start and end, through the
 * library's mapping or (HRL_F_NO_MAP) a mapping of our own.
 */
static bool result_ok(const struct hrl_result *r, enum hrl_target t,
		      const struct hrl_segment *segs)
{
	bool ok = r->target == t;

	for (unsigned int b = 0; ok && b < r->nr_buffers; b++) {
		const struct hrl_buffer *buf = &r->buffers[b];
		const uint8_t *base = buf->addr;
		char exp[64];

		exporter_of(buf->fd, exp, sizeof(exp));
		if (buf->target != t || strcmp(exp, exporter_name[t]) ||
		    !(fcntl(buf->fd, F_GETFD) & FD_CLOEXEC) || buf->len % 4096 ||
		    buf->size > buf->len) {
			fprintf(stderr, "buffer %u: target %d, exporter '%s', cloexec %d, size %llu len %llu\n",
				b, buf->target, exp, fcntl(buf->fd, F_GETFD) & FD_CLOEXEC,
				(unsigned long long)buf->size, (unsigned long long)buf->len);
			return false;
		}
		if (!base) {
			base = mmap(NULL, buf->len, PROT_READ, MAP_SHARED, buf->fd, 0);
			if (base == MAP_FAILED) {
				perror("mmap of the dma-buf");
				return false;
			}
		}
		if (dma_sync(buf->fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ)) {
			perror("DMA_BUF_IOCTL_SYNC start");
			ok = false;
		}
		ok = ok && buffer_holds(r, b, base, segs);
		dma_sync(buf->fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
		if (!buf->addr)
			munmap((void *)base, buf->len);
	}
	return ok;
}

/* Load @segs to @t with @o; check it all and that freeing closes every fd. */
static void load_and_check(enum hrl_target t, const struct hrl_segment *segs, unsigned int nr,
			   const struct hrl_opts *o, unsigned int want_buffers)
{
	struct hrl_result *r = NULL;
	struct hrl_error e = { 0 };
	int fds = test_count_fds();

	if (hrl_load(segs, nr, o, &r, &e)) {
		fprintf(stderr, "%s: %s\n", hrl_target_name(t), e.message);
		CU_FAIL("load failed");
		return;
	}
	CU_ASSERT_EQUAL(r->nr_segments, nr);
	CU_ASSERT_EQUAL(r->nr_buffers, want_buffers);
	for (unsigned int k = 0; k < nr; k++) {
		const struct hrl_placement *p = &r->placements[k];

		if (segs[k].length)
			CU_ASSERT_EQUAL(p->length, segs[k].length);
		CU_ASSERT(p->buffer < r->nr_buffers);
		CU_ASSERT(p->offset + p->length <= r->buffers[p->buffer].size);
		if (o->max_buffer_size)
			CU_ASSERT(r->buffers[p->buffer].len <= o->max_buffer_size);
	}
	CU_ASSERT(result_ok(r, t, segs));
	hrl_result_free(r);
	CU_ASSERT_EQUAL(test_count_fds(), fds);
	cases_run[t]++;
}

static void whole_file(enum hrl_target t)
{
	uint64_t size = MIB + 12345;	/* a ragged tail: zeroes up to the page */
	char *path = test_make_file("libt-whole.bin", size);
	struct hrl_segment seg = { .path = path };
	struct hrl_result *r = NULL;
	struct hrl_opts o;

	opts_for(&o, t);
	load_and_check(t, &seg, 1, &o, 1);
	/* Under a cap it fits exactly (the module: by its segment ioctl, with max_len). */
	o.max_buffer_size = (size + 4095) & ~4095ULL;
	load_and_check(t, &seg, 1, &o, 1);
	o.max_buffer_size = 0;
	/* The resolved length, without an fstat of our own. */
	CU_ASSERT_EQUAL_FATAL(hrl_load_file(path, &o, &r, NULL), 0);
	CU_ASSERT_EQUAL(r->placements[0].length, size);
	CU_ASSERT_EQUAL(r->buffers[0].size, size);
	CU_ASSERT_EQUAL(r->buffers[0].len, (size + 4095) & ~4095ULL);
	hrl_result_free(r);
	test_remove_file(path);
}

static void unaligned_range(enum hrl_target t)
{
	char *path = test_make_file("libt-range.bin", 3 * MIB + 1);
	struct hrl_segment seg = { .path = path, .offset = 1000, .length = 300 * KIB + 7 };
	struct hrl_opts o;

	opts_for(&o, t);
	load_and_check(t, &seg, 1, &o, 1);
	/* Up to the end of the file from an odd offset. */
	seg = (struct hrl_segment) { .path = path, .offset = 2 * MIB + 4097 };
	load_and_check(t, &seg, 1, &o, 1);
	test_remove_file(path);
}

static void files_and_cap(enum hrl_target t)
{
	static const uint64_t sizes[] = { 4097, 777, MIB + 1 };
	enum { NR = sizeof(sizes) / sizeof(sizes[0]) };
	struct hrl_segment segs[NR + 1];
	char *paths[NR];
	struct hrl_opts o;

	for (unsigned int i = 0; i < NR; i++) {
		char name[32];

		snprintf(name, sizeof(name), "libt-shard-%u.bin", i);
		paths[i] = test_make_file(name, sizes[i]);
		segs[i] = (struct hrl_segment) { .path = paths[i] };
	}
	segs[NR] = (struct hrl_segment) { .path = paths[NR - 1], .offset = 5, .length = 70000 };
	opts_for(&o, t);
	load_and_check(t, segs, NR + 1, &o, 1);
	/*
	 * Below a cap of 1 MiB + 16 KiB: the first three (2 + 1 + 257 pages)
	 * fill one buffer exactly, the range (18 pages) goes alone.
	 */
	o.max_buffer_size = MIB + 16 * KIB;
	load_and_check(t, segs, NR + 1, &o, 2);
	/* Unmapped: the caller maps the dma-buf itself. */
	o.max_buffer_size = 0;
	o.flags |= HRL_F_NO_MAP;
	load_and_check(t, segs, NR + 1, &o, 1);
	for (unsigned int i = 0; i < NR; i++)
		test_remove_file(paths[i]);
}

static void udmabuf_whole_file_holds_file(void)
{
	whole_file(HRL_TARGET_UDMABUF);
}

static void udmabuf_unaligned_range_holds_range(void)
{
	unaligned_range(HRL_TARGET_UDMABUF);
}

static void udmabuf_files_below_a_cap_hold_files(void)
{
	files_and_cap(HRL_TARGET_UDMABUF);
}

static void module_whole_file_holds_file(void)
{
	whole_file(HRL_TARGET_MODULE);
}

static void module_unaligned_range_holds_range(void)
{
	unaligned_range(HRL_TARGET_MODULE);
}

static void module_files_below_a_cap_hold_files(void)
{
	files_and_cap(HRL_TARGET_MODULE);
}

/* The module loaded: it is the best target. */
static void module_is_the_best_target(void)
{
	char *path = test_make_file("libt-best.bin", 5000);
	struct hrl_result *r = NULL;
	struct hrl_opts o;

	opts_for(&o, HRL_TARGET_BEST);
	CU_ASSERT_EQUAL_FATAL(hrl_load_file(path, &o, &r, NULL), 0);
	CU_ASSERT_EQUAL(r->target, HRL_TARGET_MODULE);
	hrl_result_free(r);
	test_remove_file(path);
}

/* Why @t cannot be tested here, or NULL. */
static const char *missing(enum hrl_target t, char *why, size_t len)
{
	struct hrl_error e = { 0 };

	if (!hrl_target_available(t, NULL, &e))
		return NULL;
	snprintf(why, len, "%s", e.message);
	return why;
}

int main(void)
{
	char why_u[300], why_m[300];
	const char *why, *no_u, *no_m;
	CU_pSuite s;
	int ret;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return TEST_EXIT_ERROR;
	direct_ok = test_dir_supports_direct(&why);
	if (!direct_ok)
		printf("lib_targets: O_DIRECT not available in %s (%s): buffered loads only\n",
		       test_dir(), why);
	no_u = missing(HRL_TARGET_UDMABUF, why_u, sizeof(why_u));
	no_m = missing(HRL_TARGET_MODULE, why_m, sizeof(why_m));
	s = test_add_suite("lib_targets");
	test_add_case(s, udmabuf_whole_file_holds_file, no_u);
	test_add_case(s, udmabuf_unaligned_range_holds_range, no_u);
	test_add_case(s, udmabuf_files_below_a_cap_hold_files, no_u);
	test_add_case(s, module_whole_file_holds_file, no_m);
	test_add_case(s, module_unaligned_range_holds_range, no_m);
	test_add_case(s, module_files_below_a_cap_hold_files, no_m);
	test_add_case(s, module_is_the_best_target, no_m);
	ret = test_run_cunit();
	/* The guest's check reads this line: which targets were really loaded. */
	printf("lib_targets: udmabuf %u loads, module %u loads\n", cases_run[HRL_TARGET_UDMABUF],
	       cases_run[HRL_TARGET_MODULE]);
	return ret;
}
