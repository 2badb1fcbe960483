/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * libheapread: load files, byte ranges of files, or several of them, into one
 * buffer (or several) that a device can share: a memfd, a dma-buf made from
 * it by udmabuf, or a dma-buf filled by the heapread kernel module. The
 * allocation of the buffer overlaps the reads, which are direct (O_DIRECT)
 * where the file system takes them.
 *
 *	struct hrl_opts o;
 *	struct hrl_result *r;
 *	struct hrl_error e;
 *
 *	hrl_opts_init(&o);
 *	if (hrl_load_file("model.bin", &o, &r, &e) < 0)
 *		fprintf(stderr, "%s\n", e.message);
 *	... r->buffers[0].addr holds the file, r->buffers[0].fd shares it ...
 *	hrl_result_free(r);
 *
 * The library keeps no global state: loads may run in several threads at
 * once, and hrl_cancel() stops one from another thread. Every function
 * returns 0 (or a count) on success and a negative errno on failure, and
 * fills the caller's struct hrl_error with a one-line message. man 3
 * libheapread describes it all.
 */
#ifndef LIBHEAPREAD_H
#define LIBHEAPREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Where the content goes. */
enum hrl_target {
	HRL_TARGET_BEST = 0,	/* the module if loaded, else udmabuf if present, else memfd */
	HRL_TARGET_MEMFD,	/* a memfd (sealable, mapped) */
	HRL_TARGET_UDMABUF,	/* a memfd turned into a dma-buf by /dev/udmabuf */
	HRL_TARGET_MODULE,	/* a dma-buf filled in the kernel by heapread.ko */
};

/** How the files are read. */
enum hrl_io_mode {
	HRL_IO_DIRECT = 0,	/* O_DIRECT (the default); unaligned pieces another way */
	HRL_IO_BUFFERED,	/* through the page cache (RWF_DONTCACHE where the kernel has it) */
	HRL_IO_AUTO,		/* buffered if the files are mostly cached or O_DIRECT is refused */
};

/** The pages of a memfd or udmabuf buffer. */
enum hrl_pages {
	HRL_PAGES_4K = 0,	/* ordinary shmem pages */
	HRL_PAGES_THP,		/* shmem transparent huge pages */
	HRL_PAGES_HUGETLB,	/* 2 MiB pages from the hugetlb pool */
};

/**
 * struct hrl_segment - a byte range of a file
 * @path: the file; NULL to use @fd
 * @fd: an open file, used when @path is NULL; it stays the caller's and its
 *      flags and position are not changed (the library opens its own
 *      description of the file through /proc/self/fd)
 * @offset: first byte
 * @length: bytes; 0 means "up to the end of the file"
 */
struct hrl_segment {
	const char *path;
	int fd;
	uint64_t offset;
	uint64_t length;
};

/* Flags of struct hrl_opts. */
#define HRL_F_SYNC		(1u << 0)	/* allocate everything first, then read */
#define HRL_F_REGISTERED_BUFS	(1u << 1)	/* io_uring registered buffers */
#define HRL_F_NO_MAP		(1u << 2)	/* leave dma-bufs unmapped (addr NULL) */

/*
 * Called as the bytes come in, from one of the library's reading threads
 * (never two calls at once, never after hrl_load() returned); @done grows up
 * to @total. A nonzero return cancels the load (-ECANCELED).
 */
typedef int (*hrl_progress_fn)(uint64_t done, uint64_t total, void *arg);

struct hrl_cancel;

/**
 * struct hrl_opts - how to load; hrl_opts_init() sets the defaults
 * @target: where the content goes
 * @io: direct, buffered or auto
 * @pages: the kind of pages of a memfd or udmabuf buffer
 * @gather: the largest batch handed to a reader; 0: 128 MiB
 * @gather_min: the step in which the allocation is handed to the readers,
 *              who read what is ready up to @gather at once; 0: 8 MiB;
 *              UINT64_MAX: steps of @gather
 * @workers: batches read at once; 0: 2
 * @queue_depth: io_uring requests in flight per batch; 0: 4
 * @request_size: bytes per io_uring request; 0: 4 MiB
 * @max_buffer_size: 0: one buffer for all segments; otherwise the segments
 *                   are spread, in order, over buffers of at most this many
 *                   bytes, each segment whole in one buffer (a GPU driver's
 *                   per-allocation cap); with HRL_TARGET_MODULE the module
 *                   checks it again in its own layout (E2BIG)
 * @flags: HRL_F_*
 * @progress: optional progress callback, with @progress_arg
 * @progress_arg: its argument
 * @cancel: optional; hrl_cancel() on it from any thread stops the load
 * @module_node: the module's node; NULL: found as `heapread load --module`
 *               finds it
 * @trace_path: optional: write every allocation and read as a Chrome trace
 *              (ui.perfetto.dev) to this file when the load ends
 * @reserved: zero
 */
