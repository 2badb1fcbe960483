/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One load of a file into a fresh memfd through the engine and the real
 * backends, shared by `heapread load` and `heapread compare`. Errors are
 * reported here, one line each, since only here is known what failed.
 */
#ifndef HEAPREAD_LOADER_H
#define HEAPREAD_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "backend_memfd.h"
#include "memfd_buf.h"
#include "uring_read.h"

struct hr_trace;

enum hr_io_mode {
	HR_IO_DIRECT,
	HR_IO_BUFFERED,
	HR_IO_AUTO,	/* buffered when the file is mostly cached, direct otherwise */
};

/*
 * Gathers read at once by the loader. Its own default, not the engine's: each
 * worker already keeps --qd io_uring requests in flight, and 2 x 4 x 4 MiB was
 * as fast as any other setting in the sweep of docs/loader.md.
 */
#define HR_LOAD_DEFAULT_WORKERS	2

struct hr_load_opts {
	enum hr_io_mode mode;
	uint64_t gather;	/* 0: the engine's default */
	uint64_t gather_min;	/* the ramp's smallest gather; 0: the engine's; UINT64_MAX: no ramp */
	unsigned int workers;	/* gathers read at once (engine queue_depth); 0: the engine's */
	unsigned int qd;	/* io_uring requests in flight per worker */
	uint64_t io_size;	/* bytes per request */
	enum hr_page_kind pages;
	bool sync;		/* allocate everything, then read (the seed's patch 1) */
	bool fixed;		/* registered buffers */
	bool progress;		/* progress bar (shown only on a terminal) */
	struct hr_trace *trace;
};

struct hr_load_result {
	uint64_t size;			/* file size */
	bool direct;			/* what was used */
	const char *mode_why;		/* why, for --auto; NULL otherwise */
	int64_t cached_before;		/* bytes of the file in the page cache before */
	int64_t cached_after;		/* ... and after the load */
	long long huge_bytes;		/* of the buffer mapped with huge pages (-errno: unknown) */
	uint64_t first_gather_ns, alloc_done_ns, io_done_ns, total_ns;
	unsigned int nr_gathers, nr_reads, nr_short_reads;
	struct hr_uring_stats io;
	struct hr_memfd mem;		/* the buffer: mem.base holds the file */
	struct hr_memfd_backend pages;	/* hands out mem's pages; pages.live after release: 0 */
	void *buf;			/* the engine's struct heapread_buffer */
};

void hr_load_opts_init(struct hr_load_opts *o);

/*
 * Open @path and check it is a loadable regular file: the fd (without
 * O_NONBLOCK), its size in *size, or -1 after printing the reason.
 */
int hr_open_regular(const char *path, uint64_t *size);

/* Load @path. 0, or an exit status (1) after printing one line. */
int hr_load_file(const char *path, const struct hr_load_opts *o, struct hr_load_result *r);
/* Free the buffer (through the same page backend) and the memfd. */
void hr_load_release(struct hr_load_result *r);

/* Allocation alone: the same memfd pages, chunk by chunk as a load takes them; ns, or -errno. */
int64_t hr_alloc_only(uint64_t size, const struct hr_load_opts *o);

#endif /* HEAPREAD_LOADER_H */