struct hrl_opts {
	enum hrl_target target;
	enum hrl_io_mode io;
	enum hrl_pages pages;
	uint64_t gather;
	uint64_t gather_min;
	unsigned int workers;
	unsigned int queue_depth;
	uint64_t request_size;
	uint64_t max_buffer_size;
	unsigned int flags;
	hrl_progress_fn progress;
	void *progress_arg;
	struct hrl_cancel *cancel;
	const char *module_node;
	const char *trace_path;
	uint64_t reserved[8];
};

/**
 * struct hrl_buffer - one buffer of a load
 * @fd: the memfd or the dma-buf; O_CLOEXEC. It is the caller's: set it to -1
 *      to keep it open past hrl_result_free()
 * @addr: the buffer mapped read-write (MAP_SHARED), @len bytes; NULL with
 *        HRL_F_NO_MAP for a dma-buf. CPU access to a dma-buf goes between
 *        DMA_BUF_IOCTL_SYNC start and end
 * @size: bytes up to the end of the last segment's content
 * @len: bytes of the buffer (@size rounded up to its pages); all bytes that
 *       no segment covers are zero
 * @target: what it is (never HRL_TARGET_BEST)
 */
struct hrl_buffer {
	int fd;
	void *addr;
	uint64_t size;
	uint64_t len;
	enum hrl_target target;
};

/**
 * struct hrl_placement - where a segment landed
 * @buffer: index into hrl_result.buffers
 * @offset: where its first byte is in that buffer (a multiple of 4096)
 * @length: bytes of content (the resolved length of a length-0 segment),
 *          so no caller needs an fstat() that races with the file
 */
struct hrl_placement {
	unsigned int buffer;
	uint64_t offset;
	uint64_t length;
};

/**
 * struct hrl_stats - where the time went (what `heapread load` prints)
 * @first_gather_ns: until the first batch was handed to a reader
 * @alloc_done_ns: until the last page was allocated
 * @io_done_ns: until the last read finished
 * @total_ns: the whole load, opening the files included
 * @gathers: batches read
 * @reads: engine read calls; @short_reads of them stopped short
 * @short_reads: see @reads
 * @requests: io_uring requests; @short_requests of them came back short
 * @short_requests: see @requests
 * @bytes: bytes of content loaded
 * @cached_before: bytes of the ranges in the page cache before (-errno: unknown)
 * @cached_after: and after the load
 * @huge_bytes: bytes mapped with huge pages (-errno: unknown)
 * @direct: O_DIRECT was used
 * @dontcache: buffered reads used RWF_DONTCACHE
 * @registered_bufs: io_uring registered buffers were used
 * @mode_why: with HRL_IO_AUTO, why this mode (static string); else NULL
 */
struct hrl_stats {
	uint64_t first_gather_ns;
	uint64_t alloc_done_ns;
	uint64_t io_done_ns;
	uint64_t total_ns;
	unsigned int gathers;
	unsigned int reads;
	unsigned int short_reads;
	uint64_t requests;
	uint64_t short_requests;
	uint64_t bytes;
	int64_t cached_before;
	int64_t cached_after;
	int64_t huge_bytes;
	bool direct;
	bool dontcache;
	bool registered_bufs;
	const char *mode_why;
};

/**
 * struct hrl_result - what a load made; free with hrl_result_free()
 * @target: where the content went
 * @nr_buffers: entries of @buffers
 * @buffers: the buffers
 * @nr_segments: entries of @placements (the number of segments asked for)
 * @placements: one per segment, in the order given
 * @stats: timings and counts
 */
struct hrl_result {
	enum hrl_target target;
	unsigned int nr_buffers;
	struct hrl_buffer *buffers;
	unsigned int nr_segments;
	struct hrl_placement *placements;
	struct hrl_stats stats;
};

/**
 * struct hrl_error - why a call failed
 * @code: the negative errno the call returned
 * @message: one line, without a newline, naming the file or step
 */
struct hrl_error {
	int code;
	char message[256];
};

/* Most segments one load takes. */
#define HRL_MAX_SEGMENTS	1024

void hrl_opts_init(struct hrl_opts *o);

int hrl_load(const struct hrl_segment *segs, unsigned int nr_segs,
	     const struct hrl_opts *o, struct hrl_result **result,
	     struct hrl_error *err);
int hrl_load_file(const char *path, const struct hrl_opts *o,
		  struct hrl_result **result, struct hrl_error *err);
int hrl_load_range(const char *path, uint64_t offset, uint64_t length,
		   const struct hrl_opts *o, struct hrl_result **result,
		   struct hrl_error *err);
void hrl_result_free(struct hrl_result *result);

struct hrl_cancel *hrl_cancel_new(void);
void hrl_cancel(struct hrl_cancel *c);
void hrl_cancel_free(struct hrl_cancel *c);

int hrl_target_available(enum hrl_target target, const char *module_node,
			 struct hrl_error *err);
const char *hrl_target_name(enum hrl_target target);
const char *hrl_version(void);

#ifdef __cplusplus
}
#endif

#endif /* LIBHEAPREAD_H */
